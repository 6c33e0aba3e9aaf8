#!/usr/bin/env bash
# Install what the editor tests need: Debian packages (Neovim, Emacs + eglot, Chromium, and the
# build dependencies of code-server), the VS Code extension's npm packages, code-server and
# playwright-core. Idempotent: a second run only checks what is already there.
#
#   bash editor-config/ci/install.sh            # everything
#   AGENTLS_EDITOR_TOOLS=/some/dir bash ...     # where code-server and playwright-core go
#   AGENTLS_SKIP_CODE_SERVER=1 bash ...         # skip code-server (the slowest part)
#
# The tests find the tools in the same place (tests/editors/tools.py reads the same variable).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
TOOLS="${AGENTLS_EDITOR_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/agentls-editor-tools}"
CODE_SERVER_VERSION=4.99.4
PLAYWRIGHT_VERSION=1.65.1
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

log() { printf '[editor-install %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# ---- Debian packages ----------------------------------------------------------------------------
APT_PACKAGES=(
  neovim emacs-nox elpa-eglot                 # the terminal editors under test
  chromium fonts-dejavu-core                  # the browser that drives code-server
  ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev build-essential pkg-config  # code-server
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "Debian packages already installed"
fi

# ---- the VS Code extension's own packages (from its package-lock.json) --------------------------
EXT="$REPO/editor-config/vscode"
stamp="$EXT/node_modules/.agentls-lock"
if [ -f "$stamp" ] && cmp -s "$stamp" "$EXT/package-lock.json"; then
  log "extension node_modules up to date"
else
  log "npm ci in editor-config/vscode"
  (cd "$EXT" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$EXT/package-lock.json" "$stamp"
fi

# ---- playwright-core (drives Debian's chromium; never downloads a browser of its own) ---------
mkdir -p "$TOOLS"
if [ -f "$TOOLS/node_modules/playwright-core/package.json" ] && \
   grep -q "\"version\": \"$PLAYWRIGHT_VERSION\"" "$TOOLS/node_modules/playwright-core/package.json"; then
  log "playwright-core $PLAYWRIGHT_VERSION already installed"
else
  log "npm install playwright-core@$PLAYWRIGHT_VERSION"
  [ -f "$TOOLS/package.json" ] || echo '{"name":"agentls-editor-tools","private":true}' > "$TOOLS/package.json"
  (cd "$TOOLS" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error \
      "playwright-core@$PLAYWRIGHT_VERSION")
fi

# ---- code-server (VS Code in a browser), built from npm with Debian's ripgrep --------------------
CS="$TOOLS/code-server-$CODE_SERVER_VERSION"
if [ -n "${AGENTLS_SKIP_CODE_SERVER:-}" ]; then
  log "code-server skipped (AGENTLS_SKIP_CODE_SERVER)"
elif [ -f "$CS/.agentls-complete" ] && [ -x "$CS/node_modules/.bin/code-server" ]; then
  log "code-server $CODE_SERVER_VERSION already installed"
else
  log "installing code-server $CODE_SERVER_VERSION into $CS"
  command -v node-gyp >/dev/null || npm install -g --no-audit --no-fund --loglevel=error node-gyp
  rm -rf "$CS"
  mkdir -p "$CS"
  cd "$CS"
  echo '{"name":"agentls-code-server","private":true}' > package.json
  npm install --unsafe-perm --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
  VS="$CS/node_modules/code-server/lib/vscode"
  setup_vscode_dir() {  # $1: a folder with a package.json whose native modules need building
    cd "$1"
    npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
    if [ -d node_modules/@vscode/ripgrep ]; then
      mkdir -p node_modules/@vscode/ripgrep/bin
      ln -sf /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
    fi
    npm_config_yes=true npm rebuild --loglevel=error
  }
  log "code-server: vscode modules"
  setup_vscode_dir "$VS"
  ln -sfn node_modules "$VS/node_modules.asar"
  log "code-server: built-in extensions' modules"
  setup_vscode_dir "$VS/extensions"
  cd "$CS"  # npm hoists argon2 to the top node_modules
  npm rebuild argon2 --loglevel=error
  XDG_CONFIG_HOME="$(mktemp -d)" "$CS/node_modules/.bin/code-server" --version >/dev/null
  touch "$CS/.agentls-complete"
fi
log "done (tools in $TOOLS)"
