"""The op registry: the declaration every op is, and the two rule namespaces built from it.

An op is a class deriving from Op. Its declaration holds
  name        PyTorch's grad_fn name (SinBackward0)
  forward     forward(ctx, *tensor_inputs, **options) -> ndarray (or tuple): the array computation
  vjp         vjp(F, ctx, *grads): the reverse rule, written once against a rule namespace F
  jvp         jvp(F, ctx, primals, options, result, *tangents): the forward-mode rule (below)
  fn          the name of its public function (pyautograd.<fn>, and F.<fn> inside rules)
  array       its computation on plain arrays (what F.<fn> is in plain backward)
A rule runs in one of two modes (the engine picks):
  plain backward   F is ARRAY: F's functions take and return NumPy arrays (0-d values as NumPy
                   scalars), the saved tensors come as arrays (F.saved(ctx)); no tensor and no node
                   is made inside the rule.
  create_graph, batched, anomaly
                   F is GRAPH: the same names are pyautograd's recorded differentiable ops on
                   tensors, so the rule's own computation is recorded (higher derivatives).
Both namespaces come from the same table of names (the ops' `fn`/`array` and the rule helpers
declared with rule_helper below), so they cannot drift: a name bound in one is bound in both.
Arithmetic operators (+ - * / ** @, unary -) mean the same on arrays and tensors; everything
else a rule does goes through F.

The forward-mode rule (pyautograd.autograd.forward_ad) is `jvp(F, ctx, primals, options, result,
*tangents)`, run after the forward when an input carries a tangent: F is always GRAPH (tangents
are tensors, so with grad mode on the tangent computation is recorded: reverse-over-forward);
ctx is the forward's ctx (the attributes the forward set; nothing is saved when the op is not
recorded, so a jvp reads primals and result, never F.saved); primals: the op's tensor inputs (as
the forward got them); options: its keyword options (a dict); result: the output tensor (a tuple
of them for several outputs); tangents: one per primal, zeros for an input without tangent (None
for a non-float input). It returns the result's tangent (a tuple, None for an output without
one). For an in-place op, primals[0] is the old value and result the changed tensor; its
returned tangent is written into the old tangent in place. The tangent of a view is the same
view of the tangent (linear_jvp below applies the op itself to the tangents). An op without jvp
raises PyTorch's NotImplementedError for an op without forward AD when a tangent reaches it.

Ops that still define `backward(ctx, *grads)` on tensors (and custom Functions) run on tensors
in every mode; the engine wraps and unwraps around them.
"""

import functools
import inspect

from .._core import apply_op, FloatUnary

__all__ = ["linear_jvp", "elementwise_jvp", "bilinear_jvp", "vjp_jvp", "by_options", "ForwardCtx", "Op", "REGISTRY", "ALL_OPS", "PUBLIC", "NOT_PACKAGE_FUNCTIONS", "register", "expose", "alias", "registry_specs", "rule_helper", "ARRAY", "GRAPH", "EXTRA_SPECS"]


class RuleNamespace:
    """The F a rule sees. `mode` is "array" or "graph"."""

    def __init__(self, mode):
        self.mode = mode

    def __repr__(self):
        return "<rule namespace %s: %d functions>" % (self.mode, len(_NAMES))

    def __getattr__(self, name):
        # only reached for a name not bound: a rule used something neither namespace declares
        raise AttributeError("the %s rule namespace has no function %r (declare it with rule_helper or an "
                             "op's fn/array)" % (self.mode, name))


ARRAY = RuleNamespace("array")
GRAPH = RuleNamespace("graph")
_NAMES = {}          # name -> (array function, graph function or None until bound)
REGISTRY = {}        # class name -> op class, in declaration order


def rule_helper(name, array, graph):
    """Declare F.<name>: `array` in plain backward, `graph` (on tensors, recorded) otherwise."""
    if name in _NAMES:
        raise ValueError("rule namespace function %r declared twice" % name)
    _NAMES[name] = (array, graph)
    setattr(ARRAY, name, array)
    setattr(GRAPH, name, graph)


