# Thin task runner: every target is one step a person, CI or the Dockerfile runs.
SHELL := /bin/bash
BUILD ?= build
JOBS ?= 2
SOURCES ?= $(abspath ../shared/data)
DB ?= out/westmids.sqlite
PORT ?= 8080
HOST ?= 127.0.0.1
CMAKE_FLAGS ?=
# Sanitizer + fuzzing build (clang): unit tests under ASan/UBSan, and the libFuzzer harnesses.
ASAN_BUILD ?= build-asan
FUZZ_SECONDS ?= 60
TEST_FUZZ_SECONDS ?= 20
FUZZERS := csv_reader manifest mvt_decoder url_query http_request

APT_PACKAGES := build-essential cmake ccache pkg-config git ca-certificates \
  libboost-dev libgdal-dev gdal-bin libproj-dev proj-bin libgeos-dev \
  libsqlite3-dev sqlite3 libspatialite-dev libsqlite3-mod-spatialite \
  nlohmann-json3-dev catch2 libprotozero-dev zlib1g-dev clang-format \
  libcairo2-dev libxlsxwriter-dev poppler-utils chromium fonts-dejavu-core python3 \
  clang libclang-rt-14-dev nginx-light wrk

.PHONY: deps web-deps build test run data demo bench clean format asan-build asan-test fuzz \
  sanitize-test

## deps: install the Debian 12 packages and the web client's npm packages (idempotent; needs root)
deps: apt-deps web-deps

apt-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	else echo "all Debian packages present"; fi
	@command -v node >/dev/null 2>&1 || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm; }

## web-deps: MapLibre GL JS and the browser-test driver from npm (lockfile), copied into web/vendor
web-deps:
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent vendor

## build: configure and compile (Release with debug info)
build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j$(JOBS)

## test: everything CI runs (unit, real-data integration, bad-input corpus, then sanitizers/fuzzing)
test: build web-deps
	cd $(BUILD) && SNAMAP_SHARED_DATA=$(SOURCES) ctest --output-on-failure -j1
	$(MAKE) --no-print-directory sanitize-test FUZZ_SECONDS=$(TEST_FUZZ_SECONDS)

## sanitize-test: unit tests under ASan+UBSan, then every fuzzer for FUZZ_SECONDS (docs/fuzzing.md)
sanitize-test: asan-test fuzz

## asan-build: everything with clang, ASan+UBSan and libFuzzer coverage, in $(ASAN_BUILD)
# ccache keyed on paths relative to the checkout, so a clone elsewhere (CI) reuses the objects.
asan-build:
	export CCACHE_BASEDIR=$(CURDIR) CCACHE_NOHASHDIR=1; \
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=None \
	  -DCMAKE_CXX_FLAGS="-O1 -g1" -DSNAMAP_FUZZ=ON && \
	cmake --build $(ASAN_BUILD) -j$(JOBS) --target sna_tests fuzzers

## asan-test: the unit tests (not [real]) built with AddressSanitizer + UndefinedBehaviorSanitizer
asan-test: asan-build
	ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/fuzz/lsan.supp SNAMAP_SHARED_DATA=$(SOURCES) \
	  $(ASAN_BUILD)/tests/sna_tests "~[real]"

## fuzz: each libFuzzer harness for FUZZ_SECONDS (default 60) from fuzz/seeds/ plus the corpus
## it grew before ($(ASAN_BUILD)/fuzz/corpus/); a finding stops with the input in $(ASAN_BUILD)/fuzz/
fuzz: asan-build
	@passed=0; for f in $(FUZZERS); do \
	  mkdir -p $(ASAN_BUILD)/fuzz/corpus/$$f; \
	  echo "fuzz: $$f for $(FUZZ_SECONDS) s"; \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/fuzz/lsan.supp \
	  $(ASAN_BUILD)/fuzz/$${f}_fuzzer -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -artifact_prefix=$(ASAN_BUILD)/fuzz/$$f- $(ASAN_BUILD)/fuzz/corpus/$$f fuzz/seeds/$$f \
	    2>$(ASAN_BUILD)/fuzz/$$f.log || { tail -40 $(ASAN_BUILD)/fuzz/$$f.log; \
	    echo "fuzz: $$passed passed, 1 failed"; exit 1; }; \
	  grep -E '^stat::number_of_executed_units|^Done' $(ASAN_BUILD)/fuzz/$$f.log; \
	  passed=$$((passed + 1)); \
	done; echo "fuzz: $$passed passed, 0 failed"

## data: build the West Midlands database from ../shared/data (or SOURCES=...)
data: build
	@mkdir -p $(dir $(DB))
	$(BUILD)/snamap build data/westmids.json --sources $(SOURCES) -o $(DB)
	$(BUILD)/snamap info $(DB) | head -20

## demo: a synthetic region, for machines without the real data
demo: build
	$(BUILD)/snamap demo-data out/demo --areas 1500 --points 20000 --seed 1
	$(BUILD)/snamap build out/demo/manifest.json --sources out/demo -o out/demo.sqlite

## run: the main job — build the database (real data when present, else a demo region) and serve it
run: build web-deps
	@if [ -d "$(SOURCES)/boundaries" ]; then \
	  echo "Using the real West Midlands data in $(SOURCES)"; $(MAKE) --no-print-directory data; \
	  db=$(DB); \
	else \
	  echo "No real data at $(SOURCES): using a synthetic demo region"; $(MAKE) --no-print-directory demo; \
	  db=out/demo.sqlite; \
	fi; \
	exec $(BUILD)/snamap serve $$db --host $(HOST) --port $(PORT) --web web

bench: build
	bash bench/run.sh

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) out
