"""Seed 001's two accumulation orders (正向累积 / 反向累积) on its linear-regression cost.

    z = (<x, w> - y)^2,   a = <x, w>,  b = a - y,  z = b^2,   dz/dw = 2 (<x, w> - y) x

Forward mode (pyautograd.autograd.forward_ad) carries one tangent through the computation: one pass
gives dz/dw_i for one direction e_i, so the gradient takes n passes. Reverse mode records the
graph once and one backward pass gives all n entries. Both are checked against the closed form,
then timed as n grows (a plot when matplotlib is installed):

    python examples/forward_vs_reverse.py [out.png]
"""
import sys
import time

import numpy as np

import pyautograd as torch
import pyautograd.autograd.forward_ad as fwAD


def cost(x, w, y):
    a = torch.dot(x, w)
    b = a - y
    return b * b


def grad_forward(x, w, y):
    """n forward passes, tangent e_i each: z's tangent is dz/dw_i."""
    n = w.shape[0]
    out = torch.zeros(n, dtype=w.dtype)
    with fwAD.dual_level():
        for i in range(n):
            e = torch.zeros(n, dtype=w.dtype)
            e[i] = 1.0
            z = cost(x, fwAD.make_dual(w, e), y)
            out[i] = fwAD.unpack_dual(z).tangent
    return out


def grad_reverse(x, w, y):
    """One forward pass recording the graph, one backward pass."""
    w = w.detach().requires_grad_()
    cost(x, w, y).backward()
    return w.grad


def timed(fn, *args, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best


def main(out=None):
    torch.manual_seed(0)
    x = torch.randn(5, dtype=torch.float64)
    w = torch.randn(5, dtype=torch.float64)
    y = torch.tensor(0.5, dtype=torch.float64)
    closed = 2 * (torch.dot(x, w) - y) * x
    fwd, rev = grad_forward(x, w, y), grad_reverse(x, w, y)
    print("closed form  ", closed)
    print("forward mode ", fwd)
    print("reverse mode ", rev)
    assert np.allclose(fwd.numpy(), closed.numpy(), rtol=1e-12) and np.allclose(rev.numpy(), closed.numpy(), rtol=1e-12)
    print("forward and reverse accumulation agree")

    sizes = [4, 16, 64, 256]
    t_fwd, t_rev = [], []
    for n in sizes:
        x, w = torch.randn(n, dtype=torch.float64), torch.randn(n, dtype=torch.float64)
        t_fwd.append(timed(grad_forward, x, w, y))
        t_rev.append(timed(grad_reverse, x, w, y))
        print("n = %4d   forward mode %8.2f ms (%d passes)   reverse mode %6.3f ms (1 pass)"
              % (n, 1e3 * t_fwd[-1], n, 1e3 * t_rev[-1]))
    print("forward mode grows with the number of inputs; reverse mode does not (it keeps the graph instead)")
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.loglog(sizes, t_fwd, "o-", label="forward mode (n passes)")
    ax.loglog(sizes, t_rev, "s-", label="reverse mode (1 pass)")
    ax.set_xlabel("n = dimension of w")
    ax.set_ylabel("time for dz/dw (s)")
    ax.legend()
    fig.tight_layout()
    out = out or "forward_vs_reverse.png"
    fig.savefig(out, dpi=100)
    print("wrote", out)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
