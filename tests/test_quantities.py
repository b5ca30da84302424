"""Numbers as quantities: one figure written or rounded two ways is one quantity; two figures
are two, and the numbers check in the judge follows."""

from __future__ import annotations

import pytest

from takediff.judge import number_clash, same_numbers
from takediff.quantities import Quantity, comparable, covers, quantities, same, shares
from takediff.types import Claim


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("943K residents", "943,000 residents"),
        ("1.6 million ballots", "1,626,042 ballots"),
        ("22.5 kilometres", "twenty-two and a half kilometres"),
        ("$2.5bn", "2.5 billion dollars"),
        ("about 1.63 million", "1.6 million"),
    ],
)
def test_one_figure_written_two_ways_is_one_quantity(a: str, b: str) -> None:
    qa, qb = quantities(a), quantities(b)
    assert qa and qb and shares(qa, qb) and covers(qa, qb)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("3.1 percent", "closer to 4 percent"),
        ("in 2020", "in 2021"),  # years are exact: their zeros are no rounding
        ("150 jobs", "160 jobs"),
        ("1.6 million", "1.7 million"),
        ("943K", "953,000"),
    ],
)
def test_two_figures_stay_two(a: str, b: str) -> None:
    assert not shares(quantities(a), quantities(b))


def test_significant_figures_follow_the_writing() -> None:
    assert quantities("943,000")[0].figures == 3 and quantities("2020")[0].figures == 4
    assert quantities("0.05")[0].figures == 1 and quantities("1,626,042")[0].figures == 7
    assert same(Quantity(1_626_042, 7), Quantity(1_600_000, 2))
    assert not same(Quantity(1_626_042, 7), Quantity(1_600_000, 7))


def _claim(party: str, text: str, numbers: tuple[str, ...]) -> Claim:
    return Claim(f"{party}-1", party, "doc", text, 0, len(text), numbers=numbers)


def test_the_judges_numbers_check_reads_quantities() -> None:
    a = _claim("Board", "Turnout reached 1.6 million voters.", ("1.6 million",))
    b = _claim("Council", "Turnout reached 1,626,042 voters.", ("1,626,042",))
    c = _claim("Union", "Turnout reached 1.2 million voters.", ("1.2 million",))
    assert number_clash(a, b) is None and same_numbers(a, b)
    hit = number_clash(a, c)
    assert hit is not None and "1,600,000" in hit.reason and "1,200,000" in hit.reason
    assert not same_numbers(a, c)


def test_figures_of_different_things_are_not_compared() -> None:
    age, terms = quantities("the 68-year-old senator"), quantities("the seven-term senator")
    assert (age[0].unit, terms[0].unit) == ("year", "term") and not comparable(age, terms)
    assert comparable(quantities("3.1 percent"), quantities("closer to 4 per cent"))
    assert quantities("$61 billion")[0].unit == "$"
    a = _claim("Wire", "The 68-year-old senator will run again.", ("68",))
    b = _claim("Daily", "The seven-term senator will run again.", ("seven",))
    assert number_clash(a, b) is None


def test_bare_numbers_count_what_the_word_before_them_names() -> None:
    # A number with no unit after it is keyed by the word before it: a year and a day of the
    # month are not one thing; two years "in" (or two counts "all but") are.
    year, day = quantities("cut emissions by 2030 — a big goal"), quantities("on April 22, the")
    assert {q.unit for q in year} == {"#by"} and {q.unit for q in day} == {"#april"}
    assert not comparable(year, day)
    assert quantities("in 2020 the deficit grew")[0].unit == "#in"
    assert comparable(quantities("founded in 1865 by"), quantities("founded in 1866 by"))
    assert comparable(quantities("all but one of the songs"), quantities("all but two of them"))
    assert comparable(quantities("400 jobs will go"), quantities("about 350 jobs"))


def test_hyphenated_fractions_ordinals_and_halves_read_as_written() -> None:
    # "two-and-a-half" is 2.5 (not "two-and-the-half"); "at first" and "the 21st century"
    # are ranks, compared only with ranks of one thing; "a half-day" is half of one day.
    first, months = quantities("at first, two-and-a-half months ago")
    assert months.value == 2.5 and not comparable((first,), (months,))
    assert [q.unit for q in quantities("the first quarter of the 21st century")] == [
        "rank quarter",
        "rank century",
    ]
    inn, built = quantities("an 18th-century inn"), quantities("built in the 16th century")
    assert comparable(inn, built) and not shares(inn, built)
    [half] = quantities("a half-day strike")
    assert (half.value, half.unit) == (0.5, "day")
    assert same(quantities("three months")[0], quantities("3 months")[0])
    # Writers round half up: "two-and-a-half months" is "three months" to one figure.
    assert shares(quantities("three months"), quantities("two-and-a-half months"))
    assert not shares(quantities("two months"), quantities("two-and-a-half months"))
