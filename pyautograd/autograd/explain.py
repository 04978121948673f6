"""autograd.explain(y): the backward pass written out as the tutorials write it, step by step.

Everything shown is computed by the real backward rules, never by a symbolic engine of our own:

- the gradients are recorded in one dedicated pass (autograd.grad with retain_graph=True, every
  leaf's .grad untouched) with a post hook on every node: the hook sees the gradient that arrived
  at the node (the engine already summed the paths meeting there) and what the node's rule sent to
  each input, in the order the engine runs the nodes (its ready queue, most recent sequence number
  first);
- a local derivative's value is the node's own rule applied to a gradient of ones, where that is the
  derivative: a node with a one-element output (the rule then gives d out / d input exactly), or an
  elementwise op whose input has the output's shape (the rule gives the Jacobian's diagonal);
- the formula text (``b`` for d(a*b)/da, ``cos(a)`` for d sin(a)/da) comes from FORMULAS below, keyed
  by grad_fn name, with the operands' names substituted: the names of the caller's variables that
  hold the graph's tensors (or ``names=``), generated names otherwise.

The graph helpers here (walk, names, formulas, the recording pass) are also what pyautograd.viz
draws with."""
import math
import re
import sys

import numpy as np

from .. import _core
from .._backward import grad as _grad
from ..grad_mode import no_grad
from ..ops._registry import Op

__all__ = ["explain", "Explanation", "FORMULAS"]

# ---- formulas: d output / d input i, per grad_fn name ------------------------------------------
# Each entry: one function per tensor input of the op, given the operands' display names (an
# _Operands), returning the derivative's text. Ops not listed are shown without a formula.


def _pow_formula(v):
    e = v.option("exponent")
    if e is None:
        return "%s·%s^(%s-1)" % (v.other, v.self, v.other)
    if e == 0:
        return "0"
    if e == 1:
        return "1"
    if e == 2:
        return "2·%s" % v.self
    return "%s·%s^%s" % (_fmt_scalar(e), v.self, _fmt_scalar(e - 1))


