"""Where pyautograd's time goes per op on a 0-d tensor (the W1 regime).

    python bench/costmodel.py            # the tables (run.py also includes them in the results)
    python bench/costmodel.py --quick    # fewer repetitions
    python bench/costmodel.py --long     # + the cyclic GC's share of long chains (W5), measured
                                         #   in child processes at 100k and 300k ops (~1 minute)

Each timeit figure is the best (minimum) of several loops, in nanoseconds per call (the
least-disturbed estimate on a shared machine); backward costs are the median over graphs.

The per-op table splits each W1 op (x * 2.5, x + 1.0, sin, exp, tanh) into layers, each
measured directly on the current code path:

- NumPy call: the ufunc the op's forward calls, on 0-d arrays (as the forward does);
- apply_op, no grad: apply_op(Op, inputs) with nothing recorded = the NumPy call + the Python
  forward function + the ctx object + the NumPy error-state switch (from C) + the result tensor;
- apply_op, recorded: + the graph node (Node subclass, edge/meta tuples, sequence number,
  saved tensor or saved result);
- public op, recorded: + the Python entry (Tensor operator / pyautograd.sin -> the compiled fast
  path in src/_core/fast.pxi: operand checks, cached constant for a Python number);
- backward per node: one backward step of a chain of that op = engine (see the Identity chain)
  + the op's rule, run on NumPy scalars through the array rule namespace (pyautograd/ops).
"""
import gc
import os
import subprocess
import sys
import time
import timeit

import numpy as np

W1_OPS = ("x * 2.5", "x + 1.0", "sin", "exp", "tanh")
LAYERS = ("NumPy call", "apply_op, no grad", "apply_op, recorded", "public op, recorded",
          "public op, no grad", "backward per node")


def _ns(stmt, glb, number, repeat):
    t = timeit.Timer(stmt, globals=glb)
    return 1e9 * min(t.repeat(repeat=repeat, number=number)) / number


