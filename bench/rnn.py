"""W9 (issue 13): a 2-layer LSTM language-model step (truncated BPTT), one thread.

The word-language-model example's recurrent core: LSTM(200, 200, num_layers=2), input (35, 20, 200)
float32 (seq 35, batch 20, embedding 200), hidden state carried between steps and detached (truncated
BPTT). One step: forward, loss = a Linear(200, 50) head + cross-entropy over the 700 outputs (a small
head, so the figure is the recurrent layer's, not the 10000-word decoder's), backward, SGD update
(lr 0.1). torch and pyautograd run the same program from the same weights in one process; BLAS is
held to one thread (bench/_common.py sets the environment before NumPy loads) and
torch.set_num_threads(1). Each figure is the best of --repeat steps. A third row, "gemm floor", is
only the matrix products such a step needs in NumPy (per layer: the input projection of all steps, one
h @ W_hh^T per step, and in the backward d gates @ W_hh per step plus one product each for the
weights' and the input's gradients): what is left when every elementwise op and all autograd cost
are free.

    python bench/rnn.py              # the table
    python bench/rnn.py --repeat 50

Figures (2026-12-03, x86_64 AMD EPYC, 2 cores shared with other jobs, python 3.11.7, numpy 2.4.6
(OpenBLAS), torch 2.13.0+cpu (its float32 LSTM is oneDNN's fused layer), best of 20-30):
  composition (every gate an op: chunk, sigmoid x3, tanh x2, mul, add per step)
                                              pyautograd 78.98 ms   torch 46.54 ms   1.70x
  + FusedLstmCell (one op for a step's gates) and addmm for each step's x W_ih + h W_hh
                                              pyautograd 68.78 ms   torch 45.96 ms   1.50x
  + MkldnnRnnLayer (one op per layer and direction: the step loop in NumPy, backpropagation through
    time in its rule, the weight gradient one product over all steps)
                                              pyautograd 56.02 ms   torch 45.27 ms   1.24x
                                              (three runs: 1.24x, 1.25x, 1.26x; gemm floor ~34 ms)
"""
import argparse

from _common import P, best, import_torch, print_table   # first: it holds BLAS to one thread before NumPy loads

import numpy as np                                        # noqa: E402

SEQ, BATCH, EMB, HID, LAYERS, CLASSES, LR = 35, 20, 200, 200, 2, 50, 0.1


class Model:
    """The LSTM and the head, for torch.nn or pyautograd.nn."""

    def __init__(self, nn):
        self.rnn = nn.LSTM(EMB, HID, num_layers=LAYERS)
        self.head = nn.Linear(HID, CLASSES)

    def parameters(self):
        return list(self.rnn.parameters()) + list(self.head.parameters())


def step_fn(lib, model, x, y):
    opt = lib.optim.SGD(model.parameters(), lr=LR)
    loss_fn = lib.nn.CrossEntropyLoss()
    state = [(lib.zeros(LAYERS, BATCH, HID), lib.zeros(LAYERS, BATCH, HID))]

    def step():
        h = tuple(s.detach() for s in state[0])       # truncated BPTT: no gradient into the last window
        opt.zero_grad()
        out, h = model.rnn(x, h)
        loss = loss_fn(model.head(out.reshape(SEQ * BATCH, HID)), y)
        loss.backward()
        opt.step()
        state[0] = h
        return loss
    return step


def gemm_floor(x, weights):
    """Only the step's matrix products, in NumPy (float32)."""
    steps, batch, _ = x.shape
    h = np.zeros((batch, HID), np.float32)
    g = np.ones((batch, 4 * HID), np.float32)
    inp = x.reshape(steps * batch, -1)
    gall = np.ones((steps * batch, 4 * HID), np.float32)
    for layer in range(LAYERS):
        w_ih, w_hh = weights[2 * layer], weights[2 * layer + 1]
        inp @ w_ih.T
        for _ in range(steps):
            h @ w_hh.T
        for _ in range(steps):
            g @ w_hh
        gall.T @ inp                       # d W_ih
        gall.T @ inp[:, :HID]              # d W_hh over all steps
        if layer:
            gall @ w_ih                    # d input of the upper layer
        inp = np.ones((steps * batch, HID), np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    x = rng.standard_normal((SEQ, BATCH, EMB), dtype=np.float32)
    y = rng.integers(0, CLASSES, SEQ * BATCH)
    P.manual_seed(0)
    model = Model(P.nn)
    init = [p.detach().numpy().copy() for p in model.parameters()]
    results = {}
    results["pyautograd"] = best(step_fn(P, model, P.tensor(x), P.tensor(y)), args.repeat)
    w = [init[0], init[1], init[4], init[5]]        # weight_ih_l0, weight_hh_l0, weight_ih_l1, weight_hh_l1
    results["gemm floor"] = best(lambda: gemm_floor(x, w), args.repeat)
    torch = import_torch()
    if torch is not None:
        tmodel = Model(torch.nn)
        with torch.no_grad():
            for p, a in zip(tmodel.parameters(), init):
                p.copy_(torch.from_numpy(a))
        results["torch"] = best(step_fn(torch, tmodel, torch.from_numpy(x), torch.from_numpy(y)), args.repeat)
        # from the same weights, the first two steps' losses agree (float32)
        fresh, tfresh = Model(P.nn), Model(torch.nn)
        with P.no_grad():
            for p, a in zip(fresh.parameters(), init):
                p.copy_(P.tensor(a))
        with torch.no_grad():
            for p, a in zip(tfresh.parameters(), init):
                p.copy_(torch.from_numpy(a))
        ours = step_fn(P, fresh, P.tensor(x), P.tensor(y))
        theirs = step_fn(torch, tfresh, torch.from_numpy(x), torch.from_numpy(y))
        for _ in range(2):
            a, b = float(ours().detach()), float(theirs().detach())
            assert abs(a - b) < 1e-4, (a, b)
    print_table("W9: 2-layer LSTM(%d, %d) truncated-BPTT SGD step, seq %d x batch %d float32, Linear(%d, %d) + "
                "cross-entropy head, 1 thread" % (EMB, HID, SEQ, BATCH, HID, CLASSES),
                results, floor="gemm floor", torch=torch)

if __name__ == "__main__":
    main()
