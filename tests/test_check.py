"""`check`: supported vs fabricated sentences, vetoes, and the `newsfuse check` command (single and --pairs)."""
from __future__ import annotations

import argparse
import json

import pytest

from newsfuse.commands import check as check_cmd
from newsfuse.config import Settings
from newsfuse.corroborate import check, check_sentences

SOURCE = ("Halden Fire and Rescue said 14 people were injured when the Kestrel Bridge collapsed on Tuesday. "
          "The mayor, Helena Vargas, declared a local state of emergency. "
          "The contractor did not respond to requests for comment.")


def test_a_supported_sentence_and_a_fabricated_one():
    res = check([SOURCE], "Fourteen people were injured when the Kestrel Bridge collapsed on Tuesday. "
                          "The governor ordered the army to rebuild the bridge by Friday.")
    assert [r.supported for r in res] == [True, False]
    assert "14 people were injured" in res[0].evidence
    assert res[1].reasons


@pytest.mark.parametrize("sentence, why", [
    ("Halden Fire and Rescue said 41 people were injured when the Kestrel Bridge collapsed on Tuesday.", "number"),
    ("Mayor Oskar Brandt declared a local state of emergency.", "name"),
    ("The contractor responded to requests for comment.", "negation"),
])
def test_vetoes(sentence, why):
    (r,) = check_sentences([sentence], [SOURCE])
    assert not r.supported
    assert any(why in reason for reason in r.reasons), r.reasons


def test_seed_sentences_are_supported_and_a_changed_fact_is_not(seed_files):
    sources = [p.read_text(encoding="utf-8") for p in seed_files]
    res = check_sentences(["Putin arrived in Hanoi early Thursday.",
                           "Vietnam has not condemned Russia's actions in Ukraine.",
                           "Putin signed forty agreements with Thailand on Thursday."], sources)
    assert [r.supported for r in res] == [True, True, False]


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true")
    check_cmd.add_parser(parser.add_subparsers(dest="command"), [common])
    args = parser.parse_args(argv)
    code = args.run(args, Settings())
    out = capsys.readouterr()
    return code, out.out, out.err


def test_pairs_batch_format(tmp_path, capsys):
    rows = [
        {"id": "ok", "sources": [SOURCE], "text": "Fourteen people were injured when the Kestrel Bridge collapsed."},
        {"id": "bad", "sources": [SOURCE, "A second source about the weather."], "text": "The bridge collapsed on Tuesday. 90 people died."},
    ]
    inp = tmp_path / "pairs.jsonl"
    inp.write_text("\n".join(json.dumps(r) for r in rows) + "\n{not json}\n", encoding="utf-8")
    out = tmp_path / "out" / "verdicts.jsonl"
    code, _, err = _run(["check", "--pairs", str(inp), "--output", str(out)], capsys)
    assert code == 2 and "pairs.jsonl#3" in err  # the broken row is named, the others are checked
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [g["id"] for g in got] == ["ok", "bad"]
    assert got[0]["consistent"] is True and got[1]["consistent"] is False
    assert [s["supported"] for s in got[1]["sentences"]] == [True, False]
    for g in got:
        for s in g["sentences"]:
            assert set(s) == {"text", "supported", "evidence"}
            assert s["evidence"] is None or isinstance(s["evidence"], str)


def test_check_command_on_files(tmp_path, capsys):
    src = tmp_path / "src.txt"
    src.write_text(SOURCE, encoding="utf-8")
    text = tmp_path / "draft.txt"
    text.write_text("The mayor declared a local state of emergency. The mayor resigned on Wednesday.", encoding="utf-8")
    code, out, _ = _run(["check", "-q", "--sources", str(src), "--text", str(text), "--format", "json"], capsys)
    assert code == 0
    doc = json.loads(out)
    assert doc["consistent"] is False
    assert [s["supported"] for s in doc["sentences"]] == [True, False]
    code, out, err = _run(["check", "-q", "--sources", str(tmp_path / "missing.txt"), "--text", str(text)], capsys)
    assert code == 1 and "missing.txt" in err


