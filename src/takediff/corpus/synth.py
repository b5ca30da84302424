"""A synthetic corpus for tests and benchmarks: many events, several parties each, seeded.

Every text is made here from template sentences about invented places, bodies and people. Each
event is one facility in one town; its parties agree, contradict or hedge about what will happen
to it, and add matters of their own. Some events come as a news article that quotes two people
(no party field), a few have one party only. ``gold_event`` is the true event of every record.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: Invented towns: two syllables each, some 300 of them, so that two stories running at once
#: rarely share a town (as in real news).
TOWNS = tuple(
    head + tail
    for head in (
        "Var", "Tesk", "Ore", "Bram", "Kel", "Duv", "Mar", "Sol", "Quen", "Hal", "Pel", "Ard",
        "Zen", "Cas", "Ulm", "Fen", "Lor", "Mir", "Tol", "Ess", "Gray", "Ott", "Bex", "Riv",
    )
    for tail in ("holm", "wick", "by", "stad", "more", "ford", "haven", "dale", "mouth", "field")
)  # fmt: skip
#: (facility, act, opposite act, words of its own world): acts that takediff's explicit checks
#: know as antonyms; each facility's own sentences keep unrelated events apart, as in real news.
FACILITIES = (
    ("bridge", "reopen", "remain closed", (
        "Drivers have used a detour of {n} kilometres since cracks appeared in the pylons.",
        "Lorries heavier than {n} tonnes will be banned from the deck.",
    )),
    ("ferry terminal", "reopen", "stay closed", (
        "Passengers have waited {n} days for a boat to the islands.",
        "The ticket office at the quay will hire {n} new staff.",
    )),
    ("rail line", "reopen", "remain closed", (
        "Commuters have taken replacement buses for {n} weeks since the signals failed.",
        "The track will carry {n} freight trains a day.",
    )),
    ("border crossing", "open", "remain closed", (
        "Queues of {n} trucks stretched back from the customs checkpoint.",
        "Traders lose {n} thousand in exports every day the frontier is shut.",
    )),
    ("grain port", "reopen", "stay closed", (
        "Harvested wheat is piling up in {n} silos by the docks.",
        "Cargo ships carrying {n} tonnes of barley are anchored offshore.",
    )),
    ("water plant", "resume operations", "stay shut", (
        "Households have boiled their tap water for {n} days after the pumps broke.",
        "Tankers deliver {n} litres of drinking water to each street.",
    )),
    ("copper mine", "reopen", "remain closed", (
        "Miners have been underground without pay for {n} shifts since the shaft flooded.",
        "The smelter needs {n} tonnes of ore a week.",
    )),
    ("airport runway", "reopen", "remain closed", (
        "Airlines cancelled {n} flights after the runway lights failed.",
        "Pilots have diverted to the military airfield for {n} days.",
    )),
    ("hospital wing", "reopen", "remain closed", (
        "Patients have been moved {n} kilometres to the next clinic since the roof leaked.",
        "The wing will add {n} beds for children.",
    )),
    ("power station", "resume operations", "stay shut", (
        "Blackouts have hit {n} villages since the turbine caught fire.",
        "The plant burns {n} tonnes of wood pellets a day.",
    )),
    ("tram depot", "reopen", "remain closed", (
        "Only {n} trams are running while the workshop is shut.",
        "Mechanics found {n} cracked axles during the checks.",
    )),
    ("ski lift", "reopen", "stay closed", (
        "Hotels in the valley report {n} cancelled bookings since the cable snapped.",
        "The new gondolas seat {n} skiers each.",
    )),
    ("river dam", "reopen", "remain closed", (
        "Fishermen say the reservoir has dropped by {n} metres since the sluice jammed.",
        "Engineers will pour {n} cubic metres of concrete into the spillway.",
    )),
    ("steelworks", "resume operations", "stay shut", (
        "Furnace crews have been laid off for {n} weeks since the gas supply was cut.",
        "The mill rolls {n} tonnes of rail a month.",
    )),
    ("city library", "reopen", "stay closed", (
        "Students have lost {n} study days since asbestos was found in the reading room.",
        "The archive holds {n} thousand maps of the coast.",
    )),
    ("football stadium", "reopen", "remain closed", (
        "The club has played {n} home games away since a stand was declared unsafe.",
        "Stewards will check {n} turnstiles before each match.",
    )),
)  # fmt: skip
BODIES = (
    "Transport Ministry", "Harbour Board", "Dockworkers Union", "Regional Council",
    "Chamber of Commerce", "Mining Federation", "Green Alliance", "Farmers Guild",
)  # fmt: skip
FIRST = ("Ilse", "Tomas", "Noor", "Peder", "Mara", "Jonas", "Edda", "Kofi", "Lina", "Rafe")
LAST = ("Varga", "Brell", "Halvik", "Osk", "Quint", "Felt", "Amsel", "Dorn", "Krail", "Soto")
ROLES = (
    "the mayor", "the union leader", "the regional governor", "the port director",
    "the transport minister", "the council chair",
)  # fmt: skip
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")

FIRM = (
    "The {f} in {t} will {a} on {d}.",
    "We have agreed that the {f} in {t} will {a} on {d}.",
    "The {f} in {t} will definitely {a} on {d}, as agreed.",
)
AGREE = (
    "We confirm that the {f} in {t} will {a} on {d}.",
    "The {f} in {t} will {a} on {d}, as we agreed.",
)
OPPOSE = (
    "The {f} in {t} will {o} until the safety inspections are finished.",
    "The {f} in {t} will {o}; no date has been agreed.",
)
HEDGE = (
    "The {f} in {t} may {a} at some point in the future, if the repairs are completed.",
    "It is possible that the {f} in {t} could {a} later, provided that funding is found.",
)
EXTRA = (
    "Trade through {t} supports {n} jobs.",
    "Schools in {t} will close early on {d}.",
)


def _party_text(
    rng: random.Random, stance: str, slots: dict[str, str], world: tuple[str, ...]
) -> str:
    pool = {"firm": FIRM, "agree": AGREE, "oppose": OPPOSE, "hedge": HEDGE}[stance]
    sentences = [rng.choice(pool).format(**slots)]
    extras = list(rng.sample(world, rng.randint(1, 2)))
    if rng.random() < 0.3:
        extras.append(rng.choice(EXTRA))
    for extra in extras:
        sentences.append(extra.format(**slots, n=rng.randint(2, 90)))
    return " ".join(sentences)


def _article(
    rng: random.Random, slots: dict[str, str], world: tuple[str, ...]
) -> tuple[str, list[str]]:
    first, last = rng.sample(FIRST, 2), rng.sample(LAST, 2)
    a, b = f"{first[0]} {last[0]}", f"{first[1]} {last[1]}"
    a_role, b_role = rng.sample(ROLES, 2)
    scene = rng.choice(world).format(**slots, n=rng.randint(2, 90))
    text = (
        f"{slots['t']} — The future of the {slots['f']} divided officials this week. {scene}\n\n"
        f"\u201cThe {slots['f']} will {slots['a']} on {slots['d']},\u201d said {a}, {a_role}. "
        f"\u201cWe have a firm agreement with the contractors.\u201d\n\n"
        f"{b}, {b_role}, said the {slots['f']} would {slots['o']} until the inspections end. "
        f"\u201cWe may look at the {slots['f']} again next month,\u201d {b.split()[-1]} added."
    )
    return text, [a, b]


def synth_records(
    n_records: int,
    seed: int = 0,
    *,
    event_ids: bool = True,
    articles: float = 0.1,
    single: float = 0.05,
    start: dt.date = dt.date(2025, 3, 1),
) -> list[dict[str, Any]]:
    """About ``n_records`` records, sorted by date; each has ``gold_event``, its true event."""
    rng = random.Random(seed)
    towns = list(TOWNS)
    rng.shuffle(towns)  # each event its own town until all are used (240 events, 80 days)
    out: list[dict[str, Any]] = []
    i = 0
    while len(out) < n_records:
        town = towns[i % len(towns)]
        # Round the facilities: stories running at once are about different things, as in
        # real news, not the same story with another town name.
        facility, act, opposite, world = FACILITIES[i % len(FACILITIES)]
        key = f"ev{i:05d}"
        day0 = start + dt.timedelta(days=i // 3)
        slots = {"t": town, "f": facility, "a": act, "o": opposite, "d": rng.choice(DAYS)}
        rows: list[dict[str, Any]] = []
        if rng.random() < articles:
            text, _ = _article(rng, slots, world)
            rows.append({"text": text})
        else:
            n_parties = 1 if rng.random() < single else rng.choice((2, 2, 3))
            parties = rng.sample(BODIES, n_parties)
            stances = ["firm"] + [rng.choice(("agree", "oppose", "hedge")) for _ in parties[1:]]
            for party, stance in zip(parties, stances, strict=True):
                rows.append({"party": party, "text": _party_text(rng, stance, slots, world)})
            if n_parties > 1 and rng.random() < 0.15:  # a second statement by the first party
                rows.append({"party": parties[0], "text": _party_text(rng, "firm", slots, world)})
        for n, row in enumerate(rows, 1):
            row["date"] = (day0 + dt.timedelta(days=rng.randint(0, 1))).isoformat()
            row["url"] = f"https://news.example/{key}/{n}"
            row["gold_event"] = key
            row["facility"] = facility
            if event_ids:
                row["event"] = key
        out.extend(rows)
        i += 1
    out.sort(key=lambda r: (r["date"], rng.random()))
    for n, row in enumerate(out):
        row["id"] = f"r{n:06d}"
    return out


def write_records(records: list[dict[str, Any]], path: Path) -> Path:
    """Write records as JSONL or Parquet (by the extension)."""
    if path.suffix in (".parquet", ".pq"):
        import pyarrow as pa
        import pyarrow.parquet as pq

        keys = sorted({k for r in records for k in r})
        table = pa.table({k: [r.get(k) for r in records] for k in keys})
        pq.write_table(table, path, row_group_size=64)
    else:
        with path.open("w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def iter_gold_events(records: list[dict[str, Any]]) -> Iterator[tuple[str, list[str]]]:
    """(gold event, record ids) in order of the event's first record."""
    groups: dict[str, list[str]] = {}
    for r in records:
        groups.setdefault(r["gold_event"], []).append(r["id"])
    yield from groups.items()
