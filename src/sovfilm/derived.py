"""Data computed from a catalog once and reused: the search index and the recommendation model.

Plain data only (lists, dicts, sets of strings and numbers, indexed by a
film's position in `catalog.films`, and the Chunks and Texts that freeze
turns into plain data and buffers), in a module of its own, so the compiled
cache can store it and a command that reads it back loads these few classes
and not the code that builds them.
"""

import marshal
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from sovfilm.model import Chunks

if TYPE_CHECKING:
    from sovfilm.model import Catalog

# catalog.derived key of a function (name, build) -> part that reads a part
# from the compiled cache, or builds it and caches it: set by sovfilm.cache.
STORED = "stored-parts"

Part = TypeVar("Part", "SearchIndex", "RecommendModel")


class Texts:
    """A long list of strings: the first ones ready at once, the rest unpacked in chunks as needed.

    On a big catalog, creating every search key string again is most of what
    reading the index costs. Keys are numbered so that the ones a Latin query
    can match come first (see sovfilm.search.build_index), and a Latin query
    never unpacks the keys it cannot match.
    """

    __slots__ = ("_chunks", "_head", "_items", "_next", "size")

    def __init__(self, head: str, chunks: Chunks, size: int) -> None:
        self._head = head  # the first strings, "\n"-joined: one string to read back, split once
        self._chunks = chunks  # the rest, as marshalled lists of TEXT_CHUNK strings
        self.size = size
        self._items: list[str] | None = None  # the strings unpacked so far, in order
        self._next = 0  # the first chunk not yet in _items

    @classmethod
    def of(cls, texts: list[str], ready: int) -> "Texts":
        """TEXTS (none empty or holding a newline), the first READY of them read back at once."""
        head = "\n".join(texts[:ready])
        if head.count("\n") != max(ready - 1, 0) or "" in texts[:ready]:
            raise ValueError("a text to be stored with Texts is empty or holds a newline")
        rest = texts[ready:]
        chunks = (marshal.dumps(rest[i : i + TEXT_CHUNK]) for i in range(0, len(rest), TEXT_CHUNK))
        return cls(head, Chunks.of(chunks), len(texts))

    def frozen(self) -> tuple[str, Chunks, int]:
        """What the cache stores: the arguments to make this again."""
        return self._head, self._chunks, self.size

    def first(self, count: int) -> list[str]:
        """The first COUNT strings."""
        items = self._unpacked(count)
        # The list itself only once it is complete: unpacking more would change it under the caller.
        return items if count >= self.size else items[:count]

    def pick(self, numbers: Sequence[int]) -> list[str]:
        """The strings numbered NUMBERS, in that order."""
        items = self._unpacked(max(numbers, default=-1) + 1)
        return [items[i] for i in numbers]

    def __len__(self) -> int:
        return self.size

    def __iter__(self) -> Iterator[str]:
        return iter(self.first(self.size))

    def _unpacked(self, count: int) -> list[str]:
        items = self._items
        if items is None:
            items = self._items = self._head.split("\n") if self._head else []
        while len(items) < count and self._next < len(self._chunks):
            items += marshal.loads(self._chunks[self._next])
            self._next += 1
        return items


class SearchIndex(NamedTuple):
    """Every search key of every film, flat, so rapidfuzz can scan them in one call.

    Keys are numbered; contents, sorted_contents and owners are indexed by key
    number. What a search needs only a little of (the keys in alphabetical
    order, which keys have a word, the labels) stays packed in chunks,
    unpacked as needed.
    """

    contents: Texts  # folded, stopwords dropped
    sorted_contents: Texts  # the same words in alphabetical order
    owners: Sequence[int]  # position of the key's film in catalog.films (NUMBERS)
    places: Sequence[int]  # the key's place among its film's keys, as made (NUMBERS)
    # The keys that are not all Latin come last, the ones a Latin query could
    # match best first: for each, the most a Latin query can score on it.
    latin_reach: Sequence[float]  # (NUMBERS)
    key_heads: list[str]  # the first key of each chunk of key_chunks
    key_chunks: Chunks  # marshalled (keys, key numbers), KEY_CHUNK keys in order each
    words: Chunks  # named by WORD_HEAD first letters: marshalled {word: key numbers}
    labels: Chunks  # marshalled (display, kind) pairs, LABEL_CHUNK keys per chunk
    surnames: dict[str, list[str]]  # folded surname (any romanization) -> director names
    directed: Chunks  # named by director: the positions of their films (array "q" bytes)
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

    def films_by(self, directors: Iterable[str]) -> list[int]:
        """Positions of the films any of DIRECTORS directed, in catalog order."""
        positions: set[int] = set()
        for director in directors:
            packed = self.directed.named(director)
            if packed:
                positions.update(array("q", packed))
        return sorted(positions)

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
TEXT_CHUNK = 4096  # strings per chunk of a Texts
KEY_CHUNK = 256  # sorted keys per chunk: an exact or prefix lookup unpacks one or two
WORD_HEAD = 2  # words are grouped by their first letters, one group unpacked per query word


