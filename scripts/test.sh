#!/usr/bin/env bash
# Runs every test: native tests, lints, the wasm build of the engine, browser component tests,
# the release static build and the end-to-end tests against it. Sets up first if needed.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$PODFLOW_ROOT"

./scripts/setup.sh

timings=()
step() {
  local name="$1"
  shift
  printf '\n==> %s\n' "$name"
  local start=$SECONDS
  "$@"
  timings+=("$(printf '%5ds  %s' $((SECONDS - start)) "$name")")
}

# The engine must stay free of web crates (architecture.md: it is a pure library).
engine_has_no_web_crates() {
  local web
  web="$(cargo tree --locked -p podflow-engine -e normal --target wasm32-unknown-unknown --prefix none |
    grep -E '^(leptos|web-sys|js-sys|wasm-bindgen|gloo)' || true)"
  if [ -n "$web" ]; then
    echo "podflow-engine depends on web crates:" >&2
    echo "$web" >&2
    return 1
  fi
}

browser_component_tests() {
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --locked -p podflow --target wasm32-unknown-unknown --test web
}

step "cargo test" cargo test --locked --workspace
step "clippy" cargo clippy --locked --workspace --all-targets -- -D warnings
step "rustfmt" cargo fmt --all --check
step "engine builds for wasm32" cargo check --locked -p podflow-engine --target wasm32-unknown-unknown
step "engine has no web crates" engine_has_no_web_crates
step "browser component tests" browser_component_tests
step "trunk build --release" trunk build --release
step "end-to-end tests" node --test --test-reporter=spec tests/e2e/*.test.mjs

wasm="$(ls dist/*.wasm)"
printf '\nAll tests passed. wasm: %s bytes, %s bytes gzipped.\n' \
  "$(wc -c <"$wasm")" "$(gzip -9 -c "$wasm" | wc -c)"
printf '%s\n' "${timings[@]}"
