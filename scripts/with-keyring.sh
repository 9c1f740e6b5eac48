#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring,
# so that keytar reaches a real Secret Service and tests never touch the
# user's own keychain. The keyring files live in a temporary folder.
set -euo pipefail
if [ "${ACCESS_LENS_PRIVATE_KEYRING:-}" = 1 ]; then
  exec "$@"
fi
keyring_home="$(mktemp -d -t access-lens-keyring.XXXXXX)"
trap 'rm -rf "$keyring_home"' EXIT
export ACCESS_LENS_PRIVATE_KEYRING=1 ACCESS_LENS_KEYRING_HOME="$keyring_home"
dbus-run-session -- bash -c '
  set -e
  echo -n access-lens-test | XDG_DATA_HOME="$ACCESS_LENS_KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets >/dev/null
  "$@"
' with-keyring "$@"
