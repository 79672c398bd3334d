#!/usr/bin/env bash
# Installs what Podflow's build and tests need and is missing; silent when nothing is missing.
# Every tool version is pinned here (npm packages in package.json / package-lock.json).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$PODFLOW_ROOT"

TRUNK_VERSION=0.21.14
WASM_TARGET=wasm32-unknown-unknown
# A small CJK font so the Chinese UI renders in headless screenshots instead of empty boxes.
APT_PACKAGES=(chromium chromium-driver fonts-wqy-microhei)
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print }' Cargo.lock)"

say() { echo "setup: $*" >&2; }

# Runs a command with its output hidden unless it fails.
quietly() {
  local log
  log="$(mktemp)"
  if "$@" >"$log" 2>&1; then
    rm -f "$log"
  else
    local status=$?
    cat "$log" >&2
    rm -f "$log"
    return "$status"
  fi
}

need() {
  command -v "$1" >/dev/null || { say "$1 is required but not installed ($2)"; exit 1; }
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

need cargo "install Rust with rustup"
need rustup "install Rust with rustup"
need npm "install Node.js 20 or newer"

if ! rustup target list --installed | grep -qx "$WASM_TARGET"; then
  say "adding the $WASM_TARGET target"
  quietly rustup target add "$WASM_TARGET"
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 8 minutes on 2 cores)"
  quietly cargo install --locked --force "trunk@$TRUNK_VERSION"
fi

if [ -z "$WASM_BINDGEN_VERSION" ]; then
  say "no wasm-bindgen in Cargo.lock"
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ] ||
  ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes)"
  # --locked can fail when the registry lacks a locked dependency; the same version unlocked works.
  quietly cargo install --locked --force "wasm-bindgen-cli@$WASM_BINDGEN_VERSION" ||
    { say "retrying without --locked"; quietly cargo install --force "wasm-bindgen-cli@$WASM_BINDGEN_VERSION"; }
fi

# npm ci when node_modules does not match package-lock.json. --ignore-scripts: no install
# script may download anything (playwright-core has none; this keeps it that way).
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.podflow-lock-sum 2>/dev/null)" != "$lock_sum" ]; then
  say "installing npm packages (npm ci)"
  quietly npm ci --ignore-scripts --no-audit --no-fund
  echo "$lock_sum" >node_modules/.podflow-lock-sum
fi

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]} (apt)"
  for package in "${missing[@]}"; do
    if ! apt-cache policy "$package" | grep -q 'Candidate: [0-9]'; then
      quietly as_root apt-get update
      break
    fi
  done
  quietly as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

# trunk runs cargo --offline (Trunk.toml), so every crate must already be here.
quietly cargo fetch --locked
