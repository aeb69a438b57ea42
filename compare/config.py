"""Settings for `compare check` from compare.toml or the [tool.compare] table of pyproject.toml.

Every key and value is checked: a misspelt key, rule or allow-entry field is an error naming the
file and the known names, never silently ignored (an allow entry whose narrowing key is misspelt
would otherwise allow its rule everywhere).
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from difflib import get_close_matches
from pathlib import Path
from typing import Any, TypeVar

from compare.check import Allowance, CheckSettings
from compare.errors import ConfigError
from compare.model import Kind, Rule

CONFIG_FILES = ("compare.toml", "pyproject.toml")
KEYS = (
    "min_coverage",
    "min_confidence",
    "min_outlets",
    "require_outlets",
    "rules",
    "events",
    "outlets",
    "kinds",
    "allow",
)
ALLOW_KEYS = ("rule", "reason", "event", "outlet", "claim")
E = TypeVar("E", Rule, Kind)


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
    if path.name == "pyproject.toml":
        if "allow" in data:
            # `[[allow]]` written under [tool.compare] opens a new top-level table, not a sub-table.
            raise ConfigError(
                f"{path}: [[allow]] is outside [tool.compare] (TOML puts it at the top level); "
                "in pyproject.toml write [[tool.compare.allow]]"
            )
        tool = data.get("tool", {})
        if not isinstance(tool, dict) or "compare" not in tool:
            raise ConfigError(f"{path}: no [tool.compare] table")
        table = tool["compare"]
        where = "[tool.compare]"
    else:
        table, where = data, "the file"
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: the compare settings must be a table")
    for key in table:
        if key not in KEYS:
            raise ConfigError(f"{path}: unknown setting {key!r} in {where}{_did_you_mean(key, KEYS)}")
    settings = CheckSettings()
    if "min_coverage" in table:
        settings = replace(settings, min_coverage=_fraction(table["min_coverage"], "min_coverage", path))
    if "min_confidence" in table:
        settings = replace(settings, min_confidence=_fraction(table["min_confidence"], "min_confidence", path))
    if "min_outlets" in table:
        value = table["min_outlets"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError(f"{path}: min_outlets must be a whole number, 0 or more, not {value!r}")
        settings = replace(settings, min_outlets=value)
    if "require_outlets" in table:
        settings = replace(settings, require_outlets=_strings(table["require_outlets"], "require_outlets", path))
    if "rules" in table:
        rules = [_choice(Rule, r, "rule", path) for r in _strings(table["rules"], "rules", path)]
        settings = replace(settings, rules=frozenset(rules))
    if "events" in table:
        settings = replace(settings, events=_strings(table["events"], "events", path))
    if "outlets" in table:
        settings = replace(settings, outlets=_strings(table["outlets"], "outlets", path))
    if "kinds" in table:
        kinds = tuple(_choice(Kind, k, "kind", path) for k in _strings(table["kinds"], "kinds", path))
        settings = replace(settings, kinds=kinds)
    if "allow" in table:
        entries = table["allow"]
        if not isinstance(entries, list):
            raise ConfigError(f"{path}: allow must be a list of [[allow]] tables")
        settings = replace(settings, allow=tuple(_allowance(e, n, path) for n, e in enumerate(entries, 1)))
    return settings


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None


def _did_you_mean(name: str, known: tuple[str, ...]) -> str:
    near = get_close_matches(name, known, n=1, cutoff=0.6)
    return (f"; did you mean {near[0]!r}?" if near else "") + f" (known: {', '.join(known)})"


def _fraction(value: Any, name: str, path: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ConfigError(f"{path}: {name} must be between 0 and 1, not {value!r}")
    return float(value)


def _strings(value: Any, name: str, path: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: {name} must be a list of names, not {value!r}")
    return tuple(value)


def _choice(enum: type[E], value: str, what: str, path: Path) -> E:
    try:
        return enum(value)
    except ValueError:
        known = tuple(member.value for member in enum)
        raise ConfigError(f"{path}: unknown {what} {value!r}{_did_you_mean(value, known)}") from None


def _allowance(entry: Any, number: int, path: Path) -> Allowance:
    where = f"{path}: allow entry {number}"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where} must be a table ([[allow]] with rule = ..., reason = ...)")
    for key in entry:
        if key not in ALLOW_KEYS:
            raise ConfigError(f"{where}: unknown key {key!r}{_did_you_mean(key, ALLOW_KEYS)}")
    if "rule" not in entry or "reason" not in entry:
        raise ConfigError(f"{where} needs a rule and a reason")
    values = {}
    for key in ALLOW_KEYS:
        value = entry.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ConfigError(f"{where}: {key} must be non-empty text, not {value!r}")
        values[key] = value.strip() if isinstance(value, str) else None
    return Allowance(
        rule=_choice(Rule, str(values["rule"]), "rule", path),
        reason=str(values["reason"]),
        event=values["event"],
        outlet=values["outlet"],
        claim=values["claim"],
        number=number,
    )
