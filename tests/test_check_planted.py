"""Invented corpora with planted divergences: `compare check` finds each one, on the right source, and
nothing on the unchanged twin.

Each corpus declares its events (`event:`) and uses the fake embedder, so grouping and alignment are
predictable; each plant changes one sentence of one source, and names the rule and the file the
violation must be about.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from compare import cli
from tests.conftest import FakeEmbedder, write


@dataclass(frozen=True)
class Plant:
    path: str  # the file changed, and the one the violation must point at
    old: str
    new: str
    rule: str


def _front(outlet: str, event: str, date: str, kind: str = "news", extra: str = "") -> str:
    return (
        f"---\noutlet: {outlet}\ntitle: {outlet} on {event}\ndate: {date}\nevent: {event}\nkind: {kind}\n{extra}---\n"
    )


def _body(*sentences: str) -> str:
    return "\n\n".join(sentences) + "\n"


# Each newspaper also runs stories of its own. Without them, three papers printing the same five
# sentences would be one text reprinted (compare counts it as one origin), not three outlets.
_OWN_STORIES = (
    "Local bakeries sold out of rye bread. Cyclists demand wider lanes downtown. A jazz festival drew record crowds. "
    "Pharmacists report shortages of cough syrup. The zoo welcomed twin otter pups. Tram fares may rise in autumn.",
    "Orchard growers expect an early apple harvest. A chess prodigy won the regional cup. Volunteers repainted "
    "the old lighthouse. Museum curators unveiled medieval tapestries. Hailstorms damaged vineyards overnight. "
    "A new ferry timetable starts in July.",
    "Librarians launched evening poetry readings. Beekeepers warn about declining hives. The marathon route changed "
    "again. Dentists offer free checkups for pensioners. Skaters flooded the frozen canal. A violin maker opened "
    "a workshop.",
)


_STORIES_OF = {
    outlet: index
    for names in (
        ("Daily Post", "Evening Star", "Harbour Gazette"),
        ("Kelm Courier", "Coastal Times", "River News"),
        ("North Wire", "Daily Ledger", "The Observer"),
    )
    for index, outlet in enumerate(names)
}


def _with_own_stories(body: str, outlet: str) -> str:
    own = _OWN_STORIES[_STORIES_OF[outlet]]  # no two papers of one corpus run the same stories
    return body + "\n" + "\n\n".join(f"{story.strip().rstrip('.')}." for story in own.split(". ")) + "\n"


# ---------------------------------------------------------------- corpus 1: a call between two parties

CALL = "alder-birch-call"
CALL_SPOKE = (
    "Minister Rowan Alder spoke by phone with General Ivo Birch on Wednesday about security on the northern border."
)
CALL_TROOPS = "The minister and the general agreed to withdraw 1,200 troops from the northern valley next month."
CALL_THANKS = "Minister Alder thanked General Birch for his support for the ceasefire talks in Geneva."
CALL_RAIL = "Freight trains will run again on the mountain railway line before the first snow."
CALL_PEACE = "General Birch stressed that lasting peace in the valley requires the return of displaced families."
CALL_NEWS = _body(
    CALL_SPOKE,
    CALL_TROOPS,
    CALL_THANKS,
    CALL_PEACE,
    CALL_RAIL[:-1] + ", the defence ministry said.",
)
CORPUS_CALL = {
    "readouts/ministry.md": _front(
        "Ministry", CALL, "2024-03-06", "readout", "issuer: Ministry\naliases: [defence ministry]\n"
    )
    + _body(CALL_SPOKE, CALL_TROOPS, CALL_THANKS, CALL_RAIL),
    "readouts/army.md": _front(
        "Army", CALL, "2024-03-06", "readout", "issuer: Army\naliases: [military's media wing]\n"
    )
    + _body(CALL_SPOKE, CALL_PEACE, CALL_TROOPS),
    "news/daily-post.md": _front("Daily Post", CALL, "2024-03-06") + _with_own_stories(CALL_NEWS, "Daily Post"),
    "news/evening-star.md": _front("Evening Star", CALL, "2024-03-06") + _with_own_stories(CALL_NEWS, "Evening Star"),
    "news/harbour-gazette.md": _front("Harbour Gazette", CALL, "2024-03-06")
    + _with_own_stories(CALL_NEWS, "Harbour Gazette"),
}
PLANTS_CALL = [
    Plant("news/evening-star.md", "withdraw 1,200 troops", "withdraw 3,000 troops", "numbers"),
    Plant("news/harbour-gazette.md", "General Ivo Birch on Wednesday", "General Ivo Birch on Monday", "dates"),
    Plant(
        "news/daily-post.md",
        "first snow, the defence ministry said.",
        "first snow, the military's media wing said.",
        "attribution",
    ),
]
ACTORS_CALL = [
    Plant(
        "news/harbour-gazette.md",
        "General Birch stressed that lasting peace",
        "Minister Alder stressed that lasting peace",
        "actors",
    ),
]

# ---------------------------------------------------------------- corpus 2: a port, no readout

PORT = "port-of-kelm-reopens"
PORT_OPEN = "The port of Kelm reopened to container ships on 14 March after six weeks of storm repairs."
PORT_COST = "The repairs to the northern breakwater cost 42 million euros, the harbour authority said."
PORT_CRANES = "Four of the nine cranes on the eastern quay are still out of service because of flood damage."
PORT_JOBS = "Dock workers expect the backlog of 300 delayed vessels to clear within a month, according to the union."
PORT_MAYOR = "Mayor Ilse Varga warned that the fishing fleet will wait until the summer for its own moorings."
PORT_NEWS = _body(PORT_OPEN, PORT_COST, PORT_CRANES, PORT_JOBS, PORT_MAYOR)
CORPUS_PORT = {
    f"news/{slug}.md": _front(outlet, PORT, "2023-11-02") + _with_own_stories(PORT_NEWS, outlet)
    for slug, outlet in (
        ("kelm-courier", "Kelm Courier"),
        ("coastal-times", "Coastal Times"),
        ("river-news", "River News"),
    )
}
PLANTS_PORT = [
    Plant("news/river-news.md", "cost 42 million euros", "cost 24 million euros", "numbers"),
    Plant("news/kelm-courier.md", "on 14 March after", "on 21 March after", "dates"),
    Plant(
        "news/coastal-times.md",
        "within a month, according to the union.",
        "within a month.",
        "attribution",
    ),
]
ACTORS_PORT = [
    Plant("news/river-news.md", "Mayor Ilse Varga warned", "Harbour master Jonas Pell warned", "actors"),
]

# ---------------------------------------------------------------- corpus 3: a summit, two events

SUMMIT = "lakeside-summit"
TALKS = "grain-corridor-talks"
SUMMIT_MET = "President Mira Solen and Prime Minister Tomas Ekdal met for three hours at the lakeside summit on Friday."
SUMMIT_AID = "The two leaders signed an agreement on 250 million dollars of reconstruction aid for the border towns."
SUMMIT_VISA = "Both governments will lift visa requirements for students from the first of September."
SUMMIT_CONCERN = "President Solen expressed concern about the closure of the river crossings to civilian traffic."
TALKS_GRAIN = "Negotiators agreed to let 40 cargo ships a week carry grain through the narrow strait."
TALKS_NEXT = "The next round of grain talks will open in Varna on Tuesday under United Nations supervision."
TALKS_INSPECT = "Joint teams will inspect every third vessel for weapons before it leaves the harbour."
CORPUS_SUMMIT = {
    "readouts/presidency.md": _front("Presidency", SUMMIT, "2025-06-13", "readout", "issuer: Presidency\n")
    + _body(SUMMIT_MET, SUMMIT_AID, SUMMIT_VISA, SUMMIT_CONCERN),
    "readouts/government.md": _front("Government", SUMMIT, "2025-06-13", "readout", "issuer: Government\n")
    + _body(SUMMIT_MET, SUMMIT_AID),
    **{
        f"news/{slug}-summit.md": _front(outlet, SUMMIT, "2025-06-13")
        + _with_own_stories(
            _body(SUMMIT_MET, SUMMIT_AID, SUMMIT_VISA[:-1] + ", the presidency said.", SUMMIT_CONCERN), outlet
        )
        for slug, outlet in (
            ("north-wire", "North Wire"),
            ("daily-ledger", "Daily Ledger"),
            ("the-observer", "The Observer"),
        )
    },
    "readouts/un-office.md": _front("UN Office", TALKS, "2025-06-20", "readout", "issuer: UN Office\n")
    + _body(TALKS_GRAIN, TALKS_NEXT, TALKS_INSPECT),
    **{
        f"news/{slug}-talks.md": _front(outlet, TALKS, "2025-06-20")
        + _with_own_stories(_body(TALKS_GRAIN, TALKS_NEXT, TALKS_INSPECT), outlet)
        for slug, outlet in (
            ("north-wire", "North Wire"),
            ("daily-ledger", "Daily Ledger"),
            ("the-observer", "The Observer"),
        )
    },
}
PLANTS_SUMMIT = [
    Plant("news/daily-ledger-summit.md", "250 million dollars", "520 million dollars", "numbers"),
    Plant("news/north-wire-summit.md", "summit on Friday.", "summit on Thursday.", "dates"),
    Plant(
        "news/the-observer-summit.md",
        "September, the presidency said.",
        "September, the government said.",
        "attribution",
    ),
    Plant("news/the-observer-talks.md", "let 40 cargo ships", "let 60 cargo ships", "numbers"),
    Plant("news/daily-ledger-talks.md", "in Varna on Tuesday", "in Varna on Wednesday", "dates"),
]
ACTORS_SUMMIT = [
    Plant(
        "news/daily-ledger-summit.md",
        "President Solen expressed concern",
        "Prime Minister Ekdal expressed concern",
        "actors",
    ),
]

CORPORA = {
    "call": (CORPUS_CALL, PLANTS_CALL, ACTORS_CALL),
    "port": (CORPUS_PORT, PLANTS_PORT, ACTORS_PORT),
    "summit": (CORPUS_SUMMIT, PLANTS_SUMMIT, ACTORS_SUMMIT),
}


@pytest.fixture(autouse=True)
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "make_embedder", lambda **_: FakeEmbedder())


def build(root: Path, files: dict[str, str], plants: list[Plant]) -> Path:
    texts = dict(files)
    for plant in plants:
        assert plant.old in texts[plant.path], plant
        texts[plant.path] = texts[plant.path].replace(plant.old, plant.new)
    for path, text in texts.items():
        write(root / path, text)
    return root


def found(runner: CliRunner, root: Path) -> tuple[int, set[tuple[str, str]], list[dict[str, object]]]:
    result = runner.invoke(cli.main, ["check", str(root), "--format", "json"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    return result.exit_code, {(v["rule"], v["path"]) for v in data["violations"]}, data["violations"]


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_the_clean_twin_passes(runner: CliRunner, tmp_path: Path, name: str) -> None:
    files, _, _ = CORPORA[name]
    code, violations, details = found(runner, build(tmp_path / name, files, []))
    assert (code, violations) == (0, set()), details


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_every_planted_divergence_is_found_on_its_source(runner: CliRunner, tmp_path: Path, name: str) -> None:
    files, plants, _ = CORPORA[name]
    code, violations, details = found(runner, build(tmp_path / name, files, plants))
    assert code == 1
    assert violations == {(p.rule, p.path) for p in plants}, details


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_planted_actor_errors_are_found_on_their_source(runner: CliRunner, tmp_path: Path, name: str) -> None:
    files, _, plants = CORPORA[name]
    code, violations, details = found(runner, build(tmp_path / name, files, plants))
    assert code == 1
    assert violations == {(p.rule, p.path) for p in plants}, details


def test_the_corpora_plant_at_least_twelve_divergences() -> None:
    plants = [p for _, planted, actors in CORPORA.values() for p in (*planted, *actors)]
    assert len(plants) >= 12
    assert {p.rule for p in plants} == {"numbers", "dates", "attribution", "actors"}
