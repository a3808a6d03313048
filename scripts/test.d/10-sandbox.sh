#!/usr/bin/env bash
# The build sandbox's host tools: bubblewrap, util-linux (setpriv, prlimit, mount), socat (the
# in-sandbox bridge to the egress proxy), perl and strace (the escape tests use them). The platform
# tests run the sandbox for real and need root and cgroup v1 memory/pids/cpu hierarchies.
# Usage: 10-sandbox.sh install|start|stop
set -euo pipefail
action="${1:?install|start|stop}"

missing=()
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
command -v prlimit >/dev/null 2>&1 || missing+=(util-linux)
command -v socat >/dev/null 2>&1 || missing+=(socat)
command -v perl >/dev/null 2>&1 || missing+=(perl)
command -v strace >/dev/null 2>&1 || missing+=(strace)

case "$action" in
  install)
    if (( ${#missing[@]} > 0 )); then
      if [[ "$(id -u)" != "0" ]]; then
        echo "10-sandbox: missing ${missing[*]} and installing needs root (apt-get install ${missing[*]})" >&2
        exit 1
      fi
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null
    fi
    ;;
  start)
    if [[ ! -f /sys/fs/cgroup/pids/cgroup.procs ]]; then
      echo "10-sandbox: warning: no cgroup v1 pids hierarchy at /sys/fs/cgroup/pids; sandbox tests will fail under CI=true" >&2
    fi
    ;;
  stop)
    ;;
  *)
    echo "usage: $0 install|start|stop" >&2
    exit 2
    ;;
esac
