"""Where pyautograd's time goes per op on a 0-d tensor (the W1 regime).

    python bench/costmodel.py          # prints the table (run.py also includes it in the results)

Each figure is the best (minimum) of several timeit loops, in nanoseconds per call (the
least-disturbed estimate on a shared machine); backward costs are the median over graphs.
"""
import gc
import sys
import timeit

import numpy as np


def _ns(stmt, glb, number, repeat):
    t = timeit.Timer(stmt, globals=glb)
    return 1e9 * min(t.repeat(repeat=repeat, number=number)) / number


def _backward_ns_per_node(T, build, n, repeat):
    """Median time of backward() over an n-node graph, per node (graph built untimed)."""
    import time
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
        def backward(ctx, g):
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
    xg = T.tensor(0.3, dtype=T.float64, requires_grad=True)
    xn = T.tensor(0.3, dtype=T.float64)
    g = dict(f=f, np=np, a0=a0, s0=s0, T=T, xg=xg, xn=xn, apply_op=_core.apply_op,
             Identity=Identity, IdentitySave=IdentitySave, make=_core._make_tensor,
             binop=_ops._binary_operands, floatop=_ops._float_operand)
    rows = []

    def add(label, stmt, comment):
        gc.collect()
        rows.append((label, _ns(stmt, g, number, repeat), comment))

    add("empty Python call f(a)", "f(a0)", "floor of any Python-level layer")
    add("np.sin(0-d array)", "np.sin(a0)", "the NumPy call itself (returns np.float64)")
    add("np.sin(np.float64)", "np.sin(s0)", "")
    add("0-d array * 2.5", "a0 * 2.5", "")
    add("np.asarray(np.float64)", "np.asarray(s0)", "wrapping a ufunc's scalar result back into a 0-d array")
    add("np.asarray(2.5, dtype=float64)", "np.asarray(2.5, dtype=np.float64)", "a Python scalar operand as constant (_ops._const)")
    add("with np.errstate(...)", "with np.errstate(divide='ignore', invalid='ignore', over='ignore'): pass",
        "entered by every float unary op (_ops._float_unary)")
    add("_make_tensor(0-d array)", "make(a0)", "tensor object allocation")
    add("apply_op(Identity), no grad", "apply_op(Identity, (xn,))", "apply_op + Python forward, nothing recorded")
    add("apply_op(Identity), recorded", "apply_op(Identity, (xg,))", "+ Node, edges, input meta, sequence nr")
    add("apply_op(IdentitySave), recorded", "apply_op(IdentitySave, (xg,))", "+ ctx.save_for_backward")
    add("_ops._binary_operands(x, 2.5)", "binop(xg, 2.5)", "dtype promotion + constant tensor for the Python scalar")
    add("_ops._float_operand(x)", "floatop(xg)", "")
    add("pyautograd.sin(x), recorded", "T.sin(xg)", "full public path")
    add("pyautograd x * 2.5, recorded", "xg * 2.5", "operator -> _ops.mul -> _binary_operands -> apply_op")
    add("pyautograd x + 1.0, recorded", "xg + 1.0", "")
    add("pyautograd.exp(x), recorded", "T.exp(xg)", "save_result")
    add("pyautograd.tanh(x), recorded", "T.tanh(xg)", "save_result")
    add("pyautograd.sin(x), no grad", "T.sin(xn)", "")
    n = 1000 if quick else 10000

    def ident_chain(x, k):
        y = x
        for _ in range(k):
            y = _core.apply_op(Identity, (y,))
        return y

    def sin_chain(x, k):
        y = x
        for _ in range(k):
            y = T.sin(y)
        return y

    def mul_chain(x, k):
        y = x
        for _ in range(k):
            y = y * 1.0
        return y

    def w1_chain(x, k):
        y = x
        for _ in range(k // 5):
            y = T.tanh(T.exp(T.sin(y * 2.5 + 1.0)))
        return y

    r = 3 if quick else 9
    rows.append(("backward per node: Identity chain", _backward_ns_per_node(T, ident_chain, n, r),
                 "engine alone: heap, buffers, deps, _fit_grad, one Python backward call"))
    rows.append(("backward per node: sin chain", _backward_ns_per_node(T, sin_chain, n, r),
                 "+ saved_tensors unpack + g * x.cos() (2 unrecorded ops)"))
    rows.append(("backward per node: x * 1.0 chain", _backward_ns_per_node(T, mul_chain, n, r),
                 "+ g * b (1 op) for the tensor input"))
    rows.append(("backward per node: W1 chain", _backward_ns_per_node(T, w1_chain, n, r),
                 "average over *2.5, +1.0, sin, exp, tanh"))
    # the cyclic garbage collector's share of the W1 chain (Nodes, tensors, saved tensors and
    # the edge/meta tuples are all GC-tracked containers)
    import time
    for label, enabled in (("W1 chain fwd+bwd per op, gc enabled", True), ("W1 chain fwd+bwd per op, gc disabled", False)):
        ts = []
        for _ in range(r):
            x = T.tensor(0.3, dtype=T.float64, requires_grad=True)
            gc.collect()
            if not enabled:
                gc.disable()
            t0 = time.perf_counter()
            y = w1_chain(x, 1000)
            y.backward()
            t1 = time.perf_counter()
            gc.enable()
            del y
            ts.append(t1 - t0)
        rows.append((label, 1e9 * sorted(ts)[len(ts) // 2] / 1000, "median of %d chains of 1000 ops" % r))
    return rows


def format_rows(rows):
    lines = ["| component | ns per call | what it is |", "|---|---:|---|"]
    for label, ns, comment in rows:
        lines.append("| %s | %.0f | %s |" % (label, ns, comment))
    return "\n".join(lines)


if __name__ == "__main__":
    try:
        import pyautograd
    except ImportError:
        import os
        sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        import pyautograd
    print(format_rows(measure(pyautograd, quick="--quick" in sys.argv)))
