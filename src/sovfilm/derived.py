"""Data computed from a catalog once and reused: the search index and the recommendation model.

Plain data only (lists, dicts, sets of strings and numbers, indexed by a
film's position in `catalog.films`), in a module of its own, so the compiled
cache can store it with marshal and a command that reads it back loads these
few classes and not the code that builds them.
"""

import marshal
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

if TYPE_CHECKING:
    from sovfilm.model import Catalog

# catalog.derived key of a function (name, build) -> part that reads a part
# from the compiled cache, or builds it and caches it: set by sovfilm.cache.
STORED = "stored-parts"

Part = TypeVar("Part", "SearchIndex", "RecommendModel")


class SearchIndex(NamedTuple):
    """Every search key of every film, flat, so rapidfuzz can scan them in one call.

    Keys are numbered; the first three lists are indexed by key number. What
    a search needs only a little of (the keys in alphabetical order, which
    keys have a word, the labels) stays packed in chunks, unpacked as needed:
    on a big catalog, creating every key string again is what reading costs.
    """

    contents: list[str]  # folded, stopwords dropped
    sorted_contents: list[str]  # the same words in alphabetical order
    owners: Sequence[int]  # position of the key's film in catalog.films (NUMBERS)
    key_heads: list[str]  # the first key of each chunk of key_chunks
    key_chunks: list[bytes]  # marshalled (keys, key numbers), KEY_CHUNK keys in order each
    words: dict[str, bytes]  # WORD_HEAD first letters -> marshalled {word: key numbers}
    labels: list[bytes]  # marshalled (display, kind) pairs, LABEL_CHUNK keys per chunk
    surnames: dict[str, list[str]]  # folded surname (any romanization) -> director names
    unverified: frozenset[int]  # positions of unverified films
    # Not stored (VIEW_FIELDS): the films themselves, and which films this view hides.
    films: Any = ()
    hidden: frozenset[int] = frozenset()

    def label(self, key: int) -> tuple[str, str]:
        """The title a key was made from, as shown to the user, and its kind."""
        displays, kinds = marshal.loads(self.labels[key // LABEL_CHUNK])
        return displays[key % LABEL_CHUNK], kinds[key % LABEL_CHUNK]

    def keys_with(self, word: str) -> list[int]:
        """Numbers of the keys that have WORD among their content words."""
        return _grouped(self.words, word) or []

    def keys_from(self, prefix: str) -> Iterator[tuple[int, str]]:
        """(number, key) of the keys that start with PREFIX, in alphabetical order."""
        # The chunk before the first head not below PREFIX may hold its first keys.
        first = max(0, bisect_left(self.key_heads, prefix) - 1)
        for chunk in range(first, len(self.key_chunks)):
            keys, numbers = marshal.loads(self.key_chunks[chunk])
            for place in range(bisect_left(keys, prefix), len(keys)):
                if not keys[place].startswith(prefix):
                    return
                yield numbers[place], keys[place]


LABEL_CHUNK = 32  # keys per chunk of labels: a search needs the labels of its matches only
KEY_CHUNK = 256  # sorted keys per chunk: an exact or prefix lookup unpacks one or two
WORD_HEAD = 2  # words are grouped by their first letters, one group unpacked per query word


def group_words(entries: dict[str, Any]) -> dict[str, bytes]:
    """ENTRIES by word, as marshalled groups of the words sharing their WORD_HEAD first letters."""
    groups: dict[str, dict[str, Any]] = {}
    for word, entry in entries.items():
        groups.setdefault(word[:WORD_HEAD], {})[word] = entry
    return {head: marshal.dumps(group) for head, group in groups.items()}


def _grouped(groups: dict[str, bytes], word: str) -> Any:
    """WORD's entry in what group_words made, or None."""
    group = groups.get(word[:WORD_HEAD])
    return marshal.loads(group).get(word) if group else None


class RecommendModel(NamedTuple):
    """Per-catalog data every recommendation needs, as postings over film positions.

    Postings let a recommendation touch only the films that share something
    with its seeds, and bound their scores before scoring any film in full.
    """

    verified: list[int]  # positions of the films that may be recommended
    size: int  # how many there are
    years: list[int]  # by position
    theme_norms: list[float]  # by position: length of the film's idf-weighted theme vector
    genre_counts: list[int]  # by position
    theme_idf: dict[str, float]
    republic_idf: dict[str, float]
    themes: dict[str, list[int]]  # theme -> positions of verified films with it
    directors: dict[str, list[int]]
    genres: dict[str, list[int]]
    republics: dict[str, list[int]]
    studios: dict[str, list[int]]
    # WORD_HEAD first letters -> marshalled {description word: marshalled (positions, weights)}
    words: dict[str, bytes]
    text_vectors: list[bytes]  # by position: marshalled {word: weight}, b"" if none

    def text_vector(self, position: int) -> dict[str, float]:
        packed = self.text_vectors[position]
        return marshal.loads(packed) if packed else {}

    def word_postings(self, word: str) -> tuple[Sequence[int], Sequence[float]]:
        """Positions of the films whose descriptions use WORD, and its weight in each.

        Kept as machine arrays: a common word of a big catalog has tens of
        thousands of postings, each read once.
        """
        from array import array

        packed = _grouped(self.words, word)
        positions, weights = array("q"), array("d")
        if packed:
            packed_positions, packed_weights = marshal.loads(packed)
            positions.frombytes(packed_positions)
            weights.frombytes(packed_weights)
        return positions, weights


STORED_CLASSES: dict[str, Any] = {"search": SearchIndex, "recommend": RecommendModel}
# Fields that are views onto the catalog in memory, never stored.
VIEW_FIELDS = ("films", "hidden")
# Long runs of numbers that a command reads only here and there, stored and
# read back as machine arrays: unmarshalling the 218,000 owners of a
# 50,000-film index one int object at a time took 10 ms, against 1 ms. (Lists
# a command walks whole, like the model's, stay lists: an array makes a new
# object at every access.)
NUMBERS = {"owners": "q"}


def stored_fields(cls: Any) -> list[str]:
    """The fields of a part that the cache keeps."""
    return [name for name in cls._fields if name not in VIEW_FIELDS]


def freeze(part: SearchIndex | RecommendModel) -> tuple[Any, ...]:
    """The stored fields of a part as plain data marshal can write."""
    from array import array

    return tuple(
        array(NUMBERS[name], getattr(part, name)).tobytes()
        if name in NUMBERS
        else getattr(part, name)
        for name in stored_fields(type(part))
    )


def thaw(name: str, plain: Any) -> Any:
    """A part from what freeze gave; ValueError if its fields are not of their types.

    The check is of each field's kind (a list, a dict, an int...), enough to
    refuse a part of another layout rather than fail somewhere later.
    """
    from array import array
    from typing import get_origin

    cls = STORED_CLASSES[name]
    fields = dict(zip(stored_fields(cls), plain, strict=True))
    for field, code in NUMBERS.items():
        if field in fields:
            numbers = array(code)
            numbers.frombytes(fields[field])
            fields[field] = numbers
    for field, value in fields.items():
        kind = cls.__annotations__[field]
        if not isinstance(value, get_origin(kind) or kind):
            raise ValueError(f"{name} part: {field} is not {kind}")
    return cls(**fields)


def obtain(catalog: "Catalog", name: str, build: Callable[[], Part]) -> Part:
    """The catalog's NAME part: computed already, else from the cache, else BUILD it."""
    part = catalog.derived.get(name)
    if part is None:
        stored = catalog.derived.get(STORED)
        part = stored(name, build) if stored is not None else build()  # type: ignore[operator]
        catalog.derived[name] = part
    return part  # type: ignore[return-value]
