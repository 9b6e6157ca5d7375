# qrtl: the two commands a new machine needs are `make run` and `make test`.
SHELL := /bin/bash
BUILD ?= build
JOBS ?= $(shell nproc)
QRTL := $(BUILD)/qrtl
PRECSET := rtl/precision-set.toml
OUT ?= out
# Blocks verified in parallel by `make run` (each Verilator build itself uses 2 threads).
SWEEP_JOBS ?= $(shell n=$$(nproc); echo $$(( n > 1 ? n / 2 : 1 )))

.PHONY: all deps build test run rtl lint synth clean test-asan soak fuzz check-determinism profiles area-table area-baseline

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/build.ninja: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Regenerate the default library rtl/ from the default precision set.
rtl: build
	find rtl -maxdepth 1 \( -name '*.sv' -o -name '*.json' -o -name '*.core' -o -name '*.f' \) -delete
	$(QRTL) build $(PRECSET) --out rtl

lint: build
	@set -e; for f in rtl/*.sv; do top=$$(basename $$f .sv); echo "== $$top"; $(QRTL) lint $$f --top $$top; done

synth: build
	@set -e; for f in rtl/*.sv; do $(QRTL) synth $$f --top $$(basename $$f .sv); done

# The main job: generate the default precision set, lint, cosim and synthesize every block (cached,
# SWEEP_JOBS at a time); prints a summary table and the paths of report.md, report.json and plots.
run: build
	$(QRTL) sweep $(PRECSET) --out $(OUT)/run -j $(SWEEP_JOBS)

# Regenerate docs/profiles/measured/*.toml (qrtl perf profiles) from ../shared/data/int8-tensors;
# skips with a note when that folder is absent.
profiles: build
	python3 benchmarks/measured_profiles.py $(QRTL)

# Before/after area of the whole default library (docs/results/core.md): rtl/ of git revision BASE
# against the working tree's rtl/, both through `qrtl synth`; fails when a block grew by more than 2%.
BASE ?= HEAD
area-table: build
	rm -rf $(OUT)/area-base && mkdir -p $(OUT)/area-base
	git archive $(BASE) rtl | tar -x -C $(OUT)/area-base
	python3 benchmarks/area_table.py measure $(OUT)/area-base/rtl --out $(OUT)/area-base.json -j $(JOBS)
	python3 benchmarks/area_table.py measure rtl --out $(OUT)/area-now.json -j $(JOBS)
	python3 benchmarks/area_table.py compare $(OUT)/area-base.json $(OUT)/area-now.json

# The checked-in area table of the default library (generic flow), which the tests hold every block
# to (at most 2% growth): rerun and commit it with any change that moves rtl/.
area-baseline: build
	python3 benchmarks/area_table.py measure rtl --out synth/area_baseline.json --no-seconds -j $(JOBS)

# ASan+UBSan Debug build of the C++ tests, without the Verilator-heavy suites (CTest label slow),
# then the cross-build-type determinism check against the RelWithDebInfo build.
test-asan: deps build
	cmake -S . -B $(BUILD)-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DQRTL_SANITIZE=ON \
	  -DQRTL_TEST_CACHE_DIR=$(abspath $(BUILD))/cosim-cache
	cmake --build $(BUILD)-asan -j $(JOBS)
	cd $(BUILD)-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -LE slow
	scripts/check-determinism.sh $(QRTL) $(BUILD)-asan/qrtl

# Byte-identical output of two qrtl builds (default: the normal and the sanitizer build).
check-determinism:
	scripts/check-determinism.sh $(QRTL) $(BUILD)-asan/qrtl

# The property test with more random configurations: make soak N=500 [SEED=123].
# N configurations are cosimulated and max(300, 3N) linted, spread over every registered block.
N ?= 300
SEED ?= $(shell date +%s)
# The property test runs directly (GoogleTest shards, one per job), without CTest's time limit.
soak: build
	@echo "soak: QRTL_PROPERTY_SEED=$(SEED) QRTL_PROPERTY_COUNT=$(N)"
	@pids=(); for i in $$(seq 0 $$(($(JOBS) - 1))); do \
	  QRTL_PROPERTY_SEED=$(SEED) QRTL_PROPERTY_COUNT=$(N) GTEST_TOTAL_SHARDS=$(JOBS) GTEST_SHARD_INDEX=$$i \
	    $(BUILD)/tests/property_test --gtest_brief=1 > $(BUILD)/soak-$$i.log 2>&1 & pids+=($$!); \
	done; rc=0; for p in "$${pids[@]}"; do wait $$p || rc=1; done; \
	cat $(BUILD)/soak-*.log; exit $$rc

# libFuzzer targets (clang, ASan+UBSan) for FUZZ_TIME seconds each; see docs/reliability.md.
# OSS-Fuzz's compile flags (-O1, line tables only): a sanitizer report needs no more, and the
# build takes half the time of -O2 -g.
FUZZ_TIME ?= 20
fuzz: deps
	cmake -S . -B $(BUILD)-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DQRTL_FUZZ=ON \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only"
	cmake --build $(BUILD)-fuzz -j $(JOBS) --target fuzzers
	scripts/run-fuzzers.sh $(BUILD)-fuzz $(FUZZ_TIME)

clean:
	rm -rf $(BUILD) $(BUILD)-asan $(BUILD)-fuzz $(OUT)
