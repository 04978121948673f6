"""Activation memory with and without checkpointing (issue 11, item 5).

A 32-block residual MLP (block: x + fc2(relu(fc1(x))), width 512, batch 256, float32) trained for a
few SGD steps three ways: plain, checkpoint_sequential (use_reentrant=False and True), and one
checkpoint per block. For each step, tracemalloc measures between the start of the forward and
the start of the backward: the peak, and what the forward leaves allocated (the activations held
for backward). NumPy's allocations are traced by tracemalloc. The gradients of every step are
compared with the plain run's (they must be identical: the same float32 operations run).

    python bench/checkpoint_memory.py            # 32 blocks, width 512, batch 256, 3 steps
    python bench/checkpoint_memory.py --blocks 8 --width 64 --batch 32 --steps 2
"""
import argparse
import os
import platform
import sys
import time
import tracemalloc

import numpy as np

try:
    import pyautograd as torch
except ImportError:  # running from a source checkout without installing
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))
    import pyautograd as torch
from pyautograd import nn                                             # noqa: E402
from pyautograd.utils.checkpoint import checkpoint, checkpoint_sequential   # noqa: E402


class Block(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.fc1 = nn.Linear(width, width)
        self.fc2 = nn.Linear(width, width)

    def forward(self, x):
        return x + self.fc2(self.fc1(x).relu())


def make_model(blocks, width, seed=0):
    torch.manual_seed(seed)
    return nn.Sequential(*[Block(width) for _ in range(blocks)])


def run_plain(model, x, segments):
    return model(x)


def run_sequential(use_reentrant):
    def run(model, x, segments):
        return checkpoint_sequential(model, segments, x, use_reentrant=use_reentrant)
    return run


def run_per_block(model, x, segments):
    for block in model:
        x = checkpoint(block, x, use_reentrant=False)
    return x


def measure_step(model, x, target, run, segments, lr=1e-3):
    """One SGD step: (peak, held) bytes between forward start and backward start, the gradients."""
    model.zero_grad()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    loss = (run(model, x, segments) - target).pow(2).mean()
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    loss.backward()
    grads = [p.grad.numpy().copy() for p in model.parameters()] + [x.grad.numpy().copy()]
    with torch.no_grad():
        for p in model.parameters():
            p -= lr * p.grad
    return peak - base, held - base, grads, loss.item()


def train(kind, run, args):
    model = make_model(args.blocks, args.width)
    rs = np.random.RandomState(1)
    steps = []
    t0 = time.perf_counter()
    for _ in range(args.steps):
        x = torch.tensor(rs.standard_normal((args.batch, args.width)).astype(np.float32), requires_grad=True)
        target = torch.tensor(rs.standard_normal((args.batch, args.width)).astype(np.float32))
        steps.append(measure_step(model, x, target, run, args.segments))
    return steps, time.perf_counter() - t0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--blocks", type=int, default=32)
    ap.add_argument("--width", type=int, default=512)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--segments", type=int, default=8)
    args = ap.parse_args(argv)
    kinds = [("plain", run_plain),
             ("checkpoint_sequential(segments=%d), use_reentrant=False" % args.segments, run_sequential(False)),
             ("checkpoint_sequential(segments=%d), use_reentrant=True" % args.segments, run_sequential(True)),
             ("checkpoint per block, use_reentrant=False", run_per_block)]
    print("# checkpoint memory: %d blocks x+fc2(relu(fc1(x))), width %d, batch %d, float32, %d SGD steps"
          % (args.blocks, args.width, args.batch, args.steps))
    print("# %s, %s, Python %s, NumPy %s, %s UTC" % (platform.machine(), platform.processor() or platform.system(),
                                                    platform.python_version(), np.__version__,
                                                    time.strftime("%Y-%m-%d %H:%M", time.gmtime())))
    print()
    print("| run | peak forward MiB | held at end of forward MiB | held / plain | time s | grads identical |")
    print("|---|---|---|---|---|---|")
    ref = None
    ok = True
    for name, run in kinds:
        steps, secs = train(name, run, args)
        peak = max(s[0] for s in steps) / 2 ** 20
        held = max(s[1] for s in steps) / 2 ** 20
        if ref is None:
            ref = steps
            ref_peak, ref_held = peak, held
        same = all(all(np.array_equal(a, b) for a, b in zip(s[2], r[2])) and s[3] == r[3]
                   for s, r in zip(steps, ref))
        ok = ok and same
        print("| %s | %.1f (%.2f x) | %.1f | %.2f | %.1f | %s |" % (name, peak, peak / ref_peak, held, held / ref_held,
                                                                   secs, "yes" if same else "NO"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
