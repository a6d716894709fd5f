"""Named-entity mentions of one article: spaCy NER spans repaired where the small model is weak."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .names import ORG_NOUNS, ORG_SUFFIX, TITLE_WORDS

KEPT = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
NAMED = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})  # names never contain digits
# Heads after which trailing capitalised words are a person ("the National Assembly Tran Thanh Man").
ORG_HEADS = frozenset({"assembly", "party", "committee", "council", "ministry", "bank", "court", "commission",
                       "agency", "congress", "senate", "parliament", "union", "organization", "association",
                       "company", "corporation", "group", "department", "office", "police", "army"})
# Words no person's name holds: a "person" span with one is an organisation ("Homicide Bureau").
ORG_WORDS = ORG_HEADS | {"bureau", "authority", "institute", "university", "hospital", "directorate", "service"}
# Words that make a capitalised phrase an administrative area, never a person's name.
ADMIN_AREAS = frozenset({"county", "district", "province", "prefecture", "township", "municipality", "borough",
                         "parish", "canton", "oblast", "governorate"})
# Title words that also qualify organisations ("Foreign Ministry", "Energy Department").
ROLE_ADJECTIVES = frozenset({"foreign", "energy", "defense", "defence", "finance", "interior", "trade", "general",
                             "deputy", "prime", "vice", "chief", "executive", "head", "party", "state"})
INSTITUTIONS = frozenset({"center", "centre", "hospital", "college", "school", "church", "cathedral", "university",
                          "academy", "infirmary", "clinic", "chapel", "abbey"})
FUNCTION_TAGS = frozenset({"IN", "CC", "DT", "PDT", "PRP", "PRP$", "TO", "WDT", "WP", "WRB", "RP", "EX"})
LOCATIVE = frozenset({"in", "near", "outside", "inside", "across", "throughout"})  # "in X": X is a place
NON_TITLE_NEIGHBOURS = frozenset({"the", "a", "an", "and", "of", "in", "on", "at", "by"})
# Street and structure words that are not also common surnames (so no Hall, Park, Way).
PLACE_SUFFIX = re.compile(r"\s(?:Lane|Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Steps|Bridge|Square|Drive|Boulevard|Blvd\.?|"
                          r"Quay|Wharf|Terrace|Crescent|Highway|Airport)$")
NAME_GLUE = frozenset({"of", "the", "and", "for", "de", "la", "le", "van", "von", "du", "da", "der", "del", "on",
                       "in", "at", "upon", "y", "e", "al", "bin", "ibn"})
_POSS = re.compile(r"(?:['’]s|['’])$")
_DIGIT = re.compile(r"\d")
# Month names and their short forms: "Jun 1" is a date the small model sometimes tags as a person.
MONTH = re.compile(r"^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(?:[a-z]*)\.?$")
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass
class RawMention:
    """One name in one article, with the evidence about what kind of thing it names."""

    article: str
    start: int
    end: int
    text: str
    label: str
    titles: tuple[str, ...] = ()
    org_cue: bool = False
    seq: int = 0  # position of the article in the story
    extra: dict = field(default_factory=dict)


def _trim(doc, s: int, e: int) -> tuple[int, int]:
    """Token range without a leading article and trailing possessive tokens."""
    # "the", and the stray quote or hyphen of "'Mommy" / "post-Soviet" the model swept in.
    while s < e and (doc[s].lower_ == "the" or doc[s].text in ("'", "‘", "’", '"', "“", "-", "–", "—")):
        s += 1
    while e > s and doc[e - 1].text in ("'s", "’s", "'", "’", "-", ".", ",", ":"):
        e -= 1
    return s, e


def _preceding_titles(doc, s: int) -> tuple[str, ...]:
    """Role words right before token s ("Russian President" -> ("president",))."""
    out = []
    i = s - 1
    while i >= 0 and i >= s - 5:
        t = doc[i]
        if t.lower_.rstrip(".") in TITLE_WORDS:
            out.append(t.lower_.rstrip("."))
        elif not (t.ent_type_ in ("NORP", "GPE") and t.text[:1].isupper()) and t.text not in ("'s", "’s"):
            break
        i -= 1
    return tuple(reversed(out))


def _name_core(doc, s: int, e: int) -> tuple[int, int]:
    """A person span without the words the model swept in: "Although LaRue", "a David Garrard",
    "Interoute's Wright", "Simpson Guilty Of" (proper nouns only at both ends, after any possessive)."""
    for i in range(e - 1, s, -1):
        if doc[i].text in ("'s", "’s"):
            s = i + 1
            break
    while s < e and not doc[s].tag_.startswith("NNP"):
        s += 1
    while e > s and not (doc[e - 1].tag_.startswith("NNP") or doc[e - 1].is_title or doc[e - 1].text == "."):
        e -= 1
    return s, e


def _org_cue(doc, s: int, e: int) -> bool:
    """True when a company-like noun precedes the name or heads an apposition after it."""
    if s > 0 and doc[s - 1].lower_ in ORG_NOUNS:
        return True
    if e < len(doc) and doc[e].text == ",":
        j = e + 1
        first = doc[j] if j < len(doc) else None
        if first is None or not (first.lower_ in ("a", "an", "the") or first.text[:1].isupper() or first.tag_.startswith("JJ")):
            return False
        last = None
        while j < len(doc) and j <= e + 11:
            t = doc[j]
            if t.is_punct and t.text not in ("-", "'s", "’s") or t.lower_ in ("of", "that", "which", "who"):
                break
            last = t
            j += 1
        return last is not None and last.lower_ in ORG_NOUNS
    return False


def _split_org_person(doc, s: int, e: int, label: str) -> list[tuple[int, int, str]]:
    """A span ending in two or more capitalised words after an org head or a title splits into ORG + PERSON
    ("the National Assembly Tran Thanh Man", "ATI Technologies India MD Dasaradha R Gude")."""
    for i in range(s, e - 2):
        low = doc[i].lower_.rstrip(".")
        rest = doc[i + 1 : e]
        if not all(t.is_title or t.is_upper for t in rest):
            continue
        if low in TITLE_WORDS and (low in ROLE_ADJECTIVES or any(t.lower_.rstrip(".") in TITLE_WORDS
                                                                 or t.lower_ in ORG_HEADS for t in rest)):
            continue  # "the Foreign Affairs Ministry" is not a minister
        if low in ORG_HEADS or low in TITLE_WORDS:
            if low in TITLE_WORDS and i == s:
                return [(s, e, "PERSON")]  # "Undersheriff James Gage": a titled person, whatever the model said
            return [(s, i + 1, "ORG"), (i + 1, e, "PERSON")]
    return [(s, e, label)]


def _pieces(doc, ent) -> list[tuple[int, int, str]]:
    """The entity's token range cut at line breaks and commas, each piece with its label."""
    pieces, cur = [], ent.start
    for i in range(ent.start, ent.end):
        t = doc[i]
        if t.text in (",", "/") or "\n" in t.text or t.is_space:  # "Peter Lynch/Timmons" names two
            if i > cur:
                pieces.append((cur, i))
            cur = i + 1
        elif "\n" in t.whitespace_:
            pieces.append((cur, i + 1))
            cur = i + 1
    if cur < ent.end:
        pieces.append((cur, ent.end))
    if ent.label_ != "PERSON":
        # "Investigates show Dunmore Civil Works": a name never holds a lowercase word but of/the/and/on...
        cut = []
        for s, e in pieces:
            low = [i for i in range(s, e) if doc[i].is_lower and doc[i].is_alpha and doc[i].lower_ not in NAME_GLUE]
            cut.append((low[-1] + 1, e) if low else (s, e))
        pieces = [(s, e) for s, e in cut if s < e]
    out = []
    for s, e in pieces:
        if ent.label_ in ("ORG", "WORK_OF_ART", "FAC", "PRODUCT", "EVENT") and e - s >= 3:
            out.extend(_split_org_person(doc, s, e, ent.label_))
        else:
            out.append((s, e, ent.label_))
    return out


