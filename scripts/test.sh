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
apt_job="" apt_log=""
if ((${#missing[@]})); then
  if command -v apt-get >/dev/null; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "Installing system packages: ${missing[*]}"
    install=($sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends)
    $sudo apt-get update -qq
    # npm ci builds keytar against libsecret: that one first. The rest (Chromium and Prometheus are
    # the big downloads) installs while npm ci runs, and is waited for before anything uses it.
    rest=()
    for p in "${missing[@]}"; do [ "$p" = libsecret-1-dev ] || rest+=("$p"); done
    ((${#rest[@]} < ${#missing[@]})) && "${install[@]}" libsecret-1-dev >/dev/null
    if ((${#rest[@]})); then
      apt_log="$(mktemp)"
      "${install[@]}" "${rest[@]}" >"$apt_log" 2>&1 &
      apt_job=$!
    fi
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
if [ -n "$apt_job" ]; then
  wait "$apt_job" || { cat "$apt_log"; echo "Installing the system packages failed." >&2; exit 1; }
  rm -f "$apt_log"
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

echo "== lint, types, build, packed app and workflows"
# Two lines of checks side by side (each is mostly one core): lint and formatting; the type
# checks, the build (`npm run build` less its type check) and the packed app (electron-builder's
# own file selection, packed without the Electron runtime, then checked). A failure shows its log.
(eslint . --max-warnings=0 && prettier --check --log-level=warn src tests bench scripts '*.ts' eslint.config.js) \
  >"$results/lint.log" 2>&1 &
lint_job=$!
if ! (tsc -p tsconfig.node.json --noEmit && tsc -p tsconfig.web.json --noEmit &&
  npm run --silent build:bundles && node scripts/package-check.ts) >"$results/build.log" 2>&1; then
  cat "$results/build.log"
  wait "$lint_job" || cat "$results/lint.log"
  exit 1
fi
wait "$lint_job" || { cat "$results/lint.log"; exit 1; }
tail -1 "$results/build.log"
for workflow in .github/workflows/*.yml; do action-validator "$workflow"; done

echo "== unit, shell and integration tests (inside a D-Bus session with an unlocked gnome-keyring)"
${keyring[@]+"${keyring[@]}"} \
  vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest.json"

echo "== end-to-end tests (browser edition in Chromium; desktop app where Electron is installed)"
# The same unlocked keyring: without a session bus, libsecret would autolaunch one on the X display
# and gnome-keyring would wait forever for someone to type a password into its prompt.
${keyring[@]+"${keyring[@]}"} ${display[@]+"${display[@]}"} playwright test

node scripts/summarize-tests.ts "$results/vitest.json" "$results/playwright.json"