FORMULAS = {
    "AddBackward0": (lambda v: "1", lambda v: v.alpha),
    "AddBackward1": (lambda v: "1",),
    "SubBackward0": (lambda v: "1", lambda v: "-" + v.alpha),
    "SubBackward1": (lambda v: "1",),
    "RsubBackward0": (lambda v: "-" + v.alpha, lambda v: "1"),
    "RsubBackward1": (lambda v: "-" + v.alpha,),
    "MulBackward0": (lambda v: v.other, lambda v: v.self),
    "MulBackward1": (lambda v: v.other,),
    "DivBackward0": (lambda v: "1/%s" % v.other, lambda v: "-%s/%s^2" % (v.self, v.other)),
    "DivBackward1": (lambda v: "1/%s" % v.other,),
    "NegBackward0": (lambda v: "-1",),
    "PowBackward0": (_pow_formula,),
    "PowBackward1": (lambda v: "%s·%s^(%s-1)" % (v.other, v.self, v.other),
                     lambda v: "%s^%s·log(%s)" % (v.self, v.other, v.self)),
    "SinBackward0": (lambda v: "cos(%s)" % v.self,),
    "CosBackward0": (lambda v: "-sin(%s)" % v.self,),
    "TanBackward0": (lambda v: "1 + %s^2" % v.result,),
    "ExpBackward0": (lambda v: v.result,),
    "LogBackward0": (lambda v: "1/%s" % v.self,),
    "SqrtBackward0": (lambda v: "1/(2·%s)" % v.result,),
    "TanhBackward0": (lambda v: "1 - %s^2" % v.result,),
    "SigmoidBackward0": (lambda v: "%s·(1 - %s)" % (v.result, v.result),),
    "ReluBackward0": (lambda v: "[%s > 0]" % v.result,),
    "AbsBackward0": (lambda v: "sign(%s)" % v.self,),
    "ReciprocalBackward0": (lambda v: "-%s^2" % v.result,),
    "SumBackward0": (lambda v: "1",),
    "SumBackward1": (lambda v: "1",),
    "MeanBackward0": (lambda v: "1/n",),
    "MeanBackward1": (lambda v: "1/n",),
    "DotBackward0": (lambda v: v.other, lambda v: v.self),
    "MvBackward0": (lambda v: "g ⊗ %s" % v.other, lambda v: "%sᵀ g" % v.self),
    "MmBackward0": (lambda v: "g %sᵀ" % v.other, lambda v: "%sᵀ g" % v.self),
    "BmmBackward0": (lambda v: "g %sᵀ" % v.other, lambda v: "%sᵀ g" % v.self),
    "AddmmBackward0": (lambda v: "1", lambda v: "g %sᵀ" % v.name(2), lambda v: "%sᵀ g" % v.name(1)),
    "TBackward0": (lambda v: "transpose",),
    "ViewBackward0": (lambda v: "reshape",),
    "UnsqueezeBackward0": (lambda v: "squeeze",),
    "ExpandBackward0": (lambda v: "sum over the expanded dims",),
    "PowBackward2": (lambda v: "%s·log(%s)" % (v.result, _fmt_opt(v.option("base"), "base")),),
    "Exp2Backward0": (lambda v: "%s·log(2)" % v.result,),
    "Log1PBackward0": (lambda v: "1/(1 + %s)" % v.self,),
    "Expm1Backward0": (lambda v: "%s + 1" % v.result,),
    "Log2Backward0": (lambda v: "1/(%s·log(2))" % v.self,),
    "Log10Backward0": (lambda v: "1/(%s·log(10))" % v.self,),
    "SinhBackward0": (lambda v: "cosh(%s)" % v.self,),
    "CoshBackward0": (lambda v: "sinh(%s)" % v.self,),
    "AsinBackward0": (lambda v: "1/sqrt(1 - %s^2)" % v.self,),
    "AcosBackward0": (lambda v: "-1/sqrt(1 - %s^2)" % v.self,),
    "AtanBackward0": (lambda v: "1/(1 + %s^2)" % v.self,),
    "RsqrtBackward0": (lambda v: "-%s^3/2" % v.result,),
    "MaximumBackward0": (lambda v: "[%s > %s] (1/2 at ties)" % (v.self, v.other),
                         lambda v: "[%s > %s] (1/2 at ties)" % (v.other, v.self)),
    "MinimumBackward0": (lambda v: "[%s < %s] (1/2 at ties)" % (v.self, v.other),
                         lambda v: "[%s < %s] (1/2 at ties)" % (v.other, v.self)),
    "ClampBackward1": (lambda v: "[%s ≤ %s ≤ %s]" % (_fmt_opt(v.option("min"), "-inf"), v.self,
                                                     _fmt_opt(v.option("max"), "inf")),),
    "SoftmaxBackward0": (lambda v: "%s ⊙ (g - Σ g⊙%s)" % (v.result, v.result),),
    "LogSoftmaxBackward0": (lambda v: "g - exp(%s)·Σg" % v.result,),
    "CloneBackward0": (lambda v: "1",),
    "ToCopyBackward0": (lambda v: "1",),
    "PermuteBackward0": (lambda v: "the inverse permutation",),
    "TransposeBackward0": (lambda v: "transpose",),
    "SqueezeBackward0": (lambda v: "unsqueeze",),
    "SqueezeBackward1": (lambda v: "unsqueeze",),
    "SqueezeBackward2": (lambda v: "unsqueeze",),
}


def _fmt_opt(value, default):
    return default if value is None else _fmt_scalar(value)


def _fmt_scalar(v):
    """A number as tutorials write it: 4, 0.5, -0.4161 (4 significant decimals, no trailing zeros)."""
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, complex) or np.iscomplexobj(v):
        return str(complex(v))
    v = float(v)
    if v != v or v in (_INF, -_INF):
        return str(v)
    if v != 0 and (abs(v) >= 1e6 or abs(v) < 1e-4):
        return np.format_float_scientific(v, precision=3, trim="-")
    text = ("%.4f" % v).rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


_INF = float("inf")


def _paren(text):
    """A negative number as the second term of a sum or product: (-0.5)."""
    return "(%s)" % text if text.startswith("-") else text


