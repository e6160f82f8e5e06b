# ClusterStat — every target installs what it needs on a fresh Debian machine.
#   make demo    the main job on the shipped data
#   make test    the test suite (what CI runs)

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# BLAS/LAPACK (OpenBLAS + LAPACKE) and R's standalone math library.
DEBIAN_PACKAGES := liblapack-dev libopenblas-dev liblapacke-dev r-mathlib libreadstat-dev libxml2-dev libgraphviz-dev librsvg2-dev fonts-noto-cjk pkg-config
RELEASE_BIN := .build/release/clusterstat

.PHONY: deps build demo test check-render notebooks bench clean

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
