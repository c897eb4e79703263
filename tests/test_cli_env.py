"""The command keeps numpy to one BLAS thread unless the user says otherwise.

Found by the ingest benchmark: a second OpenBLAS thread doubled the CPU time of natasha's NER for
no gain, and two --workers then ran slower than one (0.8x) on two cores.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = (
    "import os, sys\n"
    "sys.argv = ['clusterkg', 'stats', '--store', sys.argv[1]]\n"
    "from clusterkg.cli import main\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "import numpy\n"
    "print('threads', os.environ['OPENBLAS_NUM_THREADS'], os.environ['OMP_NUM_THREADS'])\n"
)


@pytest.mark.parametrize(("given", "expected"), [(None, "1 1"), ("2", "2 1")])
def test_one_blas_thread_by_default(tmp_path: Path, given: str | None, expected: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    if given:
        env["OPENBLAS_NUM_THREADS"] = given
    result = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "store")], capture_output=True, text=True, env=env,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert f"threads {expected}" in result.stdout
