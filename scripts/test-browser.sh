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
# Each suite is started in a PID namespace of its own (`unshare --pid
# --kill-child`): when it ends, every process it started (drivers, browsers,
# Xvfb) ends with it, and no other process on the machine is touched. It
# gets a /proc of its own too (`--mount-proc`), so that the PIDs the harness
# reads there are the ones it can signal.
# NANGO_ENGINES (default: chromium,firefox,webkitgtk,wpe) picks the engines;
# NANGO_JS_SUITES (a space-separated list of tests/js files) runs only those
# npm suites, and no Rust suite (`make fuzz`).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/dev-server-lib.sh
. scripts/namespace-lib.sh
export PATH="$HOME/.cargo/bin:$PATH"
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
GECKODRIVER=${GECKODRIVER:-$(command -v geckodriver)}
export -n CHROMEDRIVER GECKODRIVER
ENGINES=${NANGO_ENGINES:-chromium,firefox,webkitgtk,wpe}

cargo build -q -p nango-dev-server
start_dev_server ./target/debug/nango-dev-server "${NANGO_TEST_PORT:-3013}" target/test-browser

namespace_prefix isolated

has() { [[ ",$ENGINES," == *",$1,"* ]]; }

# Every suite is a job: a Rust suite in one browser, or one npm suite file
# in one engine. Two workers take the jobs from one queue, the longest
# first (2 cores; the suites mostly wait on browsers and the network), so
# neither stands idle while the other still has an engine's whole list.
# Each job writes its own log; the logs are printed in queue order at the end.

# The Rust API. wasm-bindgen-test cannot click, so its browsers run with the
# popup blocker off (webdriver.json for Chromium; geckodriver's default);
# the npm package's suites click, with the blocker on.
rust_suites() {
  local browser=${1/chromium/chrome}
  shift
  # wasm-bindgen-test's runner takes the driver its environment names
  # (GECKODRIVER before CHROMEDRIVER): exactly one is set.
  local driver=(env -u GECKODRIVER CHROMEDRIVER="$CHROMEDRIVER")
  [ "$browser" = firefox ] && driver=(env -u CHROMEDRIVER GECKODRIVER="$GECKODRIVER")
  "${isolated[@]}" "${driver[@]}" wasm-pack --log-level warn test --headless "--$browser" -- "$@"
}
rust_tests=(--lib --test web --test web_oauth --test web_handler_shapes)

# One npm suite file in one engine. WebKitGTK's MiniBrowser needs a display:
# xvfb-run, outside the namespace (it waits for a signal from Xvfb, which a
# namespace's first process does not get), from a server number of the
# worker's own so that the two workers never race for one; it ends its own
# Xvfb by PID.
js_suite() {
  local worker=$1 engine=$2 file=$3 wrap=() isolate=("${isolated[@]}")
  [ "$engine" = webkitgtk ] && wrap=(xvfb-run -a -n $((90 + 5 * worker)) -s "-screen 0 1280x1024x24")
  # The signals suite checks what a suite does when signalled outside a
  # namespace (a developer's terminal); it ends what it starts by PID.
  [ "$file" = tests/js/signals.test.mjs ] && isolate=()
  NANGO_BROWSER=$engine "${wrap[@]}" "${isolate[@]}" node --test "$file"
}

run_job() {
  local worker=$1 kind=$2 engine=$3 what=$4
  case $kind in
    rust) rust_suites "$engine" "${rust_tests[@]}" ;;
    # The upstream fault of tests/upstream_reentry.rs stops every future of
    # the page in Firefox; it passes in Chromium, where it runs.
    rust-upstream) rust_suites "$engine" --test upstream_reentry -- --include-ignored ;;
    js) js_suite "$worker" "$engine" "$what" ;;
  esac
}

jobs_dir=target/test-browser/jobs
rm -rf "$jobs_dir" && mkdir -p "$jobs_dir"
queue=$jobs_dir/queue
: > "$queue"
add() { echo "$*" >> "$queue"; }

if [ -z "${NANGO_JS_SUITES:-}" ]; then
  has chromium && add rust chromium rust
  has firefox && add rust firefox rust
  has chromium && add rust-upstream chromium upstream_reentry
fi
# The npm suites, the longest first (as measured); the rest in
# name order. size-budget is engine-independent: Chromium only. WPE (one
# view, no popups) runs import, the credential flows, the fallbacks and
# hostile values.
slowest=(back-to-back memory differential stacks hardening rust-apps oauth example-page events drop-in)
ordered=()
for name in "${slowest[@]}"; do ordered+=("tests/js/$name.test.mjs"); done
for f in tests/js/*.test.mjs; do [[ " ${ordered[*]} " == *" $f "* ]] || ordered+=("$f"); done
# shellcheck disable=SC2206
[ -n "${NANGO_JS_SUITES:-}" ] && ordered=($NANGO_JS_SUITES)
wpe_suites=" loading credentials modes csp hardening "
for f in "${ordered[@]}"; do
  name=$(basename "$f" .test.mjs)
  for engine in firefox chromium webkitgtk wpe; do
    has "$engine" || continue
    [ "$name" = size-budget ] && [ "$engine" != chromium ] && continue
    [ "$engine" = wpe ] && { [ -z "${NANGO_JS_SUITES:-}" ] && [[ $wpe_suites == *" $name "* ]] || continue; }
    add js "$engine" "$f"
  done
done

# A worker takes the queue's first line under a lock until none is left.
take() { flock "$queue.lock" sh -c 'head -n 1 "$1" && sed -i 1d "$1"' _ "$queue"; }
worker() {
  local id=$1 job kind engine what log start
  while job=$(take) && [ -n "$job" ]; do
    read -r kind engine what <<< "$job"
    log="$jobs_dir/$engine-$(basename "$what" .test.mjs).log"
    start=$SECONDS
    if run_job "$id" "$kind" "$engine" "$what" > "$log" 2>&1; then
      echo "passed $((SECONDS - start)) s  $engine $what" | tee -a "$jobs_dir/done"
    else
      echo "FAILED $((SECONDS - start)) s  $engine $what" | tee -a "$jobs_dir/done"
    fi
  done
}

# The Rust suites' test binaries are built first, while no browser runs
# (wasm-pack test then finds them built).
if grep -q '^rust' "$queue"; then
  cargo test -q --target wasm32-unknown-unknown --no-run "${rust_tests[@]}" --test upstream_reentry
fi

cp "$queue" "$jobs_dir/all"
: > "$jobs_dir/done"
echo "== $(wc -l < "$queue") browser suites, two at a time"
start=$SECONDS
worker 1 &
worker_1=$!
worker 2 &
worker_2=$!
wait "$worker_1" "$worker_2"
wall=$((SECONDS - start))

# Every log, in queue order, then the time per engine and the failures.
while read -r kind engine what; do
  echo "== $engine: $what"
  cat "$jobs_dir/$engine-$(basename "$what" .test.mjs).log"
done < "$jobs_dir/all"
echo "== time per engine (sum of its suites), and the whole run"
for engine in chromium firefox webkitgtk wpe; do
  awk -v e="$engine" '$4 == e { s += $2 } END { if (s) printf "  %-9s %4d s\n", e, s }' "$jobs_dir/done"
done
echo "  both workers: $wall s wall"
if grep -q '^FAILED' "$jobs_dir/done" || [ "$(wc -l < "$jobs_dir/done")" -ne "$(wc -l < "$jobs_dir/all")" ]; then
  echo "== failed:"
  grep -v '^passed' "$jobs_dir/done" || true
  exit 1
fi
