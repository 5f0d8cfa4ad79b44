"""The questionnaire as data: every path ends, asks only what matters, and reaches every outcome (domain tests)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from tests.strategies import ANY_ANSWERS
from vitale.answers import (
    Activity,
    Answers,
    HomeTerritory,
    MainHome,
    Nationality,
    Situation,
    arrival_date_problem,
    income_problem,
)
from vitale.dates import add_months
from vitale.documents import route_needs_birth_certificate
from vitale.eligibility import assess, decide
from vitale.household import Member, Relation, assess_household
from vitale.outcomes import HOUSEHOLD_OUTCOMES, Outcome
from vitale.questions import (
    QUESTIONS,
    QUESTIONS_BY_ID,
    REFERENCE_DAY,
    OptionGroup,
    Question,
    QuestionKind,
    answered,
    applicable,
    is_complete,
    next_question,
    prune,
)

TODAY = date(2026, 11, 22)
MAX_STEPS = 12

ARRIVAL_DATES = (TODAY - timedelta(days=10), add_months(TODAY, -4), add_months(TODAY, -72))
INCOMES = (5000, 12000, 50000)  # under the one-person AME ceiling; under the two-person one only; over all
HOUSEHOLD_SIZES = (1, 2, 6)
SITUATION_COMBINATIONS = (
    {"s1", "ehic"},
    {"ehic", "student_job"},
    {"from_quebec", "student_job"},
    {"under_18", "born_in_france"},
    {"joining_insured_family", "rsa_or_aah"},
    {"under_18", "s1"},
    {"family_or_housing_benefits", "under_18"},
)


SEARCH_SAMPLES = {
    "birth_certificate_country": ("ES", "IN", "CA"),  # EEA; outside with a sworn translation; a soft hint
    "birth_certificate_language": ("hi", "en", "fr"),
}
"""The walk tries a few countries and languages, not all 250 × 184."""


def with_answer(answers: Answers, question_id: str, value: Any) -> Answers:
    """The answers with one more (or a changed) answer, validated as the wizard would store it."""
    return Answers.model_validate({**answers.model_dump(), question_id: value})


def branches(question: Question, answers: Answers) -> list[Any]:
    """The answers to try for this question on this path."""
    match question.kind:
        case QuestionKind.CHOICE:
            return list(question.options_for(answers))
        case QuestionKind.MULTI:
            offered = set(question.options_for(answers))
            singles = [frozenset({option}) for option in sorted(offered)]
            combinations = [frozenset(c) for c in SITUATION_COMBINATIONS if c <= offered]
            return [frozenset(), *singles, *combinations]
        case QuestionKind.DATE:
            return list(ARRIVAL_DATES)
        case QuestionKind.AMOUNT:
            return list(INCOMES)
        case QuestionKind.COUNT:
            return list(HOUSEHOLD_SIZES)
        case QuestionKind.SEARCH:
            return [code for code in SEARCH_SAMPLES[question.id] if code in question.options_for(answers)]
    raise AssertionError(question.kind)


@dataclass
class Walk:
    """What a depth-first walk over every path of the questionnaire saw."""

    paths: int = 0
    longest: int = 0
    asked: set[str] = field(default_factory=set)
    offered: dict[str, set[str]] = field(default_factory=dict)
    outcomes: Counter[Outcome] = field(default_factory=Counter)
    repeated: list[tuple[str, ...]] = field(default_factory=list)
    endless: list[tuple[str, ...]] = field(default_factory=list)
    not_pruned: list[Answers] = field(default_factory=list)
    member_outcomes: Counter[Outcome] = field(default_factory=Counter)
    households: int = 0
    """Distinct applicants whose household was assessed: a member's route depends on where the applicant lives,
    what they do, their nationality, status, S1 or EHIC, and outcome — not on the other answers that multiply the
    paths (the birth certificate, the income, the exact dates, the other situations)."""
    _seen: set[tuple[object, ...]] = field(default_factory=set)


HOUSEHOLD_VARIANTS = (
    Member(id="m1", relation=Relation.PARTNER, label="Sam", birth_date=date(1991, 6, 1), activity=Activity.NONE),
    Member(id="m2", relation=Relation.PARTNER, label="Eva", birth_date=date(1990, 2, 1), activity=Activity.EMPLOYEE,
           nationality=Nationality.EU_EEA_SWISS, situations=frozenset({Situation.EHIC})),
    Member(id="m3", relation=Relation.CHILD, label="Léa", birth_date=date(2022, 3, 15)),
    Member(id="m4", relation=Relation.CHILD, label="Noé", birth_date=date(2012, 9, 2), arrival_date=date(2027, 3, 1)),
)  # fmt: skip
"""Members of every kind the household asks about: each complete path is assessed with all of them (issue 15)."""


def walk_every_path() -> Walk:
    walk = Walk()
    stack: list[tuple[Answers, tuple[str, ...]]] = [(Answers(), ())]
    while stack:
        answers, asked = stack.pop()
        question = next_question(answers)
        if question is None:
            walk.paths += 1
            walk.longest = max(walk.longest, len(asked))
            outcome = assess(answers, TODAY).outcome
            walk.outcomes[outcome] += 1
            a = answers
            key = (a.territory, a.main_home, a.activity, a.pension_from, a.nationality, a.residence_status)
            key += (a.has(Situation.S1), a.has(Situation.EHIC), a.has(Situation.UNDER_18))
            if (*key, outcome) not in walk._seen:
                walk._seen.add((*key, outcome))
                walk.households += 1
                walk.member_outcomes.update(a.outcome for a in assess_household(answers, HOUSEHOLD_VARIANTS, TODAY))
            if prune(answers) != answers:
                walk.not_pruned.append(answers)
            continue
        if question.id in asked:
            walk.repeated.append((*asked, question.id))
            continue
        if len(asked) >= MAX_STEPS:
            walk.endless.append(asked)
            continue
        walk.asked.add(question.id)
        if question.kind is QuestionKind.CHOICE:
            walk.offered.setdefault(question.id, set()).update(question.options_for(answers))
        for value in branches(question, answers):
            stack.append((with_answer(answers, question.id, value), (*asked, question.id)))
    return walk


@pytest.fixture(scope="module")
def walk() -> Walk:
    return walk_every_path()


def test_every_path_ends_within_twelve_steps(walk: Walk) -> None:
    assert walk.endless == []
    assert walk.longest <= MAX_STEPS
    # work_country never shares a path with nationality or pension_from (frontier workers are not retired)
    assert walk.longest == len(QUESTIONS) - 1


def test_no_question_is_asked_twice_on_a_path(walk: Walk) -> None:
    assert walk.repeated == []


def test_there_are_more_than_a_hundred_paths(walk: Walk) -> None:
    print(f"\n{walk.paths} complete paths through the questionnaire")
    assert walk.paths > 100


def test_every_question_is_asked_on_some_path(walk: Walk) -> None:
    assert walk.asked == {question.id for question in QUESTIONS}


def test_every_option_of_every_choice_question_is_offered_on_some_path(walk: Walk) -> None:
    for question in QUESTIONS:
        if question.kind is QuestionKind.CHOICE:
            assert walk.offered[question.id] == set(question.options), question.id


def test_every_complete_path_gives_each_member_a_route_and_children_are_attached_somewhere(walk: Walk) -> None:
    assert walk.households > 100
    assert sum(walk.member_outcomes.values()) == walk.households * len(HOUSEHOLD_VARIANTS)
    expected = {Outcome.CHILD_ATTACHED, Outcome.AME, Outcome.PUMA_RESIDENCE, Outcome.S1_REGISTRATION, Outcome.PUMA_WORK}
    assert expected <= set(walk.member_outcomes)


def test_every_outcome_is_reached_by_some_complete_path(walk: Walk) -> None:
    assert set(walk.outcomes) == set(Outcome) - HOUSEHOLD_OUTCOMES, "a child's own outcome comes from the household"


def test_a_completed_questionnaire_holds_only_answers_that_apply(walk: Walk) -> None:
    assert walk.not_pruned == []


def test_every_situation_is_offered_to_someone() -> None:
    offered: set[str] = set()
    question = QUESTIONS_BY_ID["situations"]
    for activity in Activity:
        for nationality in Nationality:
            offered |= set(question.options_for(Answers(activity=activity, nationality=nationality)))
    assert offered == {s.value for s in Situation}


# -- completeness and the "check your answers" list -------------------------------------------


@settings(max_examples=300, deadline=None)
@given(answers=ANY_ANSWERS)
def test_the_questionnaire_is_complete_exactly_when_there_is_no_next_question(answers: Answers) -> None:
    assert is_complete(answers) == (next_question(answers) is None)
    question = next_question(answers)
    if question is not None:
        assert question in applicable(answers)
        assert getattr(answers, question.id) is None


@settings(max_examples=300, deadline=None)
@given(answers=ANY_ANSWERS)
def test_answered_lists_exactly_the_applicable_questions_that_have_an_answer(answers: Answers) -> None:
    expected = [q for q in QUESTIONS if q.asked_if(answers) and getattr(answers, q.id) is not None]
    assert list(answered(answers)) == expected
    assert list(applicable(answers)) == [q for q in QUESTIONS if q.asked_if(answers)]


def test_a_new_questionnaire_starts_with_the_territory() -> None:
    assert next_question(Answers()) is QUESTIONS_BY_ID["territory"]
    assert answered(Answers()) == ()
    assert not is_complete(Answers())


# -- prune ----------------------------------------------------------------------------------


def employee_with_permit() -> Answers:
    return Answers.model_validate(
        {"territory": "metropole", "main_home": "yes", "activity": "employee", "nationality": "other",
         "residence_status": "permit", "situations": {"s1"}, "birth_certificate_country": "ES"}
    )  # fmt: skip


def test_moving_to_new_caledonia_drops_every_later_answer() -> None:
    before = Answers.model_validate(
        {"territory": "metropole", "main_home": "yes", "activity": "none", "nationality": "other",
         "residence_status": "none", "arrival_date": date(2026, 1, 1), "situations": set(),
         "household_size": 3, "annual_income_eur": 5000}
    )  # fmt: skip
    assert is_complete(before)
    after = prune(before.model_copy(update={"territory": HomeTerritory.NOUVELLE_CALEDONIE}))
    assert after == Answers(territory=HomeTerritory.NOUVELLE_CALEDONIE)
    assert is_complete(after)


def test_becoming_a_frontier_worker_drops_nationality_and_status_but_keeps_where_one_lives() -> None:
    before = employee_with_permit()
    assert is_complete(before)
    after = prune(before.model_copy(update={"activity": Activity.FRONTIER_WORKER}))
    assert after == Answers(
        territory=HomeTerritory.METROPOLE, main_home=MainHome.YES, activity=Activity.FRONTIER_WORKER
    )
    assert next_question(after) is QUESTIONS_BY_ID["work_country"]


def test_becoming_an_eu_national_drops_only_the_residence_status() -> None:
    before = employee_with_permit()
    after = prune(before.model_copy(update={"nationality": Nationality.EU_EEA_SWISS}))
    assert after == before.model_copy(update={"nationality": Nationality.EU_EEA_SWISS, "residence_status": None})
    assert is_complete(after)


def test_becoming_an_eu_national_also_drops_the_income_asked_only_for_ame() -> None:
    before = Answers.model_validate(
        {"territory": "metropole", "main_home": "yes", "activity": "none", "nationality": "other",
         "residence_status": "none", "arrival_date": date(2026, 1, 1), "situations": set(),
         "annual_income_eur": 5000}
    )  # fmt: skip
    after = prune(before.model_copy(update={"nationality": Nationality.EU_EEA_SWISS}))
    assert after.residence_status is None
    assert after.annual_income_eur is None
    assert (after.arrival_date, after.situations) == (before.arrival_date, before.situations)


def test_a_student_job_is_dropped_when_one_stops_being_a_student() -> None:
    student = Answers.model_validate(
        {"territory": "metropole", "main_home": "yes", "activity": "student", "nationality": "eu_eea_swiss",
         "situations": {"student_job", "ehic", "from_quebec"}, "birth_certificate_country": "ES"}
    )  # fmt: skip
    assert is_complete(student)
    after = prune(student.model_copy(update={"activity": Activity.JOB_SEEKER}))
    assert after.situations == frozenset({Situation.EHIC})
    assert after.activity is Activity.JOB_SEEKER
    assert next_question(after) is QUESTIONS_BY_ID["arrival_date"]  # a job seeker's time in France now matters


def test_an_ehic_is_dropped_when_one_turns_out_to_be_french() -> None:
    student = Answers.model_validate(
        {"territory": "metropole", "main_home": "yes", "activity": "student", "nationality": "eu_eea_swiss",
         "situations": {"ehic"}}
    )  # fmt: skip
    after = prune(student.model_copy(update={"nationality": Nationality.FRENCH}))
    assert after.situations == frozenset()


@settings(max_examples=300, deadline=None)
@given(answers=ANY_ANSWERS)
def test_prune_is_idempotent_and_keeps_only_answers_to_questions_that_apply(answers: Answers) -> None:
    pruned = prune(answers)
    assert prune(pruned) == pruned
    assert Answers.model_validate(pruned.model_dump()) == pruned
    for question in QUESTIONS:
        value = getattr(pruned, question.id)
        if not question.asked_if(pruned):
            assert value is None, question.id
        elif value is not None:
            assert value == getattr(answers, question.id) or question.kind is QuestionKind.MULTI
            if question.kind is QuestionKind.MULTI:
                assert {v.value for v in value} <= set(question.options_for(pruned))


# -- the wizard, as a state machine -----------------------------------------------------------


def value_strategy(question: Question, answers: Answers) -> st.SearchStrategy[Any]:
    """A valid answer to this question for this person."""
    match question.kind:
        case QuestionKind.CHOICE:
            return st.sampled_from(question.options_for(answers))
        case QuestionKind.MULTI:
            return st.frozensets(st.sampled_from(question.options_for(answers)))
        case QuestionKind.DATE:
            return st.sampled_from(ARRIVAL_DATES) | st.dates(date(1990, 1, 1), TODAY)
        case QuestionKind.AMOUNT:
            return st.sampled_from((0, 10339, 10340, 11507, 11508, 18609)) | st.integers(0, 10**6)
        case QuestionKind.COUNT:
            return st.integers(1, 20)
        case QuestionKind.SEARCH:
            return st.sampled_from(question.options_for(answers))
    raise AssertionError(question.kind)


def replay(answers: Answers) -> Answers:
    """The same answers given again, one question at a time in the questionnaire's order."""
    rebuilt = Answers()
    for _ in range(len(QUESTIONS)):
        question = next_question(rebuilt)
        if question is None:
            break
        rebuilt = with_answer(rebuilt, question.id, getattr(answers, question.id))
    return rebuilt