def group_words(entries: dict[str, Any]) -> Chunks:
    """ENTRIES by word, as marshalled groups of the words sharing their WORD_HEAD first letters."""
    groups: dict[str, dict[str, Any]] = {}
    for word, entry in entries.items():
        groups.setdefault(word[:WORD_HEAD], {})[word] = entry
    return Chunks.of(map(marshal.dumps, groups.values()), groups)


def _grouped(groups: Chunks, word: str) -> Any:
    """WORD's entry in what group_words made, or None."""
    group = groups.named(word[:WORD_HEAD])
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
    # Named by WORD_HEAD first letters: marshalled {description word: (positions, weights)}
    words: Chunks
    text_vectors: Chunks  # by position: marshalled {word: weight}, b"" if none

    def text_vector(self, position: int) -> dict[str, float]:
        packed = self.text_vectors[position]
        return marshal.loads(packed) if packed else {}

    def word_postings(self, word: str) -> tuple[Sequence[int], Sequence[float]]:
        """Positions of the films whose descriptions use WORD, and its weight in each.

        Kept as machine arrays: a common word of a big catalog has tens of
        thousands of postings, each read once.
        """
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
NUMBERS = {"owners": "q", "places": "I", "latin_reach": "d"}


def stored_fields(cls: Any) -> list[str]:
    """The fields of a part that the cache keeps."""
    return [name for name in cls._fields if name not in VIEW_FIELDS]


def freeze(part: SearchIndex | RecommendModel) -> tuple[tuple[Any, ...], list[bytes]]:
    """The stored fields of a part as plain data marshal can write, and the buffers of its Chunks.

    A Chunks is stored as the number of its buffer, its offsets and its
    names; the cache writes the buffers after the plain data, where reading
    them back copies nothing.
    """
    buffers: list[bytes] = []

    def chunks(value: Chunks) -> tuple[Any, ...]:
        buffers.append(value.buffer())
        return (len(buffers) - 1, *value.frozen())

    def plain(name: str, value: Any) -> Any:
        if name in NUMBERS:
            return array(NUMBERS[name], value).tobytes()
        if isinstance(value, Chunks):
            return chunks(value)
        if isinstance(value, Texts):
            head, tail, size = value.frozen()
            return head, chunks(tail), size
        return value

    return tuple(plain(name, getattr(part, name)) for name in stored_fields(type(part))), buffers


def thaw(name: str, plain: Any, buffers: Sequence[tuple[Any, int, int]]) -> Any:
    """A part from what freeze gave; ValueError if its fields are not of their types.

    BUFFERS are where freeze's buffers are now: (buffer, start, size) each.
    The check is of each field's kind (a list, a dict, an int...), enough to
    refuse a part of another layout rather than fail somewhere later.
    """
    from typing import get_origin

    def chunks(stored: Any) -> Chunks:
        number, offsets, names = stored
        return Chunks.within(*buffers[number], offsets, names)

    cls = STORED_CLASSES[name]
    fields = dict(zip(stored_fields(cls), plain, strict=True))
    for field, value in fields.items():
        kind = cls.__annotations__[field]
        if field in NUMBERS:
            numbers = array(NUMBERS[field])
            numbers.frombytes(value)
            fields[field] = value = numbers
        elif kind is Chunks:
            fields[field] = value = chunks(value)
        elif kind is Texts:
            head, tail, size = value
            if not (isinstance(head, str) and isinstance(size, int)):
                raise ValueError(f"{name} part: {field} is not {kind}")
            fields[field] = value = Texts(head, chunks(tail), size)
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
