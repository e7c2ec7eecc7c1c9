# The front door. `make serve` builds the example briefing and serves it with
# live reload; `make test` runs every test. See README.md.
GO       ?= go
FUZZTIME ?= 60s
BENCH    ?=
# SERVE_FLAGS are passed to dossier serve: make serve SERVE_FLAGS="--addr 127.0.0.1:8080"
SERVE_FLAGS ?=

# what a binary built here records of itself: `dossier version` prints the
# commit, and the workflow `dossier init` writes builds dossier from this
# clone's origin at that commit
LDFLAGS = -X main.version=$$(git describe --always --dirty=+changes 2>/dev/null || echo devel) \
	-X main.commit=$$(git rev-parse HEAD 2>/dev/null) -X main.sourceGit=$$(./scripts/origin-url.sh)

.PHONY: serve install build check test bench fuzz lint clean

serve: ## build the example site, serve it on 127.0.0.1:1313, rebuild and reload on every save
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/dossier .
	exec ./bin/dossier serve $(SERVE_FLAGS)

install: ## install the dossier binary in $(go env GOPATH)/bin, knowing this clone's origin for `dossier init`
	$(GO) install -ldflags "$(LDFLAGS)" .

build: ## build the example site into public/, strictly
	$(GO) run . build --strict

check: ## every check of a strict build, writing nothing
	$(GO) run . check

test: ## every test: Go's, then the browser's (installs Chromium and the npm packages, Pagefind among them, when missing)
	./scripts/browser-deps.sh
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...
	$(GO) test -count=1 -run 'TestCorpus|TestHostile' ./bench/pdfcorpus ./generator/pdf
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/dossier .
	npm test

bench: ## Go benchmarks of the hot paths, then full builds of the synthetic corpus, side by side with Hugo
	$(GO) test -run '^$$' -bench . -benchmem ./generator/...
	./scripts/bench-deps.sh
	$(GO) run ./bench $(BENCH)

FUZZ = page:FuzzParseBase cite:FuzzNormalize cite:FuzzParseGroup cite:FuzzFind cite:FuzzAcross cite:FuzzClosest cite:FuzzIndexRare cite:FuzzNameSource cite:FuzzPlainIndex cite:FuzzPlainText content:FuzzFrontMatter content:FuzzSimpleFields content:FuzzParagraphs content:FuzzFrontMatterRoundTrip content:FuzzPageMarkers content:FuzzControls webpage:FuzzExtract site:FuzzBuild site:FuzzLinkCheck render:FuzzCompile render:FuzzEscapers export:FuzzJSONString site:FuzzWords linkcheck:FuzzPlainLink linkcheck:FuzzForeignLink lsp:FuzzTyping lsp:FuzzPositions search:FuzzDecodeReply

fuzz: ## each fuzz target for FUZZTIME, with how many execs it ran and how often it stalled; what crashes one is kept in its package's testdata/fuzz
	@for t in $(FUZZ); do \
		out=$$(mktemp); \
		if ! $(GO) test -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 1x ./generator/$${t%%:*} > $$out 2>&1; then \
			cat $$out; rm -f $$out; exit 1; \
		fi; \
		echo "$$t: $$(grep 'execs:' $$out | tail -1 | sed -E 's/.*elapsed: ([^,]*), execs: ([0-9]+).*/\2 execs in \1/'), $$(grep 'execs:' $$out | sed '$$d' | grep -c '(0/sec)') reports at 0 execs/s"; \
		rm -f $$out; \
	done

lint: ## formatting and vet
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo "gofmt would change the files above"; exit 1; }
	$(GO) vet ./...

clean:
	rm -rf public bench/out bin node_modules
