#!/usr/bin/env bash
# The git hosting and tag-trigger tests (platform module) drive the real git, gpg and ssh-keygen:
# maintainers sign tags with `git tag -s` (OpenPGP) and `git -c gpg.format=ssh` (SSHSIG).
# Nothing to start: the tests run their own Jetty/JGit server on loopback and make keys in temp homes.
# Usage: 15-git.sh install|start|stop
set -euo pipefail
action="${1:?install|start|stop}"
case "$action" in
  install)
    missing=()
    command -v git >/dev/null || missing+=(git)
    command -v gpg >/dev/null || missing+=(gnupg)
    command -v gpgconf >/dev/null || missing+=(gnupg)
    command -v ssh-keygen >/dev/null || missing+=(openssh-client)
    if ((${#missing[@]})); then
      if [[ "$(id -u)" != "0" ]]; then
        echo "15-git: missing ${missing[*]}; installing needs root (apt-get install ${missing[*]})" >&2
        exit 1
      fi
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
    # git >= 2.34 signs tags with SSH keys (gpg.format=ssh).
    v="$(git --version | awk '{print $3}')"
    if [[ "$(printf '%s\n2.34.0\n' "$v" | sort -V | head -1)" != "2.34.0" ]]; then
      echo "15-git: git $v is too old for SSH-signed tags (need 2.34+)" >&2
      exit 1
    fi
    ;;
  start|stop) ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
