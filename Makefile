# Shortcuts for the commands the README gives.
.PHONY: setup run test lint bench load cluster refresh-data

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

load:
	python -m bench.load --url http://127.0.0.1:8501 --sessions 50

cluster:
	python deploy/run_cluster.py --backends 2

refresh-data:
	python scripts/refresh_data.py
