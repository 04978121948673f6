"""Markdown table and PNG chart for bench/run.py."""
import datetime
import os
import platform
import sys

from run import cpu_model, median

US, MS, S = 1e6, 1e3, 1.0


def _ratios(per, a, b, key):
    """Median of per-round ratios a/b for metric key."""
    if a not in per or b not in per:
        return None
    rs = [x[key] / y[key] for x, y in zip(per[a], per[b]) if key in x and key in y and y[key] > 0]
    return median(rs) if rs else None


def _med(per, lib, key):
    if lib not in per or not per[lib] or key not in per[lib][0]:
        return None
    return median([d[key] for d in per[lib]])


def _fmt(v, scale=1.0, digits=3):
    if v is None:
        return "—"
    v = v * scale
    if abs(v) >= 100:
        return "%.0f" % v
    if abs(v) >= 10:
        return "%.1f" % v
    return ("%%.%dg" % digits) % v


def _ratio_str(r):
    return "—" if r is None else "%.2f×" % r


class Target:
    def __init__(self, figure, pg, ref_lib, ref, unit, ratio, target, why=None):
        self.figure, self.pg, self.ref_lib, self.ref, self.unit = figure, pg, ref_lib, ref, unit
        self.ratio, self.target, self.why = ratio, target, why

    @property
    def status(self):
        if self.ratio is None:
            return "not measured" + (" (%s)" % self.why if self.why else "")
        return "met" if self.ratio <= self.target else "**missed**"


