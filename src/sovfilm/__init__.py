"""sovfilm: a browser and recommender for Soviet cinema, as a library and a CLI.

The core works on plain data and never prints::

    >>> import sovfilm
    >>> catalog = sovfilm.load_catalog()          # the shipped catalog
    >>> [m.film.title for m in sovfilm.search(catalog, "cranes")]

The names below are imported on first use, so that `sovfilm --help` and the
other commands load only the modules they need.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Catalog": "sovfilm.model",
    "Film": "sovfilm.model",
    "FilmList": "sovfilm.model",
    "ListEntry": "sovfilm.model",
    "CatalogError": "sovfilm.errors",
    "ExitCode": "sovfilm.errors",
    "NotFound": "sovfilm.errors",
    "SovfilmError": "sovfilm.errors",
    "check_catalog": "sovfilm.catalog",
    "load_catalog": "sovfilm.catalog",
    "parse_catalog": "sovfilm.catalog",
    "browse": "sovfilm.query",
    "find_list": "sovfilm.query",
    "Match": "sovfilm.search",
    "fold": "sovfilm.search",
    "resolve": "sovfilm.search",
    "search": ("sovfilm.search", "search_titles"),
    "recommend": ("sovfilm.recommend", "recommend"),
    "film_record": "sovfilm.records",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'sovfilm' has no attribute {name!r}")
    module_name, attribute = target if isinstance(target, tuple) else (target, name)
    value = getattr(importlib.import_module(module_name), attribute)
    # Importing sovfilm.search or sovfilm.recommend binds the submodule to the
    # same name; the function is what `sovfilm.search(...)` means.
    globals()[name] = value
    return value
