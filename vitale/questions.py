"""The questionnaire as data: which question to ask next, and only if it matters.

Rule (architecture.md point 2; domain.md §2.1): the questions are a tuple of
records in the domain's order, each with an ``asked_if`` predicate;
:func:`next_question` returns the first unanswered question that applies.
A question applies only when its answer can change the outcome (or a later
step such as the documents list): people in a territory with its own system
are asked nothing more; frontier workers are not asked their nationality;
only people without a residence permit are asked their income.

Texts: ``question.<id>.label`` / ``.help``, ``option.<id>.<value>`` and
``glossary.<term>.term`` / ``.definition``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from vitale.answers import (
    FRANCE,
    NEEDS_PERMIT,
    WORKS_IN_FRANCE,
    Activity,
    Answers,
    HomeTerritory,
    MainHome,
    Nationality,
    PensionFrom,
    ResidenceStatus,
    Situation,
    WorkCountry,
)
from vitale.countries import load_countries, load_languages
from vitale.documents import route_needs_birth_certificate
from vitale.eligibility import decide


class QuestionKind(StrEnum):
    CHOICE = "choice"  # one option
    MULTI = "multi"  # any number of options, including none
    DATE = "date"
    AMOUNT = "amount"  # a whole number of euros
    COUNT = "count"  # a whole number of people
    SEARCH = "search"  # one option of a long list (countries, languages), chosen by typing


@dataclass(frozen=True)
class OptionGroup:
    """Options asked in two steps: first the group (one line), then, if it holds several, which one.

    A group of one option *is* that option (choosing it answers the question). Texts: a group of several
    options is labelled ``option.<question>.group_<id>`` and its second step ``question.<question>.group_<id>``
    (``.label`` / ``.help``).
    """

    id: str
    options: tuple[str, ...]

    @property
    def is_choice(self) -> bool:
        """Whether choosing this group needs a second step (more than one option in it)."""
        return len(self.options) > 1


@dataclass(frozen=True)
class Question:
    """One step of the wizard; ``id`` is the :class:`Answers` field it fills.

    ``groups``, when given, split a long list of options into a short first choice (issue 14: the first
    question and its Continue button must fit a phone's first screen); they hold every option once, in order.
    """

    id: str
    kind: QuestionKind
    asked_if: Callable[[Answers], bool]
    options: tuple[str, ...] = ()
    glossary: tuple[str, ...] = ()
    options_if: Mapping[str, Callable[[Answers], bool]] = field(default_factory=dict)
    groups: tuple[OptionGroup, ...] = ()

    def __post_init__(self) -> None:
        # The questions are shared by every session: a read-only mapping, so no caller can change them for all.
        object.__setattr__(self, "options_if", MappingProxyType(dict(self.options_if)))
        grouped = tuple(option for group in self.groups for option in group.options)
        if self.groups and (sorted(grouped) != sorted(self.options) or self.options_if):
            raise ValueError(f"the groups of {self.id!r} must hold each of its options once, and none filtered")

    def group(self, group_id: str | None) -> OptionGroup | None:
        """The group called ``group_id`` (``None`` when there is none)."""
        return next((group for group in self.groups if group.id == group_id), None)

    def group_of(self, option: object) -> OptionGroup | None:
        """The group that holds ``option`` (``None`` if none does, or the question has no groups)."""
        return next((group for group in self.groups if str(option) in group.options), None)

    def options_for(self, answers: Answers) -> tuple[str, ...]:
        """The options that make sense for this person (all of them unless filtered)."""
        return tuple(o for o in self.options if self.options_if.get(o, _always)(answers))


def _always(_: Answers) -> bool:
    return True


def _asks_activity(a: Answers) -> bool:
    return a.territory in FRANCE or a.territory is HomeTerritory.ABROAD


def _asks_nationality(a: Answers) -> bool:
    """Everyone whose route is not already settled by where they live or work."""
    if a.territory in FRANCE:
        return a.activity is not None and a.activity is not Activity.FRONTIER_WORKER
    return a.territory is HomeTerritory.ABROAD and a.activity in WORKS_IN_FRANCE


def _status_known(a: Answers) -> bool:
    return a.nationality is not None and (a.nationality not in NEEDS_PERMIT or a.residence_status is not None)


def _asks_pension_from(a: Answers) -> bool:
    """Retirees only: who pays the pension decides the route (domain.md §2.4; R3b, R8b)."""
    return a.activity is Activity.RETIRED and _asks_activity(a)


def _asks_arrival_date(a: Answers) -> bool:
    """Only when time spent in France can decide: not for lawful workers, students (exempt from the wait,
    D160-2) or retirees whose pension is paid from France or another EU/EEA state, Switzerland or the UK."""
    if not (a.lives_in_france and _asks_nationality(a) and _status_known(a)):
        return False
    if a.territory is HomeTerritory.MAYOTTE and a.residence_status is ResidenceStatus.NONE:
        return False  # no AME in Mayotte: time spent there cannot change the outcome
    if a.main_home is not MainHome.YES:
        return False  # a short or part-year stay is decided by R13 (students: by their enrolment), not by time
    if not a.is_lawful:
        return True
    if a.residence_status is ResidenceStatus.REFUGEE:
        return False  # refugees are covered at once (D160-2 II 1°)
    if a.activity in WORKS_IN_FRANCE or a.activity is Activity.STUDENT:
        return False
    return not (a.activity is Activity.RETIRED and a.pension_from in {PensionFrom.FRANCE, PensionFrom.EEA_SWISS_UK})


def _asks_situations(a: Answers) -> bool:
    return _asks_nationality(a) and _status_known(a)


def _asks_income(a: Answers) -> bool:
    """AME is means-tested, except for children (ameli AME page), and does not exist in Mayotte (R5, R11)."""
    return (
        a.lives_in_france
        and a.main_home is MainHome.YES
        and a.territory is not HomeTerritory.MAYOTTE
        and a.nationality in NEEDS_PERMIT
        and a.residence_status is ResidenceStatus.NONE
        and a.situations is not None
        and Situation.UNDER_18 not in a.situations
    )


REFERENCE_DAY = date(2000, 1, 1)
"""Whether a birth certificate is needed depends on the route, never on the date: every rule that
depends on the date keeps both branches on the same side (wait/covered both need one, AME/urgent
care neither), so the rules are evaluated at a fixed day. tests/test_questions.py checks this."""


def _asks_birth_certificate_country(a: Answers) -> bool:
    """Only for foreign nationals born abroad whose route needs a birth certificate (domain.md §3)."""
    if not _asks_situations(a) or a.situations is None or a.has(Situation.BORN_IN_FRANCE):
        return False
    if a.nationality is Nationality.FRENCH or (_asks_income(a) and a.annual_income_eur is None):
        return False
    return route_needs_birth_certificate(decide(a, REFERENCE_DAY).outcome)


def _asks_birth_certificate_language(a: Answers) -> bool:
    """The language decides only outside the EEA and Switzerland (inside, no translation is needed)."""
    if not _asks_birth_certificate_country(a) or a.birth_certificate_country is None:
        return False
    country = load_countries().get(a.birth_certificate_country)
    return country is None or not country.eea


def _values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


_NOT_OVERSEAS = {HomeTerritory.METROPOLE, HomeTerritory.MONACO, HomeTerritory.ABROAD}
TERRITORY_GROUPS = (
    OptionGroup(HomeTerritory.METROPOLE.value, (HomeTerritory.METROPOLE.value,)),
    OptionGroup(
        "overseas",
        tuple(territory.value for territory in HomeTerritory if territory not in _NOT_OVERSEAS),
    ),
    OptionGroup(HomeTerritory.MONACO.value, (HomeTerritory.MONACO.value,)),
    OptionGroup(HomeTerritory.ABROAD.value, (HomeTerritory.ABROAD.value,)),
)
"""Where will you live: mainland France, overseas (then which of the 11), Monaco, abroad."""

QUESTIONS: tuple[Question, ...] = (
    Question("territory", QuestionKind.CHOICE, _always, _values(HomeTerritory), ("puma",), groups=TERRITORY_GROUPS),
    Question("main_home", QuestionKind.CHOICE, lambda a: a.territory in FRANCE, _values(MainHome), ("puma",)),
    Question("activity", QuestionKind.CHOICE, _asks_activity, _values(Activity), ("msa", "frontalier")),
    Question("pension_from", QuestionKind.CHOICE, _asks_pension_from, _values(PensionFrom), ("s1",)),
    Question(
        "work_country",
        QuestionKind.CHOICE,
        lambda a: a.territory in FRANCE and a.activity is Activity.FRONTIER_WORKER,
        _values(WorkCountry),
        ("s1",),
    ),
    Question("nationality", QuestionKind.CHOICE, _asks_nationality, _values(Nationality)),
    Question(
        "residence_status",
        QuestionKind.CHOICE,
        lambda a: _asks_nationality(a) and a.nationality in NEEDS_PERMIT,
        _values(ResidenceStatus),
        ("titre_de_sejour", "vls_ts", "recepisse"),
    ),
    Question("arrival_date", QuestionKind.DATE, _asks_arrival_date),
    Question(
        "situations",
        QuestionKind.MULTI,
        _asks_situations,
        _values(Situation),
        ("s1", "ceam", "rsa", "aah", "prestations"),
        options_if={
            Situation.EHIC.value: lambda a: a.nationality is not Nationality.FRENCH,
            Situation.FROM_QUEBEC.value: lambda a: (
                a.activity is Activity.STUDENT and a.nationality is Nationality.OTHER
            ),
            Situation.STUDENT_JOB.value: lambda a: a.activity is Activity.STUDENT and a.is_eu_like,
        },
    ),
    Question("household_size", QuestionKind.COUNT, _asks_income, glossary=("ame",)),
    Question("annual_income_eur", QuestionKind.AMOUNT, _asks_income, glossary=("ame",)),
    Question(
        "birth_certificate_country", QuestionKind.SEARCH, _asks_birth_certificate_country, tuple(load_countries())
    ),
    Question(
        "birth_certificate_language", QuestionKind.SEARCH, _asks_birth_certificate_language, tuple(load_languages())
    ),
)

QUESTIONS_BY_ID: Mapping[str, Question] = MappingProxyType({question.id: question for question in QUESTIONS})


def applicable(answers: Answers) -> tuple[Question, ...]:
    """The questions that apply to these answers, in order."""
    return tuple(question for question in QUESTIONS if question.asked_if(answers))


def next_question(answers: Answers) -> Question | None:
    """The first question that applies and has no answer yet; ``None`` when the questionnaire is complete."""
    for question in QUESTIONS:
        if question.asked_if(answers) and getattr(answers, question.id) is None:
            return question
    return None


def is_complete(answers: Answers) -> bool:
    return next_question(answers) is None


def prune(answers: Answers) -> Answers:
    """Drop the answers that no longer apply (after an earlier answer changed).

    Questions are visited in order, so a dropped answer is gone before the
    questions after it are judged. A multi-choice answer keeps only the
    options that still make sense. Everything else is kept as it is.
    """
    current = answers
    for question in QUESTIONS:
        value = getattr(current, question.id)
        if value is None:
            continue
        if not question.asked_if(current):
            current = current.model_copy(update={question.id: None})
        elif question.kind is QuestionKind.MULTI:
            allowed = set(question.options_for(current))
            kept = frozenset(v for v in value if v.value in allowed)
            if kept != value:
                current = current.model_copy(update={question.id: kept})
    return current


def answered(answers: Answers) -> tuple[Question, ...]:
    """The questions that apply and have an answer, in order (the "check your answers" list)."""
    return tuple(q for q in applicable(answers) if getattr(answers, q.id) is not None)
