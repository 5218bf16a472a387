"""The user's own data (watchlist, seen films and ratings, personal lists) in one TOML file.

Nothing is ever lost:
- a file that does not parse or validate is never written over: every command
  that needs it stops with a UserDataError naming the file, line and problem;
- every write happens under an exclusive lock, re-reads the file under that
  lock, writes a temporary file in the same directory, flushes and fsyncs it,
  keeps the previous version as a backup and renames the new one over it, so
  a crash leaves the old file or the new one, never half of one, and two
  sovfilm processes never lose each other's changes;
- film ids the catalog no longer knows are kept and reported, never dropped.
"""

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from sovfilm.errors import UsageError, UserDataError
from sovfilm.model import FilmList, ListEntry

HOME_ENV = "SOVFILM_HOME"
FILE_NAME = "sovfilm.toml"
FORMAT = 1
RATINGS = tuple(n / 2 for n in range(1, 11))  # 0.5 .. 5.0 in half steps


class Watch(NamedTuple):
    film: str
    added: dt.date


class Viewing(NamedTuple):
    film: str
    date: dt.date
    rating: float | None = None


class UserData(NamedTuple):
    watchlist: tuple[Watch, ...] = ()
    seen: tuple[Viewing, ...] = ()
    lists: tuple[FilmList, ...] = ()  # personal lists, e.g. from `sovfilm import --name`
    # Keys this version does not know, carried through untouched on every write.
    extra: Mapping[str, Any] = MappingProxyType({})

    def seen_ids(self) -> set[str]:
        return {v.film for v in self.seen}

    def watchlist_ids(self) -> list[str]:
        return [w.film for w in self.watchlist]


def home(environ: Mapping[str, str] | None = None) -> Path:
    """Where the user's data lives: $SOVFILM_HOME, else the platform's user data directory."""
    environ = os.environ if environ is None else environ
    if environ.get(HOME_ENV):
        return Path(environ[HOME_ENV])
    if sys.platform == "linux" and not hasattr(sys, "getandroidapilevel"):
        # The XDG rule, written out: platformdirs (and the tempfile it pulls in)
        # would cost every recommend run 3 ms to say the same, as a test checks.
        xdg = environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share"
        return base / "sovfilm"
    import platformdirs

    return Path(platformdirs.user_data_dir("sovfilm", appauthor=False))


def data_file(environ: Mapping[str, str] | None = None) -> Path:
    return home(environ) / FILE_NAME


