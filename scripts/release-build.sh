#!/usr/bin/env bash
# Builds and publishes this system's installers (release workflow). Signing happens only when its
# secrets are set: an empty variable would make electron-builder fail instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."
for name in MAC_CSC_LINK MAC_CSC_KEY_PASSWORD APPLE_ID APPLE_APP_SPECIFIC_PASSWORD APPLE_TEAM_ID \
  WIN_CSC_LINK WIN_CSC_KEY_PASSWORD; do
  [ -n "${!name:-}" ] || unset "$name"
done
case "$(uname -s)" in
  Darwin)
    if [ -n "${MAC_CSC_LINK:-}" ]; then
      export CSC_LINK="$MAC_CSC_LINK" CSC_KEY_PASSWORD="${MAC_CSC_KEY_PASSWORD:-}"
    else
      echo "No CSC_LINK secret: the macOS app is not signed (ad-hoc) and not notarised."
      export CSC_IDENTITY_AUTO_DISCOVERY=false
    fi
    [ -n "${APPLE_ID:-}" ] || echo "No APPLE_ID secret: notarisation skipped."
    npx electron-builder --mac --publish always ;;
  MINGW* | MSYS* | CYGWIN*)
    if [ -n "${WIN_CSC_LINK:-}" ]; then
      export CSC_LINK="$WIN_CSC_LINK" CSC_KEY_PASSWORD="${WIN_CSC_KEY_PASSWORD:-}"
    else
      echo "No WIN_CSC_LINK secret: the Windows installer is not signed."
    fi
    npx electron-builder --win --publish always ;;
  *)
    npx electron-builder --linux --publish always ;;
esac
