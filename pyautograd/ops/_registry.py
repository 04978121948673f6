"""The op registry: the declaration every op is, and the two rule namespaces built from it.

An op is a class deriving from Op. Its declaration holds
  name        PyTorch's grad_fn name (SinBackward0)
  forward     forward(ctx, *tensor_inputs, **options) -> ndarray (or tuple): the array computation
  vjp         vjp(F, ctx, *grads): the reverse rule, written once against a rule namespace F
  jvp         the forward-mode rule (filled by forward-mode AD; None until then)
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

Ops that still define `backward(ctx, *grads)` on tensors (and custom Functions) run on tensors
in every mode; the engine wraps and unwraps around them.
"""

__all__ = ["Op", "REGISTRY", "ALL_OPS", "PUBLIC", "register", "expose", "alias", "registry_specs", "rule_helper", "ARRAY", "GRAPH"]


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
    __slots__ = ("name", "function", "method", "inplace_op", "inplace_binary", "alias_of", "specs")

    def __init__(self, name, function, method, inplace_op, alias_of=None, specs=(), inplace_binary=False):
        self.inplace_binary = inplace_binary
        self.name = name
        self.function = function
        self.method = method
        self.inplace_op = inplace_op
        self.alias_of = alias_of
        self.specs = specs

    def __repr__(self):
        return "<public %s%s%s>" % (self.name, " method" if self.method else "",
                                    " in-place" if self.inplace_op is not None else "")


PUBLIC = {}          # name -> Exposure, in declaration order


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
    PUBLIC[name] = Exposure(name, function, m, target.inplace_op if target is not None else None,
                            alias_of=function.__name__,
                            inplace_binary=target.inplace_binary if target is not None else False)
    return function


def registry_specs():
    """The test specs declared with the public functions, in declaration order."""
    return [sp for e in PUBLIC.values() for sp in e.specs]


ALL_OPS = []         # every op declaration (Op subclass), in definition order


class Op:
    """Base of op declarations."""
    name = "Op"
    builtin_rule = True     # the engine may skip the rule when only exact zeros reach it
    elementwise = False     # True: the result gets PyTorch's TensorIterator layout (_iter_layout)
    vjp = None              # vjp(F, ctx, *grads): run on arrays in plain backward (see above)
    jvp = None              # forward-mode rule (forward-mode AD fills these)
    fn = None
    array = None

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        ALL_OPS.append(cls)

    @classmethod
    def backward(cls, ctx, *grads):
        """The reverse rule on tensors (create_graph, batched passes, Node.__call__)."""
        return cls.vjp(GRAPH, ctx, *grads)