def backup_of(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


# -- reading ---------------------------------------------------------------------------


def load(path: Path) -> UserData:
    """Read the user file; a missing file is empty data, a broken one a UserDataError."""
    try:
        raw_bytes = path.read_bytes()
    except FileNotFoundError:
        return UserData()
    except OSError as exc:
        raise UserDataError(f"cannot read {path}: {exc.strerror or exc}") from None
    import tomllib  # only when there is a file: most runs have none to read

    try:
        raw = tomllib.loads(raw_bytes.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _broken(path, f"not valid TOML: {exc}") from None
    return _parse(path, raw)


def _broken(path: Path, problem: str) -> UserDataError:
    backup = backup_of(path)
    hint = (
        f"fix it by hand, or restore the previous version: cp '{backup}' '{path}'"
        if backup.exists()
        else f"fix it by hand; sovfilm will not change {path.name} until it reads cleanly"
    )
    return UserDataError(f"{path}: {problem}", hint=hint)


def _parse(path: Path, raw: dict[str, Any]) -> UserData:
    def table_list(key: str) -> list[dict[str, Any]]:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
            raise _broken(path, f'"{key}" must be an array of tables ([[{key}]])')
        return value

    def need(table: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
        value = table.get(key)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise _broken(path, f'{where}: "{key}" is missing or not {_kind_name(kind)}')
        return value

    fmt = raw.get("format", FORMAT)
    if fmt != FORMAT:
        raise _broken(path, f"format {fmt!r} is not one this sovfilm reads (expected {FORMAT})")
    watchlist = tuple(
        Watch(
            need(t, "film", str, f"watchlist entry {n}"),
            need(t, "added", dt.date, f"watchlist entry {n}"),
        )
        for n, t in enumerate(table_list("watchlist"), start=1)
    )
    seen = []
    for n, t in enumerate(table_list("seen"), start=1):
        where = f"seen entry {n}"
        rating = t.get("rating")
        if rating is not None and (isinstance(rating, bool) or float(rating) not in RATINGS):
            raise _broken(path, f'{where}: "rating" must be 0.5 to 5 in half steps, not {rating!r}')
        seen.append(
            Viewing(
                need(t, "film", str, where),
                need(t, "date", dt.date, where),
                float(rating) if rating is not None else None,
            )
        )
    lists = []
    for n, t in enumerate(table_list("lists"), start=1):
        where = f"list {n}"
        entries = t.get("entries", [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise _broken(path, f'{where}: "entries" must be an array of tables')
        lists.append(
            FilmList(
                id=need(t, "id", str, where),
                title=need(t, "title", str, where),
                description=str(t.get("description", "")),
                entries=tuple(
                    ListEntry(
                        need(e, "film", str, f"{where} entry {m}"),
                        str(e.get("as_listed", "")),
                        str(e.get("note", "")),
                    )
                    for m, e in enumerate(entries, start=1)
                ),
                source=str(t.get("source", "")) or None,
            )
        )
    lists = tuple(lists)
    extra = {k: v for k, v in raw.items() if k not in ("format", "watchlist", "seen", "lists")}
    return UserData(watchlist, tuple(seen), lists, extra)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "a string", dt.date: "a date (YYYY-MM-DD)", float: "a number", int: "a number"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def unknown_films(data: UserData, known: Callable[[str], object]) -> list[str]:
    """Film ids in the user file that the catalog does not have (kept, and worth a mention)."""
    ids = [w.film for w in data.watchlist] + [v.film for v in data.seen]
    ids += [e.film for pl in data.lists for e in pl.entries]
    return sorted({i for i in ids if known(i) is None})


# -- writing ---------------------------------------------------------------------------


def dump(data: UserData) -> str:
    import tomli_w

    doc: dict[str, Any] = {"format": FORMAT}
    if data.watchlist:
        doc["watchlist"] = [{"film": w.film, "added": w.added} for w in data.watchlist]
    if data.seen:
        doc["seen"] = [
            {"film": v.film, "date": v.date, **({"rating": v.rating} if v.rating else {})}
            for v in data.seen
        ]
    if data.lists:
        doc["lists"] = [
            {
                "id": pl.id,
                "title": pl.title,
                "description": pl.description,
                "source": pl.source or "",
                "entries": [
                    {"film": e.film, "as_listed": e.as_listed, "note": e.note} for e in pl.entries
                ],
            }
            for pl in data.lists
        ]
    doc.update(data.extra)
    header = "# sovfilm personal data: watchlist, films seen, personal lists. Safe to edit.\n"
    return header + tomli_w.dumps(doc)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on PATH.lock for the duration (across processes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a+b") as lock:
        try:
            import fcntl
        except ImportError:  # Windows
            import msvcrt

            lock.seek(0)
            msvcrt.locking(lock.fileno(), msvcrt.LK_LOCK, 1)
            try:
                yield
            finally:
                lock.seek(0)
                msvcrt.locking(lock.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def _write_atomically(path: Path, text: str) -> None:
    import tempfile  # only writing needs it

    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as temp:
            temp.write(text)
            temp.flush()
            os.fsync(temp.fileno())
        if path.exists():
            # The previous version stays as the backup; a link is instant and atomic.
            backup = backup_of(path)
            with contextlib.suppress(FileNotFoundError):
                backup.unlink()
            try:
                os.link(path, backup)
            except OSError:
                backup.write_bytes(path.read_bytes())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where we can
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def update(path: Path, change: Callable[[UserData], UserData]) -> UserData:
    """Apply CHANGE to the user data under the lock, and save the result safely.

    The file is read again after the lock is taken, so a change made by
    another sovfilm process in between is never lost.
    """
    with _locked(path):
        current = load(path)
        changed = change(current)
        if changed != current:
            _write_atomically(path, dump(changed))
        return changed


# -- changes (pure functions over UserData) ------------------------------------------------


def add_to_watchlist(data: UserData, film: str, today: dt.date) -> UserData:
    if film in data.watchlist_ids():
        return data
    return data._replace(watchlist=(*data.watchlist, Watch(film, today)))


def remove_from_watchlist(data: UserData, film: str) -> UserData:
    return data._replace(watchlist=tuple(w for w in data.watchlist if w.film != film))


def check_rating(rating: float | None) -> float | None:
    if rating is not None and rating not in RATINGS:
        raise UsageError(
            f"rating {rating:g} is not allowed", hint="use 0.5 to 5 in half steps (3.5, 4, 4.5)"
        )
    return rating


def mark_seen(data: UserData, film: str, when: dt.date, rating: float | None) -> UserData:
    """Record a viewing; marking a film seen again on the same date updates its rating."""
    kept = tuple(v for v in data.seen if not (v.film == film and v.date == when))
    viewing = Viewing(film, when, check_rating(rating))
    # Seeing a film takes it off the watchlist.
    return data._replace(
        seen=(*kept, viewing), watchlist=remove_from_watchlist(data, film).watchlist
    )


def mark_unseen(data: UserData, film: str) -> UserData:
    return data._replace(seen=tuple(v for v in data.seen if v.film != film))


def diary(data: UserData) -> list[Viewing]:
    """Viewings, newest first (ties by film id so the order is stable)."""
    return sorted(data.seen, key=lambda v: (v.date, v.film), reverse=True)


def latest_ratings(data: UserData) -> dict[str, float]:
    """Each film's most recent rating."""
    ratings: dict[str, float] = {}
    for viewing in sorted(data.seen, key=lambda v: v.date):
        if viewing.rating is not None:
            ratings[viewing.film] = viewing.rating
    return ratings


def taste_films(data: UserData, liked_from: float = 4.0) -> list[str]:
    """The films that say what the user likes: rated LIKED_FROM or more, and the watchlist."""
    liked = [f for f, r in sorted(latest_ratings(data).items()) if r >= liked_from]
    return list(dict.fromkeys(liked + data.watchlist_ids()))


def save_list(data: UserData, personal: FilmList) -> UserData:
    others = tuple(pl for pl in data.lists if pl.id != personal.id)
    return data._replace(lists=(*others, personal))
