"""The recommend command: reasons, filters, errors, and its JSON shape."""

from __future__ import annotations

import json
from pathlib import Path

from sovfilm.recommend import WEIGHTS
from sovfilm.records import FILM_FIELDS

REASON_KINDS = {"theme", "director", "genre", "era", "studio", "republic", "text", "list"}


def test_json_carries_score_and_reasons(run) -> None:
    recs = json.loads(run("recommend", "Wings", "--json").stdout)
    assert len(recs) == 10
    assert all(list(r) == [*FILM_FIELDS, "score", "reasons", "because"] for r in recs)
    assert all(r["because"] == ["wings-1966"] for r in recs)
    for rec in recs:
        assert 0 < rec["score"] <= 100
        assert rec["reasons"], rec["id"]
        assert {r["kind"] for r in rec["reasons"]} <= REASON_KINDS
        assert all(set(r) == {"kind", "value", "weight"} for r in rec["reasons"])
        # The reasons add up to the score (each is its share, in points).
        assert abs(sum(r["weight"] for r in rec["reasons"]) - rec["score"]) < 1.0
    assert "wings-1966" not in {r["id"] for r in recs}


def test_shepitko_films_are_explained_by_their_director(run) -> None:
    recs = json.loads(run("recommend", "wings-1966", "--json").stdout)
    by_director = [r for r in recs if "Larisa Shepitko" in r["directors"]]
    assert by_director
    assert all(
        {"kind": "director", "value": "Larisa Shepitko"}
        in [{"kind": x["kind"], "value": x["value"]} for x in r["reasons"]]
        for r in by_director
    )


def test_plain_lines_say_why(run) -> None:
    lines = run("recommend", "wings-1966", "--limit", "3").stdout.splitlines()
    assert len(lines) == 3
    *_, score, why = lines[0].split("\t")
    assert float(score) > 0 and why


def test_filters_apply(run) -> None:
    recs = json.loads(run("recommend", "stalker", "--decade", "1980s", "--json").stdout)
    assert recs and all(1980 <= r["year"] <= 1989 for r in recs)
    georgian = json.loads(run("recommend", "repentance", "--republic", "georgian", "--json").stdout)
    assert georgian and all(r["republic"] == "Georgian SSR" for r in georgian)


def test_several_films_build_one_profile(run) -> None:
    recs = json.loads(run("recommend", "stalker", "solaris", "--json").stdout)
    assert not {"stalker-1979", "solaris-1972"} & {r["id"] for r in recs}


def test_unknown_film_is_exit_1_with_suggestions(run) -> None:
    result = run("recommend", "Wingz of Desire", exit=1)
    assert result.stdout == ""
    assert result.stderr.startswith('sovfilm: error: no film matches "Wingz of Desire"')
    assert run("recommend", exit=2).stderr  # FILM is required


def test_weights_are_one_documented_table() -> None:
    assert set(WEIGHTS) == REASON_KINDS
    assert abs(sum(WEIGHTS.values()) - 1.0) < 1e-9
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for kind, weight in WEIGHTS.items():
        assert f"| {kind} | {weight:.2f} |" in readme, kind


def _shipped_catalog_and_seeds():
    import random

    from sovfilm.catalog import load_catalog

    catalog = load_catalog()
    verified = [f for f in catalog.films if f.verified]
    rng = random.Random(1966)
    seeds = [(f,) for f in rng.sample(verified, 40)]
    seeds += [tuple(rng.sample(verified, rng.randint(2, 4))) for _ in range(20)]
    return catalog, seeds


def test_score_bounds_never_fall_below_full_scores() -> None:
    from sovfilm import recommend as rec

    catalog, seed_sets = _shipped_catalog_and_seeds()
    model = rec.model_for(catalog)
    for seeds in seed_sets:
        profile = rec._profile(model, seeds, catalog)
        bounds = rec._score_bounds(model, profile, catalog)
        for position in model.verified:
            film = catalog.films[position]
            score, _ = rec._score(rec._signals(model, profile, film, catalog))
            assert bounds.get(position, 0.0) >= score - 1e-9, (seeds[0].id, film.id)


def test_pruned_scoring_gives_what_scoring_every_film_gives(monkeypatch) -> None:
    from sovfilm import recommend as rec

    catalog, seed_sets = _shipped_catalog_and_seeds()
    model = rec.model_for(catalog)

    def answers() -> list[list[tuple[str, float, tuple[str, ...]]]]:
        return [
            [(r.film.id, r.score, r.because) for r in rec.recommend(catalog, seeds, limit=limit)]
            for seeds in seed_sets
            for limit in (3, 10)
        ]

    pruned = answers()
    # Bounds of 100 for every film: nothing can be skipped, every film is scored in full.
    monkeypatch.setattr(rec, "_score_bounds", lambda *_: dict.fromkeys(model.verified, 100.0))
    assert answers() == pruned


def test_diversify_picks_what_comparing_every_pair_picks(monkeypatch) -> None:
    """The lazy redundancy updates pick exactly what plain MMR would."""
    from sovfilm import recommend as rec

    def plain_mmr(ranked, model, *, pool_size, limit, same_director):
        pool = ranked[:pool_size] if pool_size else list(ranked)
        vectors = {r.film.id: rec._theme_vector(r.film, model) for r in pool}
        chosen, per_director = [], {}
        while pool and (not limit or len(chosen) < limit):
            best_index, best_value = -1, float("-inf")
            for i, candidate in enumerate(pool):
                capped = any(
                    per_director.get(d, 0) >= rec.PER_DIRECTOR for d in candidate.film.directors
                )
                if capped and not same_director:
                    continue
                redundancy = max(
                    (rec._similarity(candidate.film, c.film, vectors) for c in chosen),
                    default=0.0,
                )
                value = rec.MMR_LAMBDA * candidate.score / 100 - (1 - rec.MMR_LAMBDA) * redundancy
                if value > best_value:
                    best_index, best_value = i, value
            if best_index < 0:
                break
            chosen.append(pool.pop(best_index))
            for d in chosen[-1].film.directors:
                per_director[d] = per_director.get(d, 0) + 1
        return chosen

    catalog, seed_sets = _shipped_catalog_and_seeds()

    def answers() -> list[list[str]]:
        return [
            [r.film.id for r in rec.recommend(catalog, seeds, limit=limit, same_director=same)]
            for seeds in seed_sets
            for limit, same in ((5, False), (10, False), (10, True))
        ]

    lazy = answers()
    monkeypatch.setattr(rec, "_diversify", plain_mmr)
    assert answers() == lazy
