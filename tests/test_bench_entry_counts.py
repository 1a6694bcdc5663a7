"""`make bench` prints the page loads and form submissions of entering July 2018 each way, as
tests/test_browser_july.py last measured them, or says how to measure them."""

import json

from opsreport.management.commands.bench import entry_count_lines


def test_bench_prints_the_counts_measured_or_says_how_to_measure_them(tmp_path):
    """What `make bench` prints from the counts file (no browser needed)."""
    path = tmp_path / "counts.json"
    assert "run `.venv/bin/python -m pytest tests/test_browser_july.py` to measure" in entry_count_lines(path)[0]
    counts = {
        "forms": {"page_loads": 26, "form_submissions": 9},
        "workbook": {"page_loads": 6, "form_submissions": 3},
        "measured": "2018-08-01T09:00:00+00:00",
    }
    path.write_text(json.dumps(counts))
    assert entry_count_lines(path) == [
        "July 2018 entered through the month page's screens: 26 page loads, 9 form submissions "
        "(target <= 25 page loads): NOT met (measured 2018-08-01T09:00:00+00:00)",
        "July 2018 entered through the workbook: 6 page loads, 3 form submissions "
        "(target <= 10 page loads): met (measured 2018-08-01T09:00:00+00:00)",
    ]
