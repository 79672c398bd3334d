# Sourced by the other scripts: the tool paths every step expects.
# shellcheck shell=bash

PODFLOW_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PODFLOW_ROOT

# cargo-installed tools (trunk, wasm-bindgen) and npm's wasm-opt, ahead of any system copies.
export PATH="$PODFLOW_ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# Browser tests: Debian's chromium and chromedriver, never a downloaded browser.
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
