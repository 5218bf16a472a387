"""Write a large synthetic catalog in the documented schema, for benchmarks.

    python bench/generate_catalog.py 50000 /tmp/films-50k.toml

Titles are built from real Russian and English words so that folding,
romanization and fuzzy matching do realistic work. The output is seeded and
therefore the same on every run.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

RUSSIAN = (
    "летят журавли белое солнце пустыни крылья восхождение ирония судьбы зеркало сталкер "
    "цирк весна земля мать отец сын дочь дорога поле река море горы степь небо звезда ветер "
    "осень зима лето ночь день утро вечер дом город деревня война мир любовь память время"
).split()
ENGLISH = (
    "cranes flying white sun desert wings ascent irony fate mirror stalker circus spring earth "
    "mother father son daughter road field river sea mountains steppe sky star wind autumn "
    "winter summer night day morning evening house city village war peace love memory time"
).split()
SURNAMES = "Ivanov Petrov Sidorov Tarkovsky Shepitko Klimov Ryazanov Gaidai Muratova German".split()
FIRST = "Andrei Larisa Elem Eldar Leonid Kira Aleksei Sergei Mikhail Nikita".split()


def film(n: int, rng: random.Random) -> str:
    words = rng.randint(1, 4)
    ru = " ".join(rng.choice(RUSSIAN) for _ in range(words)).capitalize()
    en = " ".join(rng.choice(ENGLISH) for _ in range(words)).title()
    year = rng.randint(1924, 1991)
    director = f"{rng.choice(FIRST)} {rng.choice(SURNAMES)}"
    return (
        f'[[films]]\nid = "film-{n}-{year}"\ntitle = "{en} {n}"\noriginal_title = "{ru} {n}"\n'
        f'year = {year}\ndirectors = ["{director}"]\ngenres = ["drama"]\n'
        f'themes = ["memory", "love", "war"]\n'
        f'description = "A generated film, number {n}. It exists to measure speed."\n'
        f'status = "verified"\nsources = ["https://example.org/{n}"]\n\n'
    )


def main(count: int, path: Path) -> None:
    rng = random.Random(1917)
    themes = '[themes]\nmemory = "Memory."\nlove = "Love."\nwar = "War."\n\n'
    with path.open("w", encoding="utf-8") as out:
        out.write(themes)
        for n in range(count):
            out.write(film(n, rng))


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]))
