"""Text-dump cleaning rules that carry over to unseen outlets: captions, bylines, notes after the article."""
from __future__ import annotations

from newsfuse.clean.text import clean_lines, split_lines

BODY = [
    "The city council voted on Tuesday to close the old harbour bridge to cars from next spring, ending weeks of debate.",
    "Engineers told the council that the bridge's steel frame had corroded faster than expected and needed two years of work.",
    "Shop owners on both banks said the closure would cut their trade, and several asked for a temporary ferry service.",
    "The mayor said a ferry would be considered once the cost of the repairs was known, probably by the end of the year.",
]


def _clean(lines: list[str]):
    found = clean_lines(split_lines("\n".join(lines)))
    return found, "\n".join(found.paragraphs)


def _reason(found, fragment: str) -> str:
    return next(r.reason for r in found.removed if fragment in r.text)


def test_captions_and_tagged_teasers_between_paragraphs_are_removed():
    captions = [
        "The harbour bridge seen from the north bank on Monday (Image: GETTY )",
        "Workers inspect the steel frame of the bridge in March. (AP Photo/Jane Roe)",
        "A ferry crosses the harbour near the bridgeCredit: City Archive",
        "Shop owners gather outside the council chamber on Tuesday. (Jane Roe/Reuters)",
        "The mayor speaks to reporters after the vote in the council chamber on Tuesday. less",
        "Harbour bridge repairs: what the closure means for your commute [VIDEO]",
    ]
    found, kept = _clean([BODY[0], captions[0], captions[3], BODY[1], captions[1], captions[4], BODY[2], captions[2],
                          captions[5], BODY[3]])
    for caption in captions:
        assert caption not in kept
        assert any(word in _reason(found, caption[:30]) for word in ("caption", "teaser"))
    assert all(p in kept for p in BODY)


def test_notes_about_the_author_and_calls_to_the_reader_after_the_article_are_removed():
    notes = [
        "Jane Roe is a staff writer at the Harbour Gazette covering city hall.",
        "Have a tip? Jane Roe may be reached at jroe@example.com. Follow her on Twitter @janeroe.",
        "Sign up for our morning newsletter to get the day's stories delivered to your inbox.",
    ]
    found, kept = _clean(BODY + notes)
    for note in notes:
        assert note not in kept
        assert "after the article" in _reason(found, note[:30])
    assert all(p in kept for p in BODY)


def test_a_sentence_about_a_reporter_inside_the_article_is_kept():
    inside = "John Doe is a reporter for the Daily Planet who was detained at the border last month and released on Friday."
    found, kept = _clean(BODY[:2] + [inside] + BODY[2:])
    assert inside in kept
    # the same shape of sentence as the article's last line is reporting too when quoted
    quoted = ("\"Sign up for our ferry alerts and you will know first,\" the harbour master told residents at a meeting "
              "on Tuesday evening.")
    found, kept = _clean(BODY + [quoted])
    assert quoted in kept


def test_about_the_author_section_goes_but_a_company_boilerplate_stays():
    bio = ["About Jane Roe", "Jane Roe has written about the harbour for ten years and lives on its north bank."]
    found, kept = _clean(BODY + bio)
    assert not any(line in kept for line in bio)
    assert "author" in _reason(found, "About Jane Roe")
    company = ["About Harbourworks", "Harbourworks builds and repairs bridges in twelve countries and employs 900 people."]
    found, kept = _clean(BODY + company)
    assert company[1] in kept


def test_dated_byline_and_contributor_line_are_removed_and_author_kept():
    byline = "By Jane Roe on Monday, November 18th, 2019 at 11:04 a.m."
    credit = "Associated Press writers John Doe and Mary Major contributed to this report."
    found, kept = _clean(BODY[:1] + [byline] + BODY[1:] + [credit])
    assert byline not in kept and credit not in kept
    assert found.author == "Jane Roe"
    assert "credit" in _reason(found, "Associated Press writers")
    # a sentence that starts like a byline is reporting
    sentence = "By Thursday evening, officials had reopened two lanes of the bridge to buses and emergency vehicles."
    found, kept = _clean(BODY[:2] + [sentence] + BODY[2:])
    assert sentence in kept


def test_a_list_of_blurbs_cut_short_is_removed_but_one_ellipsis_in_the_body_is_not():
    blurbs = [
        "Rail union calls a strike for next week after pay talks with the operator collapse on Monday and the...",
        "The museum's new wing opens to visitors with a collection of river maps drawn over three centuries, which...",
        "Police appeal for witnesses after a lorry hits the barrier on the ring road late on Sunday night, and the…",
    ]
    body = BODY[:2] + ["The mayor paused, then said only that the council would return to the question in the spring and…"] + BODY[2:]
    found, kept = _clean(body + ["More from the city"] + blurbs)
    for blurb in blurbs:
        assert blurb not in kept
        assert "cut short" in _reason(found, blurb[:30])
    assert all(p in kept for p in body)


