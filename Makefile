# qrtl: the two commands a new machine needs are `make run` and `make test`.
SHELL := /bin/bash
BUILD ?= build
JOBS ?= $(shell nproc)
QRTL := $(BUILD)/qrtl
PRECSET := rtl/precision-set.toml
OUT ?= out
# Blocks verified in parallel by `make run` (each Verilator build itself uses 2 threads).
SWEEP_JOBS ?= $(shell n=$$(nproc); echo $$(( n > 1 ? n / 2 : 1 )))

.PHONY: all deps build test run rtl lint synth clean test-asan

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

test-asan: deps
	cmake -S . -B $(BUILD)-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DQRTL_SANITIZE=ON
	cmake --build $(BUILD)-asan -j $(JOBS)
	cd $(BUILD)-asan && ctest --output-on-failure -j $(JOBS) -LE slow

clean:
	rm -rf $(BUILD) $(BUILD)-asan $(OUT)
