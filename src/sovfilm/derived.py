"""Data computed from a catalog once and reused: the search index and the recommendation model.

Plain data only, in a module of its own, so that reading a compiled catalog
from the cache loads these few classes and not the code that builds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sovfilm.model import Film


@dataclass(frozen=True)
class SearchIndex:
    """Every search key of every film, flat, so rapidfuzz can scan them in one call."""

    films: tuple[Film, ...]
    keys: list[str]  # folded
    contents: list[str]  # folded, stopwords dropped
    displays: list[str]  # as shown to the user
    kinds: list[str]
    owners: list[int]  # index into films
    surnames: dict[str, set[str]]  # folded surname (any romanization) -> director names


@dataclass(frozen=True)
class RecommendModel:
    """Per-catalog data every recommendation needs."""

    films: tuple[Film, ...]
    theme_idf: dict[str, float]
    republic_idf: dict[str, float]
    text_vectors: dict[str, dict[str, float]]
