# Every target bootstraps first (idempotent, seconds when all is present).
.PHONY: bootstrap pkg rust-apps test test-native test-browser fuzz demo dev-server bench clean

PORT ?= 3003

bootstrap:
	@./scripts/bootstrap.sh

## Build the npm package into pkg/.
pkg: bootstrap
	./scripts/build-pkg.sh

## Build the Rust example apps (Leptos, Yew) into examples/*/dist/.
rust-apps: bootstrap
	./scripts/build-rust-apps.sh

## Run every test: native (the pure modules, the doctests, the dev server
## over HTTP), the crate's docs without warnings and its package, apps on
## the oldest wasm-bindgen the crate and its feature `js` support
## (tests/min-versions*), no test hook in what apps get, then the
## browser suites against a dev server on loopback, in Chromium, Firefox,
## WebKitGTK and WPE WebKit (the Rust API with wasm-bindgen-test, the npm
## package over WebDriver with selenium-webdriver).
test: bootstrap
	cargo test --workspace
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p nango-frontend --target wasm32-unknown-unknown
	cargo package -p nango-frontend --allow-dirty --quiet
	cargo build --quiet --locked --manifest-path tests/min-versions/Cargo.toml --target wasm32-unknown-unknown --target-dir target/min-versions
	cargo build --quiet --locked --manifest-path tests/min-versions-js/Cargo.toml --target wasm32-unknown-unknown --target-dir target/min-versions
	./scripts/check-no-test-hooks.sh
	./scripts/build-pkg.sh
	./scripts/build-pkg.sh --test-hooks
	./scripts/build-rust-apps.sh
	./scripts/test-browser.sh

test-native: bootstrap
	cargo test --workspace

test-browser: pkg rust-apps
	./scripts/build-pkg.sh --test-hooks
	./scripts/test-browser.sh

## The property tests of every decoder and encoder (src/properties.rs), with
## many more cases than `make test` runs (PROPTEST_CASES, default 100000),
## then the differential suite against @nangohq/frontend in Chromium
## (tests/js/differential.test.mjs; NANGO_DIFF_RUNS, default 5000 cases).
fuzz: pkg
	PROPTEST_CASES=$${PROPTEST_CASES:-100000} cargo test --release -p nango-frontend --lib properties
	NANGO_ENGINES=chromium NANGO_DIFF_RUNS=$${NANGO_DIFF_RUNS:-5000} NANGO_JS_SUITES=tests/js/differential.test.mjs ./scripts/test-browser.sh

## Build the package and the Rust example apps, start the dev server with
## the example pages, print their URLs.
demo: pkg rust-apps
	cargo build -p nango-dev-server
	@echo
	@echo "Example page: http://127.0.0.1:$(PORT)/examples/custom-ui/  (Ctrl-C stops the server)"
	@echo "Leptos app:   http://127.0.0.1:$(PORT)/examples/leptos-app/"
	@echo "Yew app:      http://127.0.0.1:$(PORT)/examples/yew-app/"
	@echo
	./target/debug/nango-dev-server --port $(PORT) --root .

dev-server: bootstrap
	cargo run -p nango-dev-server -- --port $(PORT) --root .

## Benchmarks against the official @nangohq/frontend, written to BENCHMARKS.md.
bench: pkg
	./scripts/bench.sh

clean:
	rm -rf pkg target/test-browser
