"""Shared fixtures: the hearsay package built into <build>/python by CMake
(HEARSAY_BUILD_DIR, default build/ at the repository root), the CLI binary
of the same build ($HEARSAY_CLI overrides it, e.g. to run test_stream.py
against the sanitizer build's binary), and the stories in fixtures/
(written for these tests)."""

import json
import os
import pathlib
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("HEARSAY_BUILD_DIR", REPO / "build")).resolve()
PACKAGE_DIR = BUILD / "python"
FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"

if not (PACKAGE_DIR / "hearsay").is_dir():
    raise RuntimeError(
        f"the hearsay Python package is not built in {PACKAGE_DIR}: run ./scripts/build.sh release "
        "(needs pybind11-dev and python3-dev) or set HEARSAY_BUILD_DIR"
    )
sys.path.insert(0, str(PACKAGE_DIR))
# Dask worker processes import hearsay too.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE_DIR), os.environ.get("PYTHONPATH")]))

import hearsay  # noqa: E402


@pytest.fixture(scope="session")
def nlp():
    return hearsay.load()


@pytest.fixture(scope="session")
def cli():
    binary = pathlib.Path(os.environ.get("HEARSAY_CLI", BUILD / "hearsay"))
    if not binary.is_file():
        raise RuntimeError(f"{binary} is missing: build the release flavour")
    return str(binary)


@pytest.fixture(scope="session")
def stories_path():
    return str(FIXTURES / "stories.jsonl")


@pytest.fixture(scope="session")
def stories(stories_path):
    with open(stories_path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]