class Wizard(RuleBasedStateMachine):
    """A user answering, going back, changing an earlier answer and starting again.

    ``history`` holds the questions the user has passed, in order; the question on screen
    is the first applicable one not passed yet. Back keeps the answer (it is shown again).
    """

    def __init__(self) -> None:
        super().__init__()
        self.answers = Answers()
        self.history: list[str] = []

    @initialize()
    def start(self) -> None:
        self.answers = Answers()
        self.history = []

    def on_screen(self) -> Question | None:
        return next((q for q in applicable(self.answers) if q.id not in self.history), None)

    def settle(self) -> None:
        """Drop what no longer applies, and forget having passed questions that no longer apply."""
        self.answers = prune(self.answers)
        still = {q.id for q in answered(self.answers)}
        self.history = [question_id for question_id in self.history if question_id in still]

    @precondition(lambda self: self.on_screen() is not None)
    @rule(data=st.data())
    def answer_the_question_on_screen(self, data: st.DataObject) -> None:
        question = self.on_screen()
        assert question is not None
        value = data.draw(value_strategy(question, self.answers), label=question.id)
        self.answers = with_answer(self.answers, question.id, value)
        self.history.append(question.id)
        self.settle()

    @precondition(lambda self: self.on_screen() is not None)
    @rule(data=st.data())
    def answer_every_remaining_question(self, data: st.DataObject) -> None:
        for _ in range(len(QUESTIONS)):
            if self.on_screen() is None:
                break
            self.answer_the_question_on_screen(data)
        assert is_complete(self.answers)

    @precondition(lambda self: bool(self.history))
    @rule()
    def go_back(self) -> None:
        before = self.answers
        popped = self.history.pop()
        assert self.answers == before
        assert getattr(self.answers, popped) is not None  # Back keeps the answer
        assert self.on_screen() is not None

    @precondition(lambda self: bool(answered(self.answers)))
    @rule(data=st.data())
    def change_an_earlier_answer(self, data: st.DataObject) -> None:
        question = data.draw(st.sampled_from(answered(self.answers)), label="question")
        value = data.draw(value_strategy(question, self.answers), label=question.id)
        self.answers = with_answer(self.answers, question.id, value)
        self.settle()

    @rule()
    def start_again(self) -> None:
        self.answers = Answers()
        self.history = []

    @invariant()
    def the_answers_always_validate(self) -> None:
        assert Answers.model_validate(self.answers.model_dump()) == self.answers

    @invariant()
    def the_answers_are_always_pruned(self) -> None:
        assert prune(self.answers) == self.answers

    @invariant()
    def the_history_holds_each_answered_question_at_most_once(self) -> None:
        assert len(self.history) == len(set(self.history))
        assert set(self.history) <= {q.id for q in answered(self.answers)}

    @invariant()
    def a_complete_questionnaire_is_assessed_on_its_answers_alone(self) -> None:
        if not is_complete(self.answers):
            return
        result = assess(self.answers, TODAY)
        assert assess(Answers.model_validate(self.answers.model_dump()), TODAY) == result
        replayed = replay(self.answers)
        assert replayed == self.answers
        assert assess(replayed, TODAY) == result


