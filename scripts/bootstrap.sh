#!/usr/bin/env bash
# Installs what the build and the tests need, and only what is missing:
# the wasm32 target, wasm-bindgen-cli at the crate's exact version, wasm-pack,
# geckodriver, the browser engines and their WebDriver servers from Debian
# (chromium + chromium-driver, firefox-esr, webkit2gtk-driver with Xvfb,
# wpewebkit-driver + cog), zopfli and curl, and the npm dev dependencies
# (binaryen's wasm-opt, selenium-webdriver among them). Takes seconds when
# everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "bootstrap: $*"; }
export PATH="$HOME/.cargo/bin:$PATH"

# The wasm-bindgen version the npm package is built with: Cargo.lock's (npm/
# pins it with `=`); the CLI must be the same.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  say "installing wasm-bindgen-cli $WB_VERSION"
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

if ! command -v wasm-pack >/dev/null 2>&1; then
  say "installing wasm-pack"
  cargo install wasm-pack
fi

if ! command -v geckodriver >/dev/null 2>&1; then
  say "installing geckodriver"
  cargo install geckodriver --locked
fi

missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }
need chromium chromium
need chromedriver chromium-driver
need firefox-esr firefox-esr
need WebKitWebDriver webkit2gtk-driver
need xvfb-run xvfb
need WPEWebDriver wpewebkit-driver
need cog cog
need zopfli zopfli
need curl curl
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm dev dependencies, reinstalled only when package-lock.json changed.
stamp=node_modules/.bootstrap-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  say "installing npm dev dependencies"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

say "ready (wasm-bindgen $WB_VERSION, $(node_modules/.bin/wasm-opt --version | head -1), $(chromium --version 2>/dev/null | head -1), $(firefox-esr --version 2>/dev/null | head -1), WebKitGTK $(dpkg-query -W -f '${Version}' libwebkit2gtk-4.1-0 2>/dev/null), WPE $(dpkg-query -W -f '${Version}' libwpewebkit-1.1-0 2>/dev/null))"
