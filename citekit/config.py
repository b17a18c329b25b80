"""Configuration: defaults < [tool.citekit] in pyproject.toml < CITEKIT_* environment < flags.

Click applies the last two (envvar= on options, then the command line); this module reads
pyproject.toml and turns it into click's `default_map`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from citekit.errors import ConfigError

COMMANDS = ("check", "dedupe", "links", "sources", "cases", "claims", "audit", "format", "export")


def find_pyproject(start: Path | None = None) -> Path | None:
    """The nearest pyproject.toml at or above `start` (default: the working directory)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_tool_config(pyproject: Path | None) -> dict[str, Any]:
    """The `[tool.citekit]` table, or {} when there is none."""
    if pyproject is None:
        return {}
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read [tool.citekit]: {exc}", str(pyproject)) from exc
    table = data.get("tool", {}).get("citekit", {})
    if not isinstance(table, dict):
        raise ConfigError("[tool.citekit] must be a table", str(pyproject))
    return table


def _option_name(key: str) -> str:
    return key.replace("-", "_")


def default_map(table: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Click default_map: top-level keys apply to every command, `[tool.citekit.<command>]` to one."""
    shared = {_option_name(k): v for k, v in table.items() if not isinstance(v, dict)}
    out: dict[str, dict[str, Any]] = {}
    for cmd in COMMANDS:
        section = table.get(cmd, {})
        if not isinstance(section, dict):
            raise ConfigError(f"[tool.citekit.{cmd}] must be a table")
        merged = dict(shared)
        merged.update({_option_name(k): v for k, v in section.items()})
        for key in ("select", "ignore"):
            if isinstance(merged.get(key), list):
                merged[key] = [",".join(map(str, merged[key]))]
        out[cmd] = merged
    return out
