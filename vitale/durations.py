"""How long a step takes: a log-logistic distribution fitted to a typical and a worst figure.

The sources give loose figures ("about 3 weeks", "up to 9 months"). Each step's
duration is modelled as log-logistic (docs/decisions/0005-timeline-model.md):

* its **median** is the ``typical`` figure of the step (domain.md §4);
* its **97.5th percentile** is the ``worst`` figure: one person in 40 waits
  longer than the longest figure the sources give;
* a step with both figures zero takes no time.

Log-logistic because waiting times for an administration are skewed to the
right with a long tail, and because its distribution function and its inverse
have closed forms: sampling, and sampling *given that the wait has already
lasted e days* (the truncated distribution), are exact and vectorised with
numpy alone, without a loop per draw.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from vitale.parameters import StageDuration

WORST_QUANTILE = 0.975
"""The share of people who are done by the ``worst`` figure of a step."""

_HIGHEST_U = 1.0 - 1e-12
"""Keeps the inverse away from u = 1, where it is infinite."""

Days = npt.NDArray[np.float64]


def shape(duration: StageDuration) -> float:
    """The log-logistic shape β such that the median is ``typical`` and the 97.5th percentile ``worst``.

    From the quantile function Q(u) = typical · (u / (1 − u))^(1/β):
    β = ln(q / (1 − q)) / ln(worst / typical), with q = 0.975.
    """
    return math.log(WORST_QUANTILE / (1 - WORST_QUANTILE)) / math.log(duration.worst / duration.typical)


def takes_no_time(duration: StageDuration) -> bool:
    return duration.worst == 0


def quantile(duration: StageDuration, u: Days) -> Days:
    """The durations (days) at probabilities ``u`` in [0, 1): the inverse of :func:`cdf`."""
    if takes_no_time(duration):
        return np.zeros_like(u)
    clipped = np.clip(u, 0.0, _HIGHEST_U)
    result: Days = duration.typical * (clipped / (1.0 - clipped)) ** (1.0 / shape(duration))
    return result


def cdf(duration: StageDuration, days: Days) -> Days:
    """P(duration ≤ days): 1 / (1 + (days / typical)^−β), and 0 for days ≤ 0."""
    if takes_no_time(duration):
        return (days >= 0).astype(np.float64)
    positive = np.maximum(days, 0.0) / duration.typical
    powered = positive ** shape(duration)
    result: Days = powered / (1.0 + powered)
    return result


def sample_at_least(duration: StageDuration, u: Days, elapsed: Days | None = None) -> Days:
    """Durations drawn from uniforms ``u``, given that each has already lasted ``elapsed`` days.

    Without ``elapsed`` this is plain inverse-transform sampling. With it, each
    draw comes from the distribution truncated below at its ``elapsed``:
    u' = F(e) + u · (1 − F(e)), duration = Q(u') ≥ e. The same ``u`` always
    gives the same duration for the same ``elapsed`` (reproducible by seed). A
    step that takes no time but has not happened yet happens now (``elapsed``).
    """
    if elapsed is None:
        return quantile(duration, u)
    waited = np.maximum(elapsed, 0.0)
    floor = cdf(duration, waited)
    drawn = quantile(duration, floor + u * (1.0 - floor))
    # Rounding can leave a draw a hair under its floor; a step that takes no time and has
    # not happened yet happens at the earliest now.
    result: Days = np.maximum(drawn, waited)
    return result
