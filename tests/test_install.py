"""The wheel carries the shipped catalog: install it (not editable) and run it from elsewhere."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_installed_wheel_runs_on_its_embedded_catalog(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = wheels.glob("sovfilm-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        packaged = archive.read("sovfilm/data/films.toml")
    assert packaged == (ROOT / "data" / "films.toml").read_bytes()

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], check=True
    )

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [str(bin_dir / "sovfilm"), "search", "--json"],
        cwd=elsewhere, capture_output=True, text=True, check=False,
        env={"PATH": str(bin_dir), "HOME": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    films = json.loads(result.stdout)
    assert len(films) > 0
    assert all(f["status"] == "verified" for f in films)
