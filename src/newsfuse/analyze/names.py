"""Name normalisation shared by entities and quotes: keys that fold case, diacritics, hyphens, titles."""
from __future__ import annotations

import re
import unicodedata

# Words that name a role, not a person: stripped from the front of PERSON names, kept for "the president".
TITLE_WORDS = frozenset("""
president vice prime minister deputy foreign energy defense defence finance interior trade secretary general
chairman chairwoman chair leader king queen prince princess mr mrs ms miss dr sen senator rep representative
governor gov mayor chancellor premier ambassador envoy spokesman spokeswoman spokesperson analyst academic
professor prof judge justice gen col colonel captain officer director ceo chief executive head commander
correspondent reporter editor actor actress singer star coach manager pope sir lord lady dame lt sgt
superintendent inspector detective sheriff attorney lawyer rev father sister brother emperor sultan
founder chairperson economist expert researcher scientist author writer host publicist rapper
dist atty lt sgt capt const det supt insp cpl pvt maj brig adm cmdr lieutenant sergeant trooper deputy
undersheriff sheriff md coo cfo cto cio prosecutor pensioner councillor councilor councilman councilwoman alderman commissioner
""".split())
# Nouns that make the name beside them an organisation ("energy company Novatek", "Rosatom, ... corporation").
ORG_NOUNS = frozenset("""
company companies corporation corp firm firms giant group producer operator bank agency newspaper daily
broadcaster outlet conglomerate carrier airline maker manufacturer supplier insurer lender retailer exporter
startup monopoly publisher broadcaster magazine tabloid website studio brand
""".split())
# Single-word company names often end like this; the small model tags many of them PERSON or GPE.
ORG_SUFFIX = re.compile(r"(?:prom|neft|atom|tek|tech|soft|bank|corp|gaz|flot|trans|telecom)$", re.I)
DEMONYM_ENDINGS = frozenset({"n", "an", "ian", "ean", "ese", "ish", "i", "ic", "ine", "er"})
LEGAL_FORMS = frozenset({"corp", "corporation", "co", "company", "inc", "incorporated", "ltd", "limited", "llc",
                         "plc", "ag", "sa", "gmbh", "nv", "bv"})
# US states as news datelines abbreviate them (AP style), for "Fulton County, Ga." = "Georgia".
STATE_ABBREVIATIONS = dict(pair.replace("_", " ").split("=") for pair in """Ala.=Alabama Ariz.=Arizona Ark.=Arkansas
Calif.=California Colo.=Colorado Conn.=Connecticut Del.=Delaware Fla.=Florida Ga.=Georgia Ill.=Illinois
Ind.=Indiana Kan.=Kansas Ky.=Kentucky La.=Louisiana Md.=Maryland Mass.=Massachusetts Mich.=Michigan
Minn.=Minnesota Miss.=Mississippi Mo.=Missouri Mont.=Montana Neb.=Nebraska Nev.=Nevada N.H.=New_Hampshire
N.J.=New_Jersey N.M.=New_Mexico N.Y.=New_York N.C.=North_Carolina N.D.=North_Dakota Okla.=Oklahoma Ore.=Oregon
Pa.=Pennsylvania R.I.=Rhode_Island S.C.=South_Carolina S.D.=South_Dakota Tenn.=Tennessee Vt.=Vermont
Va.=Virginia Wash.=Washington W.Va.=West_Virginia Wis.=Wisconsin Wyo.=Wyoming""".split())
ACRONYM_SKIP = frozenset({"of", "and", "the", "for", "&", "de", "du", "des", "la", "le", "on", "in", "to"})

_HYPHENS = re.compile(r"[-‐‑‒–—]")
_NONWORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lowercase ASCII-folded text: diacritics dropped, hyphens to spaces, punctuation removed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _HYPHENS.sub(" ", text.replace("đ", "d").replace("Đ", "D"))
    text = _NONWORD.sub("", text.lower())
    return _SPACES.sub(" ", text).strip()


def name_tokens(text: str) -> list[str]:
    """Folded tokens of a name, without a leading article."""
    toks = fold(text).split()
    if toks and toks[0] == "the":
        toks = toks[1:]
    return toks


def initials(text: str) -> str:
    """Upper-case initials of the name's content words ("Asia-Pacific Economic Cooperation" -> "APEC")."""
    words = [w for w in _HYPHENS.sub(" ", text).split()
             if w.lower() not in ACRONYM_SKIP and w.lower().rstrip(".") not in LEGAL_FORMS]
    # A short form inside the name gives all its letters ("U.S. Geological Survey" -> "USGS").
    return "".join(w.replace(".", "") if is_acronym(w) else w[0] for w in words if w[:1].isalpha()).upper()


def demonym_of(word: str, place: str) -> bool:
    """True when folded word is the people/adjective form of folded place ("russian"/"russia",
    "vietnamese"/"vietnam", "ukrainian"/"ukraine", "israeli"/"israel"): the place's stem plus a demonym ending."""
    if " " in word or " " in place:  # "north korean" / "north korea": same leading words, last one a demonym
        w, pl = word.split(), place.split()
        return len(w) == len(pl) and w[:-1] == pl[:-1] and demonym_of(w[-1], pl[-1])
    if len(place) < 4 or word == place:
        return False
    for cut in range(0, 3):  # "ukrain|e", "chin|a", "german|y"
        stem = place[: len(place) - cut] if cut else place
        if len(stem) >= 4 and word.startswith(stem) and word[len(stem):] in DEMONYM_ENDINGS:
            return True
    return False


def corporate_core(tokens: list[str]) -> list[str]:
    """The name without a trailing legal form ("compaq computer corp" -> "compaq computer")."""
    while len(tokens) > 1 and tokens[-1] in LEGAL_FORMS:
        tokens = tokens[:-1]
    return tokens


def is_acronym(text: str) -> bool:
    """True for all-capital short forms like "APEC", "U.S.", "UN"."""
    letters = text.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, capped at limit + 1 (enough to decide "small typo or not")."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            best = min(best, cur[j])
        if best > limit:
            return limit + 1
        prev = cur
    return prev[-1]
