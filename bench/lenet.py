"""W8 (issue 13): LeNet-5, one SGD step (forward, cross-entropy loss, backward, update), one thread.

LeNet-5 as the blitz tutorial writes it for 28x28 input: Conv2d(1, 6, 5) -> ReLU -> MaxPool 2 ->
Conv2d(6, 16, 5) -> ReLU -> MaxPool 2 -> Linear(256, 120) -> ReLU -> Linear(120, 84) -> ReLU ->
Linear(84, 10), batch 64x1x28x28 float32, SGD lr 0.01. Three contestants in one process:
  torch       torch.nn modules and torch.optim.SGD, torch.set_num_threads(1)
  pyautograd  the same program on pyautograd (nn modules, autograd, optim.SGD)
  numpy       the hand-written floor: im2col convolutions (one matmul forward, two backward, col2im by
              kernel-offset slice adds, as ours), 2x2 max pools over strided quarter views, the dense
              layers, softmax cross-entropy and the update, with no autograd at all
BLAS is held to one thread (bench/_common.py sets the environment before NumPy loads). Each
figure is the best of --repeat steps (the least-disturbed estimate on a shared machine).

    python bench/lenet.py              # the table
    python bench/lenet.py --repeat 50
"""
import argparse

from _common import P, best, import_torch, print_table   # first: it holds BLAS to one thread before NumPy loads

import numpy as np                                        # noqa: E402
from numpy.lib.stride_tricks import sliding_window_view  # noqa: E402

BATCH, LR = 64, 0.01


def build(nn):
    """The network, for torch.nn or pyautograd.nn."""
    return nn.Sequential(nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 84),
                         nn.ReLU(), nn.Linear(84, 10))


def step_fn(lib, net, x, y):
    opt = lib.optim.SGD(net.parameters(), lr=LR)
    loss_fn = lib.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
        return loss
    return step


# ---------------------------------------------------------------------------- the NumPy floor --
def conv_fwd(x, w, b):
    n, c, h, wd = x.shape
    o, _, k, _ = w.shape
    ho, wo = h - k + 1, wd - k + 1
    cols = np.ascontiguousarray(sliding_window_view(x, (k, k), axis=(2, 3)).transpose(0, 1, 4, 5, 2, 3))
    cols = cols.reshape(n, c * k * k, ho * wo)
    y = np.matmul(w.reshape(1, o, -1), cols).reshape(n, o, ho, wo) + b[:, None, None]
    return y, cols


def conv_bwd(g, cols, w, x_shape):
    n, c, h, wd = x_shape
    o, _, k, _ = w.shape
    ho, wo = g.shape[2:]
    gm = g.reshape(n, o, ho * wo)
    gw = np.matmul(gm, cols.transpose(0, 2, 1)).sum(0).reshape(w.shape)
    gb = g.sum((0, 2, 3))
    gx = None
    if c > 1:    # the first layer's input gradient is not needed
        gcols = np.matmul(w.reshape(1, o, -1).transpose(0, 2, 1), gm).reshape(n, c, k, k, ho, wo)
        gx = np.zeros(x_shape, dtype=g.dtype)
        for i in range(k):
            for j in range(k):
                gx[:, :, i:i + ho, j:j + wo] += gcols[:, :, i, j]
    return gx, gw, gb


def pool_fwd(x):
    """2x2 max pool as the maximum of the four strided quarter views (a reduction over a
    reshaped (..., 2, ..., 2) view is several times slower in NumPy)."""
    y = np.maximum(np.maximum(x[:, :, 0::2, 0::2], x[:, :, 0::2, 1::2]),
                   np.maximum(x[:, :, 1::2, 0::2], x[:, :, 1::2, 1::2]))
    return y, x


