"""conv2d forward + backward (input, weight and bias gradients), one thread (issue 13, item 1).

Input (32, 16, 32, 32), weight (32, 16, 3, 3), padding 1, float32. Three contestants:
  torch       torch.nn.functional.conv2d with torch.set_num_threads(1)
  pyautograd  pyautograd.nn.functional.conv2d, backward through ConvolutionBackward0
  numpy       a hand-written im2col floor: the columns copied once, one matmul forward, two matmuls
              backward and a col2im by kernel-offset slice adds (no autograd at all)
BLAS is held to one thread (bench/_common.py sets the environment before NumPy loads).
Each figure is the best of --repeat runs (the least-disturbed estimate on a shared machine).

    python bench/conv.py             # the table
    python bench/conv.py --repeat 20
"""
import argparse

from _common import P, best, import_torch, print_table   # first: it holds BLAS to one thread before NumPy loads

import numpy as np                                        # noqa: E402
from numpy.lib.stride_tricks import sliding_window_view  # noqa: E402

N, C, H, W, O, K = 32, 16, 32, 32, 32, 3


def numpy_floor(x, w, b, g):
    """Forward and the three gradients by im2col, by hand."""
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    win = sliding_window_view(xp, (K, K), axis=(2, 3))          # (N, C, H, W, K, K)
    cols = np.ascontiguousarray(win.transpose(0, 1, 4, 5, 2, 3)).reshape(N, C * K * K, H * W)
    wm = w.reshape(1, O, -1)     # 3-d: NumPy's stacked matmul then runs one BLAS call per sample
    y = np.matmul(wm, cols).reshape(N, O, H, W)
    y += b[:, None, None]
    gm = g.reshape(N, O, H * W)
    gw = np.matmul(gm, cols.transpose(0, 2, 1)).sum(0)       # a transposed copy of cols would cost more
    gb = g.sum((0, 2, 3))
    gcols = np.matmul(wm.transpose(0, 2, 1), gm).reshape(N, C, K, K, H, W)
    gxp = np.zeros_like(xp)
    for i in range(K):
        for j in range(K):
            gxp[:, :, i:i + H, j:j + W] += gcols[:, :, i, j]
    return y, gxp[:, :, 1:-1, 1:-1], gw.reshape(w.shape), gb


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=10)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    x = rng.standard_normal((N, C, H, W)).astype(np.float32)
    w = rng.standard_normal((O, C, K, K)).astype(np.float32)
    b = rng.standard_normal(O).astype(np.float32)
    g = rng.standard_normal((N, O, H, W)).astype(np.float32)
    results = {}

    def run_numpy():
        return numpy_floor(x, w, b, g)
    results["numpy im2col floor"] = best(run_numpy, args.repeat)

    xp, wp, bp = (P.tensor(a, requires_grad=True) for a in (x, w, b))
    gp = P.tensor(g)

    def run_ours():
        y = P.nn.functional.conv2d(xp, wp, bp, padding=1)
        return P.autograd.grad(y, (xp, wp, bp), gp)
    results["pyautograd"] = best(run_ours, args.repeat)

    torch = import_torch()
    if torch is not None:
        xt, wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
        gt = torch.tensor(g)

        def run_torch():
            y = torch.nn.functional.conv2d(xt, wt, bt, padding=1)
            return torch.autograd.grad(y, (xt, wt, bt), gt)
        results["torch"] = best(run_torch, args.repeat)
        # the three agree (float32)
        for a, c in zip(run_ours(), run_torch()):
            np.testing.assert_allclose(a.numpy(), c.numpy(), rtol=2e-3, atol=2e-3)
    print_table("conv2d fwd+bwd, x (%d, %d, %d, %d), w (%d, %d, %d, %d), padding 1, float32, 1 thread"
                % (N, C, H, W, O, C, K, K), results, floor='numpy im2col floor', torch=torch)


if __name__ == "__main__":
    main()