def targets(suite):
    R = suite.results
    has_torch = "torch" in suite.libs
    no_torch = None if has_torch else "torch skipped"
    out = []

    def inproc(figure, w, ref, key, scale, unit, target, per_op=1):
        per = R.get(w)
        why = no_torch if ref == "torch" and not has_torch else None
        if per is None:
            why = why or "workload not run"
            out.append(Target(figure, None, ref, None, unit, None, target, why))
            return
        if "pyautograd" not in per:
            why = why or "pyautograd: " + str(suite.checks.get(w, {}).get("pyautograd", "not run"))
        pg = _med(per, "pyautograd", key)
        rv = _med(per, ref, key)
        out.append(Target(figure, None if pg is None else pg * scale / per_op, ref,
                          None if rv is None else rv * scale / per_op, unit,
                          None if why else _ratios(per, "pyautograd", ref, key), target, why))

    # the targets of issue 9 (the op registry and the fast path)
    inproc("W1 fwd+bwd per op (1000-op 0-d chain)", "W1", "torch", "total", US, "µs", 0.25, per_op=1000)
    inproc("W2 SGD step, MLP 2-16-16-1, hinge + L2", "W2", "torch", "total", MS, "ms", 0.5)
    inproc("W3 SGD step vs NumPy by hand, MLP 784-256-256-10, batch 64", "W3", "numpy", "total", MS, "ms", 1.05)
    inproc("W4 SGD step vs NumPy by hand, MLP 2048-2048-2048-10, batch 512", "W4", "numpy", "total", MS, "ms",
           1.02)

    w5 = suite.sub.get("W5")
    for n in sorted(w5 or ()):
        runs = w5[n]

        def ok(lib):
            return [d for d in runs.get(lib, []) if "fwd" in d]
        pg, th = ok("pyautograd"), ok("torch")
        label = "{:,}".format(n)
        if pg and th:
            r = median([(a["fwd"] + a["bwd"]) / (b["fwd"] + b["bwd"]) for a, b in zip(pg, th)])
            out.append(Target("W5 fwd+bwd, %s-op chain" % label, median([a["fwd"] + a["bwd"] for a in pg]),
                              "torch", median([b["fwd"] + b["bwd"] for b in th]), "s", r, 0.35))
            r = median([a["peak_rss_kb"] / b["peak_rss_kb"] for a, b in zip(pg, th)])
            out.append(Target("W5 peak RSS, %s-op chain (whole process)" % label,
                              median([a["peak_rss_kb"] for a in pg]) / 1024, "torch",
                              median([b["peak_rss_kb"] for b in th]) / 1024, "MiB", r, 0.75))
        else:
            why = no_torch or "a child failed"
            out.append(Target("W5 fwd+bwd, %s-op chain" % label, None, "torch", None, "s", None, 0.35, why))
            out.append(Target("W5 peak RSS, %s-op chain" % label, None, "torch", None, "MiB", None, 0.75, why))
    inproc("W6 Hessian n=200 (autograd.functional.hessian)", "W6 hessian n=200", "torch", "total", MS, "ms", 0.7)
    inproc("W6 Hessian n=200, vectorize=True vs torch.func.hessian", "W6 hessian vectorized n=200", "torch",
           "total", MS, "ms", 0.25)
    # the targets of issue 10 (forward mode, torch.func, vmap)
    inproc("W6 func.hessian n=200 (jacfwd(jacrev)) vs torch.func.hessian", "W6 func.hessian n=200", "torch",
           "total", MS, "ms", 0.5)
    inproc("W8 func.jacfwd of tanh(Wx), n=200", "W8 jacfwd n=200", "torch", "total", MS, "ms", 0.5)
    inproc("W8 W1 chain under forward AD, per op (1000 0-d ops)", "W8 forward-AD chain", "torch", "total", US, "µs",
           0.3, per_op=1000)
    inproc("W8 per-sample grads vmap(grad), MLP 784-256-10, 64 samples", "W8 per-sample grads", "torch", "total", MS,
           "ms", 1.0)

    w7 = suite.sub.get("W7")
    if w7 and "torch" in w7["times"]:
        pg, th = w7["times"]["pyautograd"], w7["times"]["torch"]
        out.append(Target("W7 import time", median(pg) * MS, "torch", median(th) * MS, "ms",
                          median([a / b for a, b in zip(pg, th)]), 0.1))
    else:
        out.append(Target("W7 import time", None, "torch", None, "ms", None, 0.1, no_torch or "not run"))

    mem = suite.sub.get("MEM", {})
    for w in ("W3", "W4"):
        d = mem.get(w, {})
        a, b = d.get("pyautograd", {}), d.get("numpy", {})
        if "tracemalloc_kb" in a and "tracemalloc_kb" in b:
            # both allocate through NumPy: tracemalloc counts exactly the bytes each step holds
            rss = a.get("delta_kb", 0) / max(b.get("delta_kb", 1), 1)
            out.append(Target("%s step peak memory (tracemalloc; by RSS %.2f×)" % (w, rss),
                              a["tracemalloc_kb"] / 1024, "numpy", b["tracemalloc_kb"] / 1024, "MiB",
                              a["tracemalloc_kb"] / max(b["tracemalloc_kb"], 1e-9), 1.15))
        elif "delta_kb" in a and "delta_kb" in b:
            out.append(Target("%s step peak memory (RSS rise during one step)" % w, a["delta_kb"] / 1024, "numpy",
                              b["delta_kb"] / 1024, "MiB", a["delta_kb"] / max(b["delta_kb"], 1), 1.15))
        else:
            out.append(Target("%s step peak memory" % w, None, "numpy", None, "MiB", None, 1.15, "not run"))
    return out


def _versions(suite):
    import numpy as np
    v = ["Python %s" % platform.python_version(), "NumPy %s" % np.__version__]
    pg = suite.mods["pyautograd"]
    v.append("pyautograd %s (%s)" % (getattr(pg, "__version__", "?"), os.path.dirname(pg.__file__)))
    if "torch" in suite.libs:
        v.append("PyTorch %s" % suite.mods["torch"].__version__)
    try:
        import matplotlib
        v.append("matplotlib %s" % matplotlib.__version__)
    except ImportError:
        pass
    return v


def _blas(suite):
    try:
        import numpy as np
        cfg = np.show_config(mode="dicts")
        b = cfg["Build Dependencies"]["blas"]
        return "%s %s" % (b.get("name"), b.get("version"))
    except Exception:
        return "?"


