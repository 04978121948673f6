"""Benchmark pyautograd against PyTorch (CPU) and hand-written NumPy (issue #3).

    python bench/run.py            # full suite (a few minutes), writes bench/results/results.{md,png}
    python bench/run.py --quick    # short run (< 1 minute), writes bench/results/quick.{md,png}

Options: --threads N (default 1), --rounds N, --only W1,W3,..., --no-torch, --out-dir DIR.
The thread-count variables are set before NumPy or torch is imported. Libraries are
interleaved round by round in one process (order rotated every round); the report gives
medians over rounds and the median of the per-round ratios. W5 (long chains), W7 (import)
and the W3/W4 memory figures run in fresh subprocesses.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
               "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")
# Subprocesses that measure memory use fixed glibc malloc thresholds (same for all three
# libraries): blocks >= 16 KiB are mmap'ed and unmapped on free, so RSS follows the bytes
# that are live, instead of glibc's adaptive threshold keeping freed arrays in the heap.
MALLOC_ENV = {"MALLOC_MMAP_THRESHOLD_": "16384", "MALLOC_TRIM_THRESHOLD_": "16384"}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="short run (< 1 minute)")
    p.add_argument("--threads", type=int, default=1, help="BLAS/OpenMP/torch threads (default 1)")
    p.add_argument("--rounds", type=int, default=None, help="rounds per in-process workload")
    p.add_argument("--only", default=None, help="comma-separated workload prefixes, e.g. W1,W3")
    p.add_argument("--no-torch", action="store_true", help="run without PyTorch even if installed")
    p.add_argument("--out-dir", default=os.path.join(HERE, "results"))
    p.add_argument("--name", default=None, help="output base name (default results / quick)")
    # internal: subprocess measurements
    p.add_argument("--child", default=None, help=argparse.SUPPRESS)
    p.add_argument("--lib", default=None, help=argparse.SUPPRESS)
    p.add_argument("--n", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--workload", default=None, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def set_threads(n):
    for v in THREAD_VARS:
        os.environ[v] = str(n)


def import_lib(lib, threads):
    """The module for a library name (numpy -> None)."""
    if lib == "numpy":
        return None
    if lib == "torch":
        import torch
        torch.set_num_threads(threads)
        return torch
    try:
        import pyautograd
    except ImportError:
        sys.path.insert(0, ROOT)
        import pyautograd
    return pyautograd


def rss_kb(field="VmRSS"):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


# =================================================================== children
def child_chain(args):
    """W5: one n-op chain: forward, backward, teardown time and peak RSS."""
    import gc
    import resource
    sys.path.insert(0, HERE)
    import workloads as W
    T = import_lib(args.lib, args.threads)
    perf = time.perf_counter
    base_rss = rss_kb()
    if args.lib == "numpy":
        import numpy as np
        x = np.asarray(W.X0_CHAIN, dtype=np.float64)
        t0 = perf()
        y, tape = W.chain_np_forward(x, args.n)
        t1 = perf()
        g = W.chain_np_backward(tape)
        t2 = perf()
        del y, tape
        t3 = perf()
        grad = float(g)
    else:
        x = T.tensor(W.X0_CHAIN, dtype=T.float64, requires_grad=True)
        t0 = perf()
        y = W.chain_T(T, x, args.n)
        t1 = perf()
        y.backward()
        t2 = perf()
        del y
        t3 = perf()
        grad = float(x.grad)
    # ru_maxrss (getrusage) would be the right call in a process of its own, but Linux carries
    # it over fork+exec: the child would report the parent's (torch-sized) peak. VmHWM is the
    # peak RSS of this process image only.
    peak = rss_kb("VmHWM")
    peak_rusage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    gc.collect()
    print(json.dumps({"fwd": t1 - t0, "bwd": t2 - t1, "teardown": t3 - t2, "peak_rss_kb": peak,
                      "ru_maxrss_kb": peak_rusage, "base_rss_kb": base_rss, "grad": grad}))


def _reset_peak_rss():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")          # resets VmHWM to the current RSS (Linux >= 4.0)
        return True
    except OSError:
        return False


def child_mem(args):
    """Peak memory of one W3/W4 step (after a warm-up step), by RSS and by tracemalloc."""
    import gc
    sys.path.insert(0, HERE)
    import workloads as W
    T = import_lib(args.lib, args.threads)
    if args.lib != "torch":
        import numpy as np
        try:    # count bytes, not 2 MiB huge pages (torch's allocator does not madvise by default)
            np._core.multiarray._set_madvise_hugepage(False)
        except AttributeError:
            pass
    case = {"W3": W.make_w3, "W4": W.make_w4}[args.workload](args.lib, T)
    case.run()               # warm-up: lazy initialisation, BLAS buffers
    gc.collect()
    before = rss_kb()
    exact = _reset_peak_rss()
    case.run()
    hwm = rss_kb("VmHWM")
    out = {"rss_before_kb": before, "hwm_kb": hwm, "delta_kb": hwm - before, "hwm_reset": exact}
    if args.lib != "torch" and not args.quick:
        import tracemalloc
        gc.collect()
        tracemalloc.start()
        cur0, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        case.run()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        out["tracemalloc_kb"] = (peak - cur0) / 1024.0
    print(json.dumps(out))


def run_child(args_list, threads, extra_env=None, timeout=600, bytecode=False):
    env = dict(os.environ)
    if bytecode:    # import timing: let Python cache .pyc files as an installed package has them
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    for v in THREAD_VARS:
        env[v] = str(threads)
    if extra_env:
        env.update(extra_env)
    env["PYTHONPATH"] = ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    r = subprocess.run([sys.executable] + args_list, capture_output=True, text=True, env=env,
                       timeout=timeout, cwd=ROOT)
    if r.returncode != 0:
        raise RuntimeError("child %s failed (%d): %s" % (args_list, r.returncode, r.stderr[-2000:]))
    return json.loads(r.stdout.strip().splitlines()[-1])


# ===================================================================== helpers
def median(xs):
    xs = sorted(xs)
    n = len(xs)
    if n == 0:
        return float("nan")
    return xs[n // 2] if n % 2 else 0.5 * (xs[n // 2 - 1] + xs[n // 2])


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform
    return platform.processor() or "unknown"


def dir_size(path):
    total = 0
    for dirpath, _, files in os.walk(path):
        for fn in files:
            fp = os.path.join(dirpath, fn)
            if not os.path.islink(fp):
                total += os.path.getsize(fp)
    return total


def agree(ref, got, dtype):
    """Max relative error over the checked quantities (relative to each reference's max)."""
    import numpy as np
    worst = 0.0
    for k, r in ref.items():
        g = got[k]
        r = np.asarray(r, dtype=np.float64)
        g = np.asarray(g, dtype=np.float64)
        if r.shape != g.shape:
            return float("inf")
        scale = max(float(np.max(np.abs(r))) if r.size else 0.0, 1e-300)
        worst = max(worst, float(np.max(np.abs(r - g))) / scale if r.size else 0.0)
    return worst


def tolerance(dtype):
    import numpy as np
    return 1e-3 if dtype == np.float32 else 1e-8


# ======================================================================= main
class Suite:
    def __init__(self, args):
        self.args = args
        self.libs = ["pyautograd", "numpy"]
        self.mods = {}
        self.notes = []
        self.torch_reason = None
        self.results = {}         # workload -> lib -> list of per-round metric dicts
        self.checks = {}          # workload -> lib -> (max rel err, ok) / error text
        self.sub = {}             # subprocess results
        self.t_start = time.time()

    def log(self, *a):
        print("[%6.1fs]" % (time.time() - self.t_start), *a, flush=True)

    def wanted(self, name):
        if not self.args.only:
            return True
        return any(name.startswith(p.strip()) for p in self.args.only.split(","))

    def setup(self):
        import numpy as np
        self.np = np
        self.mods["numpy"] = None
        self.mods["pyautograd"] = import_lib("pyautograd", self.args.threads)
        if self.args.no_torch:
            self.torch_reason = "disabled with --no-torch"
        else:
            try:
                self.mods["torch"] = import_lib("torch", self.args.threads)
                self.libs.insert(1, "torch")
            except ImportError as e:
                self.torch_reason = "not installed (%s)" % e
        if self.torch_reason:
            self.log("PyTorch skipped:", self.torch_reason)

    # ---------------------------------------------------------- in-process
    def run_in_process(self):
        import workloads as W
        rounds = self.args.rounds or (5 if self.args.quick else 21)
        for name, make, reps in W.in_process_workloads(self.args.quick):
            n_rounds = min(rounds, 2) if (self.args.quick and name == "W4") else rounds
            if not self.wanted(name):
                continue
            cases, errors = {}, {}
            for lib in self.libs:
                try:
                    cases[lib] = make(lib, self.mods[lib])
                except Exception as e:   # e.g. an API pyautograd does not have yet
                    errors[lib] = "%s: %s" % (type(e).__name__, e)
            # gradient agreement with the hand-written NumPy version
            self.checks[name] = {}
            ref = cases["numpy"].check()
            for lib in list(cases):
                if lib == "numpy":
                    continue
                try:
                    err = agree(ref, cases[lib].check(), cases[lib].dtype)
                except Exception as e:
                    errors[lib] = "%s: %s" % (type(e).__name__, e)
                    del cases[lib]
                    continue
                ok = err <= tolerance(cases[lib].dtype)
                self.checks[name][lib] = (err, ok)
                if not ok:
                    errors[lib] = "results disagree with NumPy (max rel err %.2e): not timed" % err
                    del cases[lib]
            for lib, e in errors.items():
                self.checks[name][lib] = e
                self.log(name, lib, "not timed:", e)
            for c in cases.values():        # warm-up
                c.run()
            order = [lib for lib in self.libs if lib in cases]
            per = {lib: [] for lib in order}
            for r in range(n_rounds):
                k = r % len(order)
                for lib in order[k:] + order[:k]:
                    W.collect()
                    samples = [cases[lib].run() for _ in range(reps)]
                    # a round's value: the best of its repetitions (interruptions only add time)
                    per[lib].append({key: min([s[key] for s in samples]) for key in samples[0]})
            self.results[name] = per
            msg = "  ".join("%s %.3f ms" % (lib, 1e3 * median([d["total"] for d in per[lib]])) for lib in order)
            self.log(name, msg)

    # ----------------------------------------------------------- subprocess
    def run_w5(self):
        if not self.wanted("W5"):
            return
        sizes = [(100_000, 3 if not self.args.quick else 1)]
        if not self.args.quick:
            sizes.append((1_000_000, 1))
        else:
            self.notes.append("--quick: W5 runs the 100,000-op chain only (the 1,000,000-op chain is in the full run).")
        out = {}
        for n, reps in sizes:
            out[n] = {lib: [] for lib in self.libs}
            for r in range(reps):
                k = r % len(self.libs)
                for lib in self.libs[k:] + self.libs[:k]:
                    try:
                        out[n][lib].append(run_child([__file__, "--child", "chain", "--lib", lib, "--n", str(n),
                                                      "--threads", str(self.args.threads)], self.args.threads))
                    except Exception as e:
                        self.log("W5", n, lib, "failed:", e)
                        out[n][lib].append({"error": str(e)[-300:]})
            self.log("W5 n=%d" % n, "  ".join(
                "%s %.2f s" % (lib, median([d["fwd"] + d["bwd"] for d in out[n][lib] if "fwd" in d]))
                for lib in self.libs))
        self.sub["W5"] = out

    def run_w7(self):
        if not self.wanted("W7"):
            return
        reps = 2 if self.args.quick else 7
        mods = [("pyautograd", "pyautograd"), ("numpy", "numpy")]
        if "torch" in self.libs:
            mods.insert(1, ("torch", "torch"))
        code = ("import time; t0 = time.perf_counter(); import {m}; t1 = time.perf_counter(); "
                "import json; print(json.dumps({{'import': t1 - t0}}))")
        times = {lib: [] for lib, _ in mods}
        for r in range(reps + 1):
            k = r % len(mods)
            for lib, m in mods[k:] + mods[:k]:
                t = run_child(["-c", code.format(m=m)], self.args.threads, bytecode=True)["import"]
                if r > 0:           # the first round warms the OS file cache and .pyc files
                    times[lib].append(t)
        sizes = {}
        for lib, m in mods:
            mod = self.mods.get(lib) if lib != "numpy" else self.np
            sizes[lib] = (dir_size(os.path.dirname(os.path.abspath(mod.__file__))), os.path.dirname(mod.__file__))
        self.sub["W7"] = {"times": times, "sizes": sizes}
        self.log("W7 import", "  ".join("%s %.1f ms" % (lib, 1e3 * median(v)) for lib, v in times.items()))

    def run_mem(self):
        ws = [w for w in ("W3", "W4") if not self.args.only or self.wanted(w) or self.wanted("MEM")]
        if not ws:
            return
        out = {}
        for w in ws:
            out[w] = {}
            for lib in self.libs:
                try:
                    out[w][lib] = run_child([__file__, "--child", "mem", "--lib", lib, "--workload", w,
                                             "--threads", str(self.args.threads)]
                                            + (["--quick"] if self.args.quick else []), self.args.threads, MALLOC_ENV)
                except Exception as e:
                    self.log("memory", w, lib, "failed:", e)
                    out[w][lib] = {"error": str(e)[-300:]}
            self.log("memory", w, "  ".join("%s %.1f MiB" % (lib, d.get("delta_kb", float("nan")) / 1024)
                                            for lib, d in out[w].items()))
        self.sub["MEM"] = out

    def run_costmodel(self):
        if self.args.only and not self.wanted("COST"):
            return
        if self.args.quick:
            self.notes.append("--quick: the per-op cost model is in the full run (or `python bench/costmodel.py`).")
            return
        import costmodel
        self.sub["COST"] = costmodel.measure(self.mods["pyautograd"], quick=self.args.quick)
        self.log("cost model measured")


def main():
    args = parse_args()
    set_threads(args.threads)
    sys.path.insert(0, HERE)
    if args.child == "chain":
        return child_chain(args)
    if args.child == "mem":
        return child_mem(args)
    suite = Suite(args)
    suite.setup()
    suite.log("threads=%d, libraries: %s" % (args.threads, ", ".join(suite.libs)))
    suite.run_in_process()
    suite.run_w5()
    suite.run_mem()
    suite.run_w7()
    suite.run_costmodel()
    import report
    name = args.name or ("quick" if args.quick else "results")
    os.makedirs(args.out_dir, exist_ok=True)
    md_path, png_path = report.write(suite, args.out_dir, name)
    suite.log("wrote", md_path, "and", png_path or "(no PNG: matplotlib not installed)")


if __name__ == "__main__":
    main()
