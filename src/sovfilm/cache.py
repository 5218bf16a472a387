"""A compiled copy of the catalog, so a command does not parse TOML and rebuild indexes each run.

The cache keeps a catalog in parts, each a file in the user cache directory,
so a command reads only what it uses:

- `films`: the themes, the lists, every film id, and the films as packed
  rows, unpacked one film at a time as a command touches them;
- `search`: the search index;
- `recommend`: the recommendation model.

The films part is written when the catalog is first read; the other two the
first time a command needs them, so a search never compiles the model.

Each file is a marshalled head, read at once, then buffers of byte chunks
(film rows, sorted keys, labels, postings: see sovfilm.model.Chunks) that
a command maps into memory and copies out one chunk at a time.

marshal rather than pickle: every part is plain data (see sovfilm.derived),
marshal is built into Python (nothing to import) and reads such data faster.
Its format changes between Python versions, so the key names Python's version
beside sovfilm's and the catalog file's real path, size and modification time;
editing the catalog, upgrading sovfilm or changing Python rebuilds the cache.
Each file also holds its full key, which is checked on reading. Files are
written atomically; one that cannot be read is ignored and rebuilt, and a
cache directory that cannot be written only makes runs slower.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from binascii import crc32
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from sovfilm.model import Catalog

CACHE_ENV = "SOVFILM_CACHE"
NO_CACHE_ENV = "SOVFILM_NO_CACHE"
# From this size (about 3,000 films) a cold build takes long enough to show its progress.
ANNOUNCE_FROM = 1 << 20
PARTS = ("films", "search", "recommend")
OLD_PARTS = ("rows",)  # files of cache FORMAT 11 and before, removed with their catalog
PART_NAMES = {"search": "search index", "recommend": "recommendation model"}
FORMAT = 13  # bump when the layout of a part changes


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


def cache_key(catalog_path: Path) -> str | None:
    """What a compiled catalog must match to be current (None if the file cannot be stat'ed)."""
    from sovfilm import __version__

    try:
        real = catalog_path.resolve()
        stat = real.stat()
    except OSError:
        return None
    python = ".".join(map(str, sys.version_info[:3]))
    return f"{FORMAT}|{__version__}|{python}|{real}|{stat.st_size}|{stat.st_mtime_ns}"


def cache_file(
    catalog_path: Path, part: str = "films", environ: Mapping[str, str] | None = None
) -> Path | None:
    """Where one part of this catalog file's compiled form lives (None if it cannot be stat'ed)."""
    key = cache_key(catalog_path)
    return None if key is None else _part_file(key, part, environ)


def _part_file(key: str, part: str, environ: Mapping[str, str] | None) -> Path:
    # A short name; the full key inside the file settles any collision.
    digest = f"{crc32(key.encode('utf-8', 'surrogateescape')):08x}"
    return cache_dir(environ) / f"catalog-{digest}.{part}"


def load(
    catalog_path: Path,
    build: Callable[[], Catalog],
    environ: Mapping[str, str] | None = None,
    announce: Callable[[str], None] | None = None,
) -> Catalog:
    """The catalog from the cache when it is current, else BUILD it and try to cache it.

    ANNOUNCE, if given, hears each step of compiling a big catalog, and "" when done.
    """
    environ = os.environ if environ is None else environ
    key = None if environ.get(NO_CACHE_ENV) else cache_key(catalog_path)
    if key is None:
        return build()  # no cache: each command derives only what it needs
    from sovfilm.derived import STORED

    films_file = _part_file(key, "films", environ)
    say = _announcer(announce, catalog_path)
    catalog = _read_catalog(films_file, key)
    if catalog is None:
        say("reading the catalog")
        catalog = build()
        _write_films(films_file, key, catalog)
        _forget_old(films_file)
        say("")
    # The search index and the recommendation model are compiled the first
    # time a command needs them: a search never pays for the model.
    catalog.derived[STORED] = _part_store(films_file, key, len(catalog.films), say)
    return catalog


def _part_store(
    films_file: Path, key: str, count: int, say: Callable[[str], None]
) -> Callable[[str, Callable[[], Any]], Any]:
    """What sovfilm.derived.obtain asks for a part: read it, else build it and cache it."""

    def stored(name: str, build: Callable[[], Any]) -> Any:
        from sovfilm.derived import freeze

        path = films_file.with_suffix(f".{name}")
        part = _read_part(path, key, name)
        if part is None:
            say(f"compiling {count:,} films for fast start-up: {PART_NAMES[name]}")
            part = build()
            _write(path, key, *freeze(part))
            say("")
        return part

    return stored


def _announcer(announce: Callable[[str], None] | None, catalog_path: Path) -> Callable[[str], None]:
    """ANNOUNCE for a big catalog, silence for a small one (sized at the first step)."""
    if announce is None:
        return _quiet
    big: list[bool] = []

    def say(step: str) -> None:
        if not big:
            big.append(_size(catalog_path) >= ANNOUNCE_FROM)
        if big[0]:
            announce(step)

    return say


def _quiet(_step: str) -> None:
    """Small catalogs compile quickly enough to pass unmentioned."""


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _write_films(films_file: Path, key: str, catalog: Catalog) -> None:
    from sovfilm.model import PackedFilms

    lists = [
        (fl.id, fl.title, fl.description, [tuple(entry) for entry in fl.entries], fl.source)
        for fl in catalog.lists
    ]
    ids = "\n".join(film.id for film in catalog.films)  # slugs: never a newline in one
    rows = PackedFilms.pack(catalog.films)
    payload = (catalog.themes, lists, ids, rows.frozen()[0], catalog.path)
    _write(films_file, key, payload, [rows.buffer()])
    with contextlib.suppress(OSError):
        films_file.with_suffix(".rows").unlink()  # where FORMAT 11 and before kept the rows


def _read_catalog(films_file: Path, key: str) -> Catalog | None:
    from sovfilm.model import FILM_IDS, Catalog, Chunks, FilmList, ListEntry, PackedFilms

    stored = _read(films_file, key)
    if stored is None:
        return None
    try:
        (themes, lists, ids, offsets, path), (rows,) = stored
        catalog = Catalog(
            films=PackedFilms(Chunks.within(*rows, offsets)),
            lists=tuple(
                FilmList(id_, title, text, tuple(ListEntry(*e) for e in entries), source)
                for id_, title, text, entries, source in lists
            ),
            themes=themes,
            path=path,
        )
    except (TypeError, ValueError):
        return None
    if not isinstance(ids, str) or (ids.count("\n") + 1 if ids else 0) != len(catalog.films):
        return None
    catalog.derived[FILM_IDS] = ids  # positions come from these, without unpacking a film
    return catalog


def _read_part(path: Path, key: str, part: str) -> Any:
    from sovfilm.derived import thaw

    stored = _read(path, key)
    if stored is None:
        return None
    try:
        return thaw(part, *stored)
    except (TypeError, ValueError, IndexError):
        return None


# A compiled file: the length of its head, in LENGTH bytes; the head, a marshalled
# (key, payload, sizes of the buffers); then the buffers, end to end.
LENGTH = 8


def _read(path: Path, key: str) -> tuple[Any, list[tuple[Any, int, int]]] | None:
    """The payload of a compiled file written with KEY, and its buffers as (file, start, size)."""
    import mmap

    try:
        with path.open("rb") as handle:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # missing, unreadable, or empty
        return None
    try:
        # Unmarshalled straight from the mapped file: reading it into bytes
        # first would copy it once more. The buffers are not copied at all.
        head = int.from_bytes(data[:LENGTH], "little")
        with memoryview(data) as view:
            stored_key, payload, sizes = marshal.loads(view[LENGTH : LENGTH + head])
        buffers, start = [], LENGTH + head
        for size in sizes:
            buffers.append((data, start, size))
            start += size
        whole = start == len(data)
    except Exception:
        # Truncated, foreign or outdated: only a missed shortcut.
        whole = False
    if not whole or stored_key != key or not buffers:
        # Nothing will read it again. (A view left by a failed read would
        # keep it open; it is then closed when freed.)
        with contextlib.suppress(BufferError):
            data.close()
    return (payload, buffers) if whole and stored_key == key else None


def _write(path: Path, key: str, payload: Any, buffers: Sequence[bytes] = ()) -> None:
    head = marshal.dumps((key, payload, [len(buffer) for buffer in buffers]))
    _write_bytes(path, len(head).to_bytes(LENGTH, "little"), head, *buffers)


def _write_bytes(path: Path, *pieces: bytes) -> None:
    import tempfile  # here, not at the top: a warm run only reads

    temp_name = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".catalog-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.writelines(pieces)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
        temp_name = None
    except (OSError, ValueError):
        pass  # a read-only or full cache directory just means the next run compiles again
    finally:
        if temp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def _forget_old(current: Path, keep: int = 4) -> None:
    """Remove all but the few most recent compiled catalogs, so the cache does not grow."""
    try:
        compiled = sorted(
            current.parent.glob("catalog-*.films"), key=lambda p: p.stat().st_mtime, reverse=True
        )
    except OSError:
        return
    for old in compiled[keep:]:
        for part in PARTS + OLD_PARTS:
            with contextlib.suppress(OSError):
                old.with_suffix(f".{part}").unlink()