def register(cls):
    """Class decorator: add an op declaration to the registry (and F.<fn> when it has an array form)."""
    REGISTRY[cls.__name__] = cls
    return cls


def bind_public_functions(namespace):
    """F.<fn> of GRAPH for ops declaring fn and array: the public function of that name.
    Called once, after the public functions exist (the Python layer binds the core and this)."""
    for op in REGISTRY.values():
        fn = op.__dict__.get("fn")
        arr = op.__dict__.get("array")
        if fn is None or arr is None or fn in _NAMES:
            continue
        rule_helper(fn, arr, namespace[fn])


# ---- exposure: how users reach an op --------------------------------------------------------
# Every public function of the op layer is declared with expose() where it is defined (or made by
# a declaration helper that calls it, as _float_unary does). pyautograd.__all__, the Tensor
# methods (x.sin()), the in-place variants (x.sin_(), torch.sin_) and the op tests' coverage check
# all read PUBLIC; nothing else lists op names.

class Exposure:
    """A public function: its name, whether it is also a Tensor method (self first), and the op
    its in-place variant applies (name_: x.sin_(), torch.sin_), if it has one."""
    __slots__ = ("name", "function", "method", "inplace_op", "inplace_binary", "alias_of", "specs", "method_function")

    def __init__(self, name, function, method, inplace_op, alias_of=None, specs=(), inplace_binary=False):
        self.inplace_binary = inplace_binary
        self.name = name
        self.function = function
        self.method_function = function   # Tensor.<name> (the call forms pyautograd/_ops.py gives it)
        self.method = method
        self.inplace_op = inplace_op
        self.alias_of = alias_of
        self.specs = specs

    def __repr__(self):
        return "<public %s%s%s>" % (self.name, " method" if self.method else "",
                                    " in-place" if self.inplace_op is not None else "")


PUBLIC = {}          # name -> Exposure, in declaration order

# Declared public names that are not functions of the package, as in PyTorch: torch has no
# torch.view, torch.scatter_ or torch.sign_ (x.view(...), x.scatter_(...), x.sign_() are the API,
# the Tensor methods these declarations give), and getitem / setitem / to_dtype / sum_to are what
# x[i], x[i] = v, x.to(dtype) and the broadcasting gradient call (pyautograd._ops.<name>).
# pyautograd/__init__.py leaves them out of the package namespace and of __all__.
NOT_PACKAGE_FUNCTIONS = frozenset({
    "view", "repeat", "expand", "expand_as", "scatter_", "scatter_add_", "scatter_reduce_", "index_add_",
    "index_copy_", "index_fill_", "masked_scatter_", "put_", "digamma_", "erfinv_", "lgamma_", "sign_",
    "getitem", "setitem", "to_dtype", "sum_to"})


def expose(function=None, *, name=None, method=False, inplace_op=None, inplace_binary=False, spec=None):
    """Declare a public function (decorator or call): pyautograd.<name>, and Tensor.<name> when
    method is True; inplace_op: the op of its in-place variant <name>_ (x.sin_(), torch.sin_; with
    inplace_binary, a method of two operands: x.hypot_(y)); spec: the test spec (an
    ops._spec.OpSpec, or a list of them) the generated gradient tests run."""
    specs = () if spec is None else tuple(spec) if isinstance(spec, (list, tuple)) else (spec,)

    def declare(f):
        n = name or f.__name__
        if n in PUBLIC:
            raise ValueError("public function %r declared twice" % n)
        PUBLIC[n] = Exposure(n, f, method, inplace_op, specs=specs, inplace_binary=inplace_binary)
        return f
    return declare(function) if function is not None else declare