def _whole_line(text: str, start: int, end: int) -> bool:
    """True when the span is all there is on its line (a section header, a byline)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start:start].strip() and not text[end:line_end].strip(" \t.:")


def _not_a_name(doc, s: int, label: str) -> bool:
    """A lone capitalised word that names nothing here: a plural noun opening a sentence ("Commuters, a van..."),
    a word after "a"/"an" ("a Centre for nuclear science"), or a "person" between a modifier and its noun
    ("his two-nation Asien tour")."""
    t = doc[s]
    prev = doc[s - 1] if s > 0 else None
    nxt = doc[s + 1] if s + 1 < len(doc) else None
    if t.tag_ == "NNS" and (prev is None or t.is_sent_start or prev.is_punct or prev.is_space):
        return True
    # "a Centre for nuclear science" names nothing; "a Colorado newspaper", "a NATO mission", "a Berlin Wall",
    # "a Manchester, Conn., firm" do.
    verb = nxt is not None and nxt.tag_[:2] in ("VB", "MD")
    loose = nxt is None or verb or (nxt.is_lower and nxt.tag_ in FUNCTION_TAGS) or (nxt.is_punct and nxt.text != ",")
    # A short form in capitals after "a" is a name ("a NATO mission") unless a verb follows ("A MAN has been").
    if sum(c.isupper() for c in t.text) > 1:
        loose = verb
    if prev is not None and ((prev.lower_ in ("a", "an") and loose)
                             or (t.tag_ in ("NNS", "NNPS") and prev.tag_ == "JJ" and prev.is_lower)):
        return True  # "a Centre for ...", "other States"
    return (label == "PERSON" and prev is not None and nxt is not None and prev.is_lower and nxt.is_lower
            and prev.tag_ in ("NN", "NNS", "JJ") and nxt.tag_ in ("NN", "NNS"))


def _caps_line(text: str, start: int, end: int) -> bool:
    """True when the span's line is mostly words in capitals (a credit line, a shouted header)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    words = _WORD.findall(text[line_start : len(text) if line_end < 0 else line_end])
    return len(words) <= 1 or sum(w.isupper() for w in words) * 5 >= 3 * len(words)


