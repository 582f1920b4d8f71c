"""A PEP 517 build backend of the standard library only, for this one package.

Why not setuptools: a fresh venv has no ``wheel`` package, so setuptools (before
70.1) cannot build a wheel offline, and with build isolation pip downloads it.
This backend needs nothing, so ``pip install ./clients/python`` works offline
(with or without ``--no-build-isolation``). It reads the plain ``key = "value"``
lines of pyproject.toml's [project] table (tomllib is Python 3.11+) and packs
``awe_dp/`` as a pure-Python wheel.
"""
import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "awe_dp"


def _project():
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    table = re.search(r"^\[project\]\n(.*?)(?=^\[|\Z)", text, re.M | re.S).group(1)
    return dict(re.findall(r'^([a-z-]+) = "([^"]*)"$', table, re.M))


def _names():
    project = _project()
    return project, f"{PACKAGE}-{project['version']}"


def _metadata(project):
    readme = (ROOT / "README.md").read_text("utf-8")
    return (
        "Metadata-Version: 2.1\n"
        f"Name: {project['name']}\n"
        f"Version: {project['version']}\n"
        f"Summary: {project['description']}\n"
        f"Requires-Python: {project['requires-python']}\n"
        "License: MIT\n"
        "Description-Content-Type: text/markdown\n\n"
        f"{readme}"
    )


def _package_files():
    for path in sorted((ROOT / PACKAGE).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix in (".py", ".typed"):
            yield path.relative_to(ROOT).as_posix(), path.read_bytes()


def _wheel(wheel_directory, files):
    project, stem = _names()
    info = f"{stem}.dist-info"
    files = list(files) + [
        (f"{info}/METADATA", _metadata(project).encode("utf-8")),
        (f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: awe_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
    ]
    record = []
    name = f"{stem}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as wheel:
        for arcname, data in files:
            wheel.writestr(arcname, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{arcname},sha256={digest},{len(data)}")
        record.append(f"{info}/RECORD,,")
        wheel.writestr(f"{info}/RECORD", "\n".join(record) + "\n")
    return name


def get_requires_for_build_wheel(config_settings=None):
    return []


get_requires_for_build_sdist = get_requires_for_build_editable = get_requires_for_build_wheel


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _wheel(wheel_directory, _package_files())


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """``pip install -e``: a .pth file that puts this directory on sys.path."""
    return _wheel(wheel_directory, [(f"{PACKAGE}.pth", f"{ROOT}\n".encode("utf-8"))])


def build_sdist(sdist_directory, config_settings=None):
    _, stem = _names()
    name = f"{stem}.tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as sdist:
        for path in ["pyproject.toml", "README.md", "build_support/awe_build.py"] + [p for p, _ in _package_files()]:
            sdist.add(str(ROOT / path), f"{stem}/{path}")
        project = _project()
        data = _metadata(project).encode("utf-8")
        member = tarfile.TarInfo(f"{stem}/PKG-INFO")
        member.size = len(data)
        sdist.addfile(member, io.BytesIO(data))
    return name