def alias(name, function, method=None):
    """Another public name of a declared function (negative = alias("negative", neg)); a method
    too when the function is one, unless method says otherwise."""
    target = PUBLIC[function.__name__] if function.__name__ in PUBLIC else None
    if name in PUBLIC:
        raise ValueError("public function %r declared twice" % name)
    m = (target.method if target is not None else False) if method is None else method
    # the public name the alias repeats (ne is declared as NumPy's not_equal, so look it up)
    of = next((n for n, e in PUBLIC.items() if e.function is function), function.__name__)
    PUBLIC[name] = Exposure(name, _alias_object(name, of, function), m, target.inplace_op if target is not None else None,
                            alias_of=function.__name__,
                            inplace_binary=target.inplace_binary if target is not None else False)
    return function


def compose_doc(head, doc):
    """head, a blank line, then the docstring doc, as one consistently indented docstring.

    A docstring's first line starts at column 0 and its body is indented; pasted after a head line
    as it is, its own first line would sit at column 0 between indented lines, and Sphinx (and
    inspect.cleandoc) would read the body as a block quote. doc is cleaned first, so every line of
    the result after the head starts at column 0."""
    doc = inspect.cleandoc(doc or "")
    return "%s\n\n%s\n" % (head, doc) if doc else head + "\n"


def _alias_object(name, of, function):
    """pyautograd.<name> for an alias: the function under its own name, with a docstring saying
    which function it is (so help(pyautograd.negative) says "Alias of pyautograd.neg")."""
    doc = compose_doc("Alias of pyautograd.%s." % of, function.__doc__)
    if isinstance(function, FloatUnary):
        # another compiled entry of the same op: keeps the call free of a Python frame
        a = FloatUnary(function._op, function._slow)
        a._op, a._slow = function._op, function._slow
        a.__module__ = function.__module__
    else:
        @functools.wraps(function)
        def a(*args, **kwargs):
            return function(*args, **kwargs)
    a.__name__ = a.__qualname__ = name
    a.__doc__ = doc
    return a


EXTRA_SPECS = []     # specs of ops whose public function is not a PUBLIC name (torch.special.<fn> only)


def registry_specs():
    """The test specs declared with the public functions, in declaration order, then EXTRA_SPECS."""
    return [sp for e in PUBLIC.values() for sp in e.specs] + EXTRA_SPECS


def linear_jvp(F, ctx, primals, options, result, *tangents):
    """The jvp of an op linear in its tensor inputs (views, shapes, sums, add): the op on the
    tangents, with the same options (the tangent of a view is that view of the tangent)."""
    return apply_op(ctx.op, tuple(tangents), options or None)


def elementwise_jvp(vjp):
    """The jvp of an elementwise op from its derivative written as a vjp (PyTorch's
    auto_element_wise): vjp(F, ctx, primals, result, g) gives each input's gradient (a tuple for
    several inputs). J is diagonal per input, so J t is the sum of the vjps of the tangents
    (conjugated twice for complex values: a vjp multiplies by conj(f'(x)))."""
    def jvp(F, ctx, primals, options, result, *tangents):
        out = None
        for i, t in enumerate(tangents):
            if t is None:
                continue
            c = F.is_complex(t) or F.is_complex(result)
            g = vjp(F, ctx, primals, result, F.conj(t) if c else t)
            gi = g[i] if isinstance(g, tuple) else g
            if gi is None:
                continue
            gi = F.conj(gi) if c else gi
            out = gi if out is None else out + gi
        if out is not None and not F.is_complex(result) and F.is_complex(out):
            out = F.real(out)
        return out
    return jvp


class ForwardCtx:
    """The ctx a vjp sees when a jvp calls it (vjp_jvp), and a custom Function's jvp: the
    forward's ctx (attributes read, set and deleted on it), with the values the forward would
    have saved as saved_tensors (a forward not recorded saves nothing; a Function's
    save_for_forward) and, for ops, the result."""

    def __init__(self, ctx, saved, result, n):
        object.__setattr__(self, "_ctx", ctx)
        object.__setattr__(self, "saved_tensors", saved)
        if result is not None:
            object.__setattr__(self, "result", result)
        if n:
            object.__setattr__(self, "needs_input_grad", (True,) * n)

    def __getattr__(self, name):
        return getattr(self._ctx, name)

    def __setattr__(self, name, value):
        setattr(self._ctx, name, value)

    def __delattr__(self, name):
        delattr(self._ctx, name)


