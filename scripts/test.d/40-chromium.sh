#!/usr/bin/env bash
# The release-page browser tests (cli module, ReleasePagesBrowserTest) drive Debian's chromium,
# headless, through Debian's chromedriver with Selenium: no browser is downloaded at test time.
# Nothing to start: each test starts its own chromium with a fresh --user-data-dir.
# Usage: 40-chromium.sh install|start|stop
set -euo pipefail
action="${1:?install|start|stop}"
case "$action" in
  install)
    missing=()
    command -v chromium >/dev/null || missing+=(chromium)
    command -v chromedriver >/dev/null || missing+=(chromium-driver)
    if ((${#missing[@]})); then
      if [[ "$(id -u)" != "0" ]]; then
        echo "40-chromium: missing ${missing[*]}; installing needs root (apt-get install ${missing[*]})" >&2
        exit 1
      fi
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
    ;;
  start|stop) ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