Wizard.TestCase.settings = settings(max_examples=100, stateful_step_count=30, deadline=None)
TestWizard = Wizard.TestCase


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (date(2026, 11, 22), None),
        (date(1990, 5, 1), None),
        (date(2026, 11, 23), "wizard.date_in_future"),
        (date(1899, 12, 31), "wizard.date_too_old"),
        ("2026-01-01", "wizard.choose_one"),
        (None, "wizard.choose_one"),
    ],
)
def test_the_server_refuses_impossible_arrival_dates_even_if_the_browser_let_them_through(
    value: object, problem: str | None
) -> None:
    assert arrival_date_problem(value, date(2026, 11, 22)) == problem


@pytest.mark.parametrize(
    ("value", "ok"),
    [(0, True), (8000, True), (8000.0, True), (-1, False), (12.5, False), (float("nan"), False),
     (float("inf"), False), (True, False), ("8000", False), (10**12, False)],
)  # fmt: skip
def test_the_server_refuses_incomes_that_are_not_whole_positive_euros(value: object, ok: bool) -> None:
    assert (income_problem(value) is None) is ok


@settings(max_examples=300, deadline=None)
@given(answers=ANY_ANSWERS, day=st.dates(date(1990, 1, 1), date(2040, 1, 1)))
def test_whether_a_birth_certificate_is_needed_does_not_depend_on_the_date(answers: Answers, day: date) -> None:
    """The premise of REFERENCE_DAY in vitale/questions.py."""
    assert route_needs_birth_certificate(decide(answers, day).outcome) == route_needs_birth_certificate(
        decide(answers, REFERENCE_DAY).outcome
    )


