#!/usr/bin/env bash
# Browser tests in every engine, against a dev server on loopback with a
# fresh database:
# - the Rust API (tests/web*.rs) and the crate's unit tests (on the
#   browser's JSON and URL), with wasm-bindgen-test through wasm-pack, in
#   headless Chromium and Firefox;
# - the npm package (tests/js, node:test driving the browser over W3C
#   WebDriver with selenium-webdriver, popup blocker on, real clicks) in
#   Chromium, Firefox ESR and WebKitGTK (MiniBrowser under Xvfb), and, for
#   what needs no popup, in WPE WebKit (cog: one view).
#
# Each run is started in a PID namespace of its own (`unshare --pid
# --kill-child`): when it ends, every process it started (drivers, browsers,
# Xvfb) ends with it, and no other process on the machine is touched.
# NANGO_ENGINES (default: chromium,firefox,webkitgtk,wpe) picks the engines;
# NANGO_JS_SUITES (a space-separated list of tests/js files) runs only those
# npm suites, and no Rust suite (`make fuzz`).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/dev-server-lib.sh
export PATH="$HOME/.cargo/bin:$PATH"
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
GECKODRIVER=${GECKODRIVER:-$(command -v geckodriver)}
export -n CHROMEDRIVER GECKODRIVER
ENGINES=${NANGO_ENGINES:-chromium,firefox,webkitgtk,wpe}

cargo build -q -p nango-dev-server
start_dev_server ./target/debug/nango-dev-server "${NANGO_TEST_PORT:-3013}" target/test-browser

# The prefix that runs a command in a PID namespace of its own where the
# kernel allows it; elsewhere commands run as they are (the JS harness then
# ends its driver and browser by PID).
isolated=()
unshare --pid --fork --kill-child true 2>/dev/null && isolated=(unshare --pid --fork --kill-child)

has() { [[ ",$ENGINES," == *",$1,"* ]]; }
timings=()
timed() {
  local name=$1 start=$SECONDS
  shift
  "$@"
  timings+=("$name $((SECONDS - start)) s")
}

# The Rust API. wasm-bindgen-test cannot click, so its browsers run with the
# popup blocker off (webdriver.json for Chromium; geckodriver's default);
# the npm package's suites below click, with the blocker on.
rust_suites() {
  local browser=$1
  shift
  echo "== Rust API in headless $browser (wasm-pack test)"
  # wasm-bindgen-test's runner takes the driver its environment names
  # (GECKODRIVER before CHROMEDRIVER): exactly one is set.
  local driver=(env -u GECKODRIVER CHROMEDRIVER="$CHROMEDRIVER")
  [ "$browser" = firefox ] && driver=(env -u CHROMEDRIVER GECKODRIVER="$GECKODRIVER")
  "${isolated[@]}" "${driver[@]}" wasm-pack --log-level warn test --headless "--$browser" -- "$@"
}
rust=true
[ -n "${NANGO_JS_SUITES:-}" ] && rust=false
$rust && has chromium && timed "rust/chromium" rust_suites chrome --lib --test web --test web_oauth --test web_handler_shapes
# The upstream fault of tests/upstream_reentry.rs stops every future of the
# page in Firefox; it passes in Chromium, where it runs.
$rust && has chromium && timed "rust/chromium upstream_reentry" rust_suites chrome --test upstream_reentry -- --include-ignored
$rust && has firefox && timed "rust/firefox" rust_suites firefox --lib --test web --test web_oauth --test web_handler_shapes

# The npm package.
js_suites() {
  local engine=$1
  shift
  echo "== npm package in $engine (WebDriver)"
  NANGO_BROWSER=$engine "${wrap[@]}" "${isolated[@]}" node --test --test-concurrency=1 "$@"
}
all_js=(tests/js/*.test.mjs)
# shellcheck disable=SC2206
[ -n "${NANGO_JS_SUITES:-}" ] && all_js=($NANGO_JS_SUITES)
# Engine-independent (sizes) or run once in Chromium: not repeated.
popup_js=()
for f in "${all_js[@]}"; do [[ $f == */size-budget.test.mjs ]] || popup_js+=("$f"); done
# xvfb-run outside the namespace (it waits for a signal from Xvfb, which a
# namespace's first process does not get); it ends its own Xvfb by PID.
xvfb=(xvfb-run -a -s "-screen 0 1280x1024x24")
# The engines run in two lanes at once (the suites mostly wait on browsers
# and the network; 2 cores): Chromium then WPE, Firefox then WebKitGTK.
# Each lane writes its own log, printed when both are done.
lane_a() {
  wrap=()
  has chromium && timed "js/chromium" js_suites chromium "${all_js[@]}"
  # One view, no popups: import, the credential flows, the fallbacks, hostile values.
  [ -z "${NANGO_JS_SUITES:-}" ] && has wpe && timed "js/wpe" js_suites wpe tests/js/loading.test.mjs tests/js/credentials.test.mjs tests/js/modes.test.mjs tests/js/csp.test.mjs tests/js/hardening.test.mjs
  printf 'lane time: %s\n' "${timings[@]}"
}
lane_b() {
  wrap=()
  has firefox && timed "js/firefox" js_suites firefox "${popup_js[@]}"
  wrap=("${xvfb[@]}")
  has webkitgtk && timed "js/webkitgtk" js_suites webkitgtk "${popup_js[@]}"
  printf 'lane time: %s\n' "${timings[@]}"
}
lanes=target/test-browser/lanes
mkdir -p "$lanes"
start=$SECONDS
lane_a > "$lanes/a.log" 2>&1 &
lane_a_pid=$!
lane_b > "$lanes/b.log" 2>&1 &
lane_b_pid=$!
status=0
wait "$lane_a_pid" || status=1
wait "$lane_b_pid" || status=1
cat "$lanes/a.log" "$lanes/b.log"
timings+=("npm suites, both lanes: $((SECONDS - start)) s")
[ "$status" -eq 0 ] || { echo "== an npm suite failed (see above)"; exit 1; }

echo "== time per suite"
printf '  %s\n' "${timings[@]}"
