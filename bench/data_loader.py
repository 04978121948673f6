"""One shuffled epoch over a 60,000 x 784 float32 TensorDataset (MNIST-sized, with int64 labels), batch 64,
no workers: pyautograd's DataLoader, torch's (when importable) and a hand-written NumPy loop (randperm +
fancy indexing: the floor), all in one process. Prints ms per epoch and us per batch (best of --repeat).

    PYTHONPATH=. python bench/data_loader.py [--repeat 5]
"""
import argparse
import time

import numpy as np

import pyautograd as pa

N, D, BATCH = 60_000, 784, 64


def epoch_time(loader):
    start = time.perf_counter()
    batches = 0
    for _ in loader:
        batches += 1
    return time.perf_counter() - start, batches


def numpy_epoch(X, y):
    def run():
        order = np.random.permutation(N)
        for i in range(0, N, BATCH):
            idx = order[i:i + BATCH]
            X[idx], y[idx]
    return run


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    X = rng.standard_normal((N, D), dtype=np.float32)
    y = rng.integers(0, 10, N)
    runs = {}
    pa.manual_seed(0)
    runs["pyautograd"] = pa.utils.data.DataLoader(pa.utils.data.TensorDataset(pa.from_numpy(X), pa.from_numpy(y)),
                                                  batch_size=BATCH, shuffle=True)
    try:
        import torch
        torch.manual_seed(0)
        runs["torch"] = torch.utils.data.DataLoader(
            torch.utils.data.TensorDataset(torch.from_numpy(X), torch.from_numpy(y)), batch_size=BATCH, shuffle=True)
    except ImportError:
        pass
    floor = numpy_epoch(X, y)
    n_batches = -(-N // BATCH)
    print(f"{N} x {D} float32, batch {BATCH}, shuffle, num_workers=0; best of {args.repeat} epochs")
    for name, loader in runs.items():
        best = min(epoch_time(loader)[0] for _ in range(args.repeat))
        print(f"{name:>12}: {best * 1e3:8.1f} ms/epoch  {best / n_batches * 1e6:7.1f} us/batch")
    best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        floor()
        best = min(best, time.perf_counter() - start)
    print(f"{'numpy loop':>12}: {best * 1e3:8.1f} ms/epoch  {best / n_batches * 1e6:7.1f} us/batch")


if __name__ == "__main__":
    main()
