"""Which route to health cover applies: ``assess(answers, today)`` (domain.md §2.2, corrected in §2.4).

The rules (:mod:`vitale.rules`) are evaluated top to bottom and the first that
matches wins; R18 (refer to the CPAM) catches the rest. The assessment adds
who handles the file, the next steps and the traps that apply to this person
(:mod:`vitale.guidance`). ``today`` is a parameter: the domain never reads the clock.
"""

from __future__ import annotations

from datetime import date

from vitale.answers import Answers
from vitale.guidance import fund_for, next_steps_for, traps_for
from vitale.outcomes import Assessment, Caution, Decision, Fund, Outcome, Reason
from vitale.rules import decide

__all__ = ["Assessment", "Caution", "Fund", "Outcome", "Reason", "assess", "assessment_of", "decide"]


def assess(answers: Answers, today: date) -> Assessment:
    """The outcome for these answers on ``today``, with its reasons, cautions, next steps and traps."""
    return assessment_of(decide(answers, today), answers)


def assessment_of(decision: Decision, answers: Answers) -> Assessment:
    """A decision (of :func:`decide`, or of a household rule) with its fund, next steps and traps."""
    reason = Reason(
        rule=decision.rule,
        text_key=decision.reason_key or f"reason.{decision.rule}",
        source_ids=decision.sources,
        values=decision.reason_values,
    )
    return Assessment(
        outcome=decision.outcome,
        eligible_from=decision.eligible_from,
        fund=fund_for(decision, answers),
        reasons=(reason, *decision.notes),
        cautions=decision.cautions,
        next_steps=next_steps_for(decision, answers),
        traps=traps_for(decision, answers),
        exemption=decision.exemption,
        figures=decision.figures,
    )
