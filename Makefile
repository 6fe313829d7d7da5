# The two commands: `make site` builds the site from Content/ into Output/, `make test` runs the
# tests. Both install what they need first (Scripts/setup).
SWIFT ?= swift
CONTENT ?= Content
TEMPLATES ?= Templates
OUTPUT ?= Output

.PHONY: all setup site test release bench clean

all: site

setup:
	@Scripts/setup

release: setup
	$(SWIFT) build -c release --product planpress

site: release
	"$$($(SWIFT) build -c release --show-bin-path)/planpress" build --content "$(CONTENT)" --templates "$(TEMPLATES)" --output "$(OUTPUT)"

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# PlanPress against Hugo and cmark on scaled copies of Content/; writes BENCHMARKS.md.
# BENCH_SCALES="1 100 1000" and BENCH_RUNS choose the corpora and the runs (see Scripts/bench).
bench: setup
	Scripts/bench

clean:
	rm -rf .build
	find "$(OUTPUT)" -mindepth 1 ! -name .gitignore -delete
