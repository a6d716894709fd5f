"""Bytes to text: UTF-8, UTF-16 with BOM, a declared charset verified, then charset-normalizer."""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">, in the head
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# C0 controls other than tab/newline/carriage return/form feed: text never holds many of them
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
PLAUSIBLE_CHARS = 50_000  # binary decoded by luck shows its control characters long before this (a regex scan per page)
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class NotText(ValueError):
    """The bytes are binary data or in no encoding that can be identified."""


def _lookup(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def _norm(name: str) -> str:
    """A codec's canonical name with underscores ('iso8859_15'), for comparing names from different sources."""
    return (_lookup(name) or name).replace("-", "_")


def _plausible(text: str, replacements: bool = True) -> bool:
    """Text, not binary garbage decoded by luck: few control characters (and replacement marks, if counted)."""
    if not text:
        return True
    head = text[:PLAUSIBLE_CHARS]
    bad = len(CONTROL.findall(head)) + (head.count("\ufffd") if replacements else 0)
    return bad <= max(2, len(head) // 1000)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a meta tag near its top, when it names a known codec."""
    m = META_CHARSET.search(data[:4096])
    return _lookup(m.group(1).decode("ascii", "ignore")) if m else None


def decode_bytes(data: bytes, declared: str | None = None, html: bool = False) -> str:
    """Decoded text; raises NotText for binary data (NUL bytes) or undecodable bytes."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise NotText("the file starts with a byte-order mark but is not valid Unicode") from None
    if b"\x00" in data[:65536]:
        raise NotText("it holds binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
        # valid UTF-8 that spells U+FFFD holds marks an earlier tool left, not bytes we failed to read
        if _plausible(text, replacements=False):
            return text
    except UnicodeDecodeError:
        text = _mostly_utf8(data)
        if text is not None:
            return text
    # a header or meta tag may lie (a UTF-8 page declaring latin-1 decoded fine above); verify it
    candidates = [_lookup(declared)]
    if html:
        candidates.append(declared_charset(data))
    for codec in candidates:
        if codec and codec not in ("utf-8",):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            # single-byte codecs decode anything: only trust them when charset-normalizer does not object
            if _plausible(text) and (codec not in SINGLE_BYTE or _agrees(data, codec)):
                return text
    encoding = _guess(data)
    if encoding is None:
        raise NotText("its bytes are not text in any encoding that could be identified")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        raise NotText(f"it is not UTF-8 and no common encoding reads it (byte 0x{data[e.start]:02x} at offset "
                      f"{e.start} is undefined in {encoding})") from None
    except LookupError:
        raise NotText("its bytes are not text in any encoding that could be identified") from None
    if not _plausible(text):
        raise NotText("it holds binary data, not text")
    return text


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few corrupt bytes (a cut download, two files run together), each kept as U+FFFD; else None.

    Guessing a single-byte codec for such a file would garble every accented letter of the article to save
    the few bytes that are lost anyway.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")  # characters of real multibyte sequences
    if good >= MIN_UTF8_CHARS and bad * MAX_BAD_SHARE <= good and _plausible(text, replacements=False):
        return text
    return None


MIN_UTF8_CHARS = 3
# at most one corrupt byte per well-formed multibyte character: text in a single-byte codec almost never holds
# even one valid multibyte sequence (a lead byte followed by the right continuation bytes) by chance
MAX_BAD_SHARE = 1


# On short texts several codecs tie; the ones the web actually uses win the tie, in this order
PREFERRED = ("utf_8", "cp1252", "latin_1", "iso8859_15", "cp1251", "koi8_r", "cp1250", "iso8859_2", "shift_jis", "euc_jp", "gb18030", "big5", "euc_kr")
# Codecs trusted for mostly-ASCII text: the common web ones and the legacy Windows/ISO pages of European languages
COMMON_CODECS = {_norm(n) for n in PREFERRED + (
    "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "iso8859_3", "iso8859_4", "iso8859_5", "iso8859_6",
    "iso8859_7", "iso8859_8", "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_16", "koi8_u", "ascii")}
LATIN_MAX_HIGH_SHARE = 0.3  # in CJK, Greek or Cyrillic text most bytes are high; in Western text few are
TIE_CHAOS = 0.02


def _guess(data: bytes) -> str | None:
    """charset-normalizer's encoding, with ties between equally plausible codecs broken toward common ones."""
    matches = list(from_bytes(data[:500_000]))  # best first
    if not matches:
        return None
    head = data[:200_000]
    if sum(b > 127 for b in head) <= LATIN_MAX_HIGH_SHARE * len(head):
        # mostly ASCII: Western text with a few accents, or corrupt bytes. A codec the web hardly uses (cp775,
        # mac_latin2, johab) wins such short guesses by chance ('Naïve résumé' in Latin-1 came out Korean).
        matches = [m for m in matches if _norm(m.encoding) in COMMON_CODECS]
        if not matches:
            return "cp1252"  # reads Western text; undefined bytes (0x81, 0x8d, ...) then name the file as corrupt
    best = matches[0]
    tied = {_norm(m.encoding) for m in matches
            if m.chaos <= best.chaos + TIE_CHAOS and m.coherence >= best.coherence - 0.01}
    for name in PREFERRED:
        if _norm(name) in tied:
            return name
    return best.encoding


SINGLE_BYTE = {"latin_1", "iso8859-1", "cp1252", "iso8859-15", "cp1251", "koi8-r", "iso8859-2", "cp1250"}


def _agrees(data: bytes, codec: str) -> bool:
    """True unless charset-normalizer finds a clearly better, different encoding family."""
    guess = _guess(data[:200_000])
    if guess is None:
        return True
    found = _lookup(guess) or guess
    if found == codec:
        return True
    # latin-1 vs cp1252 vs iso8859-15 read the same letters; any Western single-byte guess agrees
    western = {"latin_1", "iso8859-1", "cp1252", "iso8859-15"}
    return found in western and codec in western
