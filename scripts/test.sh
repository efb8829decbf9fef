#!/usr/bin/env bash
# Everything the tests need, from a fresh clone on a fresh Debian/Ubuntu machine, then every suite:
# lint, types, unit + shell + integration (vitest, inside a real Secret Service), a build, the
# packed app's contents and the workflows, and the end-to-end tests (Playwright in Debian's
# Chromium; Electron tests skip where no Electron binary exists). macOS and Windows (CI) use their
# own keychain and Playwright's Chromium, and skip the Debian packages.
set -euo pipefail
cd "$(dirname "$0")/.."
linux=false
[ "$(uname -s)" = Linux ] && linux=true

# System packages: Chromium for the browser tests, a real keychain (gnome-keyring on D-Bus) and
# libsecret for keytar, real proxies (tinyproxy, dante) for the proxy tests, Xvfb for the Electron tests,
# a real Prometheus (and promtool) for the metrics endpoint.
packages=(chromium gnome-keyring libsecret-1-dev dbus dbus-x11 tinyproxy dante-server xvfb xauth prometheus)
missing=()
$linux && for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  if command -v apt-get >/dev/null; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "Installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Please install: ${missing[*]}" >&2
    exit 1
  fi
fi

# The Electron binary is downloaded from GitHub, which may be unreachable; the tests that need it
# skip. PARLEY_ELECTRON_E2E=1 (CI on Linux) downloads it, so they run.
[ "${PARLEY_ELECTRON_E2E:-}" = 1 ] || export ELECTRON_SKIP_BINARY_DOWNLOAD=1
if [ "${CI:-}" = "true" ] || [ ! -x node_modules/node/bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
# Node 24 from the npm registry (package `node`), ahead of whatever the machine has.
export PATH="$PWD/node_modules/node/bin:$PWD/node_modules/.bin:$PATH"
echo "Node $(node --version)"
[ "${PARLEY_ELECTRON_E2E:-}" = 1 ] && node node_modules/electron/install.js
# Outside Linux: no D-Bus keyring wrapper or Xvfb (the system keychain and display serve), and
# Playwright's own Chromium. (`${a[@]+"${a[@]}"}`: an empty array under `set -u` in macOS's bash 3.)
keyring=() display=()
if $linux; then
  keyring=(dbus-run-session -- bash scripts/with-keyring.sh) display=(xvfb-run -a)
elif [ -z "${CHROMIUM_PATH:-}" ]; then
  playwright install chromium
  CHROMIUM_PATH="$(node -e "console.log(require('playwright-core').chromium.executablePath())")"
  export CHROMIUM_PATH
fi

results="$PWD/test-results"
rm -rf "$results" && mkdir -p "$results"

echo "== lint and types"
eslint . --max-warnings=0
prettier --check --log-level=warn src tests bench scripts '*.ts' eslint.config.js
tsc -p tsconfig.node.json --noEmit
tsc -p tsconfig.web.json --noEmit

echo "== build"
# `npm run build` less its type check (just done above).
npm run --silent build:bundles >"$results/build.log" 2>&1 || { cat "$results/build.log"; exit 1; }

echo "== packed app and workflows"
# electron-builder's own file selection, packed without the Electron runtime, then checked.
node scripts/package-check.ts >"$results/package-check.log" 2>&1 || { cat "$results/package-check.log"; exit 1; }
tail -1 "$results/package-check.log"
for workflow in .github/workflows/*.yml; do action-validator "$workflow"; done

echo "== unit, shell and integration tests (inside a D-Bus session with an unlocked gnome-keyring)"
${keyring[@]+"${keyring[@]}"} \
  vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest.json"

echo "== end-to-end tests (browser edition in Chromium; desktop app where Electron is installed)"
# The same unlocked keyring: without a session bus, libsecret would autolaunch one on the X display
# and gnome-keyring would wait forever for someone to type a password into its prompt.
${keyring[@]+"${keyring[@]}"} ${display[@]+"${display[@]}"} playwright test

node scripts/summarize-tests.ts "$results/vitest.json" "$results/playwright.json"
