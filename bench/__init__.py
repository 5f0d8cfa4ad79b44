"""Vitale's speed benchmarks: ratios against a baseline measured in the same run.

Run everything with ``python -m bench`` (see bench/README.md). These are not
tests: nothing here is collected by pytest, and a missed target is reported,
not failed.
"""
