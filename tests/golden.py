"""Regenerate the golden reports after a deliberate change: `make golden` (python -m tests.golden).

The golden files are the reports of tests/data/mini compared with the FakeEmbedder, so they pin
the Markdown and JSON rendering without depending on the real model.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from compare import pipeline, report
from tests.conftest import FAKE_CALIBRATION, ROOT, FakeEmbedder

MINI = ROOT / "tests" / "data" / "mini"
GOLDEN = ROOT / "tests" / "golden" / "mini"
# The golden reports sit in the repository with the corpus, so they link to its lines.
CORPUS_LINK = "../../data/mini"


def mini_reports() -> dict[str, str]:
    comparison = pipeline.run(corpus=MINI, embedder=FakeEmbedder(), calibration=FAKE_CALIBRATION)
    return report.report_files(comparison, corpus_link=CORPUS_LINK)


def regenerate(folder: Path = GOLDEN) -> list[Path]:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    written = []
    for name, text in sorted(mini_reports().items()):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in regenerate():
        print(path.relative_to(ROOT))
