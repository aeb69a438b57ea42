"""Settings for `compare check` from compare.toml or the [tool.compare] table of pyproject.toml."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from compare.check import Allowance, CheckSettings
from compare.errors import ConfigError
from compare.model import Kind, Rule

CONFIG_FILES = ("compare.toml", "pyproject.toml")
_KEYS = {"min_coverage", "min_outlets", "require_outlets", "rules", "events", "outlets", "kinds", "allow"}


def find_config(folder: Path) -> Path | None:
    """compare.toml, else a pyproject.toml with a [tool.compare] table, in `folder`."""
    for name in CONFIG_FILES:
        path = folder / name
        if not path.is_file():
            continue
        if name == "compare.toml" or "compare" in _read(path).get("tool", {}):
            return path
    return None


def load_settings(path: Path | None) -> CheckSettings:
    if path is None:
        return CheckSettings()
    data = _read(path)
    table = data.get("tool", {}).get("compare", {}) if path.name == "pyproject.toml" else data
    table = table.get("check", table) if isinstance(table, dict) else table
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: the compare settings must be a table")
    unknown = set(table) - _KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(_KEYS))}")
    settings = CheckSettings()
    try:
        if "min_coverage" in table:
            settings = replace(settings, min_coverage=_fraction(table["min_coverage"], "min_coverage", path))
        if "min_outlets" in table:
            settings = replace(settings, min_outlets=int(table["min_outlets"]))
        if "require_outlets" in table:
            settings = replace(settings, require_outlets=tuple(_strings(table["require_outlets"])))
        if "rules" in table:
            settings = replace(settings, rules=frozenset(Rule(r) for r in _strings(table["rules"])))
        if "events" in table:
            settings = replace(settings, events=tuple(_strings(table["events"])))
        if "outlets" in table:
            settings = replace(settings, outlets=tuple(_strings(table["outlets"])))
        if "kinds" in table:
            settings = replace(settings, kinds=tuple(Kind(k) for k in _strings(table["kinds"])))
        if "allow" in table:
            settings = replace(settings, allow=tuple(_allowance(entry, path) for entry in table["allow"]))
    except (ValueError, TypeError) as error:
        raise ConfigError(f"{path}: {error}") from None
    return settings


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read ({error.strerror or error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None


def _fraction(value: Any, name: str, path: Path) -> float:
    number = float(value)
    if not 0 <= number <= 1:
        raise ConfigError(f"{path}: {name} must be between 0 and 1, not {value}")
    return number


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"expected a list of strings, got {value!r}")
    return value


def _allowance(entry: Any, path: Path) -> Allowance:
    if not isinstance(entry, dict) or "rule" not in entry or "reason" not in entry:
        raise ConfigError(f"{path}: each [[allow]] entry needs a rule and a reason")
    return Allowance(
        rule=Rule(entry["rule"]),
        reason=str(entry["reason"]),
        event=str(entry["event"]) if entry.get("event") else None,
        outlet=str(entry["outlet"]) if entry.get("outlet") else None,
    )
