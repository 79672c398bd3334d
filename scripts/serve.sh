#!/usr/bin/env bash
# Sets up if needed, builds, and serves Podflow at http://127.0.0.1:PORT/, rebuilding on change.
# PORT defaults to 8080, or a free port when 8080 is taken. Arguments go to trunk serve, e.g.
# --release, or --serve-base /podflow/ to serve under a sub-path as a static host would.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$PODFLOW_ROOT"

./scripts/setup.sh

port_is_free() {
  node -e 'const s = require("net").createServer();
    s.once("error", () => process.exit(1));
    s.listen(Number(process.argv[1]), "127.0.0.1", () => s.close());' "$1"
}

free_port() {
  node -e 'const s = require("net").createServer();
    s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

PORT="${PORT:-8080}"
if ! port_is_free "$PORT"; then
  PORT="$(free_port)"
fi

# The path the site is served under: / unless --serve-base says otherwise.
base=/
args=("$@")
for i in "${!args[@]}"; do
  case "${args[$i]}" in
    --serve-base=*) base="${args[$i]#--serve-base=}" ;;
    --serve-base) base="${args[$((i + 1))]:-/}" ;;
  esac
done

echo "Podflow will be served at http://127.0.0.1:$PORT${base} (the first build takes a few minutes)."
exec trunk serve --address 127.0.0.1 --port "$PORT" "$@"