def test_the_language_is_asked_only_for_a_certificate_issued_outside_the_eea() -> None:
    base = Answers(territory="metropole", main_home="yes", activity="employee", nationality="other",
                   residence_status="permit", situations=frozenset())  # fmt: skip
    assert next_question(base) is QUESTIONS_BY_ID["birth_certificate_country"]
    assert next_question(base.model_copy(update={"birth_certificate_country": "ES"})) is None
    assert (
        next_question(base.model_copy(update={"birth_certificate_country": "IN"}))
        is QUESTIONS_BY_ID["birth_certificate_language"]
    )
    assert next_question(base.model_copy(update={"situations": frozenset({Situation.BORN_IN_FRANCE})})) is None


# -- issue 10: the new questions appear only where they change the answer ---------------------------


def test_only_retirees_are_asked_who_pays_their_pension() -> None:
    question = QUESTIONS_BY_ID["pension_from"]
    for activity in Activity:
        for territory in ("metropole", "abroad", "nouvelle_caledonie"):
            answers = Answers.model_validate({"territory": territory, "main_home": "yes", "activity": activity})
            expected = activity is Activity.RETIRED and territory != "nouvelle_caledonie"
            assert question.asked_if(answers) == expected, (activity, territory)


def test_the_household_size_is_asked_just_before_the_income_and_only_where_the_income_is_asked() -> None:
    order = [q.id for q in QUESTIONS]
    assert order.index("household_size") + 1 == order.index("annual_income_eur")
    assert QUESTIONS_BY_ID["household_size"].asked_if is QUESTIONS_BY_ID["annual_income_eur"].asked_if


