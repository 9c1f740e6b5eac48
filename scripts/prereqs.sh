#!/usr/bin/env bash
# Makes sure the machine has what the tests and the demo need beyond npm ci:
# the Debian packages (keychain headers and Secret Service, Chromium, Kerberos
# headers for code-server), a keytar built against them, and code-server.
# As root it installs what is missing; otherwise it prints the command to run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
packages=(libsecret-1-dev pkg-config dbus gnome-keyring libsecret-tools chromium libkrb5-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
fi

# keytar is optional: npm ci skips it quietly when libsecret headers were missing then.
if [ ! -f "$root/node_modules/keytar/build/Release/keytar.node" ] && [ -d "$root/node_modules/keytar" ]; then
  echo "Building keytar against libsecret" >&2
  (cd "$root" && npm rebuild keytar --loglevel=error >&2)
fi

bash "$root/scripts/install-code-server.sh"
