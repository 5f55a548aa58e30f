# Folio. `make run` builds everything and serves the sample magazine;
# `make test` runs every test; `make bench` prints the speed report (issue 8's
# table); `make bench-details` the benchmarks behind it.

GO      ?= go
WASM    := web/app.wasm
BIN     := bin/folio
WASMENV := GOOS=js GOARCH=wasm
# No inlining: app.wasm grows raw but shrinks by ~130 KB brotli, what a phone
# downloads; inlining goldmark and the runtime alone would make rendering about
# 1.3× faster for +56 KB (README, "Size and speed of the browser program").
# nethttpomithttp2 drops net/http's HTTP/2 code, which go-app's import of
# net/http links and a browser never runs (−12 KB brotli). cmd/wasm's size
# test builds with the same flags and checks they match this line.
WASMFLAGS := -trimpath -tags=nethttpomithttp2 -gcflags=all=-l -ldflags="-s -w"
# axe-core, for the accessibility browser test (cmd/folio/a11y_e2e_test.go):
# installed from npm at this exact version into a git-ignored folder, never
# committed. Keep axeVersion in that test the same.
AXE_VERSION := 4.14.1
AXE        := .cache/axe/node_modules/axe-core/axe.min.js
# marked, the anchor of the Markdown benchmark (make bench-markdown): installed
# the same way, at this exact version.
MARKED_VERSION := 18.2.1
MARKED         := .cache/marked/node_modules/marked/lib/marked.esm.js
# Folio's article renderer alone, built with app.wasm's flags, for that benchmark.
RENDERWASM     := .cache/mdbench/render.wasm
# Lighthouse, for make bench's Lighthouse rows, installed the same way (make
# test does not need it). Not 12.8.2, the last for Node 18: on Chromium 156 it
# reports CLS 0 even with a shift injected. 13.x asks for Node 22 and runs on
# Node 20 (npm warns). Keep Version in cmd/folio/internal/lighthouse the same.
LIGHTHOUSE_VERSION := 13.5.0
LIGHTHOUSE := .cache/lighthouse/node_modules/.bin/lighthouse
# Noto Color Emoji, for the reactions in make screenshots' pictures: Debian's
# package unpacked into the git-ignored .cache and given to that run's
# Chromium alone (FONTCONFIG_FILE), nothing installed on the machine. Where
# apt-get is missing the pictures use the system's fonts.
EMOJI := .cache/emoji/fonts.conf
# go test under js/wasm runs through Node with Go's own runner.
WASMRUN := PATH="$$($(GO) env GOROOT)/lib/wasm:$$PATH" $(WASMENV)

.PHONY: all run build wasm axe marked lighthouse test vet bench bench-details bench-markdown bench-static bench-scale screenshots clean

all: build

run: build
	./$(BIN) serve

build: wasm
	$(GO) build -trimpath -o $(BIN) ./cmd/folio

wasm: $(WASM)

# Rebuilt only when the browser program's sources change.
$(WASM): $(shell find app cmd/wasm -name '*.go' -not -name '*_test.go') go.mod go.sum
	$(WASMENV) $(GO) build $(WASMFLAGS) -o $(WASM) ./cmd/wasm
	$(GO) run ./cmd/folio/internal/precompress $(WASM)

axe: $(AXE)

# Reinstalled when this file changes, so a new AXE_VERSION takes effect.
$(AXE): Makefile
	npm install --no-save --no-package-lock --no-audit --no-fund --prefix .cache/axe axe-core@$(AXE_VERSION)
	@touch $@

$(EMOJI):
	@mkdir -p $(dir $@)
	@if command -v apt-get >/dev/null && (cd $(dir $@) && apt-get download fonts-noto-color-emoji >/dev/null 2>&1) && \
	  dpkg-deb -x $(dir $@)fonts-noto-color-emoji_*.deb $(dir $@)root; then \
	  printf '<?xml version="1.0"?>\n<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n' \
	    "$(CURDIR)/$(dir $@)root/usr/share/fonts" "$(CURDIR)/$(dir $@)cache" >$@; \
	else echo "no emoji font: apt-get download fonts-noto-color-emoji failed; the system's fonts are used" >&2; \
	  printf '<?xml version="1.0"?>\n<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include></fontconfig>\n' >$@; fi

# The README's pictures, one per feature of the reader's desk, each a phone
# and a desktop in light and dark (docs/screenshots/FEATURE.jpg), taken by
# TestFeaturesLook on the sample magazine with a seeded thread. Run it again
# after a change a reader sees, and look at them before committing.
screenshots: wasm axe $(EMOJI)
	@FONTCONFIG_FILE=$(CURDIR)/$(EMOJI) FOLIO_E2E=require FOLIO_AXE=$(CURDIR)/$(AXE) FOLIO_README_SHOTS=$(CURDIR)/docs/screenshots \
	  bash -o pipefail -c "$(GO) test -count=1 -v -run '^TestFeaturesLook$$' ./cmd/folio | grep -Ev '^=== (RUN|PAUSE|CONT)'"

marked: $(MARKED)

$(MARKED): Makefile
	npm install --no-save --no-package-lock --no-audit --no-fund --prefix .cache/marked marked@$(MARKED_VERSION)
	@touch $@

lighthouse: $(LIGHTHOUSE)

