"""A hand-built, fully annotated story (fictional) for brief/render tests, independent of earlier stages."""
from __future__ import annotations

from newsfuse.compose.similarity import split_sentences
from newsfuse.model import (Article, Claim, CoverageCell, DateMention, Discrepancy, DiscrepancyValue, Evidence,
                            Quote, Removed, Sentence, Story)

HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'

TEXTS = {
    "a1": ("Harbor Herald", "Ferry Capsizes Near Port Alder, 12 Injured - Harbor Herald", "2031-03-14",
           "A passenger ferry capsized near Port Alder on Friday morning, injuring 12 people.\n"
           "The ferry Marisol was carrying 140 passengers when a sudden squall hit the strait.\n"
           "Coast guard boats pulled all passengers from the water within an hour.\n"
           "\"Everyone is accounted for,\" said harbour master Ines Okafor."),
    "a2": ("Valley Times", "Ferry overturns off Port Alder; 14 hurt I", "2031-03-14",
           "A passenger ferry overturned near Port Alder on Friday, leaving 14 people hurt.\n"
           "The Marisol had 140 passengers aboard when a squall struck.\n"
           "Rescue crews brought every passenger ashore within an hour.\n"
           "An inquiry into the accident will open on Monday.\n"
           "\"All passengers are accounted for,\" harbour master Ines Okafor said."),
    "a3": ("Wire Daily", "Ferry Capsizes Near Port Alder, 12 Injured", "2031-03-14",
           "A passenger ferry capsized near Port Alder on Friday morning, injuring 12 people.\n"
           "The ferry Marisol was carrying 140 passengers when a sudden squall hit the strait.\n"
           "Coast guard boats pulled all passengers from the water within an hour.\n"
           "\"Everyone is accounted for,\" said harbour master Ines Okafor."),
    "a4": ("Strait Post " + HOSTILE, "Ferry rescue " + HOSTILE, "2031-03-15",
           "Port Alder's ferry Marisol capsized on Friday in a squall with 140 passengers aboard.\n"
           "The ferry operator said the vessel had passed its inspection in January. " + HOSTILE),
}


def hand_story() -> Story:
    """Four articles (one a wire copy, one hostile), annotated as analyze and corroborate would."""
    arts, sents = [], []
    for aid, (outlet, title, published, text) in TEXTS.items():
        arts.append(Article(
            id=aid, input=f"{aid}.txt", outlet=outlet, title=title, published=published, text=text,
            url="javascript:alert(1)" if aid == "a4" else f"https://example.org/{aid}",
            copy_of="a1" if aid == "a3" else None, origin="a1" if aid == "a3" else aid,
            removed=[Removed(text="Share this story " + HOSTILE, reason="share widget")] if aid == "a4" else [],
        ))
        for i, (start, end, s) in enumerate(split_sentences(text)):
            sents.append(Sentence(article=aid, index=i, start=start, end=end, text=s))

    def sent(aid: str, i: int) -> str:
        return [s.text for s in sents if s.article == aid and s.index == i][0]

    def ev(*pairs):
        return [Evidence(article=a, text=sent(a, i)) for a, i in pairs]

    claims = [
        Claim(id="c1", text=sent("a1", 0), support=3, evidence=ev(("a1", 0), ("a2", 0), ("a3", 0), ("a4", 0)),
              outlets=["Harbor Herald", "Valley Times", "Wire Daily", TEXTS["a4"][0]]),
        Claim(id="c2", text=sent("a1", 1), support=3, evidence=ev(("a1", 1), ("a2", 1), ("a3", 1), ("a4", 0)),
              outlets=["Harbor Herald", "Valley Times", "Wire Daily", TEXTS["a4"][0]]),
        Claim(id="c3", text=sent("a1", 2), support=2, evidence=ev(("a1", 2), ("a2", 2), ("a3", 2)),
              outlets=["Harbor Herald", "Valley Times", "Wire Daily"]),
        Claim(id="c4", text=sent("a2", 3), support=1, evidence=ev(("a2", 3)), outlets=["Valley Times"]),
        Claim(id="c5", text=sent("a4", 1), support=1, evidence=ev(("a4", 1)), outlets=[TEXTS["a4"][0]]),
    ]
    disc = [Discrepancy(id="d1", kind="count", summary="How many people were injured", claim="c1", values=[
        DiscrepancyValue(value="12", articles=["a1", "a3"], text=sent("a1", 0)),
        DiscrepancyValue(value="14", articles=["a2"], text=sent("a2", 0)),
    ])]
    quotes = [Quote(speaker="Ines Okafor", text="Everyone is accounted for", articles=["a1", "a3"],
                    variants=["All passengers are accounted for"])]
    dates = []
    for aid, i, word, value in [("a1", 0, "Friday", "2031-03-14"), ("a2", 0, "Friday", "2031-03-14"),
                                ("a2", 3, "Monday", "2031-03-17"), ("a4", 0, "Friday", "2031-03-14"),
                                ("a4", 1, "January", "2031-01")]:
        s = [x for x in sents if x.article == aid and x.index == i][0]
        off = s.start + s.text.index(word)
        dates.append(DateMention(article=aid, text=word, start=off, end=off + len(word), value=value, sentence=i))
    outlets = [a.outlet for a in arts]
    coverage = []
    for c in claims[:4]:
        for o in outlets:
            status = "reported" if o in c.outlets else "not reported"
            if c.id == "c1" and o == "Valley Times":
                status = "contradicted"
            coverage.append(CoverageCell(outlet=o, claim=c.id, status=status))
    return Story(id="s-ferry", articles=arts, sentences=sents, claims=claims, discrepancies=disc, quotes=quotes,
                 dates=dates, coverage=coverage, exclusives={"Valley Times": ["c4"], TEXTS["a4"][0]: ["c5"]})
