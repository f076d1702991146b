# reviewbot — see README.md. Every target installs what it needs first.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SAMPLE := samples/gem-2009
BIN = $$($(SWIFT) build --show-bin-path)/reviewbot

.PHONY: deps corpus build release run test golden bench fuzz clean
CORPUS := ../shared/corpus

deps:
	@if ! pkg-config --exists libgit2 libxml-2.0 2>/dev/null; then \
	  echo "installing libgit2-dev libxml2-dev pkg-config"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) apt-get install -y libgit2-dev libxml2-dev pkg-config; \
	fi
	@# git send-email runs the sendemail-validate hook test; without it that test skips.
	@if ! { [ -x "$$(git --exec-path 2>/dev/null)/git-send-email" ] && \
	  perl -MMail::Address -e1 2>/dev/null; }; then \
	  echo "installing git git-email libmailtools-perl (for the send-email hook test)"; \
	  { $(SUDO) apt-get update -qq && \
	    $(SUDO) apt-get install -y git git-email libmailtools-perl; } || \
	    echo "could not install git-email: the send-email hook test will skip"; \
	fi

# The real-world corpus (read-only, beside the project) unpacked where tests and benchmarks
# look for it; skipped when the corpus is not on this machine.
corpus:
	@if [ -d $(CORPUS) ]; then \
	  command -v xz >/dev/null || $(SUDO) apt-get install -y xz-utils; \
	  mkdir -p .build-corpus; \
	  if [ ! -d .build-corpus/drm-2018 ]; then \
	    tar -xJf $(CORPUS)/drm-2018.tar.xz -C .build-corpus; fi; \
	  if [ ! -f .build-corpus/i915-2017-2018.mbox ]; then \
	    xz -dkc $(CORPUS)/i915-2017-2018.mbox.xz > .build-corpus/mbox.partial && \
	    mv .build-corpus/mbox.partial .build-corpus/i915-2017-2018.mbox; fi; \
	fi

build: deps
	$(SWIFT) build

# The binary to install and point hooks at: optimised, with the Swift runtime and
# Foundation linked in (a hook starts ~8 ms sooner without loading them).
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --scratch-path .build-release \
	  --product reviewbot
	@echo "built .build-release/release/reviewbot"

# Exit status 1 means "findings", which is what the sample is for.
run: build
	@$(BIN) review --tree $(SAMPLE)/tree $(SAMPLE)/pwrite-copy-under-lock.mbox || [ $$? -eq 1 ]

test: deps corpus
	$(SWIFT) test

# Regenerates every golden file; read the result with `git diff` before committing.
golden: build
	@BIN=$(BIN) ./samples/regenerate-goldens

bench: deps
	@if [ -f Benchmarks/Package.swift ]; then \
	  $(MAKE) -C Benchmarks run; else echo "make bench: not yet (issue: Benchmarks)"; fi

fuzz: deps
	@if [ -x Fuzz/run ]; then Fuzz/run; else echo "make fuzz: not yet (issue: Reliability)"; fi

clean:
	rm -rf .build
