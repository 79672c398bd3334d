#!/usr/bin/env bash
# Runs every test: native tests, lints, the wasm build of the engine, browser component tests,
# the release static build and the end-to-end tests against it. Sets up first if needed.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$PODFLOW_ROOT"

./scripts/setup.sh

# Every step runs even when an earlier one fails, so one run shows every problem.
timings=()
failed=()
step() {
  local name="$1"
  shift
  printf '\n==> %s\n' "$name"
  local start=$SECONDS status=0
  "$@" || status=$?
  local mark="ok"
  if [ "$status" -ne 0 ]; then
    mark="FAILED"
    failed+=("$name")
  fi
  timings+=("$(printf '%5ds  %-6s %s' $((SECONDS - start)) "$mark" "$name")")
}

# The engine must stay free of web crates (architecture.md: it is a pure library).
engine_has_no_web_crates() {
  local tree web
  tree="$(cargo tree --locked -p podflow-engine -e normal --target wasm32-unknown-unknown \
    --prefix none)" || return 1
  web="$(grep -E '^(leptos|web-sys|js-sys|wasm-bindgen|gloo)' <<<"$tree" || true)"
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

step "cargo test" cargo test --locked --workspace --no-fail-fast
step "clippy" cargo clippy --locked --workspace --all-targets -- -D warnings
step "rustfmt" cargo fmt --all --check
step "engine builds for wasm32" cargo check --locked -p podflow-engine --target wasm32-unknown-unknown
step "engine has no web crates" engine_has_no_web_crates
step "browser component tests" browser_component_tests
step "trunk build --release" trunk build --release
step "end-to-end tests" node --test --test-reporter=spec tests/e2e/*.test.mjs

printf '\n'
printf '%s\n' "${timings[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
  printf '\n%d step(s) failed: %s\n' "${#failed[@]}" "$(IFS=,; echo "${failed[*]}")" >&2
  exit 1
fi
wasm="$(ls dist/*.wasm)"
printf '\nAll tests passed. wasm: %s bytes, %s bytes gzipped.\n' \
  "$(wc -c <"$wasm")" "$(gzip -9 -c "$wasm" | wc -c)"
