"""A compiled copy of the catalog, so a command does not parse TOML and rebuild indexes each run.

The cache holds the validated catalog with everything derived from it (the
search indexes and the recommendation model), pickled, in the user cache
directory. It is keyed by the catalog file's real path, size and modification
time and by sovfilm's version, so editing the catalog or upgrading sovfilm
rebuilds it. It is written atomically; a cache that cannot be read is
ignored and rebuilt, and a cache directory that cannot be written only
makes runs slower.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from sovfilm.model import Catalog

CACHE_ENV = "SOVFILM_CACHE"
NO_CACHE_ENV = "SOVFILM_NO_CACHE"
# Above this many films a cold build takes long enough to deserve a word.
ANNOUNCE_FROM = 5000


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """$SOVFILM_CACHE, else the platform's user cache directory.

    Written out rather than asking platformdirs, whose import would cost
    every warm run more than the rest of this module.
    """
    environ = os.environ if environ is None else environ
    if environ.get(CACHE_ENV):
        return Path(environ[CACHE_ENV])
    home = Path.home()
    if sys.platform == "win32":
        base = Path(environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return base / "sovfilm" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "sovfilm"
    return Path(environ.get("XDG_CACHE_HOME") or home / ".cache") / "sovfilm"


def cache_file(catalog_path: Path, environ: Mapping[str, str] | None = None) -> Path | None:
    """Where the compiled form of this catalog file lives (None if it cannot be stat'ed)."""
    from sovfilm import __version__

    try:
        real = catalog_path.resolve()
        stat = real.stat()
    except OSError:
        return None
    key = f"{__version__}|{real}|{stat.st_size}|{stat.st_mtime_ns}"
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return cache_dir(environ) / f"catalog-{digest}.pickle"


def load(
    catalog_path: Path,
    build: Callable[[], Catalog],
    environ: Mapping[str, str] | None = None,
    announce: Callable[[int], None] | None = None,
) -> Catalog:
    """The catalog from the cache when it is current, else BUILD it and try to cache it.

    ANNOUNCE, if given, hears the number of films before a long compilation.
    """
    environ = os.environ if environ is None else environ
    target = None if environ.get(NO_CACHE_ENV) else cache_file(catalog_path, environ)
    if target is not None:
        cached = _read(target)
        if cached is not None:
            return cached
    catalog = build()
    if target is None:
        return catalog  # no cache to fill: each command derives only what it needs
    if announce is not None and len(catalog.films) >= ANNOUNCE_FROM:
        announce(len(catalog.films))
    compile_derived(catalog)
    _write(target, catalog)
    return catalog


def compile_derived(catalog: Catalog) -> None:
    """Build what commands derive from the catalog, so the cache can carry it."""
    from sovfilm.recommend import model_for
    from sovfilm.search import index_for

    index_for(catalog, include_unverified=False)
    index_for(catalog, include_unverified=True)
    model_for(catalog)


def _read(path: Path) -> Catalog | None:
    from sovfilm.model import Catalog

    try:
        with path.open("rb") as handle:
            catalog = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:
        # A truncated, foreign or outdated cache is only a missed shortcut.
        return None
    return catalog if isinstance(catalog, Catalog) else None


def _write(path: Path, catalog: Catalog) -> None:
    temp_name = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".catalog-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(catalog, handle, protocol=pickle.HIGHEST_PROTOCOL)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
        temp_name = None
        _forget_old(path)
    except OSError:
        pass  # a read-only or full cache directory just means the next run compiles again
    finally:
        if temp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def _forget_old(current: Path, keep: int = 4) -> None:
    """Remove all but the few most recent compiled catalogs, so the cache does not grow."""
    compiled = sorted(
        current.parent.glob("catalog-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for old in compiled[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()