def _role_tail(doc, s: int, e: int) -> int:
    """Where a non-person span's trailing role words begin when a name follows ("Qeshm Governor Mehdi ...",
    "Fire Chief Daniel ...", "Energy Minister Sergei ..."): e when there are none."""
    nxt = doc[e] if e < len(doc) else None
    cut = e
    while cut > s and doc[cut - 1].lower_.rstrip(".") in TITLE_WORDS:
        cut -= 1
    if nxt is not None and nxt.lower_.rstrip(".") in TITLE_WORDS and nxt.is_title:
        # "Energy" of "Energy Minister Sergei Tsivilov": a span of role words before a title is a role.
        return s if all(t.lower_ in TITLE_WORDS or t.lower_ in ROLE_ADJECTIVES for t in doc[s:e]) else e
    if cut == e or nxt is None or not (nxt.is_title or nxt.is_upper) or not nxt.is_alpha:
        return e
    return cut


def doc_mentions(article_id: str, doc, seq: int = 0) -> list[RawMention]:
    """Repaired name mentions of one parsed article, in text order."""
    text = doc.text
    out: list[RawMention] = []
    for ent in doc.ents:
        if ent.label_ not in KEPT:
            continue
        for s, e, label in _pieces(doc, ent):
            s, e = _trim(doc, s, e)
            role_only = False
            titles = []
            while label == "PERSON" and s < e - 1 and doc[s].lower_.rstrip(".") in TITLE_WORDS:
                titles.append(doc[s].lower_.rstrip("."))
                s += 1
            if label == "PERSON":
                s, e = _name_core(doc, s, e)
            if s >= e:
                continue
            # "President To Lam": the model drops a short given name that looks like a function word.
            if (s >= 2 and doc[s - 1].is_title and doc[s - 1].lower_.rstrip(".") not in TITLE_WORDS
                    and not doc[s - 1].is_sent_start and doc[s - 2].lower_.rstrip(".") in TITLE_WORDS
                    and doc[s - 1].ent_type_ in ("", label)):
                s -= 1
            titles = list(_preceding_titles(doc, s)) + titles
            start, end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
            surface = text[start:end]
            m = _POSS.search(surface)
            if m and e - s >= 1 and label != "NORP":
                end -= len(m.group())
                surface = text[start:end]
            if not surface or (label in NAMED and _DIGIT.search(surface)):
                continue
            person_titles = tuple(t for t in titles if t not in NON_TITLE_NEIGHBOURS)
            org = _org_cue(doc, s, e) or (e - s == 1 and bool(ORG_SUFFIX.search(surface)))
            if person_titles and label in ("ORG", "GPE", "NORP", "FAC") and not org:
                label = "PERSON"
            elif org and label in ("PERSON", "GPE", "LOC", "FAC"):
                label = "ORG"
            if label == "PERSON" and not person_titles:
                if PLACE_SUFFIX.search(surface):
                    label = "FAC"  # "Ferrier Lane", "Mill Steps": the small model's people include streets
                elif s > 0 and doc[s - 1].lower_ == "the" and (e >= len(doc) or not doc[e].tag_.startswith("NN")):
                    label = "ORG"  # "reviewed by the Herald": a person is not "the X" ("the Obama era" is kept)
            if label not in ("PERSON", "NORP"):
                cut = _role_tail(doc, s, e)
                if cut == s:
                    continue  # only a role ("Energy" Minister)
                if cut < e:  # "Qeshm Governor": the place; kept only if the story names it elsewhere
                    e, role_only = cut, True
                    end = doc[e - 1].idx + len(doc[e - 1].text)
                    surface = text[start:end]
            if e - s == 1 and label != "NORP" and not person_titles and _not_a_name(doc, s, label):
                continue
            if e - s == 1 and MONTH.match(surface) and e < len(doc) and doc[e].like_num:
                continue  # "from Jun 1": a date, not a person
            if e - s == 1 and label == "PERSON" and surface.isupper() and len(surface) >= 2:
                if _caps_line(text, start, end):
                    continue  # a credit line or header word ("NETWORK"), not a person
                label = "ORG"  # people are not written as acronyms ("CA", "IBM")
            if label == "PERSON" and not person_titles and any(t.lower_ in ORG_WORDS for t in doc[s:e]):
                label = "ORG"  # "Homicide Bureau"
            elif label == "PERSON" and any(t.lower_ in ADMIN_AREAS for t in doc[s:e]):
                label = "GPE"  # "Albany County District" of "David Soares/Albany County District"
            if label == "PERSON" and (_whole_line(text, start, end)
                                      or all(t.lower_.rstrip(".") in TITLE_WORDS for t in doc[s:e])):
                continue  # a header line, or a bare title ("Dist.", "Atty.") the model took for a name
            prev = out[-1] if out else None
            if (prev is not None and label == "PERSON" and prev.label == "ORG" and e - s == 1 and not person_titles
                    and not text[prev.end:start].strip()):
                # "Bramblewood Farmhouse Strawberry": a word right after an organisation's name ends that name.
                prev.end, prev.text = end, text[prev.start:end]
                continue
            if (prev is not None and label in ("ORG", "FAC") and prev.label in ("ORG", "FAC", "PERSON")
                    and text[prev.end:start] in ("'s ", "’s ") and doc[e - 1].lower_ in INSTITUTIONS):
                # "St. Brigid's Medical Center": the possessive is inside the institution's name.
                prev.end, prev.text, prev.label = end, text[prev.start:end], label
                continue
            found = RawMention(article_id, start, end, surface, label, person_titles, org, seq)
            if role_only:
                found.extra["role_only"] = True
            if s > 0 and doc[s - 1].lower_ == "the":
                found.extra["the"] = True
            elif s > 0 and doc[s - 1].lower_ in LOCATIVE and text[end:end + 2] not in ("'s", "’s"):  # not "in X's"
                found.extra["in"] = True
            out.append(found)
    return out


