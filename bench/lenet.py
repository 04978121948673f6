"""W8 (issue 13): LeNet-5, one SGD step (forward, cross-entropy loss, backward, update), one thread.

LeNet-5 as the blitz tutorial writes it for 28x28 input: Conv2d(1, 6, 5) -> ReLU -> MaxPool 2 ->
Conv2d(6, 16, 5) -> ReLU -> MaxPool 2 -> Linear(256, 120) -> ReLU -> Linear(120, 84) -> ReLU ->
Linear(84, 10), batch 64x1x28x28 float32, SGD lr 0.01. Three contestants in one process:
  torch       torch.nn modules and torch.optim.SGD, torch.set_num_threads(1)
  pyautograd  the same program on pyautograd (nn modules, autograd, optim.SGD)
  numpy       the hand-written floor: im2col convolutions (one matmul forward, two backward, col2im by
              kernel-offset slice adds), 2x2 max pools by reshape, the dense layers, softmax
              cross-entropy and the update, with no autograd at all
BLAS is held to one thread through the environment variables set below (before NumPy loads). Each
figure is the best of --repeat steps (the least-disturbed estimate on a shared machine).

    python bench/lenet.py              # the table
    python bench/lenet.py --repeat 50
"""
import os
for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"
import argparse      # noqa: E402
import platform      # noqa: E402
import sys           # noqa: E402
import time          # noqa: E402

import numpy as np   # noqa: E402
from numpy.lib.stride_tricks import sliding_window_view   # noqa: E402

try:
    import pyautograd as P
except ImportError:  # running from a source checkout without installing
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))
    import pyautograd as P

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
    n, c, h, w = x.shape
    r = x.reshape(n, c, h // 2, 2, w // 2, 2)
    y = r.max(axis=(3, 5))
    mask = r == y[:, :, :, None, :, None]     # ties are rare in float data; torch takes the first
    return y, mask


def pool_bwd(g, mask):
    n, c, h2, w2 = g.shape
    return (mask * g[:, :, :, None, :, None]).reshape(n, c, h2 * 2, w2 * 2)


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
    gr2 = pool_bwd(gf.reshape(p2.shape), m2) * (c2 > 0)
    gp1, g2w, g2b = conv_bwd(gr2, cols2, w2, p1.shape)
    gr1 = pool_bwd(gp1, m1) * (c1 > 0)
    _, g1w, g1b = conv_bwd(gr1, cols1, w1, x.shape)
    for p, g in zip(params, (g1w, g1b, g2w, g2b, g3w, g3b, g4w, g4b, g5w, g5b)):
        p -= LR * g
    return loss


def best(fn, repeat):
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


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

    try:
        import torch
    except ImportError:
        torch = None
    if torch is not None:
        torch.set_num_threads(1)
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
    print("W8: LeNet-5 SGD step, batch %dx1x28x28 float32, 1 thread" % BATCH)
    print("%s, %s, python %s, numpy %s%s" % (time.strftime("%Y-%m-%d"), platform.machine(), platform.python_version(),
                                            np.__version__, ", torch %s" % torch.__version__ if torch else ""))
    ref = results.get("torch")
    floor = results["numpy floor"]
    for name, t in results.items():
        extra = ""
        if ref:
            extra += "  %.2fx torch" % (t / ref)
        extra += "  %.2fx floor" % (t / floor)
        print("  %-14s %8.2f ms%s" % (name, t * 1e3, extra))


if __name__ == "__main__":
    main()
