"""Who an article credits for its text: the agencies and outlets its credit lines, dateline and sign-off name.

A credit line is provenance, not debris: "(Reuters)" in a dateline, "(Inputs from agency)", "Source: AFP",
"- Reuters" closing the last paragraph, "© Thomson Reuters" under a syndicated story. The cleaner still takes
those lines out of the body (they are not the article's words); this module reads them back as the article's
`credits`, which corroboration uses to tell a wire story's re-editions from independent reports.
"""
from __future__ import annotations

import re

from ..model import Removed
from . import vocab

# wire services and syndicators whose name alone in a credit position means "this text came from them"
AGENCY = (r"Reuters|Thomson Reuters|Associated Press|AP|AFP|Agence France[- ]Presse|dpa|Deutsche Presse-Agentur|EFE|"
          r"Agencia EFE|ANSA|Xinhua|Kyodo(?: News)?|Jiji(?: Press)?|Yonhap|TASS|RIA Novosti|Interfax|Anadolu(?: Agency)?|"
          r"PTI|Press Trust of India|ANI|IANS|UNI|Bernama|Antara|PA Media|Press Association|PA|The Canadian Press|"
          r"Canadian Press|AAP|ANP|Belga|APA|NTB|TT|Ritzau|STT|CTK|PAP|MTI|Europa Press|Notimex|Telam|Télam|CNA|"
          r"Bloomberg|Dow Jones|UPI|United Press International")
AGENCY_RE = re.compile(rf"^(?:{AGENCY})$", re.I)
# "(Reuters)", "(AP)", "(Continental Press Service)" inside a dateline: the text's source
DATELINE_CREDIT = re.compile(r"\(([^()]{2,60})\)")
# a line that is only an agency's name, maybe in brackets or after a dash: "(Reuters)", "— AFP", "AP"
ALONE = re.compile(rf"^[\s(\[–—-]*(?P<who>{AGENCY})[\s)\].]*$", re.I)
# the last paragraph signed off by an agency: "... said on Friday. - Reuters", "... (AFP)", "(With inputs from agencies)"
SIGN_OFF = re.compile(rf"(?:\s[–—-]\s*|\s\()(?P<who>{AGENCY})\)?\s*\.?$")
INLINE_INPUTS = re.compile(r"[(\[]\s*(?:with )?(?:(?:agency )?inputs?|agencies) (?:from )?(?P<who>[^()\[\]]{1,60})[)\]]\s*\.?$", re.I)
WITH_AGENCIES = re.compile(r"^[(\[]?\s*(?:with|and|additional reporting by) (?P<who>agencies|agency|wires|news agencies)[)\]]?\s*\.?$", re.I)
COPYRIGHT_AGENCY = re.compile(rf"(?:©|\(c\)|copyright)\s*(?:\d{{4}}\s*)?(?P<who>{AGENCY})\b", re.I)
TEXT_SOURCE_KINDS = {"source", "sources", "fuente", "fuentes", "fonte", "fontes", "quelle", "quellen", "bron", "via"}
DATE_LIKE = re.compile(r"\d|^(?:updated|file|photo|video|pictured)\b", re.I)
# a dateline's bracket names a source, not a place ("Ho Chi Minh City (Vietnam)"), when it is an agency, an acronym
# or a name a news organisation carries
MEDIA_NAME = re.compile(rf"^(?:{AGENCY}|[A-Z][A-Za-z][A-Z]{{1,4}}|.*\b(?:Press|News|Agency|Agencia|Agence|Agentur|Service|"
                        r"Wire|Wires|Times|Post|Journal|Herald|Gazette|Tribune|Telegraph|Radio|TV|Television|Broadcasting|"
                        r"Network|Media|Daily|Chronicle|Newswire))$")
GENERIC = "agencies"  # what an unnamed credit ("inputs from agency", "with agencies") is recorded as
GENERIC_WORDS = {"agency", "agencies", "wire", "wires", "news agencies", "agency inputs", "agencies inputs"}


def _name(who: str) -> str:
    """A credited name as a reader writes it: an unnamed agency as GENERIC, spaces folded, edges trimmed."""
    who = " ".join(who.split()).strip(" .,:;-–—")
    return GENERIC if who.casefold() in GENERIC_WORDS else who


def _from_line(text: str) -> list[str]:
    """The names a removed credit/footer line credits for the text (a picture's credit credits nobody)."""
    m = ALONE.match(text) or WITH_AGENCIES.match(text)
    if m:
        return [_name(m.group("who"))]
    m = vocab.INPUTS_CREDIT.search(text)
    if m:
        return [_name(part) for part in re.split(r"\s*(?:,|\band\b|&)\s*", m.group("who")) if part.strip()]
    m = vocab.CREDIT.search(text)
    if m and m.group(1).lower() in TEXT_SOURCE_KINDS:
        return [_name(part) for part in re.split(r"\s*(?:,|\band\b|&|/)\s*", m.group("who")) if part.strip()]
    m = COPYRIGHT_AGENCY.search(text)
    return [_name(m.group("who"))] if m else []


def credits(paragraphs: list[str], removed: list[Removed], dateline: str | None, outlet: str | None) -> list[str]:
    """The agencies/outlets the article credits for its text, in the order found, once each; its own outlet is not
    a credit (a CNN dateline "(CNN)" on CNN's page) and an unnamed agency is GENERIC."""
    found: list[str] = []
    if dateline:
        for m in DATELINE_CREDIT.finditer(dateline):
            if not DATE_LIKE.search(m.group(1)) and MEDIA_NAME.match(m.group(1).strip()):
                found.append(_name(m.group(1)))
    for r in removed:
        if r.reason in ("credit line", "copyright footer", "network footer") or r.reason.startswith("page furniture"):
            if len(r.text) <= 120:
                found.extend(_from_line(r.text))
    if paragraphs:
        last = paragraphs[-1]
        m = SIGN_OFF.search(last) or INLINE_INPUTS.search(last)
        if m:
            found.append(_name(m.group("who")))
    own = (outlet or "").casefold()
    out: dict[str, str] = {}
    for name in found:
        if name and name.casefold() != own:
            out.setdefault(name.casefold(), name)
    return list(out.values())
