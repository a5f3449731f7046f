#!/usr/bin/env bash
# Installs what the suites need when it is missing: Debian packages (when we may install
# them: root or passwordless sudo), then npm dependencies. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# command-or-file → Debian package
PKGS=(
  "/usr/lib/go-1.19/bin/go:golang-1.19-go"
  "nginx:nginx-light"
  "squid:squid"
  "dnsmasq:dnsmasq-base"
  "chromium:chromium"
  "openssl:openssl"
  "ip:iproute2"
  "xmllint:libxml2-utils"
  "zip:zip"
  "unzip:unzip"
  "rg:ripgrep"
  "pkg-config:pkg-config"
  "make:build-essential"
  "g++:build-essential"
  "/usr/include/gssapi/gssapi.h:libkrb5-dev"
  "curl:curl"
  "dig:dnsutils"
  "/usr/bin/time:time"
)
missing=()
for entry in "${PKGS[@]}"; do
  probe="${entry%%:*}"; pkg="${entry#*:}"
  if [[ "$probe" == /* ]]; then [[ -e "$probe" ]] && continue
  else command -v "$probe" >/dev/null 2>&1 && continue
    [[ -x "/usr/sbin/$probe" ]] && continue
  fi
  [[ " ${missing[*]-} " == *" $pkg "* ]] || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi
  if [[ "$SUDO" == none ]]; then
    echo "setup: missing Debian packages (${missing[*]}) and no permission to install them" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The go releases the differential suites run against (test/go/go-versions.ts): the machine's
# own go1.26.8 (first on PATH, else /usr/local/go), go1.19.8 from Debian (above), and go1.27.3,
# which go itself fetches from the Go module proxy into its module cache.
GO_DEFAULT="$(command -v go || true)"
[[ -z "$GO_DEFAULT" && -x /usr/local/go/bin/go ]] && GO_DEFAULT=/usr/local/go/bin/go
if [[ -z "$GO_DEFAULT" || "$("$GO_DEFAULT" env GOVERSION 2>/dev/null)" == go1.19.* ]]; then
  echo "setup: go1.26.8 is missing: fetching it from the Go module proxy into /usr/local/go" >&2
  tmp="$(mktemp -d)"
  curl -fsSL --retry 3 -o "$tmp/go.zip" "https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-go1.26.8.linux-amd64.zip"
  (cd "$tmp" && unzip -q go.zip)
  ${SUDO:-} rm -rf /usr/local/go && ${SUDO:-} mv "$tmp/golang.org/toolchain@v0.0.1-go1.26.8.linux-amd64" /usr/local/go
  ${SUDO:-} chmod -R u+w /usr/local/go
  rm -rf "$tmp"
  GO_DEFAULT=/usr/local/go/bin/go
fi
tc="$(GOTOOLCHAIN=local GOFLAGS= "$GO_DEFAULT" env GOMODCACHE)/golang.org/toolchain@v0.0.1-go1.27.3.linux-amd64/bin/go"
if [[ ! -x "$tc" ]]; then
  echo "setup: fetching go1.27.3 (GOTOOLCHAIN=go1.27.3 go version)" >&2
  (cd / && GOTOOLCHAIN=go1.27.3 GOFLAGS= "$GO_DEFAULT" version)
fi

# npm dependencies: install when missing or older than the lockfile.
if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
