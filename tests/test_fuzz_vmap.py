"""vmap of random programs against the per-sample loop (tests/fuzz_vmap.py tells how).

The programs are the differential fuzzer's, generated with torch's help (so this needs torch);
only pyautograd runs them.

    PYAUTOGRAD_VMAP_FUZZ_N=5000 python -m pytest -q tests/test_fuzz_vmap.py     # a longer run
"""
import os

import pytest

pytest.importorskip("torch")

import pyautograd as pa  # noqa: E402
import fuzz_vmap  # noqa: E402

N = int(os.environ.get("PYAUTOGRAD_VMAP_FUZZ_N", "2000"))
START = int(os.environ.get("PYAUTOGRAD_VMAP_FUZZ_START", "0"))


@pytest.mark.parametrize("seed", range(START, START + N))
def test_vmapped_program_matches_the_loop(seed):
    problem = fuzz_vmap.check(seed, pa)
    assert problem is None, problem
