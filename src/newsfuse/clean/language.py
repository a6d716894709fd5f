"""Language identification with lingua, restricted to the languages the settings allow."""
from __future__ import annotations

import re
from functools import lru_cache

from lingua import IsoCode639_1, LanguageDetectorBuilder

SAMPLE_CHARS = 600  # a paragraph decides the language among the configured few; more only costs time (179/181 AEB pages agree with 1,500)
MIN_CONFIDENCE = 0.5
# Function words no other configured language uses: prose where they make up this share of the first words is
# English, without asking lingua (most pages of an English newsroom; AEB: 134 pages so, all also English to lingua)
ENGLISH_ONLY = frozenset("the of and to that with for from this which have has were said would their been they".split())
ENGLISH_SHARE = 0.15
ENGLISH_MIN_WORDS = 30
ASCII_WORD = re.compile(r"[a-z]+")

@lru_cache(maxsize=8)
def _detector(codes: tuple[str, ...]):
    languages = []
    for code in codes:
        try:
            languages.append(IsoCode639_1.from_str(code.lower()))
        except ValueError:
            continue
    if len(languages) < 2:
        return None, languages

    return LanguageDetectorBuilder.from_iso_codes_639_1(*languages).build(), languages

def detect_language(text: str, languages: list[str]) -> str | None:
    """ISO 639-1 code of the text's language among `languages`; None when unsure or the text is too short."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.split()) < 3:
        return None
    if "en" in languages and _clearly_english(sample):
        return "en"
    detector, allowed = _detector(tuple(languages))
    if detector is None:
        return allowed[0].name.lower() if allowed else None
    values = detector.compute_language_confidence_values(sample)
    if not values or values[0].value < MIN_CONFIDENCE:
        return None
    return values[0].language.iso_code_639_1.name.lower()


def _clearly_english(sample: str) -> bool:
    """True when English-only function words are a large share of the sample's first 150 words."""
    words = ASCII_WORD.findall(sample.lower())[:150]
    return len(words) >= ENGLISH_MIN_WORDS and sum(w in ENGLISH_ONLY for w in words) >= ENGLISH_SHARE * len(words)
