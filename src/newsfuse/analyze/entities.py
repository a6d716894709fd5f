"""Entities of a story: mentions from every article merged into one entity per real-world thing."""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from ..model import Article, Entity, Mention
from .mentions import RawMention
from .names import STATE_ABBREVIATIONS, corporate_core, demonym_of, edit_distance, fold, initials, is_acronym, name_tokens

RELABEL = frozenset({"NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "FAC", "ORG", "GPE", "LOC"})
NAME_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
PLACE_LIKE = frozenset({"ORG", "GPE", "LOC", "FAC", "EVENT", "NORP"})
PLACES = frozenset({"GPE", "LOC", "FAC"})
# Words of a state's formal name around its short name ("Russian Federation", "Republic of Korea").
FORMAL_STATE = frozenset({"federation", "republic", "kingdom", "state", "commonwealth", "principality", "sultanate",
                          "emirate", "of", "the", "people", "peoples", "democratic", "federal", "islamic", "socialist"})
_TYPE_PRIORITY = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW")


class _Sets:
    """Union-find over mention groups."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _group_type(ms: list[RawMention]) -> str:
    """Majority label; any company cue makes it ORG, any person title PERSON (the small model mislabels both)."""
    cues = sum(m.org_cue for m in ms)
    # One "Iran, the world's fourth-largest oil producer" does not outvote eight plain mentions of a place.
    places = sum(m.label in ("GPE", "LOC") and not m.org_cue for m in ms)
    if cues and cues >= places and not any(m.titles for m in ms if m.label == "PERSON" and not m.org_cue):
        return "ORG"
    # The fullest forms decide ("Dunmore Civil Works" is an ORG even if "Dunmore" alone was read as a person).
    longest = max(len(m.text.split()) for m in ms)
    votes = Counter(m.label for m in ms if len(m.text.split()) == longest)
    best = max(votes, key=lambda k: (votes[k], -_TYPE_PRIORITY.index(k) if k in _TYPE_PRIORITY else -99))
    if best in PLACES and any(m.titles and m.label == "PERSON" for m in ms):
        return "PERSON"  # "Mayor Saito": a role or honorific never names a place, whatever the other mentions say
    if best == "PERSON" and longest == 1 and not any(m.titles for m in ms) \
            and 2 * sum(bool(m.extra.get("in")) for m in ms) >= len(ms):
        return "GPE"  # "a supermarket in Surrey": a lone word people are "in" is a place
    return best


def _typo_close(a: str, b: str, ta: list[str], tb: list[str]) -> bool:
    """Same-length names differing by a small typo or transliteration, token by token."""
    if len(ta) != len(tb) or min(len(a), len(b)) < 6:
        return False
    if any(x[0] != y[0] for x, y in zip(ta, tb)):
        return False
    limit = 1 if len(a) < 12 else 2
    return edit_distance(a, b, limit) <= limit


def _subsequence(short: list[str], long: list[str]) -> bool:
    """True when every word of short appears in long, in order."""
    it = iter(long)
    return all(w in it for w in short)


def _short_form(a: str, b: str) -> bool:
    """A short given name and the longer one it shortens ("dave"/"david", "chris"/"christopher")."""
    short, long_ = sorted((a, b), key=len)
    return short != long_ and len(short) <= 5 and len(short) >= 3 and long_[:3] == short[:3] and \
        (long_.startswith(short) or long_.startswith(short[:-1]))


def _inner_acronym(a: str, b: str) -> bool:
    """Two names alike but for a short form in one where the other spells it out
    ("U.S. Geological Survey" / "United States Geological Survey")."""
    wa, wb = a.split(), b.split()
    while wa and wb and fold(wa[-1]) == fold(wb[-1]):
        wa, wb = wa[:-1], wb[:-1]
    while wa and wb and fold(wa[0]) == fold(wb[0]):
        wa, wb = wa[1:], wb[1:]
    if len(wa) > len(wb):
        wa, wb = wb, wa
    return len(wa) == 1 and len(wb) >= 2 and is_acronym(wa[0]) and initials(" ".join(wb)) == wa[0].replace(".", "")


def _of_form(a: list[str], b: list[str]) -> bool:
    """One organisation name written both ways round: "Health Ministry" / "Ministry of Health"."""
    for short, long_ in ((a, b), (b, a)):
        if "of" in long_ and len(long_) == len(short) + 1:
            k = long_.index("of")
            if k and long_[k + 1:] + long_[:k] == short:
                return True
    return False


def _merge_formal_names(groups: list[list[RawMention]], types: list[str], toks: list[list[str]], sets: "_Sets") -> None:
    """Union a name with its formal or legal form: "Russian Federation" = "Russia", "Compaq Computer Corp." =
    "Compaq Computer", "U.S. Geological Survey" = "United States Geological Survey"."""
    n = len(groups)
    states = [i for i in range(n) if types[i] in ("GPE", "LOC")]
    full = {toks[i][0] if len(toks[i]) == 1 else " ".join(toks[i]): i for i in states}
    for x in states:  # "Ga." = "Georgia", "N.Y." = "New York"
        name = STATE_ABBREVIATIONS.get(groups[x][0].text)
        if name and name.lower() in full:
            sets.union(x, full[name.lower()])
    for x in states:
        core = [w for w in toks[x] if w not in FORMAL_STATE]
        if len(core) != 1 or len(core) == len(toks[x]):
            continue
        # "Republic of Korea" (formal words, "of", the name) or "Russian Federation" (demonym, formal word);
        # "Mississippi State" is a university, not the state.
        of_form = "of" in toks[x] and toks[x][-1] == core[0]
        roots = {sets.find(y) for y in states if y != x and len(toks[y]) == 1
                 and ((of_form and toks[y] == core) or (toks[x][0] == core[0] and demonym_of(core[0], toks[y][0])))}
        if len(roots) == 1:
            sets.union(x, roots.pop())
    firms = [i for i in range(n) if types[i] in ("ORG", "PERSON", "FAC", "PRODUCT")]
    by_core: dict[tuple[str, ...], int] = {}
    for x in sorted(firms, key=lambda i: len(toks[i])):
        core = tuple(corporate_core(toks[x]))
        if core in by_core and (len(core) < len(toks[x]) or types[x] == "ORG"):
            sets.union(x, by_core[core])
        by_core.setdefault(core, x)
    orgs = [i for i in range(n) if types[i] in ("ORG", "GPE", "LOC", "FAC") and len(toks[i]) >= 2]
    for x in orgs:
        for y in orgs:
            if x < y and (_inner_acronym(groups[x][0].text, groups[y][0].text) or _of_form(toks[x], toks[y])):
                sets.union(x, y)


def _merge(groups: list[list[RawMention]]) -> _Sets:
    """Union groups that name the same thing: typos, surname/given-name parts, acronyms, name tails."""
    n = len(groups)
    sets = _Sets(n)
    types = [_group_type(g) for g in groups]
    toks = [name_tokens(g[0].text) for g in groups]
    compact = ["".join(t) for t in toks]
    persons = [i for i in range(n) if types[i] == "PERSON"]
    # Typos join names of one kind; a multi-word name may cross kinds ("Dunmore Civil Wroks" tagged PERSON).
    named = [i for i in range(n) if types[i] in NAME_TYPES]
    kind = ["PLACE" if t in PLACES else t for t in types]  # "Dargahan" (GPE) = "Dargehan" (FAC)
    for x in named:
        for y in named:
            if x < y and (kind[x] == kind[y] or min(len(toks[x]), len(toks[y])) >= 2) \
                    and _typo_close(compact[x], compact[y], toks[x], toks[y]):
                sets.union(x, y)
    # "Brian G. Nichols" = "Brian Nichols": same first and last name, the shorter one's words all in the longer.
    for x in persons:
        for y in persons:
            tx, ty = toks[x], toks[y]
            if 2 <= len(tx) < len(ty) and tx[0] == ty[0] and tx[-1] == ty[-1] and _subsequence(tx, ty):
                sets.union(x, y)
            elif x < y and len(tx) == len(ty) >= 2 and tx[1:] == ty[1:] and _short_form(tx[0], ty[0]):
                sets.union(x, y)  # "Dave Rossi" = "David Rossi"
    _merge_formal_names(groups, types, toks, sets)
    # Part of a name ("Putin", "Kim") joins the one full name it begins or ends, when only one fits.
    # Twice: a join made late in the first pass ("David Rossi" with "Prosecutor David Rossi") can leave one root.
    for kind in ("PERSON", "ORG", "PERSON", "ORG"):
        pool = [i for i in range(n) if types[i] == kind]
        for x in pool:
            k = len(toks[x])
            roots = set()
            for y in pool:
                if k == 0 or len(toks[y]) <= k:
                    continue
                # Places are left alone: "Asia" is not "Southeast Asia", "Korea" may be either Korea.
                # A hyphen-joined pair ("Obama-Biden") is not a full name of either.
                sizes = [len(fold(w).split()) for w in groups[y][0].text.split()]
                cuts = {sum(sizes[:i]) for i in range(len(sizes) + 1)}  # token counts at whitespace boundaries
                words = groups[y][0].text.split()
                if is_acronym(groups[x][0].text) and len(words) > k and words[-k - 1] in ("&", "and"):
                    continue  # "IMF" of "EU & IMF" is the other party of the pair, not its short name
                if (toks[y][-k:] == toks[x] and len(toks[y]) - k in cuts) or (
                        kind == "PERSON" and toks[y][:k] == toks[x] and k in cuts):
                    roots.add(sets.find(y))
            if len(roots) == 1:
                sets.union(x, roots.pop())
    # "the Kestrel" / "the Avenues" is the one two-word name it opens ("Kestrel Bridge", "Avenues Gang").
    for x in range(n):
        # Only a word always written "the X" and not in capitals: "Ford" is not the "Ford Fusion", "HP" not
        # "HP Redstone", "Napa" not "Napa Valley".
        if len(toks[x]) != 1 or types[x] not in ("ORG", "FAC", "PRODUCT") \
                or not all(m.extra.get("the") for m in groups[x]) or sum(c.isupper() for c in groups[x][0].text) > 1:
            continue
        hosts = [y for y in range(n) if len(toks[y]) > 1 and toks[y][0] == toks[x][0]]
        if len(hosts) == 1 and len(toks[hosts[0]]) == 2 and types[hosts[0]] in ("ORG", "FAC"):
            sets.union(x, hosts[0])
    # A lone word the model called a person, which only ever appears as part of one organisation or place
    # name ("Dunmore" of Dunmore Civil Works, "Kestrel" of Kestrel Bridge), is that thing.
    for x in persons:
        if len(toks[x]) != 1 or any(m.titles for m in groups[x]):
            continue
        word = toks[x][0]
        hosts = {sets.find(y) for y in range(n) if len(toks[y]) > 1 and word in (toks[y][0], toks[y][-1])}
        if len(hosts) == 1 and all(types[y] != "PERSON" for y in range(n) if sets.find(y) in hosts):
            sets.union(x, hosts.pop())
    # Acronyms and their expansions ("APEC" = "Asia-Pacific Economic Cooperation", "UN" = "United Nations").
    for x in range(n):
        surface = groups[x][0].text
        if types[x] == "PERSON" or not is_acronym(surface):
            continue
        letters = surface.replace(".", "").upper()
        # "BOJ" = "Bank of Japan", "MOH" = "Ministry of Health": some short forms keep the "of".
        roots = {sets.find(y) for y in range(n) if y != x and types[y] in PLACE_LIKE and len(toks[y]) >= 2
                 and letters in (initials(re.sub(r"^(?:the|The)\s+", "", groups[y][0].text)),
                                 _all_initials(groups[y][0].text))}
        if len(roots) == 1:
            sets.union(x, roots.pop())
    return sets


def _all_initials(name: str) -> str:
    """Initials of every word of a name but a leading "the" ("Bank of Japan" -> "BOJ")."""
    words = re.sub(r"^(?:the|The)\s+", "", name).replace("-", " ").split()
    return "".join(w[0] for w in words if w[:1].isalpha()).upper()


def _parenthesised(raw: list[RawMention], texts: dict[str, str]) -> list[tuple[RawMention, RawMention]]:
    """Pairs the text itself joins: a name and the short form in brackets right after it
    ("Ministry of Health (MOH)", "Singapore Telecommunications Ltd (Singtel)")."""
    by_article: dict[str, list[RawMention]] = defaultdict(list)
    for m in raw:
        by_article[m.article].append(m)
    pairs = []
    for art, ms in by_article.items():
        text = texts.get(art, "")
        ms = sorted(ms, key=lambda m: m.start)
        for a, b in zip(ms, ms[1:]):
            if (text[a.end:b.start] in (" (", "(") and text[b.end:b.end + 1] == ")" and " " not in b.text
                    and a.label in ("ORG", "GPE", "FAC") and b.label not in ("PERSON", "NORP")
                    and len(b.text) < len(a.text)):
                pairs.append((a, b))
    return pairs


def _canonical(ms: list[RawMention], type_: str) -> str:
    """The most complete common form: a multi-word form used twice if any, most words, most used, first seen."""
    forms = Counter(m.text for m in ms)
    first = {}
    for m in ms:
        first.setdefault(m.text, (m.seq, m.start))

    def rank(form: str):
        toks = name_tokens(form)
        short = is_acronym(form)
        return (short, -len(toks), -forms[form], first[form])

    # "Brian Nichols" (13 mentions) over "Brian G. Nichols" (once): complete, but also common.
    if type_ in ("GPE", "LOC"):  # a place goes by its usual form ("Russia", not once "the Russian Federation")
        best = min(forms, key=lambda f: (is_acronym(f), -forms[f], -len(name_tokens(f)), first[f]))
        return re.sub(r"^(?:the|The)\s+", "", best)
    multi = [f for f in forms if len(name_tokens(f)) >= 2]
    common = [f for f in multi if forms[f] >= 2] or multi or list(forms)
    best = min(common, key=rank)
    return re.sub(r"^(?:the|The)\s+", "", best)


def _alias_pattern(aliases: list[str]) -> re.Pattern | None:
    """A word-bounded pattern for the aliases worth finding where the model missed them."""
    usable = sorted({a for a in aliases if len(a) >= 3 and a[:1].isupper()}, key=len, reverse=True)
    if not usable:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in usable) + r")(?![\w-])")


def _demonyms_to_norp(raw: list[RawMention]) -> None:
    """A people/adjective form the model called a place or organisation ("the Ukrainian war", "Indonesian"
    tagged ORG) is NORP, like its other mentions; it stays apart from the country ("Russian" is not "Russia")."""
    places = {fold(m.text) for m in raw if m.label in ("GPE", "LOC")}
    norps = {fold(m.text) for m in raw if m.label == "NORP"}
    for m in raw:
        if m.label in ("GPE", "LOC", "ORG") and not m.org_cue:
            key = fold(m.text)
            if key in norps or any(demonym_of(key, p) for p in places):
                m.label = "NORP"


def build_entities(raw: list[RawMention], articles: list[Article]) -> list[Entity]:
    """One Entity per thing named in the story, ids e1.. in order of first mention."""
    keys = {"".join(name_tokens(m.text)) for m in raw if not m.extra.get("role_only")}
    # "Qeshm" of "Qeshm Governor" counts only if the story names Qeshm elsewhere ("Fire" of "Fire Chief" does not).
    raw = [m for m in raw if not m.extra.get("role_only") or "".join(name_tokens(m.text)) in keys]
    _demonyms_to_norp(raw)
    # A lone surname the model labelled NORP or GPE ("Klitschko said", "said Marcus") is the person of that name.
    name_parts = {t for m in raw if m.label == "PERSON" and " " in m.text for t in (m.text.split()[0], m.text.split()[-1])}
    for m in raw:
        if m.label in RELABEL and " " not in m.text and m.text in name_parts and not m.org_cue:
            m.label = "PERSON"
    by_key: dict[tuple, list[RawMention]] = defaultdict(list)
    for m in raw:
        key = "".join(name_tokens(m.text))
        if key:
            # A short form in capitals is not the word of that spelling ("US"/"U.S." is not "Us" Weekly).
            short = len(key) <= 3 and sum(c.isupper() for c in m.text) >= 2
            by_key[(key, m.label == "NORP", short)].append(m)
    groups = list(by_key.values())
    sets = _merge(groups)
    where = {id(m): i for i, g in enumerate(groups) for m in g}
    for a, b in _parenthesised(raw, {a.id: a.text for a in articles}):
        if id(a) in where and id(b) in where:
            sets.union(where[id(a)], where[id(b)])
    clusters: dict[int, list[RawMention]] = defaultdict(list)
    for i, g in enumerate(groups):
        clusters[sets.find(i)].extend(g)
    texts = {a.id: a.text for a in articles}
    seq = {a.id: i for i, a in enumerate(articles)}
    taken = {(m.article, m.start, m.end) for m in raw}
    covered = defaultdict(list)
    for m in raw:
        covered[m.article].append((m.start, m.end))
    named = [(ms, _group_type(ms)) for ms in clusters.values()]
    named = [(ms, t, _canonical(ms, t)) for ms, t in named]
    # A surname alone ("Oppal said") names the one person of the story whose full name ends with it.
    ends = Counter(tok for _, t, n in named if t == "PERSON" for tok in {n.split()[0], n.split()[-1]})
    built = []
    for ms, type_, name in named:
        parts = name.split()
        surname = [parts[-1]] if (type_ == "PERSON" and len(parts) > 1 and len(parts[-1]) >= 3
                                  and parts[-1][:1].isupper() and ends[parts[-1]] == 1) else []
        mentions = {(m.article, m.start, m.end): m.text for m in ms}
        pattern = _alias_pattern([m.text for m in ms] + [name] + surname)
        if pattern is not None:  # the same name where the model did not tag it
            for art_id in {m.article for m in ms}:
                for hit in pattern.finditer(texts[art_id]):
                    span = (art_id, hit.start(), hit.end())
                    if span in taken or any(s <= hit.start() < e or s < hit.end() <= e for s, e in covered[art_id]):
                        continue
                    mentions[span] = hit.group()
                    covered[art_id].append((hit.start(), hit.end()))  # one entity per stretch of text
        ordered = sorted(mentions.items(), key=lambda kv: (seq.get(kv[0][0], 0), kv[0][1], kv[0][2]))
        built.append((type_, name, sorted(set(mentions.values()) - {name}), ordered))
    built.sort(key=lambda b: (seq.get(b[3][0][0][0], 0), b[3][0][0][1], b[1]))
    entities = []
    for i, (type_, name, aliases, ordered) in enumerate(built, 1):
        arts = sorted({span[0] for span, _ in ordered}, key=lambda a: seq.get(a, 0))
        entities.append(Entity(id=f"e{i}", name=name, type=type_, aliases=aliases, articles=arts,
                               mentions=[Mention(article=a, start=s, end=e, text=t) for (a, s, e), t in ordered]))
    return entities


_HE = re.compile(r"\b(?:he|his|him|himself)\b", re.I)
_SHE = re.compile(r"\b(?:she|her|hers|herself)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
FEMALE = frozenset({"ms", "mrs", "miss", "madam", "actress", "spokeswoman", "chairwoman", "queen", "princess",
                    "lady", "dame", "sister"})
MALE = frozenset({"mr", "sir", "lord", "actor", "spokesman", "chairman", "king", "prince", "father", "brother"})


def genders(entities: list[Entity], texts: dict[str, str], titles: dict[str, set[str]]) -> dict[str, str]:
    """"m"/"f" for the people the text marks (Mr/Ms, actress, the pronoun right after a mention); others absent."""
    out = {}
    for e in entities:
        if e.type != "PERSON":
            continue
        votes = Counter()
        votes["f"] += 2 * len(titles.get(e.id, set()) & FEMALE)
        votes["m"] += 2 * len(titles.get(e.id, set()) & MALE)
        for m in e.mentions:
            text = texts[m.article]
            after = text[m.end : m.end + 120]
            stop = _SENTENCE_END.search(after)
            after = after[: stop.start()] if stop else after
            he, she = _HE.search(after), _SHE.search(after)
            if he and (not she or he.start() < she.start()):
                votes["m"] += 1
            elif she:
                votes["f"] += 1
        if votes["m"] != votes["f"]:
            out[e.id] = "m" if votes["m"] > votes["f"] else "f"
    return out
