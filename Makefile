# Folio. `make run` builds everything and serves the sample magazine;
# `make test` runs every test; `make bench` prints the size and speed report.

GO      ?= go
WASM    := web/app.wasm
BIN     := bin/folio
WASMENV := GOOS=js GOARCH=wasm
# No inlining: app.wasm grows raw but shrinks by ~110 KB brotli, what a phone
# downloads. cmd/wasm's size test builds with the same flags.
WASMFLAGS := -trimpath -gcflags=all=-l -ldflags="-s -w"
# go test under js/wasm runs through Node with Go's own runner.
WASMRUN := PATH="$$($(GO) env GOROOT)/lib/wasm:$$PATH" $(WASMENV)

.PHONY: all run build wasm test vet bench clean

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

vet:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(WASMENV) $(GO) vet ./app/... ./cmd/wasm

test: wasm vet
	$(GO) test -count=1 ./...
	$(WASMRUN) $(GO) test -count=1 ./app/article ./app/comment

bench: wasm
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
	@echo "== a publisher's page: largest contentful paint without and with two embeds"
	@$(GO) test -run='^$$' -bench=EmbedLCP -benchtime=5x ./cmd/folio

clean:
	rm -rf bin web/app.wasm web/app.wasm.br web/app.wasm.gz