@pytest.mark.parametrize(
    ("fields", "asked"),
    [
        ({"activity": "student", "nationality": "french"}, False),
        ({"activity": "student", "nationality": "other", "residence_status": "permit"}, False),
        ({"activity": "retired", "pension_from": "france", "nationality": "french"}, False),
        ({"activity": "retired", "pension_from": "eea_swiss_uk", "nationality": "eu_eea_swiss"}, False),
        ({"activity": "retired", "pension_from": "other", "nationality": "eu_eea_swiss"}, True),
        ({"activity": "retired", "pension_from": "france", "nationality": "other", "residence_status": "none"}, True),
        ({"activity": "none", "nationality": "french"}, True),
    ],
)
def test_the_arrival_date_is_asked_only_when_time_in_france_can_change_the_answer(
    fields: dict[str, str], asked: bool
) -> None:
    answers = Answers.model_validate({"territory": "metropole", "main_home": "yes", **fields})
    assert QUESTIONS_BY_ID["arrival_date"].asked_if(answers) == asked


def test_a_household_size_outside_one_to_twenty_is_refused_with_a_text_key() -> None:
    from vitale.answers import household_size_problem

    for good in (1, 4, 20, 3.0):
        assert household_size_problem(good) is None
    for bad in (0, 21, -1, 2.5, float("nan"), None, "3", True):
        assert household_size_problem(bad) == "wizard.household_invalid"


