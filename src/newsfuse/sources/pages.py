"""Fetched article pages: turned into a RawDocument, or a plain reason why the page is no article to keep."""
from __future__ import annotations

import re
from typing import Optional

from ..ingest.decode import NotText, decode_bytes
from ..model import RawDocument

CAPTCHA = re.compile(r"\b(?:captcha|are you a robot|verify (?:that )?you are (?:a )?human|unusual traffic from your)\b", re.I)
CONSENT = re.compile(r"\b(?:we value your privacy|cookie consent|consent to (?:the use of )?cookies|manage (?:your )?cookie"
                     r"|accept all cookies)\b", re.I)
PAYWALL = re.compile(r"\b(?:subscribe to (?:continue|read)|subscribers only|this (?:article|content) is for subscribers"
                     r"|already a subscriber\??\s*(?:log|sign) in)\b", re.I)
SCRIPT_SHELL = re.compile(r"\b(?:enable javascript|requires javascript|javascript is (?:disabled|required))\b", re.I)
TAGS = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", re.I | re.S)
SCRIPTS = re.compile(r"<script\b", re.I)
SHORT_TEXT = 600  # visible characters below which a wall's words decide what the page is


def visible_text(page: str) -> str:
    return " ".join(TAGS.sub(" ", page).split())


def wall(page: str, article_text: Optional[str] = None) -> Optional[str]:
    """Why the page is a wall, shell or stub rather than an article, judged on a short page only; None otherwise."""
    seen = article_text if article_text is not None else visible_text(page)
    if len(seen) >= SHORT_TEXT:
        return None
    shown = visible_text(page)
    if CAPTCHA.search(shown):
        return "blocked: a captcha page, not the article"
    if CONSENT.search(shown):
        return "blocked: a cookie consent wall, not the article"
    if PAYWALL.search(shown):
        return "blocked: a paywall stub (the article is for subscribers)"
    if SCRIPT_SHELL.search(shown) or (len(SCRIPTS.findall(page)) >= 3 and len(shown) < 200):
        return "not an article: a script-only page (its text is made by JavaScript)"
    return None


def raw_page(body: bytes, content_type: str, final_url: str, **meta) -> RawDocument:
    """The fetched page as a RawDocument; NotText when its bytes are no text."""
    ctype = content_type.lower()
    charset = None
    if "charset=" in ctype:
        charset = ctype.split("charset=", 1)[1].split(";")[0].strip().strip('"') or None
    kind = "text" if ctype.startswith("text/plain") else "html"
    text = decode_bytes(body, declared=charset, html=kind == "html")
    return RawDocument(input=meta.pop("input", final_url), kind=kind, text=text, encoding=charset, url=final_url, **meta)


__all__ = ["NotText", "raw_page", "wall", "visible_text"]
