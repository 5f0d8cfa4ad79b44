"""The lookup's answer for every postal code and every (postal code, commune) pair, recorded (issue 17).

Before the reference data moves to pandas, the current answers are recorded in
``tests/fixtures/lookup_answers.json.gz``; ``tests/test_lookup_equivalence.py`` proves that the index
gives exactly the same answers (status, communes, caisse ids, competence rule, confidence, territory).
Record again, on purpose only, with ``python -m tests.lookup_answers`` after a data refresh.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from vitale.offices import OfficeIndex, OfficeLookup, default_index

ANSWERS_FILE = Path(__file__).resolve().parent / "fixtures" / "lookup_answers.json.gz"


def answer(result: OfficeLookup) -> list[Any]:
    """What a lookup decided, as plain values: status, communes, caisses, each competence, territory, flags.

    Each competence is recorded with the INSEE code of the commune it decides (``competences`` follows
    ``communes``; until issue 17 the competence also carried that code itself, and the recording is the same).
    """
    return [
        result.status.value,
        [commune.insee_code for commune in result.communes],
        [caisse.caisse_id for caisse in result.caisses],
        [
            [commune.insee_code, list(c.caisse_ids), c.rule.value, c.confidence.value]
            for commune, c in zip(result.communes, result.competences, strict=True)
        ],
        result.territory.name if result.territory else None,
        result.unknown_insee_code,
    ]


def all_answers(index: OfficeIndex) -> dict[str, list[Any]]:
    """The answer for every postal code (key ``75011``) and every pair (key ``75011 75111``)."""
    answers: dict[str, list[Any]] = {}
    for code in sorted(index.postal_codes):
        first = index.lookup(code)
        answers[code] = answer(first)
        for commune in first.communes:
            answers[f"{code} {commune.insee_code}"] = answer(index.lookup(code, commune.insee_code))
    return answers


def record(path: Path = ANSWERS_FILE) -> int:
    answers = all_answers(default_index())
    body = json.dumps(answers, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    path.write_bytes(gzip.compress(body, mtime=0))
    return len(answers)


def recorded(path: Path = ANSWERS_FILE) -> dict[str, list[Any]]:
    loaded: dict[str, list[Any]] = json.loads(gzip.decompress(path.read_bytes()))
    return loaded


if __name__ == "__main__":
    print(f"{record()} answers recorded in {ANSWERS_FILE}")
