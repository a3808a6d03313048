#!/usr/bin/env bash
# OCI registries for the oci module's and the CLI's registry tests: Debian's docker-registry
# (distribution 2.8, no referrers API) on free 127.0.0.1 ports, each with a temporary config and
# storage directory recorded under $PROVENANT_TEST_STATE/registry:
#   open   - no auth
#   basic  - htpasswd Basic auth (user "provenant", a random password)
#   token  - Bearer token auth; the token server is the test's own (it binds the realm port written
#            here and signs with the key written here; the registry trusts that key's certificate)
# Also installs skopeo and umoci (used by the tests to push images). Writes PROVENANT_TEST_REGISTRY_*
# to $PROVENANT_TEST_ENV. Never listens on anything but loopback.
# Usage: 45-registry.sh install|start|stop
set -euo pipefail
action="${1:?install|start|stop}"
state="${PROVENANT_TEST_STATE:?}/registry"
mkdir -p "$state"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

config() { # name port auth-yaml
  local dir="$1" port="$2" auth="$3"
  mkdir -p "$dir/storage"
  cat > "$dir/config.yml" <<YML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
  secret: $(head -c 18 /dev/urandom | base64 | tr -d '/+=')
$auth
YML
}

start_one() { # name port
  local dir="$1" port="$2"
  /usr/bin/docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
  echo $! > "$dir/pid"
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "45-registry: registry $dir did not start:" >&2
  cat "$dir/registry.log" >&2
  exit 1
}

case "$action" in
  install)
    missing=()
    [[ -x /usr/bin/docker-registry ]] || missing+=(docker-registry)
    command -v skopeo >/dev/null || missing+=(skopeo)
    command -v umoci >/dev/null || missing+=(umoci)
    command -v htpasswd >/dev/null || missing+=(apache2-utils)
    command -v openssl >/dev/null || missing+=(openssl)
    if (( ${#missing[@]} )); then
      if [[ "$(id -u)" != "0" ]]; then
        echo "45-registry: missing ${missing[*]}; installing needs root (apt-get install ${missing[*]})" >&2
        exit 1
      fi
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    ;;
  start)
    base="$(mktemp -d /tmp/provenant-registry.XXXXXX)"
    echo "$base" > "$state/basedir"
    open_port="$(free_port)"; basic_port="$(free_port)"; token_port="$(free_port)"; realm_port="$(free_port)"
    config "$base/open" "$open_port" ""
    password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    mkdir -p "$base/basic"
    htpasswd -Bbn provenant "$password" > "$base/basic/htpasswd"
    config "$base/basic" "$basic_port" "auth:
  htpasswd:
    realm: provenant-test
    path: $base/basic/htpasswd"
    mkdir -p "$base/token"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=provenant-test-token-issuer" \
      -keyout "$base/token/issuer.key" -out "$base/token/issuer.crt" >/dev/null 2>&1
    config "$base/token" "$token_port" "auth:
  token:
    realm: http://127.0.0.1:$realm_port/token
    service: provenant-test-registry
    issuer: provenant-test-token-issuer
    rootcertbundle: $base/token/issuer.crt"
    for r in open basic token; do
      port_var="${r}_port"
      start_one "$base/$r" "${!port_var}"
    done
    {
      echo "PROVENANT_TEST_REGISTRY_OPEN=127.0.0.1:$open_port"
      echo "PROVENANT_TEST_REGISTRY_OPEN_STORAGE=$base/open/storage"
      echo "PROVENANT_TEST_REGISTRY_BASIC=127.0.0.1:$basic_port"
      echo "PROVENANT_TEST_REGISTRY_BASIC_USER=provenant"
      echo "PROVENANT_TEST_REGISTRY_BASIC_PASSWORD=$password"
      echo "PROVENANT_TEST_REGISTRY_TOKEN=127.0.0.1:$token_port"
      echo "PROVENANT_TEST_REGISTRY_TOKEN_REALM_PORT=$realm_port"
      echo "PROVENANT_TEST_REGISTRY_TOKEN_SERVICE=provenant-test-registry"
      echo "PROVENANT_TEST_REGISTRY_TOKEN_ISSUER=provenant-test-token-issuer"
      echo "PROVENANT_TEST_REGISTRY_TOKEN_KEY=$base/token/issuer.key"
      echo "PROVENANT_TEST_REGISTRY_TOKEN_CERT=$base/token/issuer.crt"
    } >> "${PROVENANT_TEST_ENV:?}"
    echo "45-registry: open 127.0.0.1:$open_port, basic 127.0.0.1:$basic_port, token 127.0.0.1:$token_port (realm port $realm_port)"
    ;;
  stop)
    if [[ -f "$state/basedir" ]]; then
      base="$(cat "$state/basedir")"
      for r in open basic token; do
        if [[ -f "$base/$r/pid" ]]; then
          kill "$(cat "$base/$r/pid")" 2>/dev/null || true
        fi
      done
      rm -rf "$base"
      rm -f "$state/basedir"
    fi
    ;;
  *)
    echo "usage: $0 install|start|stop" >&2
    exit 2
    ;;
esac
