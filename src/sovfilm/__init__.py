"""sovfilm: a browser and recommender for Soviet cinema, as a library and a CLI.

The core works on plain data and never prints::

    >>> import sovfilm
    >>> catalog = sovfilm.load_catalog()          # the shipped catalog
    >>> [f.title for f in sovfilm.search(catalog, "cranes")]
"""

from __future__ import annotations

__version__ = "0.1.0"

from sovfilm.catalog import check_catalog, load_catalog, parse_catalog
from sovfilm.errors import CatalogError, ExitCode, NotFound, SovfilmError
from sovfilm.model import Catalog, Film, FilmList, ListEntry
from sovfilm.query import browse, find_list
from sovfilm.records import film_record
from sovfilm.search import Match, fold, resolve
from sovfilm.search import search_titles as search

__all__ = [
    "Catalog",
    "CatalogError",
    "ExitCode",
    "Film",
    "FilmList",
    "ListEntry",
    "Match",
    "NotFound",
    "SovfilmError",
    "browse",
    "check_catalog",
    "film_record",
    "find_list",
    "fold",
    "load_catalog",
    "parse_catalog",
    "resolve",
    "search",
]  # fmt: skip
