"""vmap of random programs against the per-sample loop (tests/test_fuzz_vmap.py).

The differential fuzzer's programs (tests/fuzz_programs.py) up to their first autograd record are
pure functions of their leaves: f(*leaves) replays the records with the leaves given. Three
samples of the leaves (the program's values, scaled by 1, 1.01 and 0.98) are run one by one (the
loop: the definition of vmap) and at once under vmap with every leaf mapped; every tensor the
program made must come out the same, stacked. A program the loop cannot run (an error in some
sample) says nothing and is skipped; vmap raising where the loop runs is a finding, unless it is
one of vmap's refusals that torch.func makes too (writing a mapped value into an unmapped tensor,
the values of a batched tensor in Python control flow).

    python tests/fuzz_vmap.py START N       # prints the seeds that disagree
"""
import contextlib
import sys
import warnings

import numpy as np

import fuzz_programs as FP

AUTOGRAD = {"loss", "grad", "backward", "sumgrads", "leaf_grad", "retain_grad"}
SCALES = (1.0, 1.01, 0.98)
# vmap's refusals that torch.func shares (the loop runs, vmap must not)
REFUSALS = ("doesn't match the broadcast shape", "data-dependent control flow", "calling .item()")


def pure_part(program):
    """The records before the first autograd one, and the indices of its leaf records."""
    out = []
    for rec in program:
        if rec["op"] in AUTOGRAD:
            break
        out.append(rec)
    return out, [i for i, r in enumerate(out) if r["op"] == "leaf"]


def replay(T, records, leaves):
    """Run records with the given leaf tensors; every tensor made, in order."""
    it = FP.Interp(T)
    given = iter(leaves)
    made = []
    for i, rec in enumerate(records):
        if rec["op"] == "leaf":
            outs = [next(given)]
        else:
            args = [it.arg(a) for a in rec["args"]]
            kw = {k: it.arg(v) for k, v in rec.get("kw", {}).items()}
            ctx = T.no_grad() if rec.get("no_grad") else contextlib.nullcontext()
            with ctx:
                out = FP.OPS[rec["op"]](T, *args, **kw)
            outs = list(out) if isinstance(out, (tuple, list)) else [out]
        for k, o in enumerate(outs):
            it.pool[(i, k)] = o
            if isinstance(o, T.Tensor) and (i, k) not in [m[0] for m in made]:
                made.append(((i, k), o))
    # a tensor changed in place later is compared at its final value
    return tuple(o for _, o in made)


def _leaf_arrays(records, leaf_idx):
    arrays = []
    for i in leaf_idx:
        arr, dtype, _ = [a[1] for a in records[i]["args"]]
        arrays.append((np.asarray(arr, dtype=dtype), dtype))
    return arrays


def check(seed, T):
    """None when vmap agrees with the loop (or the program says nothing), else a description."""
    from pyautograd.func import vmap
    records, leaf_idx = pure_part(FP.generate(seed))
    if not leaf_idx:
        return None
    arrays = _leaf_arrays(records, leaf_idx)
    per_sample = [[(a * s).astype(a.dtype) for a, _ in arrays] for s in SCALES]
    dtypes = [getattr(T, dt) for _, dt in arrays]
    # fresh tensors for each run: a program may change its leaves in place
    stacked = [T.tensor(np.stack([p[k] for p in per_sample]), dtype=dt) for k, dt in enumerate(dtypes)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            loop = [replay(T, records, [T.tensor(a, dtype=dt) for a, dt in zip(p, dtypes)]) for p in per_sample]
        except Exception:       # noqa: BLE001 - the loop cannot run it: nothing to compare
            return None
        try:
            got = vmap(lambda *xs: replay(T, records, xs))(*stacked)
        except Exception as e:  # noqa: BLE001
            msg = str(e).split("\n")[0]
            if isinstance(e, RuntimeError) and any(r in msg for r in REFUSALS):
                return None
            return "seed %d: vmap raised %s: %s" % (seed, type(e).__name__, msg[:200])
    for k, g in enumerate(got):
        want = np.stack([np.asarray(run[k].detach().numpy()) for run in loop])
        have = g.detach().numpy()
        if have.shape != want.shape or have.dtype != want.dtype:
            return "seed %d: output %d is %s %s, the loop gives %s %s" % (seed, k, have.shape, have.dtype,
                                                                          want.shape, want.dtype)
        if have.dtype.kind in "fc":
            tol = 1e-5 if have.dtype in (np.float32, np.complex64) else 1e-10
            ok = np.allclose(have, want, rtol=tol, atol=tol, equal_nan=True)
        else:
            ok = np.array_equal(have, want)
        if not ok:
            return "seed %d: output %d differs from the loop" % (seed, k)
    return None


def main(argv):
    import pyautograd as T
    start, n = int(argv[1]), int(argv[2])
    bad = [m for m in (check(s, T) for s in range(start, start + n)) if m]
    for m in bad:
        print(m)
    print("%d of %d programs disagree" % (len(bad), n))


if __name__ == "__main__":
    main(sys.argv)
