#!/usr/bin/env bash
# Installs what the suites need when it is missing: Debian packages (when we may install
# them: root or passwordless sudo), then npm dependencies. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# command-or-file → Debian package
PKGS=(
  "go:golang-go"
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

# npm dependencies: install when missing or older than the lockfile.
if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