def test_a_refugee_is_not_asked_since_when_they_live_in_france() -> None:
    refugee = Answers.model_validate(
        {"territory": "metropole", "main_home": "yes", "activity": "none", "nationality": "other",
         "residence_status": "refugee"}
    )  # fmt: skip
    assert not QUESTIONS_BY_ID["arrival_date"].asked_if(refugee)


def test_someone_without_papers_on_a_short_stay_is_asked_neither_dates_nor_income() -> None:
    visitor = Answers.model_validate(
        {"territory": "metropole", "main_home": "short_stay", "activity": "none", "nationality": "other",
         "residence_status": "none", "situations": []}
    )  # fmt: skip
    assert is_complete(visitor)
    assert assess(visitor, TODAY).outcome is Outcome.NOT_ELIGIBLE


def test_the_territory_is_first_a_choice_of_four_that_holds_all_fourteen_places_once() -> None:
    territory = QUESTIONS_BY_ID["territory"]
    assert [group.id for group in territory.groups] == ["metropole", "overseas", "monaco", "abroad"]
    grouped = [option for group in territory.groups for option in group.options]
    assert sorted(grouped) == sorted(territory.options)
    assert len(grouped) == len(set(grouped)) == 14
    assert territory.group_of("wallis_et_futuna") == territory.group("overseas")
    mainland = territory.group_of("metropole")
    assert mainland is not None
    assert not mainland.is_choice, "mainland France is answered in one step"
    assert territory.group_of("atlantis") is None


def test_groups_that_miss_or_repeat_an_option_are_refused_when_the_question_is_made() -> None:
    with pytest.raises(ValueError, match="each of its options once"):
        Question("q", QuestionKind.CHOICE, lambda _: True, ("a", "b"), groups=(OptionGroup("g", ("a", "a")),))
    with pytest.raises(ValueError, match="each of its options once"):
        Question("q", QuestionKind.CHOICE, lambda _: True, ("a", "b"), groups=(OptionGroup("g", ("a",)),))