def pool_bwd(g, x, y):
    """Each window's gradient goes to its first maximum (row-major), as torch's indices do."""
    gx = np.empty(x.shape, dtype=g.dtype)
    taken = np.zeros(y.shape, dtype=bool)
    for i in (0, 1):
        for j in (0, 1):
            hit = x[:, :, i::2, j::2] == y
            hit &= ~taken
            np.multiply(g, hit, out=gx[:, :, i::2, j::2])
            taken |= hit
    return gx


def numpy_step(params, x, y):
    w1, b1, w2, b2, w3, b3, w4, b4, w5, b5 = params
    c1, cols1 = conv_fwd(x, w1, b1)
    r1 = np.maximum(c1, 0)
    p1, m1 = pool_fwd(r1)
    c2, cols2 = conv_fwd(p1, w2, b2)
    r2 = np.maximum(c2, 0)
    p2, m2 = pool_fwd(r2)
    f = p2.reshape(BATCH, -1)
    h3 = np.maximum(f @ w3.T + b3, 0)
    h4 = np.maximum(h3 @ w4.T + b4, 0)
    z = h4 @ w5.T + b5
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    sm = e / e.sum(1, keepdims=True)
    loss = -np.log(sm[np.arange(BATCH), y]).mean()
    gz = sm
    gz[np.arange(BATCH), y] -= 1
    gz /= BATCH
    g5w, g5b, gh4 = gz.T @ h4, gz.sum(0), gz @ w5
    gh4 *= h4 > 0
    g4w, g4b, gh3 = gh4.T @ h3, gh4.sum(0), gh4 @ w4
    gh3 *= h3 > 0
    g3w, g3b, gf = gh3.T @ f, gh3.sum(0), gh3 @ w3
    gr2 = pool_bwd(gf.reshape(p2.shape), m2, p2) * (c2 > 0)
    gp1, g2w, g2b = conv_bwd(gr2, cols2, w2, p1.shape)
    gr1 = pool_bwd(gp1, m1, p1) * (c1 > 0)
    _, g1w, g1b = conv_bwd(gr1, cols1, w1, x.shape)
    for p, g in zip(params, (g1w, g1b, g2w, g2b, g3w, g3b, g4w, g4b, g5w, g5b)):
        p -= LR * g
    return loss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    x = rng.random((BATCH, 1, 28, 28), dtype=np.float32)
    y = rng.integers(0, 10, BATCH)
    P.manual_seed(0)
    net = build(P.nn)
    init = [p.detach().numpy().copy() for p in net.parameters()]
    results = {}

    params = [a.copy() for a in init]
    results["numpy floor"] = best(lambda: numpy_step(params, x, y), args.repeat)
    results["pyautograd"] = best(step_fn(P, net, P.tensor(x), P.tensor(y)), args.repeat)

    torch = import_torch()
    if torch is not None:
        tnet = build(torch.nn)
        with torch.no_grad():
            for p, a in zip(tnet.parameters(), init):
                p.copy_(torch.from_numpy(a))
        results["torch"] = best(step_fn(torch, tnet, torch.from_numpy(x), torch.from_numpy(y)), args.repeat)
        # the same network from the same weights: the first step's losses agree (float32)
        fresh = build(P.nn)
        with P.no_grad():
            for p, a in zip(fresh.parameters(), init):
                p.copy_(P.tensor(a))
        tfresh = build(torch.nn)
        with torch.no_grad():
            for p, a in zip(tfresh.parameters(), init):
                p.copy_(torch.from_numpy(a))
        ours = float(step_fn(P, fresh, P.tensor(x), P.tensor(y))().detach())
        theirs = float(step_fn(torch, tfresh, torch.from_numpy(x), torch.from_numpy(y))().detach())
        floor = float(numpy_step([a.copy() for a in init], x, y))
        assert abs(ours - theirs) < 1e-4 and abs(floor - theirs) < 1e-4, (ours, theirs, floor)
    print_table("W8: LeNet-5 SGD step, batch %dx1x28x28 float32, 1 thread" % BATCH,
                results, floor='numpy floor', torch=torch)


if __name__ == "__main__":
    main()