def bilinear_jvp(F, ctx, primals, options, result, ta, tb):
    """The jvp of an op linear in each of its two inputs (matmul, dot, ...): op(ta, b) + op(a, tb)
    (without the term of an input whose tangent is the zeros forward AD filled in)."""
    a, b = primals
    if getattr(ta, "_fw_zero", False):
        return apply_op(ctx.op, (a, tb), options or None)
    if getattr(tb, "_fw_zero", False):
        return apply_op(ctx.op, (ta, b), options or None)
    return apply_op(ctx.op, (ta, b), options or None) + apply_op(ctx.op, (a, tb), options or None)


def vjp_jvp(structure, saved=None):
    """A jvp from the op's own vjp, for ops whose Jacobian has a structure that makes J t readable
    from vjps: "elementwise" (each output element depends on the same element of each input:
    J t is the vjp of t, conjugated twice for complex values), "scalar" (a 0-d result: J t is
    <conj(vjp(1)), t>), or a function of (ctx, options) giving the reduced dims and keepdim of a
    reduction (each output element depends on one slice of the input: J t is the sum over the
    slice of conj(vjp(1)) * t). `structure` may also be a function of options returning one of
    these (losses: "elementwise" for reduction="none"). saved(primals, result): what the forward
    saves (default: its tensor inputs). A real result of complex inputs takes the real part."""
    def jvp(F, ctx, primals, options, result, *tangents):
        kind = structure(options) if getattr(structure, "options", False) else structure
        fctx = ForwardCtx(ctx, tuple(primals) if saved is None else saved(primals, result), result, len(primals))
        vjp = ctx.op.vjp
        real_out = not F.is_complex(result)
        out = None
        if kind == "elementwise":
            for i, t in enumerate(tangents):
                if t is None:
                    continue
                c = F.is_complex(t)
                g = vjp(F, fctx, F.conj(t) if c else t)
                gi = g[i] if isinstance(g, tuple) else g
                if gi is None:
                    continue
                gi = F.conj(gi) if F.is_complex(gi) else gi
                out = gi if out is None else out + gi
        else:
            g = vjp(F, fctx, F.ones_like(result))
            g = g if isinstance(g, tuple) else (g,)
            if kind == "scalar":
                dim, keepdim = None, False
                if all(t is None or 0 in F.shape(t) for t in tangents):
                    return result - result    # no element: 0 for a sum, nan for a mean (0 / 0), as PyTorch
            else:
                dim, keepdim = kind(ctx, options)
            for gi, t in zip(g, tangents):
                if gi is None or t is None:
                    continue
                gi = F.conj(gi) if F.is_complex(gi) else gi
                term = F.sum(gi * t, dim, keepdim) if (dim is not None or F.ndim(t)) else gi * t
                out = term if out is None else out + term
        if out is None:
            return None
        if real_out and F.is_complex(out):
            out = F.real(out)
        return out
    return jvp


def by_options(fn):
    """Mark fn(options) -> structure for vjp_jvp (chosen per call from the op's options)."""
    fn.options = True
    return fn


ALL_OPS = []         # every op declaration (Op subclass), in definition order


class Op:
    """Base of op declarations."""
    name = "Op"
    builtin_rule = True     # the engine may skip the rule when only exact zeros reach it
    elementwise = False     # True: the result gets PyTorch's TensorIterator layout (_iter_layout)
    vjp = None              # vjp(F, ctx, *grads): run on arrays in plain backward (see above)
    jvp = None              # jvp(F, ctx, primals, options, result, *tangents): forward mode (above)
    fn = None
    array = None

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        ALL_OPS.append(cls)

    @classmethod
    def backward(cls, ctx, *grads):
        """The reverse rule on tensors (create_graph, batched passes, Node.__call__)."""
        return cls.vjp(GRAPH, ctx, *grads)
