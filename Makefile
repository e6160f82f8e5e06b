# ClusterStat — every target installs what it needs on a fresh Debian machine.
#   make demo    the main job on the shipped data
#   make test    the test suite (what CI runs)
#   make fuzz    libFuzzer on the parsers (Fuzz/), FUZZ_SECONDS each

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# BLAS/LAPACK (OpenBLAS + LAPACKE) and R's standalone math library.
DEBIAN_PACKAGES := liblapack-dev libopenblas-dev liblapacke-dev r-mathlib libreadstat-dev libxml2-dev libgraphviz-dev librsvg2-dev fonts-noto-cjk pkg-config
RELEASE_BIN := .build/release/clusterstat

.PHONY: deps build demo test test-quick fuzz check-render notebooks bench clean serve check-serve

deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

build: deps
	$(SWIFT) build -c release --product clusterstat

demo: build
	$(RELEASE_BIN) study --out report
	@echo
	@echo "The whole study (chapters 5–7) on the shipped, simulated data: open report/report.html,"
	@echo "report/report.docx, report/report.xlsx or report/report.md; report/results.json holds every number."

test: deps
	$(SWIFT) test

# The suite without the tests tagged slow (Tests/_TestSupport/Tags.swift), for the edit-test loop.
test-quick: deps
	CLUSTERSTAT_QUICK=1 $(SWIFT) test

# libFuzzer with AddressSanitizer on the model syntax, CSV, XLSX and codebook
# parsers (Fuzz/Package.swift, a package of its own so the product never links
# the sanitizers). Each runs FUZZ_SECONDS from the seeds in Fuzz/corpus plus
# what earlier runs found (Fuzz/.build/corpus); a crash, a trap, a hang past
# FUZZ_TIMEOUT s or more than 2 GB stops the run with the input saved under
# Fuzz/.build/artifacts and printed in base64. ld.gold stops with an internal
# error on these links, hence lld. Leak detection is off: Foundation and
# ZIPFoundation keep small allocations for the life of the process.
FUZZ_SECONDS ?= 60
FUZZ_TIMEOUT ?= 20
# target:max_len (bytes): the .xlsx seeds are 5–13 kB, the rest are texts.
# The inputs in Fuzz/crashes/xlsx (what the fuzzer found in the old DOM reader)
# are regression tests of the streaming reader.
FUZZ_TARGETS ?= model-syntax:4096 csv:4096 codebook:8192 xlsx:16384

fuzz: deps
	$(SWIFT) build -c release --package-path Fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
	@mkdir -p Fuzz/.build/artifacts
	@for spec in $(FUZZ_TARGETS); do \
	  t=$${spec%%:*}; len=$${spec#*:}; dict=""; \
	  [ -f Fuzz/$$t.dict ] && dict="-dict=Fuzz/$$t.dict"; \
	  mkdir -p Fuzz/.build/corpus/$$t; \
	  echo "fuzz-$$t: $(FUZZ_SECONDS) s"; \
	  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 Fuzz/.build/release/fuzz-$$t \
	    Fuzz/.build/corpus/$$t Fuzz/corpus/$$t $$dict -max_total_time=$(FUZZ_SECONDS) -timeout=$(FUZZ_TIMEOUT) \
	    -rss_limit_mb=2048 -max_len=$$len -print_final_stats=1 \
	    -artifact_prefix=Fuzz/.build/artifacts/$$t- >Fuzz/.build/fuzz-$$t.log 2>&1 \
	  || { tail -n 60 Fuzz/.build/fuzz-$$t.log; echo "fuzz-$$t found a failure: Fuzz/.build/artifacts/"; exit 1; }; \
	  grep -E '^stat::number_of_executed_units|^Done' Fuzz/.build/fuzz-$$t.log | tr '\n' ' '; echo; \
	done

# Renders the study report in headless Chromium and converts the .docx with LibreOffice.
check-render: build
	scripts/check_render.sh

# Executes the Jupyter notebooks headlessly (pinned packages in Notebooks/requirements.txt).
notebooks: build
	python3 -m pip install -q -r Notebooks/requirements.txt
	CLUSTERSTAT=$(CURDIR)/$(RELEASE_BIN) python3 Notebooks/run_notebooks.py

bench: build
	$(MAKE) -C Benchmarks run

clean:
	rm -rf .build

# The local browser interface (Sources/Serve): build, then serve and open the browser.
serve: build
	$(RELEASE_BIN) serve --open

# Drives `clusterstat serve` in headless Chromium (Selenium): upload, reliability, CFA, the study, downloads.
check-serve: build
	CLUSTERSTAT=$(RELEASE_BIN) scripts/check-serve.sh