$(LIGHTHOUSE): Makefile
	npm install --no-save --no-package-lock --no-audit --no-fund --prefix .cache/lighthouse lighthouse@$(LIGHTHOUSE_VERSION) >&2
	@touch $@

vet:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(WASMENV) $(GO) vet ./app/... ./cmd/wasm ./cmd/folio/internal/mdbench/render

test: wasm axe vet
	FOLIO_AXE=$(CURDIR)/$(AXE) $(GO) test -count=1 -timeout 30m ./...
	$(WASMRUN) $(GO) test -count=1 ./app/article ./app/comment

# Issue 8's speed report: one Markdown table, every figure beside its anchor
# measured in the same run (nginx serving the `folio build` output, marked in
# the same Node process, the size test's budget), medians of RUNS runs, with
# Lighthouse (make lighthouse) and nginx and wrk when installed. Takes about
# 10 minutes. V=1 prints every run's figures; RUNS=5 takes more;
# UPDATE_README=1 also writes the table into README.md (its Speed section).
RUNS ?= 3
bench: build lighthouse
	@$(GO) run ./cmd/folio/internal/benchreport -bin $(BIN) -runs $(RUNS) $(if $(V),-v) $(if $(UPDATE_README),-readme README.md)

# The detailed sections behind it, and more: render and prerender speed,
# the API and the store, a reader's visit, a 10,000-comment thread, embeds.
bench-details: wasm
	@echo "== app.wasm size"
	@$(GO) run ./cmd/folio/internal/precompress $(WASM)
	@echo "== render the long sample article (native)"
	@$(GO) test -run='^$$' -bench=RenderLong -benchmem ./app/article
	@echo "== render the long sample article (wasm, under Node)"
	@$(WASMRUN) $(GO) test -gcflags=all=-l -run='^$$' -bench=RenderLong -benchmem ./app/article
	@echo "== prerender the long article's page, the API, and the store (posts/s, reads/s; PostgreSQL too when FOLIO_TEST_POSTGRES is set)"
	@$(GO) test -run='^$$' -bench=. -benchmem ./cmd/folio/internal/web ./cmd/folio/internal/api ./cmd/folio/internal/store
	@echo "== a reader's visit to the long article in Chromium: first, and repeat from the service worker"
	@$(GO) test -run='^$$' -bench=Visit -benchtime=5x ./cmd/folio
	@echo "== an article under a 10,000-comment thread: page and API bytes, ms until the comment box works"
	@$(GO) test -run='^$$' -bench=TenThousandComments -benchtime=3x ./cmd/folio
	@echo "== a publisher's page: largest contentful paint without and with two embeds"
	@$(GO) test -run='^$$' -bench=EmbedLCP -benchtime=5x ./cmd/folio
	@echo "== offline search over 200 kept articles in Chromium: ms per query (slowest query's median), to the results' frame, reading them the first time"
	@$(GO) test -run='^$$' -bench=Search -benchtime=3x ./cmd/folio
	@if command -v nginx >/dev/null && command -v wrk >/dev/null; then $(MAKE) --no-print-directory bench-static; \
	  else echo "== static files and pages ÷ nginx: skipped (apt-get install nginx wrk)"; fi

# goldmark in wasm (article.Render, built as app.wasm is) against marked with
# GFM, in the same Node process, on a 2,000- and a 20,000-word article made
# from the sample magazine: medians after warm-up, both times and the ratio
# (cmd/folio/internal/mdbench/bench.js). BEFORE_RENDER=path/to/an/older
# render.wasm adds its column, timed in the same run; MDBENCHFLAGS=--cpu
# times with CPU time instead of the wall clock, for a busy machine.
bench-markdown: $(MARKED)
	@mkdir -p $(dir $(RENDERWASM))
	@$(WASMENV) $(GO) build $(WASMFLAGS) -o $(RENDERWASM) ./cmd/folio/internal/mdbench/render
	@echo "== goldmark in wasm ÷ marked, same Node process"
	@node cmd/folio/internal/mdbench/bench.js $(MDBENCHFLAGS) --marked $(MARKED) \
	  --samples cmd/folio/internal/content/sample --wasm-exec "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" \
	  $(if $(BEFORE_RENDER),before=$(BEFORE_RENDER)) goldmark=$(RENDERWASM)

# Requests/s with 32 connections for the style sheet, app.wasm as brotli and
# an article page, Folio beside nginx serving `folio build` output in the same
# run (.ci/bench-static.sh says exactly what is compared). Needs nginx and wrk;
# not part of make test. BEFORE=path/to/an/older/folio adds its column.
bench-static: build
	@echo "== static files and pages ÷ nginx (req/s, 32 connections)"
	@bash .ci/bench-static.sh $(BIN) $(BEFORE)

# The proof at scale: real servers on SQLite and on a throwaway PostgreSQL
# (.ci/postgres.sh, as root), 64 clients, kill -9 mid-run, lost/doubled
# comments counted in the database, posts/s and reads/s with p50/p99.
# Takes about 3 minutes; not part of make test.
bench-scale: build
	bash -c '. .ci/postgres.sh && $(GO) run ./cmd/folio/internal/scaletest -bin $(BIN)'
	@echo "== 10,000 articles: start time, server memory, front page and API page size"
	@$(GO) test -run='^$$' -bench=StartTenThousand -benchtime=3x ./cmd/folio

clean:
	rm -rf bin web/app.wasm web/app.wasm.br web/app.wasm.gz