def test_a_list_of_headlines_run_into_their_blurbs_is_removed_but_brand_names_are_not():
    cards = [
        "Council Approves New Budget For Harbour Repairs After Long DebateThe city council voted on Tuesday night to set "
        "aside money for the repairs, officials said.",
        "Police Seek Witnesses After Lorry Hits Ring Road BarrierOfficers want to speak to anyone who was driving on the ring "
        "road late on Sunday.",
        "Is The City's New Ferry Service Worth The Wait?Residents have waited two years for the boats, and some are not "
        "convinced they will come at all.",
    ]
    found, kept = _clean(BODY + ["Latest Headlines"] + cards)
    for card in cards:
        assert card not in kept
        assert "run into their blurbs" in _reason(found, card[:30])
    brands = [
        "The Harbour Gazette reviewed the new 16-inch MacBook Pro last week and found its keyboard much improved over the old one.",
        "The Harbour Gazette asked the YouTube star Jane McPherson about the bridge, and she said she would miss walking over it.",
        "The Harbour Gazette found that the PlayStation shop on the north bank expects to lose half its trade during the works.",
    ]
    found, kept = _clean(BODY[:2] + brands + BODY[2:])
    assert all(line in kept for line in brands)


def test_headlines_listed_under_a_related_stories_header_are_removed():
    links = [
        "Ferry operator warns of delays as harbour works begin",
        "Shop owners on the north bank count the cost of the closure",
        "Council names the engineers who will rebuild the harbour bridge",
    ]
    tail = ["The bridge is expected to reopen to buses first, in the autumn of next year, the council said on Friday."]
    found, kept = _clean(BODY[:2] + ["More from the city"] + links + BODY[2:] + tail)
    for link in links:
        assert link not in kept
        assert "teaser" in _reason(found, link[:30])
    assert all(p in kept for p in BODY + tail)
    # a subhead after a sentence that merely starts like a header stays
    subhead = ["Next up is the vote on the ferry, which the council expects to hold in March!", "What the ferry would cost",
               "Officials put the cost of a two-boat service at four million euros a year, before fares."]
    found, kept = _clean(BODY + subhead)
    assert subhead[1] in kept and subhead[2] in kept


def test_a_list_that_ends_the_body_stays_with_it():
    dates = ["June 9 – Harbour Hall, North Bank", "June 10 – Old Theatre, Market Square", "June 14 – City Arena, Ring Road"]
    found, kept = _clean(["Home", "News"] + BODY + ["Ferry Concert Dates"] + dates + ["Privacy Policy", "Contact"])
    assert all(line in kept for line in dates) and "Ferry Concert Dates" in kept
    qa = ["Q: What will you miss most?", "A: Walking to work over the water every morning.", "Q: And least?",
          "A: The wind in January.", "Q: Will you take the ferry?", "A: Only if it runs on time."]
    found, kept = _clean(BODY + ["Q: How long have you crossed the bridge each day?",
                                 "A: For thirty years, since I opened my shop on the north bank, in every kind of weather."]
                         + qa + ["Privacy Policy"])
    assert all(line in kept for line in qa)
    assert "Privacy Policy" not in kept


def test_a_numbered_list_with_a_link_under_each_item_stays_with_the_body():
    items = ["1) A model of the old harbour bridge", "http://example.com/a1", "2) The ferry timetable poster",
             "http://example.com/b2", "3) A book of river maps", "http://example.com/c3"]
    found, kept = _clean(BODY[:3] + ["Here are the gifts the council shop sells this winter:"] + items + ["Privacy Policy"])
    assert all(line in kept for line in items)
    assert "Privacy Policy" not in kept


def test_a_key_value_list_under_a_short_title_stays_but_a_cta_with_a_colon_does_not_pull_in_the_footer():
    teams = ["North Bank (Group A): third title", "South Bank (Group A): first final", "Old Town (Group B): fifth final"]
    found, kept = _clean(BODY + ["Teams through"] + teams + ["Privacy Policy"])
    assert all(line in kept for line in teams)
    footer = ["This Article is related to: Bridges and tagged Harbour, Council", "Harbour Gazette: Weekly Podcast"]
    found, kept = _clean(BODY + ["Sign Up: get the harbour news first! Sign up for our newsletters here."] + footer)
    assert not any(line in kept for line in footer)


def test_the_line_above_a_picture_credit_is_its_caption_but_a_source_credit_keeps_the_paragraph_above():
    caption = "The old harbour bridge at dusk, seen from the ferry pier."
    found, kept = _clean(BODY[:2] + [caption, "Photo: Jane Roe"] + BODY[2:])
    assert caption not in kept and "caption" in _reason(found, caption[:30])
    assert all(p in kept for p in BODY)
    found, kept = _clean(BODY + ["Source: Harbour Gazette"])
    assert all(p in kept for p in BODY)


def test_headline_of_a_whole_page_dump_is_the_line_the_body_tells_not_the_menu_or_other_stories():
    """A scrape of every visible block: menus, section names and other stories' headlines come before the
    article's own headline; the title is the line whose words the body's first paragraphs use."""
    page = [
        "Skip to main content",
        "Local News Sport Business Opinion",
        "Sign in to your account",
        "Most read this week",
        "Lottery winner gives fortune to animal shelter",
        "New cycle lanes open along the river path",
        "Local News",
        "Council votes to close harbour bridge to cars",
        "By Jane Roe",
        *BODY,
    ]
    found, text = _clean(page)
    assert found.title == "Council votes to close harbour bridge to cars"
    assert "Lottery winner" not in text and text.startswith(BODY[0])


def test_without_a_headline_the_body_tells_the_first_title_like_line_stays_the_title():
    page = ["Harbour works diary", "A week on the waterfront", *BODY]
    found, _ = _clean(page)
    assert found.title == "Harbour works diary"


def test_a_short_line_the_body_also_tells_does_not_beat_the_headline():
    page = ["Council votes to close harbour bridge to cars", "Ferry service for the harbour", *BODY]
    found, _ = _clean(page)
    assert found.title == "Council votes to close harbour bridge to cars"
