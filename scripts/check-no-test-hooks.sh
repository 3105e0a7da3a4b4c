#!/usr/bin/env bash
# No test hook in what apps get: an app's dependency graph (tests/min-versions
# and tests/min-versions-js, which depend on the crate) has no test feature,
# the published package's manifest declares none, and the crate's docs
# (built by make test just before) name none. The test build's switches are
# `--cfg nango_test_hooks`, set by scripts/build-pkg.sh --test-hooks only.
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "check-no-test-hooks: $*" >&2; exit 1; }
for app in tests/min-versions tests/min-versions-js; do
  tree=$(cargo tree --locked -e features --manifest-path "$app/Cargo.toml" --target wasm32-unknown-unknown)
  grep -q 'nango-frontend' <<<"$tree" || fail "$app: no nango-frontend in its tree"
  if grep -iE 'test.?hook' <<<"$tree"; then fail "$app: a test feature in an app's dependency graph"; fi
done
manifest=$(ls -d target/package/nango-frontend-*/ | tail -1)Cargo.toml
[ -f "$manifest" ] || fail "no packaged manifest (cargo package runs first)"
features=$(awk '/^\[features\]/ { on = 1; next } /^\[/ { on = 0 } on' "$manifest")
if grep -iE 'test' <<<"$features"; then fail "the published manifest declares a test feature"; fi
if grep -rliE 'test.?hook|panic_after|__testPanic' target/wasm32-unknown-unknown/doc/nango_frontend; then
  fail "the crate's docs name a test hook"
fi
echo "check-no-test-hooks: no test hook in the crate as apps get it"
