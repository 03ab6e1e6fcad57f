"""The layer's botocore, here: the installed one (the layer's pin, layers/common/requirements.txt)
pruned as `sam build` prunes it (layers/common/prune_botocore.py), so that the cold-start bench
and the tests make their clients on what is deployed.

    site = pruned_botocore()  # a directory to put first on PYTHONPATH
"""

import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import botocore

ROOT = Path(__file__).resolve().parent.parent
PRUNE_SCRIPT = ROOT / "layers" / "common" / "prune_botocore.py"
BUILDS = ROOT / ".bench" / "botocore"


def _prune_module() -> ModuleType:
    """The build's script, loaded by path: layers/common is no package."""
    spec = importlib.util.spec_from_file_location("prune_botocore", PRUNE_SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=1)
def pruned_botocore() -> Path:
    """A site directory holding only the pruned botocore, built once per botocore version and
    per pruning (concurrent callers, pytest's workers, each build their own and keep the first);
    looked up once per process (the cold-start bench asks for it on every sample)."""
    prune = _prune_module()
    keep = prune.services()
    stamp = hashlib.sha256(
        f"{botocore.__version__} {sorted(keep)} {PRUNE_SCRIPT.read_text()}".encode()
    ).hexdigest()[:16]
    site = BUILDS / stamp
    if site.is_dir():
        return site
    BUILDS.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=BUILDS, prefix=".building-"))
    source = Path(botocore.__file__).parent
    data = source / "data"
    shutil.copytree(  # with its mtimes (copy2), so that its bytecode stays valid
        source,
        scratch / "botocore",
        ignore=lambda folder, names: (
            [name for name in names if name not in keep and (data / name).is_dir()]
            if Path(folder) == data
            else []
        ),
    )
    prune.prune(scratch, keep)
    try:
        os.rename(scratch, site)
    except OSError:  # another caller's build got there first: the same content
        shutil.rmtree(scratch)
    return site


def services_in(site: Path) -> tuple[set[str], set[str]]:
    """The services a botocore in `site` has models of, and those its endpoints.json names."""
    data = site / "botocore" / "data"
    endpoints = json.loads((data / "endpoints.json").read_text())
    named = {name for partition in endpoints["partitions"] for name in partition["services"]}
    return {entry.name for entry in data.iterdir() if entry.is_dir()}, named
