"""The AWE context of a recipe run: `$HOME/.awe/Environment.cfg`, overruled by environment variables.

The file holds lines `key : value` or `key = value`, `#` or `;` comments and
`[section]` headers; keys of `[global]` (or before any header) stay bare, others
become `section.key`. A key is overruled by the environment variable named after
it (upper-cased, anything not a letter or digit turned into `_`), or by the same
name prefixed `AWE_`, which wins when both are set; empty variables are ignored.
`project` can be set from the environment even when the file lacks it.
"""

import os
import re
from pathlib import Path

# Names whose values must never be printed or written into products.
SECRET_NAME = re.compile(r"passw(or)?d|passphrase|secret|token|credential|key", re.IGNORECASE)
ALWAYS_KNOWN = ("project",)


def config_path() -> Path:
    return Path(os.environ.get("HOME", "~")).expanduser() / ".awe" / "Environment.cfg"


def parse(text: str) -> dict[str, str]:
    """The settings in the text of an Environment.cfg."""
    settings: dict[str, str] = {}
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        header = re.fullmatch(r"\[([^\]]+)\]", line)
        if header:
            name = header.group(1).strip()
            section = "" if name.lower() == "global" else name
            continue
        separator = re.search(r"[:=]", line)
        if not separator or separator.start() == 0:
            continue
        key = line[:separator.start()].strip()
        settings[f"{section}.{key}" if section else key] = line[separator.end():].strip()
    return settings


def env_names(key: str) -> list[str]:
    """Environment variables overruling `key`, strongest first."""
    upper = re.sub(r"[^A-Z0-9_]", "_", key.upper())
    return [f"AWE_{upper}", upper]


def load() -> dict[str, str]:
    """The context: the file's settings (if the file exists) with environment overrules applied."""
    path = config_path()
    settings = parse(path.read_text(encoding="utf-8")) if path.is_file() else {}
    for key in list(settings) + [k for k in ALWAYS_KNOWN if k not in settings]:
        for name in env_names(key):
            if os.environ.get(name):
                settings[key] = os.environ[name]
                break
    return settings


def is_secret(key: str) -> bool:
    return bool(SECRET_NAME.search(key))


def describe(settings: dict[str, str]) -> str:
    """`key=value` pairs of the non-secret settings, for the run's log."""
    shown = [f"{key}={value}" for key, value in settings.items() if not is_secret(key)]
    return " ".join(shown) if shown else "(empty)"
