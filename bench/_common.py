"""What the single-workload benchmarks (conv.py, lenet.py, rnn.py, attention.py) share. Import it
first, before NumPy: it holds BLAS to one thread through the environment, makes pyautograd
importable from a source checkout that is not installed, and gives the best-of timer, torch at one
thread (or None where torch is absent) and the table printer."""
import os
for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"
import platform      # noqa: E402
import sys           # noqa: E402
import time          # noqa: E402

import numpy as np   # noqa: E402

try:
    import pyautograd as P
except ImportError:  # running from a source checkout without installing
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))
    import pyautograd as P

__all__ = ["P", "best", "import_torch", "machine", "print_header", "print_table"]


def best(fn, repeat):
    """The least-disturbed time of fn() on a shared machine: the minimum of `repeat` runs, after one
    warm-up run."""
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def import_torch():
    """torch at one thread, or None where it is not installed."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    return torch


def machine():
    """The architecture and, where /proc/cpuinfo tells, the CPU model."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return "%s %s" % (platform.machine(), line.split(":", 1)[1].strip())
    except OSError:
        pass
    return platform.machine()


def print_header(title, torch=None):
    """The title, then the date, machine and versions line."""
    print(title)
    print("%s, %s, python %s, numpy %s%s" % (time.strftime("%Y-%m-%d"), machine(), platform.python_version(),
                                            np.__version__, ", torch %s" % torch.__version__ if torch else ""))


def print_table(title, results, floor=None, torch=None):
    """The title, the date and machine line, and one row per contestant: milliseconds and the ratios
    to torch (when it ran) and to the `floor` entry (when given)."""
    print_header(title, torch)
    ref = results.get("torch")
    width = max(len(name) for name in results)
    for name, t in results.items():
        extra = ""
        if ref:
            extra += "  %.2fx torch" % (t / ref)
        if floor is not None:
            extra += "  %.2fx floor" % (t / results[floor])
        print("  %-*s %8.2f ms%s" % (width, name, t * 1e3, extra))
