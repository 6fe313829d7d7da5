# The two commands: `make site` builds the site from Content/ into Output/, `make test` runs the
# tests. Both install what they need first (Scripts/setup): libcmark to build, Chromium and the
# Noto CJK fonts to print the briefs to PDF (and, made from them once by Scripts/print-fonts, the
# copies with TrueType outlines that keep the PDFs' Chinese text copyable), poppler-utils for the
# tests that read those PDFs, chromium-driver and the pip packages of Tests/Browser/requirements.txt
# for the tests in a browser.
# `make check` checks Content/ as a build would, writing nothing: the CI job for content
# (`make check FORMAT=github`).
SWIFT ?= swift
CONTENT ?= Content
TEMPLATES ?= Templates
OUTPUT ?= Output
# site: extra options for planpress build, such as --force once for an output an earlier PlanPress wrote.
BUILD_FLAGS ?=
# check: how findings are printed (text, github, json), and extra options such as --strict.
FORMAT ?= text
CHECK_FLAGS ?=

PRINT_PACKAGES := chromium fonts-noto-cjk python3-fonttools
BROWSER_TEST_PACKAGES := chromium-driver poppler-utils python3-pip
# The Swift runtime linked into planpress on Linux: its calls (reference counting, on every value a
# page is built from) no longer go through the shared library's indirection. Linked with the
# toolchain's lld where it has one: GNU ld warns of the static Foundation's use of mktemp (not
# PlanPress's), which would alarm whoever reads the output of make.
TOOLCHAIN_BIN := $(dir $(realpath $(shell command -v $(SWIFT))))
RELEASE_FLAGS := -c release $(if $(filter Linux,$(shell uname -s)),--static-swift-stdlib $(if $(wildcard $(TOOLCHAIN_BIN)ld.lld),-Xswiftc -use-ld=lld))

.PHONY: all setup site check test release bench fuzz incremental-check clean

all: site

setup:
	@Scripts/setup

release: setup
	$(SWIFT) build $(RELEASE_FLAGS) --product planpress

site: release
	@Scripts/setup $(PRINT_PACKAGES) || echo "make: could not install $(PRINT_PACKAGES); the briefs are written as HTML only" >&2
	@Scripts/print-fonts || echo "make: could not make the print fonts; the PDFs' Chinese text may copy as radicals" >&2
	"$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/planpress" build --content "$(CONTENT)" --templates "$(TEMPLATES)" --output "$(OUTPUT)" $(BUILD_FLAGS)

check: release
	"$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/planpress" check --content "$(CONTENT)" --templates "$(TEMPLATES)" --format "$(FORMAT)" $(CHECK_FLAGS)

test: setup
	@Scripts/setup $(PRINT_PACKAGES) $(BROWSER_TEST_PACKAGES)
	@Scripts/print-fonts
	@python3 -c "import selenium, pytest, pypdf, axe_selenium_python" 2>/dev/null || \
	  python3 -m pip install --quiet --break-system-packages -r Tests/Browser/requirements.txt
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	python3 -m pytest Tests/Browser

# PlanPress against Hugo and cmark on scaled copies of Content/; writes BENCHMARKS.md.
# BENCH_SCALES="1 100 1000" and BENCH_RUNS choose the corpora and the runs (see Scripts/bench).
bench: setup
	Scripts/bench

# `planpress check` on FUZZ_RUNS random mutations of Content/ (FUZZ_SEED chooses them): every
# crash or hang is listed and its input kept for replay (see Scripts/fuzz-check).
FUZZ_RUNS ?= 5000
FUZZ_SEED ?= 1
fuzz: release
	Scripts/fuzz-check --runs $(FUZZ_RUNS) --seed $(FUZZ_SEED) --binary "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/planpress"

# Incremental builds against clean builds across INCREMENTAL_STEPS random edits of Content/
# (FUZZ_SEED chooses them): each must give the same bytes, or a refused one leave the output as it was.
INCREMENTAL_STEPS ?= 2000
incremental-check: release
	Scripts/incremental-check --steps $(INCREMENTAL_STEPS) --seed $(FUZZ_SEED) --binary "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/planpress"

clean:
	rm -rf .build
	find "$(OUTPUT)" -mindepth 1 ! -name .gitignore -delete