def _backward_ns_per_node(T, build, n, repeat):
    """Median time of backward() over an n-node graph, per node (graph built untimed)."""
    xs = []
    for _ in range(repeat):
        x = T.tensor(0.3, dtype=T.float64, requires_grad=True)
        y = build(x, n)
        gc.collect()
        t0 = time.perf_counter()
        y.backward()
        t1 = time.perf_counter()
        xs.append(t1 - t0)
        del y
    xs.sort()
    return 1e9 * xs[len(xs) // 2] / n


def measure(T, quick=False):
    """Returns a list of (component, ns per call, comment)."""
    from pyautograd import _core
    from pyautograd import _ops
    from pyautograd._ops import Op
    number = 1000 if quick else 10000
    repeat = 5 if quick else 9

    class Identity(Op):
        name = "IdentityBackward"

        @staticmethod
        def forward(ctx, x):
            return x._data

        @staticmethod
        def vjp(F, ctx, g):     # a rule on the namespace: arrays in plain backward
            return g

    class IdentityTensorRule(Identity):
        name = "IdentityTensorRuleBackward"
        vjp = None

        @staticmethod
        def backward(ctx, g):   # a rule on tensors (as custom Functions): wrapped and unwrapped
            return g

    class IdentitySave(Identity):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x._data

    def f(a):
        return a

    a0 = np.asarray(0.3)
    s0 = np.float64(0.3)
    c25 = np.asarray(2.5)
    c10 = np.asarray(1.0)
    xg = T.tensor(0.3, dtype=T.float64, requires_grad=True)
    xn = T.tensor(0.3, dtype=T.float64)
    k25 = T.tensor(2.5, dtype=T.float64)
    k10 = T.tensor(1.0, dtype=T.float64)
    g = dict(f=f, np=np, a0=a0, s0=s0, c25=c25, c10=c10, T=T, xg=xg, xn=xn, k25=k25, k10=k10,
             apply_op=_core.apply_op, Identity=Identity, IdentitySave=IdentitySave,
             make=_core._make_tensor, Mul=_ops.Mul, Add=_ops.Add, Sin=_ops.Sin, Exp=_ops.Exp,
             Tanh=_ops.Tanh)
    rows = []

    def add(label, stmt, comment=""):
        gc.collect()
        rows.append((label, _ns(stmt, g, number, repeat), comment))

    # floors
    add("empty Python call f(a)", "f(a0)", "floor of any Python-level layer")
    add("np.sin(0-d array)", "np.sin(a0)", "a NumPy ufunc on a 0-d array (returns np.float64)")
    add("np.sin(np.float64)", "np.sin(s0)", "on a NumPy scalar: what the NumPy-by-hand W1 chain pays")
    add("0-d array * 0-d array", "a0 * c25", "the Mul forward's NumPy call")
    add("np.asarray(np.float64)", "np.asarray(s0)", "re-wrapping a ufunc's scalar result as a 0-d array")
    add("_make_tensor(0-d array)", "make(a0)", "tensor object allocation (TensorBase tp_new)")
    # the core's mechanisms
    add("apply_op(Identity), no grad", "apply_op(Identity, (xn,))",
        "apply_op + a Python forward + ctx object + error-state switch, nothing recorded")
    add("apply_op(Identity), recorded", "apply_op(Identity, (xg,))",
        "+ Node subclass, next_nodes/next_nrs/input_meta/needs_input_grad tuples, sequence nr")
    add("apply_op(IdentitySave), recorded", "apply_op(IdentitySave, (xg,))", "+ ctx.save_for_backward")
    # per op: layer by layer
    per_op = {
        "x * 2.5": ("a0 * c25", "apply_op(Mul, (xn, k25))", "apply_op(Mul, (xg, k25))", "xg * 2.5", "xn * 2.5"),
        "x + 1.0": ("a0 + c10", "apply_op(Add, (xn, k10))", "apply_op(Add, (xg, k10))", "xg + 1.0", "xn + 1.0"),
        "sin": ("np.sin(a0)", "apply_op(Sin, (xn,))", "apply_op(Sin, (xg,))", "T.sin(xg)", "T.sin(xn)"),
        "exp": ("np.exp(a0)", "apply_op(Exp, (xn,))", "apply_op(Exp, (xg,))", "T.exp(xg)", "T.exp(xn)"),
        "tanh": ("np.tanh(a0)", "apply_op(Tanh, (xn,))", "apply_op(Tanh, (xg,))", "T.tanh(xg)", "T.tanh(xn)"),
    }
    for op in W1_OPS:
        for layer, stmt in zip(LAYERS, per_op[op]):
            add("%s: %s" % (op, layer), stmt)

    n = 1000 if quick else 10000
    r = 3 if quick else 9

    def chain(step):
        def build(x, k):
            y = x
            for _ in range(k):
                y = step(y)
            return y
        return build

    def w1_chain(x, k):
        y = x
        for _ in range(k // 5):
            y = T.tanh(T.exp(T.sin(y * 2.5 + 1.0)))
        return y

    rows.append(("backward per node: Identity chain",
                 _backward_ns_per_node(T, chain(lambda y: _core.apply_op(Identity, (y,))), n, r),
                 "the engine alone: ready-node hand-off, buffers, deps, _fit_value, one Python vjp call"))
    rows.append(("backward per node: Identity chain, rule on tensors",
                 _backward_ns_per_node(T, chain(lambda y: _core.apply_op(IdentityTensorRule, (y,))), n, r),
                 "the same with a tensor rule: the gradient wrapped as a tensor and unwrapped"))
    steps = {"x * 2.5": lambda y: y * 2.5, "x + 1.0": lambda y: y + 1.0, "sin": T.sin, "exp": T.exp,
             "tanh": T.tanh}
    rules = {"x * 2.5": "g * b (NumPy scalars)", "x + 1.0": "returns g", "sin": "g * F.conj(F.cos(x))",
             "exp": "g * F.conj(r)", "tanh": "g * F.conj(1 - r * r)"}
    for op in W1_OPS:
        rows.append(("%s: backward per node" % op, _backward_ns_per_node(T, chain(steps[op]), n, r),
                     "rule: " + rules[op]))
    rows.append(("backward per node: W1 chain", _backward_ns_per_node(T, w1_chain, n, r),
                 "average over *2.5, +1.0, sin, exp, tanh"))
    # the cyclic garbage collector's share of the W1 forward (Nodes, tensors, saved tensors and
    # the edge/meta tuples are GC-tracked; the engine pauses the collector during backward)
    for label, enabled in (("W1 chain forward per op (1000 ops), gc enabled", True),
                           ("W1 chain forward per op (1000 ops), gc disabled", False)):
        ts = []
        for _ in range(r):
            x = T.tensor(0.3, dtype=T.float64, requires_grad=True)
            gc.collect()
            if not enabled:
                gc.disable()
            t0 = time.perf_counter()
            y = w1_chain(x, 1000)
            t1 = time.perf_counter()
            gc.enable()
            del y
            ts.append(t1 - t0)
        rows.append((label, 1e9 * sorted(ts)[len(ts) // 2] / 1000, "median of %d chains" % r))
    return rows


_CHILD = r"""
import gc, sys, time
sys.path.insert(0, sys.argv[3])
import pyautograd as T
n, gc_on = int(sys.argv[1]), sys.argv[2] == "1"
x = T.tensor(0.3, dtype=T.float64, requires_grad=True)
gc.collect()
if not gc_on:
    gc.disable()
t0 = time.perf_counter()
y = x
for _ in range(n // 5):
    y = T.tanh(T.exp(T.sin(y * 2.5 + 1.0)))
t1 = time.perf_counter()
y.backward()
t2 = time.perf_counter()
print(t1 - t0, t2 - t1, gc.get_count()[2] if gc_on else 0)
"""


def long_chain_gc(sizes=(100000, 300000), runs=2):
    """Forward / backward of W1 chains in fresh child processes, GC on vs off (rows as measure)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    rows = []
    for n in sizes:
        res = {}
        for gc_on in (True, False):
            fw, bw = [], []
            for _ in range(runs):
                out = subprocess.run([sys.executable, "-c", _CHILD, str(n), "1" if gc_on else "0", root],
                                     capture_output=True, text=True, check=True).stdout.split()
                fw.append(float(out[0]))
                bw.append(float(out[1]))
            res[gc_on] = (min(fw), min(bw))
        for gc_on in (True, False):
            fw, bw = res[gc_on]
            rows.append(("%d-op W1 chain forward per op, gc %s" % (n, "enabled" if gc_on else "disabled"),
                         1e9 * fw / n, "child process, best of %d" % runs))
        for gc_on in (True, False):
            fw, bw = res[gc_on]
            rows.append(("%d-op W1 chain backward per node, gc %s in forward"
                         % (n, "enabled" if gc_on else "disabled"), 1e9 * bw / n,
                         "the engine pauses the GC itself"))
    return rows


def format_rows(rows):
    """The component rows as one table, the per-op layer rows as a second (op x layer) table."""
    lines = ["| component | ns per call | what it is |", "|---|---:|---|"]
    cells = {}
    for label, ns, comment in rows:
        op, _, layer = label.partition(": ")
        if op in W1_OPS and layer in LAYERS:
            cells[(op, layer)] = ns
            continue
        lines.append("| %s | %.0f | %s |" % (label, ns, comment))
    if cells:
        lines += ["", "Per W1 op (ns; each column includes the one before it, except the no-grad public op "
                  "and backward):", "",
                  "| op | " + " | ".join(LAYERS) + " | entry (public − apply_op) | node record "
                  "(recorded − no grad) |",
                  "|---|" + "---:|" * (len(LAYERS) + 2)]
        for op in W1_OPS:
            v = [cells.get((op, layer), float("nan")) for layer in LAYERS]
            lines.append("| %s | %s | %.0f | %.0f |" % (op, " | ".join("%.0f" % x for x in v),
                                                          v[3] - v[2], v[2] - v[1]))
    return "\n".join(lines)


if __name__ == "__main__":
    try:
        import pyautograd
    except ImportError:
        sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        import pyautograd
    rows = measure(pyautograd, quick="--quick" in sys.argv)
    if "--long" in sys.argv:
        rows += long_chain_gc()
    print(format_rows(rows))
