#!/usr/bin/env bash
# Runs a command with gnome-keyring's Secret Service unlocked on the current D-Bus session
# (start it under `dbus-run-session`). The keyring lives in a throwaway home.
set -euo pipefail
export HOME="${KEYRING_HOME:-$(mktemp -d)}"
mkdir -p "$HOME/.local/share/keyrings"
eval "$(printf 'parley-test' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
exec "$@"