def fmt_value(a, max_elements=8):
    """An array's values (up to max_elements of them) or its shape, as text."""
    a = np.asarray(a)
    if a.ndim == 0:
        return _fmt_scalar(a[()])
    if a.size > max_elements:
        if a.ndim == 1 and max_elements >= 4:
            k = max(2, max_elements // 2 - 1)
            return "[%s, …, %s] %s" % (", ".join(_fmt_scalar(e) for e in a[:k]),
                                        ", ".join(_fmt_scalar(e) for e in a[-k:]), fmt_shape(a.shape))
        return "<%s %s>" % (fmt_shape(a.shape), a.dtype)

    def rows(x):
        if x.ndim == 1:
            return "[" + ", ".join(_fmt_scalar(e) for e in x) + "]"
        return "[" + ", ".join(rows(r) for r in x) + "]"   # nesting depth is ndim, not the graph
    return rows(a)


def fmt_shape(shape):
    return "(" + ", ".join(str(int(s)) for s in shape) + ("," if len(shape) == 1 else "") + ")"


# ---- the graph -------------------------------------------------------------------------------
class Graph:
    """The backward graph reachable from some roots, walked without recursion.

    nodes: every node (grad_fn or AccumulateGrad), roots first, breadth first.
    edges: (parent, i, child, output_nr) per input i of a parent that has a node.
    meta: node -> per output (shape, dtype) (a leaf's from its tensor, others from the edges
    pointing at them or the root tensors).
    """

    def __init__(self, roots):
        self.roots = roots
        self.root_nodes = []
        self.meta = {}
        self.nodes = []
        self.edges = []
        self.leaf_nodes = []
        seen = set()
        queue = []
        for t in roots:
            node = t.grad_fn
            if node is None:
                node = _leaf_node(t)
            self.root_nodes.append((node, t.output_nr if t.grad_fn is not None else 0))
            self._set_meta(node, t.output_nr if t.grad_fn is not None else 0, t.shape, t._data.dtype)
            if node not in seen:
                seen.add(node)
                queue.append(node)
        k = 0
        while k < len(queue):
            node = queue[k]
            k += 1
            self.nodes.append(node)
            if isinstance(node, _core.AccumulateGrad):
                self.leaf_nodes.append(node)
                var = node.variable
                if var is not None:
                    self._set_meta(node, 0, var.shape, var._data.dtype)
                continue
            metas = node.input_meta
            for i, (child, nr) in enumerate(node.next_functions):
                if child is None:
                    continue
                self.edges.append((node, i, child, nr))
                self._set_meta(child, nr, metas[i][0], metas[i][1])
                if child not in seen:
                    seen.add(child)
                    queue.append(child)

    def _set_meta(self, node, nr, shape, dtype):
        m = self.meta.get(node)
        if m is None:
            n = max(1, getattr(node, "num_outputs", 1) or 1)
            m = self.meta[node] = [None] * n
        if nr < len(m) and m[nr] is None:
            m[nr] = (tuple(shape), np.dtype(dtype))

    def out_meta(self, node, nr=0):
        m = self.meta.get(node)
        return None if m is None or nr >= len(m) else m[nr]


def _leaf_node(t):
    """A leaf that requires grad, as a root: its AccumulateGrad node."""
    return t._grad_edge()[0]


def as_roots(y, fname="explain"):
    """y (a tensor or a sequence of tensors) as a tuple, each with a graph (PyTorch's error otherwise)."""
    if isinstance(y, _core.TensorBase):
        roots = (y,)
    elif isinstance(y, (tuple, list)):
        roots = tuple(y)
    else:
        raise TypeError("%s(): expected a Tensor or a tuple of Tensors, got %s" % (fname, type(y).__name__))
    if not roots:
        raise RuntimeError("%s() needs at least one tensor" % fname)
    for i, t in enumerate(roots):
        if not isinstance(t, _core.TensorBase):
            raise TypeError("%s(): expected a Tensor or a tuple of Tensors, got %s" % (fname, type(t).__name__))
        if t.grad_fn is None and not t.requires_grad:
            raise RuntimeError("element %d of tensors does not require grad and does not have a grad_fn" % i)
    return roots


# ---- names -----------------------------------------------------------------------------------
def frame_names(frame):
    """The tensors the caller's variables hold: id(tensor) -> name (the first name found)."""
    out = {}
    if frame is None:
        return out
    items = list(frame.f_locals.items())
    for name, v in items:
        if isinstance(v, _core.TensorBase) and not name.startswith("_") and id(v) not in out:
            out[id(v)] = (name, v)
    for name, v in items:   # a module's parameters: net.0.weight (a Module, duck-typed: nn is above)
        # (the instance's own dict only: a stranger object's __getattr__ is never called)
        params = getattr(type(v), "named_parameters", None)
        d = getattr(v, "__dict__", None)
        if callable(params) and not name.startswith("_") and isinstance(d, dict) and "_parameters" in d:
            for pname, p in v.named_parameters():
                if id(p) not in out:
                    out[id(p)] = ("%s.%s" % (name, pname), p)
    return out


def name_nodes(graph, names=None, frame=None):
    """node -> display name: from names= (dict name -> tensor) or the caller's variables, else
    x1, x2, ... for leaves and v1, v2, ... for the other nodes (graph order)."""
    if names is False:
        by_id = {}
    elif names is not None:
        by_id = {id(t): (n, t) for n, t in names.items()}
    else:
        by_id = frame_names(frame)
    by_node = {}
    for name, t in by_id.values():
        key = t.grad_fn
        if key is None and t.requires_grad:
            key = _leaf_of(graph, t)
        if key is not None and key not in by_node and (t.grad_fn is None or t.output_nr == 0):
            by_node[key] = name
    by_node = _Names(by_node)
    # tensors without a graph (data, constants) keep their names for the formulas
    by_node.tensors = {i: n for i, (n, t) in by_id.items() if not t.requires_grad}
    n_leaf = n_node = 0
    used = set(by_node.values())
    for node in graph.nodes:
        if node in by_node:
            continue
        leaf = isinstance(node, _core.AccumulateGrad)
        while True:
            if leaf:
                n_leaf += 1
                cand = "x%d" % n_leaf
            else:
                n_node += 1
                cand = "v%d" % n_node
            if cand not in used:
                break
        used.add(cand)
        by_node[node] = cand
    return by_node


def output_name(names, node, nr):
    """The name of output nr of node: its name, with [nr] for a node of several outputs."""
    name = names.get(node, "?")
    return "%s[%d]" % (name, nr) if getattr(node, "num_outputs", 1) > 1 else name


def _leaf_of(graph, t):
    for node in graph.leaf_nodes:
        if node.variable is t:
            return node
    return None


class _Names(dict):
    """node -> display name, and .tensors: id(tensor) -> name for tensors that have no node."""
    tensors = {}


class _Operands:
    """What a formula is written with: the names of a node's operands (inputs without a node: their
    saved value when it is a number), its result's name and its options."""

    def __init__(self, node, names, result_name):
        self.node = node
        self.names = names
        self.result = result_name

    def name(self, i):
        nf = self.node.next_functions
        if i < len(nf) and nf[i][0] is not None:
            return output_name(self.names, nf[i][0], nf[i][1])
        key = ("self", "other", "third")[i] if i < 3 else None
        saved_names = getattr(self.node.op, "saved_names", None)
        if saved_names and i < len(saved_names):
            key = saved_names[i]
        try:
            v = getattr(self.node, "_saved_" + key) if key else None
        except (AttributeError, RuntimeError):
            v = None
        if isinstance(v, _core.TensorBase) and id(v) in getattr(self.names, "tensors", ()):
            return self.names.tensors[id(v)]
        if isinstance(v, _core.TensorBase) and v.numel() == 1:
            return _fmt_scalar(v._data.reshape(())[()])
        if isinstance(v, (int, float)):
            return _fmt_scalar(v)
        return "const"

    @property
    def self(self):
        return self.name(0)

    @property
    def other(self):
        return self.name(1)

    @property
    def alpha(self):
        a = self.option("alpha")
        return "1" if a is None else _fmt_scalar(a)

    def option(self, key):
        try:
            v = getattr(self.node, "_saved_" + key)
        except (AttributeError, RuntimeError):
            return None
        if isinstance(v, _core.TensorBase):
            return v._data.reshape(())[()] if v.numel() == 1 else None
        return v if isinstance(v, (int, float)) else None


def formula(node, i, names):
    """The text of d node / d input i, or None when FORMULAS has no entry."""
    rules = FORMULAS.get(node.name())
    if rules is None or i >= len(rules):
        return None
    return rules[i](_Operands(node, names, names.get(node, "y")))


# ---- numbers from the rules ------------------------------------------------------------------
def local_values(node, graph):
    """Per input: the local derivative's array, where the node's rule applied to ones gives it
    (see the module docstring), else None. Nothing when the graph's saved tensors were freed."""
    n_in = len(node.next_functions)
    none = [None] * n_in
    if isinstance(node, _core.AccumulateGrad) or getattr(node, "_released", False) or node.num_outputs != 1:
        return none
    if not (isinstance(node.op, type) and issubclass(node.op, Op)):
        return none         # a custom Function: drawing a graph never runs user code
    m = graph.out_meta(node)
    if m is None:
        return none
    shape, dtype = m
    if dtype.kind not in "fc":
        return none
    numel = math.prod(shape)
    elementwise = bool(getattr(node.op, "elementwise", False))
    if numel != 1 and not elementwise:
        return none
    with no_grad():
        try:
            res = node(_core._make_tensor(np.ones(shape, dtype=dtype)))
        except RuntimeError:    # a rule that cannot run outside the engine (custom Function states)
            return none
    if not isinstance(res, tuple):
        res = (res,)
    metas = node.input_meta
    out = []
    for i in range(n_in):
        g = res[i] if i < len(res) else None
        if g is None:
            out.append(None)
            continue
        a = np.asarray(g._data if isinstance(g, _core.TensorBase) else g)
        in_shape = tuple(metas[i][0])
        if numel == 1:
            out.append(sum_to(a, in_shape))
        elif a.shape == in_shape == shape:
            out.append(a)
        else:
            out.append(None)    # broadcast input: the rule's output is no longer the derivative
    return out


def sum_to(a, shape):
    """a summed down to shape (the engine's reduction of a broadcast gradient)."""
    a = np.asarray(a)
    if a.shape == tuple(shape):
        return a
    lead = a.ndim - len(shape)
    if lead > 0:
        a = a.sum(axis=tuple(range(lead)))
    axes = tuple(i for i, s in enumerate(shape) if s == 1 and a.shape[i] != 1)
    if axes:
        a = a.sum(axis=axes, keepdims=True)
    return a.reshape(shape)


def record(roots, inputs=None, grad_outputs=None):
    """One dedicated backward pass (retain_graph=True; .grad untouched) with a post hook on every
    node. Returns (steps, results): steps in the engine's order, each (node, grad_outputs,
    grad_inputs) as arrays (grad_inputs summed to each input's shape, None where nothing went);
    results: the inputs' gradients autograd.grad returned."""
    graph = roots if isinstance(roots, Graph) else Graph(roots)
    roots = graph.roots
    if inputs is None:
        inputs = tuple(n.variable for n in graph.leaf_nodes if n.variable is not None)
    if grad_outputs is None:
        grad_outputs = tuple(_core._make_tensor(np.ones(t.shape, dtype=t._data.dtype)) for t in roots)
    steps = []
    handles = []

    def hook_for(node):
        metas = node.input_meta

        def hook(grad_inputs, grad_outputs):
            ins = []
            for i, g in enumerate(grad_inputs):
                ins.append(None if g is None else sum_to(_as_array(g), metas[i][0]))
            steps.append((node, tuple(None if g is None else _as_array(g) for g in grad_outputs), tuple(ins)))
        return hook

    try:
        for node in graph.nodes:
            if not isinstance(node, _core.AccumulateGrad):
                handles.append(node.register_hook(hook_for(node)))
        if not inputs:
            return steps, ()
        results = _grad(roots, inputs, grad_outputs, retain_graph=True, allow_unused=True)
    finally:
        for h in handles:
            h.remove()
    return steps, tuple(None if r is None else _as_array(r) for r in results)


def _as_array(g):
    return np.asarray(g._data if isinstance(g, _core.TensorBase) else g)


# ---- the explanation -------------------------------------------------------------------------
class _D:
    """∂num/∂den, rendered per format."""

    def __init__(self, num, den):
        self.num, self.den = num, den

    def text(self):
        return "∂%s/∂%s" % (self.num, self.den)

    def latex(self):
        return "\\frac{\\partial %s}{\\partial %s}" % (_tex_name(self.num), _tex_name(self.den))


class _W(str):
    """Words of the derivation (\\text{} in LaTeX)."""


def _tex_name(n):
    return n if len(n) == 1 else "\\mathrm{%s}" % n if n.isalpha() else n


def _tex(s):
    return s.replace("·", " \\cdot ").replace("⊙", " \\odot ").replace("ᵀ", "^T").replace("⊗", " \\otimes ")


class Explanation:
    """What explain() returns: str() is plain text, .markdown() and .latex() the same derivation.

    In a notebook it displays as Markdown (``_repr_markdown_``).

    Example::

        >>> x = pa.tensor(3.0, requires_grad=True)
        >>> y = x * x
        >>> e = pa.autograd.explain(y)
        >>> type(e).__name__
        'Explanation'
        >>> print(e.markdown().splitlines()[0])
        **backward pass of y, in the engine's order:**
        >>> print(e.latex().splitlines()[0])
        \\begin{aligned}
    """

    def __init__(self, output_name, lines):
        self.output_name = output_name
        self._lines = lines        # (kind, parts): parts are str or _D

    def _render(self, part_fn, heading, bullet, wrap):
        out = []
        for kind, parts in self._lines:
            s = "".join(part_fn(p) for p in parts)
            if kind == "h":
                out.append(heading(s))
            elif kind == "note":
                out.append(s)
            else:
                out.append(bullet(wrap(s)))
        return "\n".join(out)

    def __str__(self):
        return self._render(lambda p: p.text() if isinstance(p, _D) else p,
                            lambda s: s, lambda s: "  " + s, lambda s: s)

    def __repr__(self):
        return str(self)

    def markdown(self):
        text = self._render(lambda p: p.text() if isinstance(p, _D) else p,
                            lambda s: "\n**%s**\n" % s, lambda s: "- " + s, lambda s: "`%s`" % s)
        return re.sub(r"\n{3,}", "\n\n", text).strip("\n")

    def latex(self):
        body = self._render(lambda p: p.latex() if isinstance(p, _D) else "\\text{%s}" % p if isinstance(p, _W)
                            else _tex(p),
                            lambda s: "\\text{%s} \\\\" % s.replace("_", "\\_"),
                            lambda s: "\\quad " + s + " \\\\", lambda s: s)
        return "\\begin{aligned}\n" + body + "\n\\end{aligned}"

    def _repr_markdown_(self):
        return self.markdown()


def explain(y, inputs=None, *, grad_outputs=None, names=None, max_steps=40, max_value_elements=8):
    """The backward pass of y as a derivation, in the order the engine runs it.

    y: a tensor (or tuple of tensors) with a graph; a non-scalar y is seeded with ones (as
    y.sum().backward()) unless grad_outputs is given. inputs: the tensors whose gradient is
    derived (default: every leaf of the graph). names: dict name -> tensor for the display names
    (default: the caller's variables holding the graph's tensors; False: generated names).
    A graph longer than max_steps shows its first and last steps; tensors with more than
    max_value_elements elements are shown by shape. The graph is kept (a dedicated pass with
    retain_graph=True), leaves' ``.grad`` is not changed. Returns an Explanation (print it, or
    take its ``.markdown()`` or ``.latex()``).

    Example::

        >>> x = pa.tensor(3.0, requires_grad=True)
        >>> y = x * x
        >>> print(pa.autograd.explain(y))
        backward pass of y, in the engine's order:
        step 1: y = MulBackward0(x, x)
          seed ∂y/∂y = 1
          ∂y/∂x = x = 3   sends 1 · 3 = 3 to x
          ∂y/∂x = x = 3   sends 1 · 3 = 3 to x
        result (the total derivative is the sum over paths):
          ∂y/∂x = 3 + 3 = 6   (sum over 2 paths)
        >>> x.grad is None
        True
    """
    roots = as_roots(y, "explain")
    if inputs is not None:
        inputs = (inputs,) if isinstance(inputs, _core.TensorBase) else tuple(inputs)
    if grad_outputs is not None:
        grad_outputs = (grad_outputs,) if isinstance(grad_outputs, _core.TensorBase) else tuple(grad_outputs)
    graph = Graph(roots)
    label = name_nodes(graph, names, sys._getframe(1))
    steps, results = record(graph, inputs, grad_outputs)
    top = label[graph.root_nodes[0][0]] if len(roots) == 1 else "L"
    fv = lambda a: fmt_value(a, max_value_elements)   # noqa: E731

    def incoming(node):
        return _D(top, label[node]) if label[node] != top else None

    lines = []
    intro = "backward pass of %s" % top
    if len(roots) > 1:      # several outputs: L is what their seeds make of them
        terms = []
        for k, (t, (n, nr)) in enumerate(zip(roots, graph.root_nodes)):
            name = output_name(label, n, nr)
            if grad_outputs is not None:
                terms.append("<g%d, %s>" % (k, name))     # the given gradient g_k dotted with it
            else:
                terms.append(name if t.numel() == 1 else "sum(%s)" % name)
        intro += " = " + " + ".join(terms)
    elif any(t.numel() != 1 for t in roots) and grad_outputs is None:
        intro += " (seeded with ones: the gradient of %s.sum())" % top
    lines.append(("h", [intro + ", in the engine's order:"]))
    # what reaches each node along each edge, to show the sums where paths meet; the terms are
    # written in the senders' creation order (as one writes the forward expression), the sum
    # itself is the engine's
    arrivals = {}
    for node, _, gins in steps:
        for i, (child, _) in enumerate(node.next_functions):
            if child is not None and gins[i] is not None:
                arrivals.setdefault(child, []).append((node.seq, i, gins[i]))
    for terms in arrivals.values():
        terms.sort(key=lambda t: (t[0], t[1]))

    def total(node, value):
        terms = [t[2] for t in arrivals.get(node, [])]
        parts = []
        if len(terms) > 1 and all(t.size <= max_value_elements for t in terms):
            parts.append(" + ".join(_paren(fv(t)) if k else fv(t) for k, t in enumerate(terms)) + " = ")
        parts.append(fv(value))
        if len(terms) > 1:
            parts.append(_W("   (sum over %d paths)" % len(terms)))
        return parts

    shown = list(range(len(steps)))
    elided = 0
    if len(steps) > max_steps:
        half = max(1, max_steps // 2)
        shown = list(range(half)) + list(range(len(steps) - half, len(steps)))
        elided = len(steps) - 2 * half
    for k in shown:
        if elided and k == len(steps) - max(1, max_steps // 2):
            lines.append(("note", [_W("  ... %d steps elided ..." % elided)]))
        node, gouts, gins = steps[k]
        name = label[node]
        m = graph.out_meta(node)
        ops = _Operands(node, label, name)
        args = ", ".join(ops.name(i) for i in range(len(node.next_functions)))
        head = "step %d: %s = %s(%s)" % (k + 1, name, node.name(), args)
        if m is not None and m[0] != ():
            head += ", shape %s" % fmt_shape(m[0])
        lines.append(("h", [head]))
        g = gouts[0] if len(gouts) == 1 else None
        if g is not None and name != top:
            lines.append(("l", [_W("incoming "), _D(top, name), " = "] + total(node, g)))
        elif g is not None:
            lines.append(("l", [_W("seed "), _D(name, name), " = ", fv(g)]))
        else:               # several outputs: the gradient that reached each
            for nr, go in enumerate(gouts):
                if go is not None:
                    lines.append(("l", [_W("incoming "), _D(top, "%s[%d]" % (name, nr)), " = ", fv(go)]))
        vals = local_values(node, graph)
        numel = 1 if m is None else math.prod(m[0])
        for i, (child, nr) in enumerate(node.next_functions):
            if child is None or gins[i] is None:
                continue
            cname = output_name(label, child, nr)
            f = formula(node, i, label)
            v = vals[i]
            parts = [_D(name, cname), " = "]
            if f is not None:
                parts.append(f)
            if v is not None and v.size <= max_value_elements and fv(v) != f:
                parts.append((" = " if f is not None else "") + fv(v))
            elif f is None:
                parts.append(_W("(the rule of %s)" % node.name()))
            gi = gins[i]
            times = " · " if numel == 1 else " ⊙ "
            chain = [] if name == top else [_D(top, name), times, _D(name, cname), " = "]
            if g is not None and v is not None and g.size == 1 and v.size <= max_value_elements:
                sent = "%s · %s = %s" % (fv(g), _paren(fv(v)), fv(gi))
            elif g is not None and v is not None and v.size <= max_value_elements and g.size <= max_value_elements:
                sent = "%s ⊙ %s = %s" % (fv(g), fv(v), fv(gi))
            elif v is not None:     # elementwise, too long to write the factors out
                sent = fv(gi)
            else:
                chain = []
                sent = "vjp = " + fv(gi)
            lines.append(("l", parts + [_W("   sends ")] + chain + [sent, _W(" to %s" % cname)]))
    lines.append(("h", ["result (the total derivative is the sum over paths):"]))
    if inputs is None:
        input_nodes = [n for n in graph.leaf_nodes if n.variable is not None]
    else:
        input_nodes = [t.grad_fn if t.grad_fn is not None else _leaf_of(graph, t) for t in inputs]
    for node, r in zip(input_nodes, results):
        cname = label.get(node, "?")
        parts = [_D(top, cname), " = "]
        if r is None:
            parts.append(_W("0 (no path)"))
        else:
            parts += total(node, r)
        lines.append(("l", parts))
    return Explanation(top, lines)
