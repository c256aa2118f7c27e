#!/usr/bin/env python3
"""Copies the latest results of the PostgreSQL benchmarks into docs/benchmarks.md.

    python3 bench/merge-results.py            # from the repository root

Each of bench/out/results-{ingest,ingest-async,datagen,drill,drill-async}.md that exists replaces (or, the first time, is appended
as) its own `## ` section of docs/benchmarks.md: "## Ingestion", "## Data set and queries", "## Crash drill".
Everything else in the file is left exactly as it is. The section's first line in the results file (a
`### ` title) is dropped in favour of the `## ` heading.
"""
import pathlib
import re
import sys

SECTIONS = [
    ("Ingestion", "results-ingest.md"),
    ("Ingestion, acknowledged once stored (Prefer: respond-async)", "results-ingest-async.md"),
    ("Data set and queries", "results-datagen.md"),
    ("Crash drill", "results-drill.md"),
    ("Crash drill, acknowledged once stored (Prefer: respond-async)", "results-drill-async.md"),
]


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    docs = root / "docs" / "benchmarks.md"
    text = docs.read_text() if docs.exists() else "# Benchmarks\n\nHow to reproduce: see `bench/README.md`.\n"
    for heading, name in SECTIONS:
        source = root / "bench" / "out" / name
        if not source.exists():
            continue
        body = source.read_text().strip().splitlines()
        if body and body[0].startswith("### "):
            body = body[1:]
        section = f"## {heading}\n\n" + "\n".join(body).strip() + "\n"
        # The section runs from its heading to the next "## " heading (not "### "), an HTML comment line
        # (another script's markers) or the end of the file.
        pattern = re.compile(rf"^## {re.escape(heading)}\n.*?(?=^## (?!#)|^<!-- |\Z)", re.S | re.M)
        if pattern.search(text):
            text = pattern.sub(lambda _: section + "\n", text, count=1)
        else:
            text = text.rstrip("\n") + "\n\n" + section
        print(f"docs/benchmarks.md: section '## {heading}' from bench/out/{name}", file=sys.stderr)
    docs.parent.mkdir(parents=True, exist_ok=True)
    docs.write_text(text.rstrip("\n") + "\n")


if __name__ == "__main__":
    main()