def write(suite, out_dir, name):
    T = targets(suite)
    now = datetime.datetime.now(datetime.timezone.utc)
    md_path = os.path.join(out_dir, name + ".md")
    png_path = os.path.join(out_dir, name + ".png")
    png = _chart(suite, T, png_path, now)
    L = []
    L.append("# pyautograd benchmark (%s run)" % ("quick" if suite.args.quick else "full"))
    L.append("")
    L.append("- date: %s" % now.strftime("%Y-%m-%d %H:%M UTC"))
    L.append("- CPU: %s (%d logical CPUs visible)" % (cpu_model(), os.cpu_count() or 0))
    L.append("- threads: %d (OMP/MKL/OPENBLAS_NUM_THREADS%s)" % (
        suite.args.threads, ", torch.set_num_threads" if "torch" in suite.libs else ""))
    L.append("- versions: " + ", ".join(_versions(suite)) + "; NumPy BLAS: " + _blas(suite))
    if suite.torch_reason:
        L.append("- **PyTorch skipped: %s** — figures against torch are not measured." % suite.torch_reason)
    L.append("- command: `%s`; wall time %.0f s" % (" ".join([os.path.basename(sys.executable)] + sys.argv),
                                                    __import__("time").time() - suite.t_start))
    L.append("")
    L.append("Figures are medians over rounds (a round's value is the best of a few repetitions); ratios "
             "are pyautograd / reference, the median of per-round ratios (libraries interleaved round by "
             "round in one process, order rotated every round). Lower is better.")
    L.append("")
    L.append("## Targets")
    L.append("")
    L.append("| figure | pyautograd | reference | ratio | target | status |")
    L.append("|---|---:|---:|---:|---:|---|")
    for t in T:
        L.append("| %s | %s %s | %s: %s %s | %s | ≤ %.2f× | %s |" % (
            t.figure, _fmt(t.pg), t.unit if t.pg is not None else "", t.ref_lib, _fmt(t.ref),
            t.unit if t.ref is not None else "", _ratio_str(t.ratio), t.target, t.status))
    L.append("")

    # ---------------------------------------------------------------- checks
    L.append("## Gradient agreement (checked before timing)")
    L.append("")
    L.append("Each library's loss/output and gradients (W6: Hessian / HVP) from the same initial state, "
             "compared with the hand-written NumPy result: max |a − b| / max |b| per quantity, worst over "
             "quantities. Tolerance 1e-8 (float64), 1e-3 (float32). A library that fails is not timed.")
    L.append("")
    others = [lib for lib in suite.libs if lib != "numpy"]
    L.append("| workload | " + " | ".join(others) + " |")
    L.append("|---|" + "---|" * len(others))
    for w, c in suite.checks.items():
        cells = []
        for lib in others:
            v = c.get(lib)
            if v is None:
                cells.append("—")
            elif isinstance(v, tuple):
                cells.append("%.1e %s" % (v[0], "ok" if v[1] else "**FAIL**"))
            else:
                cells.append("not timed: " + v.replace("|", "/"))
        L.append("| %s | %s |" % (w, " | ".join(cells)))
    L.append("")

    # ---------------------------------------------------------------- timings
    L.append("## In-process timings (medians over rounds)")
    L.append("")
    L.append("| workload | metric | pyautograd | torch | numpy | pg/torch | pg/numpy |")
    L.append("|---|---|---:|---:|---:|---:|---:|")
    for w, per in suite.results.items():
        if w == "W1":
            metrics = [("fwd", "fwd per op (µs)", US / 1000), ("bwd", "bwd per op (µs)", US / 1000),
                       ("total", "fwd+bwd per op (µs)", US / 1000)]
        elif w in ("W2", "W3", "W4"):
            metrics = [("fwd", "forward (ms)", MS), ("bwd", "backward (ms)", MS),
                       ("fwdbwd", "fwd+bwd (ms)", MS), ("total", "step incl. SGD (ms)", MS)]
        else:
            metrics = [("total", "time (ms)", MS)]
        for key, label, sc in metrics:
            L.append("| %s | %s | %s | %s | %s | %s | %s |" % (
                w, label, _fmt(_med(per, "pyautograd", key), sc), _fmt(_med(per, "torch", key), sc),
                _fmt(_med(per, "numpy", key), sc), _ratio_str(_ratios(per, "pyautograd", "torch", key)),
                _ratio_str(_ratios(per, "pyautograd", "numpy", key))))
    rounds = {w: len(next(iter(per.values()))) for w, per in suite.results.items() if per}
    if rounds:
        L.append("")
        L.append("Rounds: " + ", ".join("%s %d" % kv for kv in rounds.items()) +
                 ". NumPy's forward/backward are not timed separately (fwd+bwd and step only).")
    L.append("")

    # ---------------------------------------------------------------- W5
    w5 = suite.sub.get("W5")
    if w5:
        L.append("## W5: long chains (one subprocess per library and run)")
        L.append("")
        L.append("Peak RSS is the child's VmHWM (interpreter + imports + graph; `getrusage().ru_maxrss` "
                 "is not used because Linux carries it over fork+exec from the parent benchmark process); "
                 "'graph memory' is peak RSS minus the RSS after import. Teardown is the time of `del y` "
                 "(freeing the graph) after backward.")
        L.append("")
        L.append("| ops | library | forward (s) | backward (s) | fwd+bwd (s) | teardown (s) | peak RSS (MiB) | graph memory (MiB) | runs |")
        L.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
        for n, byl in sorted(w5.items()):
            for lib, runs in byl.items():
                ok = [d for d in runs if "fwd" in d]
                if not ok:
                    L.append("| {:,} | {} | failed: {} |||||||".format(n, lib, runs[0].get("error", "?")[-120:].replace("\n", " ")))
                    continue
                m = lambda f: median([f(d) for d in ok])
                L.append("| {:,} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
                    n, lib, _fmt(m(lambda d: d["fwd"])), _fmt(m(lambda d: d["bwd"])),
                    _fmt(m(lambda d: d["fwd"] + d["bwd"])), _fmt(m(lambda d: d["teardown"])),
                    _fmt(m(lambda d: d["peak_rss_kb"] / 1024)),
                    _fmt(m(lambda d: (d["peak_rss_kb"] - d["base_rss_kb"]) / 1024)), len(ok)))
        L.append("")

    # ---------------------------------------------------------------- memory
    mem = suite.sub.get("MEM")
    if mem:
        L.append("## Peak memory of one W3 / W4 step")
        L.append("")
        L.append("Method (the same for all three libraries): a fresh subprocess per library builds the "
                 "parameters and data, runs one warm-up step, then resets the kernel's peak-RSS mark "
                 "(`/proc/self/clear_refs` = 5) and runs one measured step; the figure is VmHWM − VmRSS "
                 "before the step, i.e. the activations, gradients and temporaries the step holds at its "
                 "peak. glibc malloc is pinned to `MALLOC_MMAP_THRESHOLD_=MALLOC_TRIM_THRESHOLD_=16 KiB` "
                 "so freed arrays go back to the OS instead of staying in the heap, and NumPy's "
                 "huge-page madvise is off (torch's CPU allocator does not use it by default), so RSS "
                 "counts bytes. tracemalloc (which sees NumPy's data buffers and Python objects, but not "
                 "torch's allocator) is exact for the two NumPy-based libraries, so the pyautograd-vs-NumPy "
                 "target uses it (RSS at the 1–3 MiB scale of W3 is blurred by page reuse inside the heap); "
                 "the RSS column is what compares all three.")
        L.append("")
        L.append("| workload | library | RSS before step (MiB) | step peak (MiB, RSS) | step peak (MiB, tracemalloc) |")
        L.append("|---|---|---:|---:|---:|")
        for w, byl in mem.items():
            for lib, d in byl.items():
                if "delta_kb" not in d:
                    L.append("| %s | %s | failed: %s | | |" % (w, lib, d.get("error", "?")[-120:].replace("\n", " ")))
                    continue
                tm = d.get("tracemalloc_kb")
                L.append("| %s | %s | %s | %s | %s |" % (w, lib, _fmt(d["rss_before_kb"] / 1024),
                                                       _fmt(d["delta_kb"] / 1024),
                                                       "—" if tm is None else _fmt(tm / 1024)))
        L.append("")

    # ---------------------------------------------------------------- W7
    w7 = suite.sub.get("W7")
    if w7:
        L.append("## W7: import time and installed size")
        L.append("")
        L.append("Import time: `import X` timed inside a fresh interpreter (excludes interpreter start-up; "
                 "includes the module's own imports, e.g. NumPy for pyautograd), .pyc files cached, "
                 "median of %d runs after one warm-up round. Size: all files under the package directory "
                 "(pyautograd: incl. the compiled _core .so; it also needs NumPy, listed separately)."
                 % len(next(iter(w7["times"].values()))))
        L.append("")
        L.append("| module | import (ms) | installed size (MiB) | directory |")
        L.append("|---|---:|---:|---|")
        for lib, ts in w7["times"].items():
            size, path = w7["sizes"][lib]
            L.append("| %s | %s | %s | `%s` |" % (lib, _fmt(median(ts) * MS), _fmt(size / 2 ** 20), path))
        L.append("")

    # ---------------------------------------------------------------- cost model
    cost = suite.sub.get("COST")
    if cost:
        import costmodel
        L.append("## pyautograd per-op cost model (0-d float64, ns per call, best of timeit repeats)")
        L.append("")
        L.append(costmodel.format_rows(cost))
        L.append("")

    if suite.notes:
        L.append("## Notes")
        L.append("")
        for n in suite.notes:
            L.append("- " + n)
        L.append("")

    if png:
        L.insert(2, "![chart](%s)\n" % os.path.basename(png_path))
    with open(md_path, "w") as f:
        f.write("\n".join(L))
    return md_path, png


