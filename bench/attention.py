"""W10 (issue 13): one TransformerEncoderLayer, forward and backward, one thread.

TransformerEncoderLayer(d_model=128, nhead=4, batch_first=True) with torch's defaults otherwise
(dim_feedforward 2048, dropout 0.1, relu, post-norm), in training mode (so dropout is drawn),
input 16x64x128 float32; one step is zero_grad, forward, output.sum().backward(). Two contestants
in one process, from the same weights:
  torch       torch.nn.TransformerEncoderLayer, torch.set_num_threads(1)
  pyautograd  the same program on pyautograd.nn
and the same again with dropout=0.0 (no noise drawn: the second pair of rows shows what the
dropout masks cost each side).
BLAS is held to one thread (bench/_common.py sets the environment before NumPy loads). Each
figure is the best of --repeat steps (the least-disturbed estimate on a shared machine). Before the
timing, both layers' eval-mode outputs (no dropout) are checked to agree (float32).

    python bench/attention.py              # the table
    python bench/attention.py --repeat 50
    python bench/attention.py --profile    # cProfile of our step, the top entries
"""
import argparse

from _common import P, best, import_torch, print_header   # first: it holds BLAS to one thread before NumPy loads

import numpy as np                                         # noqa: E402

BATCH, SEQ, D_MODEL, NHEAD = 16, 64, 128, 4


def build(nn, dropout=0.1):
    """The layer, for torch.nn or pyautograd.nn."""
    return nn.TransformerEncoderLayer(D_MODEL, NHEAD, dropout=dropout, batch_first=True)


def step_fn(layer, x):
    def step():
        layer.zero_grad()
        out = layer(x)
        out.sum().backward()
        return out
    return step


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    x = rng.standard_normal((BATCH, SEQ, D_MODEL), dtype=np.float32)
    P.manual_seed(0)
    layer = build(P.nn)
    init = {k: v.detach().numpy().copy() for k, v in layer.state_dict().items()}
    if args.profile:
        import cProfile
        import pstats
        step = step_fn(layer, P.tensor(x))
        step()
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(5):
            step()
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
        return
    results = {"pyautograd": best(step_fn(layer, P.tensor(x)), args.repeat)}
    nodrop = build(P.nn, 0.0)
    nodrop.load_state_dict({k: P.tensor(v) for k, v in init.items()})
    results["pyautograd p=0"] = best(step_fn(nodrop, P.tensor(x)), args.repeat)
    torch = import_torch()
    if torch is not None:
        tlayer = build(torch.nn)
        tlayer.load_state_dict({k: torch.from_numpy(v) for k, v in init.items()})
        results["torch"] = best(step_fn(tlayer, torch.from_numpy(x)), args.repeat)
        tnodrop = build(torch.nn, 0.0)
        tnodrop.load_state_dict({k: torch.from_numpy(v) for k, v in init.items()})
        results["torch p=0"] = best(step_fn(tnodrop, torch.from_numpy(x)), args.repeat)
        # the same layer from the same weights: eval-mode outputs agree (float32)
        fresh = build(P.nn)
        fresh.load_state_dict({k: P.tensor(v) for k, v in init.items()})
        tfresh = build(torch.nn)
        tfresh.load_state_dict({k: torch.from_numpy(v) for k, v in init.items()})
        fresh.eval()
        tfresh.eval()
        ours = fresh(P.tensor(x)).detach().numpy()
        theirs = tfresh(torch.from_numpy(x)).detach().numpy()
        assert np.abs(ours - theirs).max() < 1e-4, np.abs(ours - theirs).max()
    print_header("W10: TransformerEncoderLayer(d_model=%d, nhead=%d, batch_first=True) forward + backward, train "
                 "mode, input %dx%dx%d float32, 1 thread" % (D_MODEL, NHEAD, BATCH, SEQ, D_MODEL), torch)
    for name in ("torch", "pyautograd", "torch p=0", "pyautograd p=0"):
        if name not in results:
            continue
        ref = results.get("torch p=0" if name.endswith("p=0") else "torch")
        extra = "  %.2fx torch" % (results[name] / ref) if ref else ""
        print("  %-16s %8.2f ms%s" % (name, results[name] * 1e3, extra))


if __name__ == "__main__":
    main()
