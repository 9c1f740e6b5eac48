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
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
fi

# keytar is optional: npm ci skips it quietly when the libsecret headers were missing then, and
# leaves no node_modules/keytar at all, so "npm rebuild" has nothing to build. On the README's path
# (npm ci first, then npm test or npm run demo on a machine without the packages) it is installed
# here, at the version package-lock.json pins, without touching package.json or the lock file.
if [ ! -f "$root/node_modules/keytar/build/Release/keytar.node" ]; then
  version=$(node -e 'const l=require(process.argv[1]);const k=l.packages&&l.packages["node_modules/keytar"];process.stdout.write(k&&k.version||"")' "$root/package-lock.json")
  [ -n "$version" ] || { echo "package-lock.json pins no keytar version" >&2; exit 1; }
  if [ -d "$root/node_modules/keytar" ]; then
    echo "Building keytar $version against libsecret" >&2
    (cd "$root" && npm rebuild keytar --loglevel=error >&2)
  else
    echo "Installing keytar $version (npm ci skipped it: libsecret-1-dev was not installed then)" >&2
    (cd "$root" && npm install --no-save --no-audit --no-fund --loglevel=error "keytar@$version" >&2)
  fi
  [ -f "$root/node_modules/keytar/build/Release/keytar.node" ] || {
    echo "keytar could not be built: the OS keychain would be unreachable. See the npm output above." >&2
    exit 1
  }
  # A bundle built before this (dist/) carries no keytar: the next build copies it.
fi

bash "$root/scripts/install-code-server.sh"
