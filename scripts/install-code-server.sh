#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, Node 20) for the extension-host tests, offline:
# only the npm registry and Debian's apt are reachable, so every install step that would
# download a prebuilt binary from elsewhere is replaced (ripgrep from Debian, no browser
# download). The result lives in a cache folder outside the repo's dependencies and is reused:
# a second run returns at once.
#   GPD_CODE_SERVER_DIR  overrides the folder
# Prints the folder on success.
set -euo pipefail

VERSION=4.100.3
DIR="${GPD_CODE_SERVER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/go-proxy-doctor/code-server-$VERSION}"
STAMP="$DIR/.installed"

if [[ -f "$STAMP" && -f "$DIR/node_modules/code-server/out/node/entry.js" ]]; then
  echo "$DIR"
  exit 0
fi

# Debian packages the native modules (argon2, node-pty, kerberos) and the workbench need.
PKGS=("make:build-essential" "g++:build-essential" "python3:python3" "pkg-config:pkg-config"
      "/usr/include/gssapi/gssapi.h:libkrb5-dev" "rg:ripgrep" "chromium:chromium")
missing=()
for entry in "${PKGS[@]}"; do
  probe="${entry%%:*}"; pkg="${entry#*:}"
  if [[ "$probe" == /* ]]; then [[ -e "$probe" ]] && continue
  else command -v "$probe" >/dev/null 2>&1 && continue; fi
  [[ " ${missing[*]-} " == *" $pkg "* ]] || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "install-code-server: missing Debian packages (${missing[*]}) and no permission to install them" >&2
    exit 1
  fi
  echo "install-code-server: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# As root, npm runs install scripts as another user unless told not to.
export npm_config_unsafe_perm=true
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# Build in a staging folder and move it into place at the end, so that an interrupted
# install never looks complete.
STAGE="$(mktemp -d "${DIR%/*}/.code-server-stage.XXXXXX" 2>/dev/null || { mkdir -p "${DIR%/*}"; mktemp -d "${DIR%/*}/.code-server-stage.XXXXXX"; })"
trap 'rm -rf "$STAGE"' EXIT
cd "$STAGE"
echo '{"name":"gpd-code-server","private":true}' > package.json

echo "install-code-server: code-server@$VERSION into $DIR" >&2
# Its own postinstall would call GitHub (ripgrep) and check the npm user agent: run the
# steps by hand instead.
npm install --ignore-scripts --no-save "code-server@$VERSION" >&2
npm rebuild argon2 >&2

CS="$STAGE/node_modules/code-server"
cd "$CS/lib/vscode"
npm install --omit=dev --ignore-scripts >&2
# @vscode/ripgrep's install step downloads from GitHub; Debian's rg is the same program.
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
# node-pty's build step runs npx.
npm_config_yes=true npm rebuild >&2

# The rest of code-server's postinstall.sh (vscode_install), by hand.
rm -rf node_modules.asar && ln -s node_modules node_modules.asar
(cd bin/remote-cli && rm -f code-server && ln -s code-linux.sh code-server)
(cd bin/helpers && rm -f browser.sh && ln -s browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev >&2)

cd /
touch "$CS/.gpd-ok"
rm -rf "$DIR"
mkdir -p "${DIR%/*}"
mv "$STAGE" "$DIR"
trap - EXIT
touch "$STAMP"
echo "$DIR"
