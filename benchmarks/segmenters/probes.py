"""Unscored robustness probes: inputs where the quote-merge step can hurt, or where the gold
convention is unclear.  Prints how many segments each segmenter gives, with and without the
quote-merge step, so a reader can see the failure modes that cases.json does not score.

    /tmp/segvenv/bin/python /work/main/benchmarks/segmenters/probes.py [--only NAME,...]
"""
from __future__ import annotations

import argparse

import measure

PROBES = [
    ("unclosed quote (quote continues in the next paragraph)",
     "The envoy said: “We will stay. We will fight on. Nothing changes for us. "
     "Talks will go on. The end is near."),
    ("inch mark read as a quote",
     'Officials bought 12" pipes for the project. The deal closed on Monday. '
     "It was worth $3 million. Nobody objected. The minister left."),
    ("apostrophes and single quotes",
     "He called it a ‘historic’ day. Pakistan’s envoy agreed. The talks’ outcome was unclear."),
    ("two quoted sentences in a row",
     "“We will stay.” “We will not leave,” he added. Reporters left."),
    ("hard line break inside a sentence (004 before re-joining)",
     "A senior US official has reaffirmed Washington’s commitment to a “long-term "
     "mutually-beneficial security partnership” with\nPakistan after the two countries "
     "held strategic-level defence dialogue here the other day."),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", help="comma-separated segmenter names")
    args = ap.parse_args()
    names = args.only.split(",") if args.only else [s.name for s in measure.SEGMENTERS]
    segs = {n: measure.BY_NAME[n].factory() for n in names}
    for title, text in PROBES:
        print(f"\n### {title}\n\n`{text!r}`\n")
        for n, seg in segs.items():
            raw = [s.strip() for s in seg(text) if s.strip()]
            merged = measure.merge_open_quotes(raw)
            print(f"- {n}: {len(raw)} segments, {len(merged)} after quote-merge"
                  + ("" if len(raw) == len(merged) else f" -> {merged}"))


if __name__ == "__main__":
    main()