REPORT = ("Activists poured blue paint on the road outside the embassy on Thursday. "
          "Police said the protest was peaceful. Traffic moved slowly for an hour. "
          "Sales increased 5% in the fourth quarter, the company said. "
          "The storm killed 3 people in the northern hills. "
          "Officials said 20 schools in the capital would stay closed. "
          "Rescue teams reached the villages by boat. "
          "The company expects revenue of $5bn in 2025.")


@pytest.mark.parametrize("sentence, why", [
    ("Activists poured green paint on the road outside the embassy on Thursday.", "swapped"),
    ("Sales decreased 5% in the fourth quarter, the company said.", "swapped"),
    ("Sales increased 5% in the third quarter, the company said.", "number"),
    ("The storm killed 20 people in the northern hills.", "number"),  # 20 is in the report, about schools
])
def test_changed_details_are_caught(sentence, why):
    (r,) = check_sentences([sentence], [REPORT])
    assert not r.supported
    assert any(why in reason for reason in r.reasons), r.reasons


def test_a_paraphrase_fusing_two_paragraphs_is_supported():
    res = check_sentences(["Sales rose in the fourth quarter and the company expects $5bn in revenue in 2025.",
                           "Activists spilled blue paint outside the embassy on Thursday."], [REPORT])
    assert [r.supported for r in res] == [True, True], [r.reasons for r in res]


def test_a_spelled_number_paraphrase_is_supported_on_the_command_line(tmp_path, capsys):
    # the user's report: "killing two people" backs "Two people died" (same number, died ~ killed)
    src = tmp_path / "src1.txt"
    src.write_text("The bridge collapsed on Tuesday, killing two people.\n", encoding="utf-8")
    text = tmp_path / "draft.txt"
    text.write_text("Two people died when the bridge collapsed on Tuesday.\n", encoding="utf-8")
    code, out, _ = _run(["check", "-q", "--sources", str(src), "--text", str(text), "--format", "json"], capsys)
    doc = json.loads(out)
    assert code == 0 and doc["consistent"] is True, doc
    assert doc["sentences"][0]["reasons"] == []


@pytest.mark.parametrize("sentence", [
    "Fourteen people were hurt when the Kestrel Bridge collapsed on Tuesday.",  # hurt ~ injured
    "The collapse of the Kestrel Bridge on Tuesday left 14 people injured.",
])
def test_casualty_counts_worded_another_way_are_supported(sentence):
    (r,) = check_sentences([sentence], [SOURCE])
    assert r.supported, r.reasons


def test_a_count_given_for_something_else_says_so():
    (r,) = check_sentences(["The storm killed 20 people in the northern hills."], [REPORT])
    assert not r.supported
    assert r.reasons == ["a number the sources give only about something else: 20"], r.reasons
    (r,) = check_sentences(["Halden Fire and Rescue said 41 people were injured when the Kestrel Bridge collapsed."], [SOURCE])
    assert "a number the sources do not give: 41" in r.reasons, r.reasons


def test_names_the_sources_never_put_together_are_named_not_blamed_on_a_negation(seed_files):
    # The seeds tell of Putin in Hanoi and, in another sentence, of Kim Jong Un in North Korea next to
    # "Vietnam ... has not condemned": the sentence is unsupported because of its names, not a negation.
    sources = [p.read_text(encoding="utf-8") for p in seed_files]
    r, short, ok = check_sentences(["Kim Jong Un visited Hanoi.", "Kim visited Hanoi.", "Putin visited Hanoi."], sources)
    assert not r.supported and ok.supported, (r.reasons, ok.reasons)
    assert not any("negation" in x for x in r.reasons), r.reasons
    assert any("name" in x and "Kim Jong Un" in x for x in r.reasons), r.reasons
    # a first word is a name when the sources write it as one
    assert not short.supported and any("name" in x and "Kim" in x for x in short.reasons), short.reasons


def test_a_name_the_sources_lack_is_named():
    (r,) = check_sentences(["Mayor Oskar Brandt declared a local state of emergency."], [SOURCE])
    assert not r.supported
    assert any(x.startswith("a name the sources do not mention") and "Oskar Brandt" in x for x in r.reasons), r.reasons
