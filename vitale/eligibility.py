"""Which route to health cover applies: ``assess(answers, today)`` (domain.md §2.2).

The rules (:mod:`vitale.rules`) are evaluated top to bottom and the first that
matches wins; R18 (refer to the CPAM) catches the rest. The assessment adds
who handles the file, the next steps and the traps that apply to this person
(:mod:`vitale.guidance`). ``today`` is a parameter: the domain never reads the clock.
"""

from __future__ import annotations

from datetime import date

from vitale.answers import Answers, HomeTerritory
from vitale.guidance import fund_for, next_steps_for, traps_for
from vitale.outcomes import Assessment, Caution, Decision, Fund, Outcome, Reason
from vitale.rules import RULES, r18_refer

__all__ = ["Assessment", "Caution", "Fund", "Outcome", "Reason", "assess", "decide"]


def decide(answers: Answers, today: date) -> Decision:
    """The first rule that matches (R18 when none does)."""
    for rule in RULES:
        decision = rule(answers, today)
        if decision is not None:
            return decision
    return r18_refer(answers, today)


def assess(answers: Answers, today: date) -> Assessment:
    """The outcome for these answers on ``today``, with its reasons, cautions, next steps and traps."""
    decision = decide(answers, today)
    reason_key = decision.reason_key or f"reason.{decision.rule}"
    reasons = [Reason(rule=decision.rule, text_key=reason_key, source_ids=decision.sources)]
    fund = fund_for(decision, answers)
    if answers.territory is HomeTerritory.MAYOTTE and decision.outcome is not Outcome.NOT_ELIGIBLE:
        reasons.append(Reason(rule="R5", text_key="reason.R5", source_ids=("welcometofrance", "F3079")))
    return Assessment(
        outcome=decision.outcome,
        eligible_from=decision.eligible_from,
        fund=fund,
        reasons=tuple(reasons),
        cautions=decision.cautions,
        next_steps=next_steps_for(decision, answers),
        traps=traps_for(decision, answers),
    )
