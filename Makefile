# Shortcuts for the commands the README gives.
.PHONY: setup run test lint bench refresh-data

setup:
	python -m pip install -r requirements-dev.txt

run:
	streamlit run app.py

test:
	python -m pytest

lint:
	python -m ruff check . && python -m mypy

bench:
	python -m bench

refresh-data:
	python scripts/refresh_data.py
