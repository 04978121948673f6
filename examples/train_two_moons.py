"""Train a small MLP on the two-moons data set with pyautograd.nn and pyautograd.optim.Adam.

    python examples/train_two_moons.py [--epochs 200] [--out two_moons.png]

The data are generated with NumPy (fixed seed, nothing is downloaded). If matplotlib is
installed, a PNG with the loss curve and the decision boundary is written.
"""
import argparse
import os
import sys
import time

import numpy as np

import pyautograd as torch
from pyautograd import nn


def make_moons(n_samples=200, noise=0.2, seed=0):
    """Two interleaving half circles (like sklearn.datasets.make_moons): X (n, 2) float32, y (n,) int64."""
    rng = np.random.default_rng(seed)
    n_out = n_samples // 2
    n_in = n_samples - n_out
    t_out = np.linspace(0, np.pi, n_out)
    t_in = np.linspace(0, np.pi, n_in)
    outer = np.stack([np.cos(t_out), np.sin(t_out)], axis=1)
    inner = np.stack([1 - np.cos(t_in), 1 - np.sin(t_in) - 0.5], axis=1)
    X = np.concatenate([outer, inner]) + rng.normal(0.0, noise, (n_samples, 2))
    y = np.concatenate([np.zeros(n_out, dtype=np.int64), np.ones(n_in, dtype=np.int64)])
    perm = rng.permutation(n_samples)
    return X[perm].astype(np.float32), y[perm]


def build_model(hidden=16, seed=0):
    """A 2-layer MLP: Linear(2, hidden) -> Tanh -> Linear(hidden, 2) (logits of the two classes)."""
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(2, hidden), nn.Tanh(), nn.Linear(hidden, 2))


def progress_bar(epoch, epochs, loss, acc, width=20):
    filled = int(round(width * epoch / epochs))
    return "epoch %d/%d [%s%s] loss %.3f acc %.1f%%" % (epoch, epochs, "#" * filled, "." * (width - filled),
                                                        loss, 100.0 * acc)


def train(X, y, epochs=200, lr=0.05, hidden=16, seed=0, show_progress=True, stream=None):
    """Full-batch training with Adam and cross entropy. Returns (model, losses, accuracies)."""
    stream = stream or sys.stdout
    model = build_model(hidden, seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    xs, ys = torch.from_numpy(X), torch.from_numpy(y)
    losses, accs = [], []
    interactive = show_progress and hasattr(stream, "isatty") and stream.isatty()
    for epoch in range(1, epochs + 1):
        opt.zero_grad()
        logits = model(xs)
        loss = loss_fn(logits, ys)
        loss.backward()
        opt.step()
        acc = float((logits.detach().argmax(1) == ys).float().mean())
        losses.append(loss.item())
        accs.append(acc)
        if show_progress:
            line = progress_bar(epoch, epochs, losses[-1], acc)
            if interactive:
                stream.write("\r" + line + ("\n" if epoch == epochs else ""))
                stream.flush()
            elif epoch % max(1, epochs // 10) == 0 or epoch == epochs:
                stream.write(line + "\n")
    return model, losses, accs


def accuracy(model, X, y):
    with torch.no_grad():
        pred = model(torch.from_numpy(X)).argmax(1).numpy()
    return float((pred == y).mean())


def plot(model, X, y, losses, path):
    """Save the loss curve and the decision boundary; returns the path, or None without matplotlib."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    x0, x1 = X[:, 0].min() - 0.5, X[:, 0].max() + 0.5
    y0, y1 = X[:, 1].min() - 0.5, X[:, 1].max() + 0.5
    gx, gy = np.meshgrid(np.linspace(x0, x1, 200), np.linspace(y0, y1, 200))
    grid = np.stack([gx.ravel(), gy.ravel()], axis=1).astype(np.float32)
    with torch.no_grad():
        prob = torch.softmax(model(torch.from_numpy(grid)), dim=1)[:, 1].numpy().reshape(gx.shape)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    ax1.plot(np.arange(1, len(losses) + 1), losses)
    ax1.set_xlabel("epoch")
    ax1.set_ylabel("cross-entropy loss")
    ax1.set_title("training loss")
    ax2.contourf(gx, gy, prob, levels=20, cmap="RdBu", alpha=0.6)
    ax2.contour(gx, gy, prob, levels=[0.5], colors="k")
    colors = np.where(y == 1, "#1f77b4", "#d62728")
    ax2.scatter(X[:, 0], X[:, 1], c=colors, edgecolors="white", linewidths=0.5, s=18)
    ax2.set_title("decision boundary")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=200)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--samples", type=int, default=200)
    ap.add_argument("--noise", type=float, default=0.2)
    ap.add_argument("--out", default="two_moons.png", help="where to write the PNG (if matplotlib is installed)")
    args = ap.parse_args(argv)
    X, y = make_moons(args.samples, noise=args.noise, seed=0)
    t0 = time.perf_counter()
    model, losses, accs = train(X, y, epochs=args.epochs, lr=args.lr)
    dt = time.perf_counter() - t0
    print("final training accuracy %.1f%% (loss %.4f) in %.2f s" % (100 * accuracy(model, X, y), losses[-1], dt))
    path = plot(model, X, y, losses, args.out)
    if path is None:
        print("plot skipped: matplotlib is not installed (pip install matplotlib)")
    else:
        print("plot saved to %s" % os.path.abspath(path))


if __name__ == "__main__":
    main()