def _chart(suite, T, path, now):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        suite.notes.append("matplotlib is not installed: no PNG chart written.")
        return None
    fig, axes = plt.subplots(1, 2, figsize=(15, 6.5), gridspec_kw={"width_ratios": [1.1, 1]})
    ax = axes[0]
    rows = [t for t in T if t.ratio is not None]
    ys = list(range(len(rows)))[::-1]
    for y, t in zip(ys, rows):
        ax.barh(y, t.ratio, color="tab:green" if t.ratio <= t.target else "tab:red", alpha=0.8)
        ax.plot([t.target, t.target], [y - 0.4, y + 0.4], color="black", lw=2)
        ax.text(t.ratio * 1.05, y, "%.2f× (target ≤ %.2f×)" % (t.ratio, t.target), va="center", fontsize=8)
    ax.set_yticks(ys)
    ax.set_yticklabels(["%s\nvs %s" % (t.figure, t.ref_lib) for t in rows], fontsize=7)
    ax.set_xscale("log")
    ax.axvline(1.0, color="gray", ls=":", lw=1)
    ax.set_xlabel("pyautograd / reference (log scale; black tick = target; green met, red missed)")
    ax.set_title("Targets")
    ax = axes[1]
    data, labels = [], []
    for w, per in suite.results.items():
        for ref in ("torch", "numpy"):
            if "pyautograd" in per and ref in per:
                data.append([a["total"] / b["total"] for a, b in zip(per["pyautograd"], per[ref])])
                labels.append("%s / %s" % (w, ref))
    if data:
        data, labels = data[::-1], labels[::-1]      # first workload on top
        try:
            ax.boxplot(data, vert=False, tick_labels=labels)
        except TypeError:       # matplotlib < 3.9
            ax.boxplot(data, vert=False, labels=labels)
        ax.set_xscale("log")
        ax.axvline(1.0, color="gray", ls=":", lw=1)
        ax.tick_params(axis="y", labelsize=7)
        ax.set_xlabel("per-round ratio pyautograd / reference (total time)")
        ax.set_title("Per-round ratios, in-process workloads")
    fig.suptitle("pyautograd benchmark — %s — %s — %d thread(s)%s\n%s" % (
        now.strftime("%Y-%m-%d"), cpu_model(), suite.args.threads,
        "" if "torch" in suite.libs else " — torch skipped",
        ", ".join(v.split(" (")[0] for v in _versions(suite) if not v.startswith("matplotlib"))), fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