_CAP = r"[A-Z][\w'’-]+"
_NAME = r"(?P<name>" + _CAP + r"(?:\s+" + _CAP + r"){0,2})"
_SAY = r"(?:said|says|told|added|noted|explained|recalled|wrote|confirmed|announced|stated|insisted|warned)"
# Names in the speaker slot of an attribution: '," said Mapahai,' / 'Lyons said that' / '," Owen said.'
SPEAKER_AFTER = re.compile(r"[”\"],?\s*" + _SAY + r"\s+(?:[a-z][\w'’]*\s+){0,3}" + _NAME + r"\s*(?=[,.;]|$)", re.M)
SPEAKER_BEFORE = re.compile(r"(?:^|[”\"],?\s+|[.!?]\s+)(?:[\w'’-]+\s+){0,4}?" + _NAME + r"\s+" + _SAY + r"\b", re.M)
NOT_NAMES = frozenset("""he she they it we i you the a an this that these those his her their its our police officials
authorities witnesses prosecutors investigators reports sources experts analysts residents neighbors neighbours
monday tuesday wednesday thursday friday saturday sunday but and also then later earlier today yesterday
""".split())


def speaker_slot_mentions(article_id: str, text: str, known: list[RawMention], seq: int = 0) -> list[RawMention]:
    """People the model missed, found where an attribution names its speaker; only stretches with no entity."""
    taken = [(m.start, m.end) for m in known]
    out = []
    for rx in (SPEAKER_AFTER, SPEAKER_BEFORE):
        for m in rx.finditer(text):
            words = list(re.finditer(_CAP, m.group("name")))
            while words and words[0].group().lower().rstrip(".") in TITLE_WORDS:  # "Pensioner Bayram-aga"
                words = words[1:]
            if not words or any(w.group().lower() in NOT_NAMES for w in words) or _DIGIT.search(m.group("name")):
                continue
            s, e = m.start("name") + words[0].start(), m.start("name") + words[-1].end()
            part = next((k for k in known if s <= k.start and k.end <= e and (k.start, k.end) != (s, e)
                         and k.label == "PERSON"), None)
            if part is not None:  # the model tagged "Tim" of "Tim Mead said": the slot holds the whole name
                part.start, part.end, part.text = s, e, text[s:e]
                continue
            same = next((k for k in known if k.start == s and k.end == e), None)
            if same is not None and same.label in ("GPE", "LOC", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"):
                same.label = "PERSON"  # '," said Mapahai' — the model took a rare name for a place
                continue
            if any(a < e and s < b for a, b in taken):
                continue
            taken.append((s, e))
            out.append(RawMention(article_id, s, e, text[s:e], "PERSON", (), False, seq))
    return out
