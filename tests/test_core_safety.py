"""No input crashes the interpreter: every public entry point of pyautograd._core, called with
wrong-typed arguments, raises a Python exception (or works) and never segfaults.

The calls run in a child process (a crash would take pytest down with it). The list of entry
points is generated from dir(_core), dir() of its classes and of the node objects a graph holds,
so a new entry point is covered without editing this file. After each corrupting call (an
attribute set to a wrong-typed value, a hook or a backward rule returning garbage) the objects
are used again (an op, backward, autograd.grad, inspection), which is where an unchecked cast
in the core would dereference the wrong type.
"""
import os
import subprocess
import sys
import textwrap

import pytest

from recorded import recorded_tests

_PRELUDE = r'''
import faulthandler, inspect, itertools, random, sys, warnings
faulthandler.enable()
warnings.simplefilter("ignore")
import numpy as np
import pyautograd as torch
from pyautograd import _core, _ops, _tensor

rnd = random.Random(0)
n_calls = [0]


def try_(f, *a, **k):
    n_calls[0] += 1
    try:
        return f(*a, **k)
    except Exception:
        return None


def leaf():
    return torch.tensor([1.0, 2.0], requires_grad=True)


def graph():
    x = leaf()
    y = x * 2.0
    z = y.sin()
    return x, y, z


class Opaque:
    pass


def bad_values():
    x, y, z = graph()
    acc = y.grad_fn.next_functions[0][0]
    return [None, 3.0, 7, -1, 2 ** 70, True, "a", b"b", np.ones(2), np.float64(1.0), [1.0], [x], (),
            (None,), (3.0,), (x,), (x, 3.0), {}, {"x": x}, object(), Opaque, Opaque(), len,
            lambda *a, **k: None, lambda *a, **k: 3.0, x, z, y.grad_fn, acc, _core.Node(),
            _core.AccumulateGrad(), _core.VersionCounter(), torch.float32, slice(None), ...]


def core_public():
    """(name, object) for every public callable of _core (classes included)."""
    out = []
    for name in dir(_core):
        if name.startswith("__"):
            continue
        obj = getattr(_core, name)
        if inspect.ismodule(obj) or not callable(obj):
            continue
        if getattr(obj, "__module__", None) not in ("pyautograd._core", "builtins"):
            continue        # re-exported helpers (heapq, weakref, ...)
        out.append((name, obj))
    return out


def exercise(*objs):
    """Use tensors / nodes the way a program would, after something was corrupted."""
    for o in objs:
        if isinstance(o, _core.TensorBase):
            for f in (lambda: o.grad_fn, lambda: o.grad, lambda: o.is_leaf, lambda: o._version,
                      lambda: repr(o), lambda: o * 2.0, lambda: (o * o).sum().backward(),
                      lambda: o.sum().backward(retain_graph=True),
                      lambda: torch.autograd.grad((o * 3.0).sum(), o, allow_unused=True),
                      lambda: o.retain_grad(), lambda: o.register_hook(lambda g: g),
                      lambda: o.detach().add_(1.0), lambda: o[0], lambda: o.data,
                      lambda: o.grad_fn and o.grad_fn.next_functions):
                try_(f)
        elif isinstance(o, _core.Node):
            for f in (lambda: o.next_functions, lambda: o.saved_tensors, lambda: o.result,
                      lambda: o.name(), lambda: repr(o), lambda: o.metadata, lambda: o(torch.ones(2)),
                      lambda: o(), lambda: o.register_hook(lambda *a: None),
                      lambda: o.register_prehook(lambda *a: None)):
                try_(f)
'''

# 1. every module-level callable of _core with every 0-2 argument combination of the bad
#    values, and random longer argument lists (run_backward and apply_inplace take up to 8).
_MODULE_CALLS = r'''
SETTERS = ("bind_python_layer", "_set_anomaly_enabled", "_set_grad_enabled", "_set_inference_mode",
           "_set_saved_tensors_hooks", "_prof_set_hooks")
names = [n for n, _ in core_public()]
assert "run_backward" in names and "apply_op" in names and "fast_add" in names, names
for name, fn in core_public():
    if name in SETTERS:
        continue            # they change the registrations the rest relies on: see SETTER_CALLS
    bad = bad_values()
    try_(fn)
    for a in bad:
        try_(fn, a)
    for a, b in itertools.product(bad, repeat=2):
        try_(fn, a, b)
    for n in range(3, 9):
        for _ in range(150):
            try_(fn, *[rnd.choice(bad) for _ in range(n)])
    # well-typed containers holding wrong-typed elements (tuples of tensors are expected)
    x, y, z = graph()
    for _ in range(300):
        args = [rnd.choice([(rnd.choice(bad),), (z, rnd.choice(bad)), (rnd.choice(bad), z), (z,),
                            (torch.ones(()),), rnd.choice(bad), True, False, None])
                for _ in range(rnd.randint(1, 8))]
        try_(fn, *args)
    exercise(x, y, z, z.grad_fn)
    torch.autograd.set_grad_enabled(True)
print("module calls", n_calls[0])
'''

# 2. every attribute of tensors and nodes (fields, properties, methods) set to / called with
#    bad values, then the objects are used again.
_ATTRIBUTE_CALLS = r'''
def instances():
    x, y, z = graph()
    acc = y.grad_fn.next_functions[0][0]
    w = x[0:1]                       # a view
    return {"leaf": x, "nonleaf": y, "root": z, "view": w, "node": z.grad_fn, "mulnode": y.grad_fn,
            "acc": acc, "bare_node": _core.Node(), "bare_acc": _core.AccumulateGrad(),
            "vc": _core.VersionCounter(), "retain_hook": _core._RetainGradHook(y),
            "bare_tensor": _core.TensorBase()}, (x, y, z, w)

# the wrong types that matter for typed fields and casts (None passes Cython's type checks,
# nodes where tensors go and the reverse, containers of the wrong things), plus a few more
# drawn at random per attribute (the full cross product takes minutes)
KEY = (0, 1, 3, 6, 8, 12, 14, 15, 19, 24, 25, 27, 28, 29, 30, 31)
proto, _ = instances()
for key, obj in proto.items():
    attrs = [a for a in dir(obj) if not (a.startswith("__") and a.endswith("__"))] + ["__call__"]
    for attr in attrs:
        objs, tensors = instances()
        try_(delattr, objs[key], attr)
        exercise(objs[key], tensors[2], tensors[2].grad_fn)
        bad = bad_values()
        picks = list(KEY) + rnd.sample(range(len(bad)), 4)
        for i in picks:
            objs, tensors = instances()
            val = bad_values()[i]
            o = objs[key]
            try_(setattr, o, attr, val)
            # the corrupted object, and the graph it may be part of (backward walks it all)
            exercise(o, tensors[2], tensors[2].grad_fn)
            m = try_(getattr, o, attr)
            if callable(m):
                try_(m)
                try_(m, val)
                try_(m, val, val)
                try_(m, *[rnd.choice(bad) for _ in range(rnd.randint(3, 6))])
                exercise(o, tensors[2])
print("attribute calls", n_calls[0])
'''

# 3. user code returning garbage into the engine: tensor hooks (leaf, non-leaf, with
#    retain_grad in both orders), node pre/post hooks, AccumulateGrad hooks, custom Function
#    backward, and raw apply_op / apply_inplace ops whose forward or backward returns garbage.
_RETURN_CALLS = r'''
def returns():
    x, y, z = graph()
    return bad_values() + [torch.ones(3), torch.ones(2, dtype=torch.float64), torch.ones(2, dtype=torch.int64),
                           (torch.ones(2),), (torch.ones(3),), (torch.ones(2), torch.ones(2)),
                           (None,), [torch.ones(2)], (3.0,), (np.ones(2),), ("a",), (x,), (z.grad_fn,)]

for r in returns():
    for mode in ("leaf", "nonleaf", "retain_first", "retain_last", "prehook", "posthook",
                 "acc_prehook", "acc_posthook"):
        for api in ("backward", "grad", "backward_inputs"):
            x, y, z = graph()
            if mode == "leaf":
                try_(x.register_hook, lambda g, r=r: r)
            elif mode == "nonleaf":
                try_(y.register_hook, lambda g, r=r: r)
            elif mode == "retain_first":
                y.retain_grad()
                try_(y.register_hook, lambda g, r=r: r)
            elif mode == "retain_last":
                try_(y.register_hook, lambda g, r=r: r)
                y.retain_grad()
            elif mode == "prehook":
                try_(y.grad_fn.register_prehook, lambda go, r=r: r)
            elif mode == "posthook":
                try_(y.grad_fn.register_hook, lambda gi, go, r=r: r)
            else:
                acc = y.grad_fn.next_functions[0][0]
                reg = acc.register_prehook if mode == "acc_prehook" else acc.register_hook
                try_(reg, lambda *a, r=r: r)
            loss = (z * z).sum()
            if api == "backward":
                try_(loss.backward, retain_graph=True)
            elif api == "grad":
                try_(torch.autograd.grad, loss, [x, y], retain_graph=True, allow_unused=True)
            else:
                try_(loss.backward, inputs=[x, y], retain_graph=True)
            exercise(x, y, z)

    class F(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            return a * b

        @staticmethod
        def backward(ctx, g, r=r):
            return r

    class G(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a, r=r):
            return r

        @staticmethod
        def backward(ctx, *g):
            return g[0] if g else None

    x, y, z = graph()
    out = try_(F.apply, x, y)
    if out is not None:
        try_(out.sum().backward)
    out = try_(G.apply, x)
    try_(lambda: out.sum().backward())
    exercise(x, y, z)

    class RawOp:
        name = "RawBackward0"

        @staticmethod
        def forward(ctx, *a, r=r):
            return r

        @staticmethod
        def backward(ctx, *g, r=r):
            return r

    class RawOp2:
        name = "Raw2Backward0"

        @staticmethod
        def forward(ctx, *a):
            return a[0]._data * 2

        @staticmethod
        def backward(ctx, *g, r=r):
            return r

    for op in (RawOp, RawOp2):
        x, y, z = graph()
        out = try_(_core.apply_op, op, (x,))
        try_(lambda: out.sum().backward())
        try_(lambda: torch.autograd.grad(out.sum(), x))
        out = try_(_core.apply_op, op, (x, y))
        try_(lambda: out.sum().backward())
        yy = y * 1.0
        try_(_core.apply_inplace, op, yy, (x,))
        try_(lambda: yy.sum().backward())
        exercise(x, y, z, yy)
print("return calls", n_calls[0])
'''

# 4. the registration functions with bad values, each followed by ordinary use.
_SETTER_CALLS = r'''
BAD = bad_values()          # made while the registrations are intact
BIND_KEYS = ("tensor_class", "dtype_from_numpy", "sum_to", "zeros", "copy_grad", "array_rules", "view_positions",
             "view_write", "view_regenerate", "iter_layout", "fast_ops", "slow_binary", "errstate_var",
             "errstate_quiet")


def bind_bad(*args):
    # the keyword-only binding with bad values for all its hooks (positional arguments: TypeError)
    _core.bind_python_layer(**{k: rnd.choice(BAD) for k in BIND_KEYS})


for name in ("bind_python_layer", "_set_anomaly_enabled", "_set_grad_enabled", "_set_inference_mode",
             "_set_saved_tensors_hooks", "_prof_set_hooks"):
    fn = bind_bad if name == "bind_python_layer" else getattr(_core, name)
    for n in range(0, 7):
        for _ in range(20):
            try_(fn, *[rnd.choice(BAD) for _ in range(n)])
            objs = try_(graph)      # ops may fail now (the registrations are garbage), not crash
            if objs is not None:
                exercise(*objs, objs[2].grad_fn)
            try_(lambda: torch.ones(2) + 1.0)
            try_(lambda: torch.ones(2, requires_grad=True).sum().backward())
print("setter calls", n_calls[0])
'''


def _run(body, timeout=900):
    code = _PRELUDE + textwrap.dedent(body) + '\nprint("DONE")\n'
    env = dict(os.environ)
    env.pop("PYTHONFAULTHANDLER", None)
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout,
                       env=env)
    tail = (p.stdout[-2000:] + "\n--- stderr ---\n" + p.stderr[-6000:])
    assert p.returncode == 0, "child exited with %d (crash)\n%s" % (p.returncode, tail)
    assert "DONE" in p.stdout, tail
    return p.stdout


@pytest.mark.parametrize("body", [_MODULE_CALLS, _ATTRIBUTE_CALLS, _RETURN_CALLS, _SETTER_CALLS],
                         ids=["module", "attributes", "returns", "setters"])
def test_wrong_types_never_crash(body):
    _run(body)


# Bad input to the engine's entry points, hooks, custom Functions and .grad assignment: the
# error (type and text) or result PyTorch 2.13.0 gives, recorded (checked against torch by
# test_recorded_outputs_are_pytorchs when it is installed). Several crashed the interpreter.
CASES = [
    ('x = torch.tensor([1., 2.], requires_grad=True)\nloss = (x * x).sum()\ntorch.autograd.grad(loss, [x, 3.0])',
     'RuntimeError: all inputs have to be Tensors or GradientEdges, but got float'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nloss = (x * x).sum()\ntorch.autograd.grad(loss, [x, None])',
     'RuntimeError: all inputs have to be Tensors or GradientEdges, but got NoneType'),
    ("x = torch.tensor([1., 2.], requires_grad=True)\nloss = (x * x).sum()\ntorch.autograd.grad(loss, [x, 'a'])",
     'RuntimeError: all inputs have to be Tensors or GradientEdges, but got str'),
    ('import numpy as np\nx = torch.tensor([1., 2.], requires_grad=True)\nloss = (x * x).sum()\ntorch.autograd.grad(loss, [x, np.ones(2)])',
     'RuntimeError: all inputs have to be Tensors or GradientEdges, but got numpy.ndarray'),
    ('import numpy as np\nx = torch.tensor([1., 2.], requires_grad=True)\nloss = (x * x).sum()\ntorch.autograd.grad(loss, np.ones(2))',
     'RuntimeError: all inputs have to be Tensors or GradientEdges, but got numpy.float64'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nloss = (x * x).sum()\ntorch.autograd.grad(loss, 3.0)',
     "TypeError: 'float' object is not iterable"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nloss = (x * x).sum()\ntorch.autograd.grad(loss, [x, [x]])',
     'RuntimeError: all inputs have to be Tensors or GradientEdges, but got list'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nloss = (x * x).sum()\nloss.backward(inputs=[3.0])',
     'RuntimeError: all inputs have to be Tensors or GradientEdges, but got float'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nloss = (x * x).sum()\nloss.backward(inputs=[x, None])',
     'RuntimeError: all inputs have to be Tensors or GradientEdges, but got NoneType'),
    ("x = torch.tensor([1., 2.], requires_grad=True)\nloss = (x * x).sum()\nloss.backward(inputs='a')",
     'RuntimeError: all inputs have to be Tensors or GradientEdges, but got str'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nloss = (x * x).sum()\ntorch.autograd.grad(loss, {"x": x})',
     "{'x': tensor([2., 4.])}"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nloss = (x * x).sum()\ntorch.autograd.grad(loss, {"a": x, "b": x * 1}, allow_unused=True)',
     "{'a': tensor([2., 4.]), 'b': None}"),
    ('from collections import OrderedDict\nx = torch.tensor([1., 2.], requires_grad=True)\nloss = (x * x).sum()\ntorch.autograd.grad(loss, OrderedDict(x=x))',
     'TypeError: `inputs` argument to `grad()` must be a dict, not OrderedDict. Other Mapping types are not supported.'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nloss = (x * x).sum()\nloss.backward(inputs={"x": x})\nx.grad',
     'tensor([2., 4.])'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nloss = (x * x).sum()\ntorch.autograd.grad(loss, {x})',
     '(tensor([2., 4.]),)'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nloss = (x * x).sum()\ntorch.autograd.grad(loss, (t for t in [x]))',
     '(tensor([2., 4.]),)'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nloss = (x * x).sum()\ng = torch.autograd.grad(loss, [x, 3.0]) if False else None\nloss.backward()\nx.grad',
     'tensor([2., 4.])'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ntorch.autograd.grad(3.0, [x])',
     "TypeError: 'float' object is not iterable"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ntorch.autograd.grad([3.0], [x])',
     'AssertionError: Expected output to be a torch.Tensor'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ntorch.autograd.grad(None, [x])',
     "TypeError: 'NoneType' object is not iterable"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ntorch.autograd.backward([None])',
     'AssertionError: Expected output to be a torch.Tensor'),
    ("x = torch.tensor([1., 2.], requires_grad=True)\ntorch.autograd.backward('a')",
     'AssertionError: Expected output to be a torch.Tensor'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nloss = (x * x).sum()\ntorch.autograd.grad(loss, [x], grad_outputs=[3.0])',
     'TypeError: gradients can be either Tensors or None, but got float'),
    ("x = torch.tensor([1., 2.], requires_grad=True)\nloss = (x * x).sum()\ntorch.autograd.grad(loss, [x], grad_outputs='a')",
     'TypeError: gradients can be either Tensors or None, but got str'),
    ('import numpy as np\nx = torch.tensor([1., 2.], requires_grad=True)\nloss = (x * x).sum()\ntorch.autograd.backward(loss, grad_tensors=[np.ones(())])',
     'TypeError: gradients can be either Tensors or None, but got ndarray'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nloss = (x * x).sum()\nloss.backward([3.0])',
     'TypeError: gradients can be either Tensors or None, but got float'),
    ('import numpy as np\nx = torch.tensor([1., 2.], requires_grad=True)\nx.register_hook(lambda g: 3.0)\n(x * x).sum().backward()',
     "TypeError: expected Variable, but hook returned 'float'"),
    ('import numpy as np\nx = torch.tensor([1., 2.], requires_grad=True)\nx.register_hook(lambda g: np.ones(2))\n(x * x).sum().backward()',
     "TypeError: expected Variable, but hook returned 'numpy.ndarray'"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx.register_hook(lambda g: 3.0)\ntorch.autograd.grad((x * x).sum(), x)',
     "TypeError: expected Variable, but hook returned 'float'"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\ny.register_hook(lambda g: 3.0)\n(y * y).sum().backward()',
     "TypeError: expected Variable, but hook returned 'float'"),
    ('import numpy as np\nx = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\ny.retain_grad()\ny.register_hook(lambda g: np.ones(2))\n(y * y).sum().backward()',
     "TypeError: expected Variable, but hook returned 'numpy.ndarray'"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\ny.register_hook(lambda g: "a")\ny.retain_grad()\n(y * y).sum().backward()',
     "TypeError: expected Variable, but hook returned 'str'"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx.register_hook(lambda g: torch.ones(3))\n(x * x).sum().backward()',
     "RuntimeError: hook '<lambda>' has changed the size of value"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\ny.register_hook(lambda g: torch.ones(2, dtype=torch.float64))\n(y * y).sum().backward()',
     "RuntimeError: hook '<lambda>' has changed the type of value (was torch.FloatTensor got torch.DoubleTensor)"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx.register_hook(lambda g: torch.ones(2))\n(x * x).sum().backward()\nx.grad',
     'tensor([1., 1.])'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx.register_hook(lambda g: 3.0)\ntry:\n    (x * x).sum().backward()\nexcept TypeError:\n    pass\n(x.grad, x._version)',
     '(None, 0)'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\nz = (y * y).sum()\ny.grad_fn.register_prehook(lambda go: 3.0)\nz.backward()',
     "TypeError: expected tuple, but hook returned 'float'"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\nz = (y * y).sum()\ny.grad_fn.register_prehook(lambda go: [go[0]])\nz.backward()',
     "TypeError: expected tuple, but hook returned 'list'"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\nz = (y * y).sum()\ny.grad_fn.register_prehook(lambda go: (3.0,))\nz.backward()',
     "TypeError: expected Variable, but hook returned 'float'"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\nz = (y * y).sum()\ny.grad_fn.register_prehook(lambda go: ())\nz.backward()',
     "RuntimeError: hook '<lambda>' has returned an incorrect number of values (got 0, but expected 1)"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\nz = (y * y).sum()\ny.grad_fn.register_prehook(lambda go: (torch.ones(3),))\nz.backward()',
     "RuntimeError: hook '<lambda>' has changed the size of value"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\nz = (y * y).sum()\ny.grad_fn.register_prehook(lambda go: (None,))\nz.backward()\nx.grad',
     'None'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\nz = (y * y).sum()\ny.grad_fn.register_prehook(lambda go: (go[0] * 0 + 1,))\nz.backward()\nx.grad',
     'tensor([2., 2.])'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\nz = (y * y).sum()\ny.grad_fn.register_hook(lambda gi, go: 3.0)\nz.backward()',
     "TypeError: expected tuple, but hook returned 'float'"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\nz = (y * y).sum()\ny.grad_fn.register_hook(lambda gi, go: (gi[0] * 10, None))\nz.backward()\nx.grad',
     'tensor([ 80., 160.])'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\nz = (y * y).sum()\ny.grad_fn.register_hook(lambda gi, go: (gi[0],))\nz.backward()',
     "RuntimeError: hook '<lambda>' has returned an incorrect number of values (got 1, but expected 2)"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\nz = (y * y).sum()\nacc = y.grad_fn.next_functions[0][0]\nacc.register_hook(lambda gi, go: (go[0],))\nz.backward()',
     "RuntimeError: hook '<lambda>' has returned an incorrect number of values (got 1, but expected 0)"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\nz = (y * y).sum()\nacc = y.grad_fn.next_functions[0][0]\nacc.register_prehook(lambda go: (go[0] * 0 + 5,))\nz.backward()\nx.grad',
     'tensor([5., 5.])'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\nz = (y * y).sum()\nseen = []\ny.grad_fn.register_hook(lambda gi, go: seen.append((gi, go)))\nz.backward()\nseen',
     '[((tensor([ 8., 16.]), None), (tensor([4., 8.]),))]'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\nz = (y * y).sum()\nseen = []\nacc = y.grad_fn.next_functions[0][0]\nacc.register_hook(lambda gi, go: seen.append((gi, go)))\nz.backward()\nseen',
     '[((), (tensor([ 8., 16.]),))]'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\nz = (y * y).sum()\nlog = []\ny.grad_fn.register_prehook(lambda go: (log.append(("P", go[0].tolist())), (go[0] + 1,))[1])\ny.retain_grad()\ny.register_hook(lambda g: (log.append(("T", g.tolist())), g * 10)[1])\nz.backward()\n(log, y.grad, x.grad)',
     "([('T', [4.0, 8.0]), ('P', [40.0, 80.0])], tensor([40., 80.]), tensor([ 82., 162.]))"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\nz = (y * y).sum()\nlog = []\ny.retain_grad()\ny.grad_fn.register_prehook(lambda go: (log.append(("P", go[0].tolist())), (go[0] + 1,))[1])\ny.register_hook(lambda g: (log.append(("T", g.tolist())), g * 10)[1])\nz.backward()\n(log, y.grad, x.grad)',
     "([('T', [4.0, 8.0]), ('P', [40.0, 80.0])], tensor([40., 80.]), tensor([ 82., 162.]))"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nlog = []\nx.register_hook(lambda g: (log.append("T"), g * 10)[1])\ny = x * 2\nacc = y.grad_fn.next_functions[0][0]\nacc.register_prehook(lambda go: (log.append("P"), (go[0] + 1,))[1])\ny.sum().backward()\n(log, x.grad)',
     "(['T', 'P'], tensor([21., 21.]))"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nlog = []\nx.register_hook(lambda g: (log.append("T"), g * 10)[1])\ny = x * 2\nacc = y.grad_fn.next_functions[0][0]\nacc.register_prehook(lambda go: (log.append("P"), (go[0] + 1,))[1])\n(torch.autograd.grad(y.sum(), x), log)',
     "((tensor([20., 20.]),), ['T'])"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\nz = (y * y).sum()\ny.register_hook(lambda g: g * 10)\n(torch.autograd.grad(z, y), )',
     '((tensor([40., 80.]),),)'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\ny.retain_grad()\ny.mul_(3)\n(y * y).sum().backward()\n(y.grad, x.grad, y.retains_grad)',
     '(tensor([12., 24.]), tensor([ 72., 144.]), True)'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\ny.retain_grad()\ny.mul_(3)\ny.retain_grad()\ny.add_(1)\n(y * y).sum().backward()\n(y.grad, x.grad)',
     '(tensor([14., 26.]), tensor([ 84., 156.]))'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\nseen = []\ny.register_hook(lambda g: seen.append(g))\ny.retain_grad()\ny.mul_(3)\n(y * y).sum().backward()\n(seen, y.grad)',
     '([tensor([36., 72.])], tensor([12., 24.]))'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\nv = y[0:1]\ny.retain_grad()\nv.mul_(3)\n(y * y).sum().backward()\n(y.grad, x.grad)',
     '(tensor([12.,  8.]), tensor([72., 16.]))'),
    ('class Twice(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, a):\n        b = a * 2\n        return b, b\n    @staticmethod\n    def backward(ctx, g1, g2):\n        return g1 + 10 * g2\na = torch.tensor([1., 2.], requires_grad=True)\np, q = Twice.apply(a)\n(p.sum() + 3 * q.sum()).backward()\n(p is q, p.output_nr, a.grad)',
     '(True, 1, tensor([40., 40.]))'),
    ('class F(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, a, b):\n        return a * b\n    @staticmethod\n    def backward(ctx, g):\n        return g, 3.0\na = torch.tensor([1., 2.], requires_grad=True)\nF.apply(a, a).sum().backward()',
     'RuntimeError: expected Variable or None (got float)'),
    ('import numpy as np\nclass F(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, a, b):\n        return a * b\n    @staticmethod\n    def backward(ctx, g):\n        return g, np.ones(2)\na = torch.tensor([1., 2.], requires_grad=True)\nF.apply(a, a).sum().backward()',
     'RuntimeError: expected Variable or None (got numpy.ndarray)'),
    ('class F(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, a, b):\n        return a * b\n    @staticmethod\n    def backward(ctx, g):\n        return g\na = torch.tensor([1., 2.], requires_grad=True)\nF.apply(a, a).sum().backward()',
     'RuntimeError: function FBackward returned an incorrect number of gradients (expected 2, got 1)'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nsetattr(x, "grad", x)',
     "RuntimeError: can't assign Variable as its own grad"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ntry:\n    x.grad = x\nexcept RuntimeError:\n    pass\n(x.grad, x)',
     '(None, tensor([1., 2.], requires_grad=True))'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\nsetattr(y, "grad", y)',
     "RuntimeError: can't assign Variable as its own grad"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nsetattr(x, "grad", torch.ones(3))',
     "RuntimeError: attempting to assign a gradient of size '[3]' to a tensor of size '[2]'. Please ensure that the gradient and the tensor are the same size"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nsetattr(x, "grad", torch.ones(3, dtype=torch.float64))',
     "RuntimeError: attempting to assign a gradient with dtype 'double' to a tensor with grad_dtype 'Float'. The gradient must match the tensor's grad_dtype (defaults to the tensor's dtype). You can set the tensor's grad_dtype attribute with a specific dtype, or None to allow any dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and its gradient may break downstream systems that assume they match."),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nsetattr(x, "grad", torch.ones(2, dtype=torch.int64))',
     "RuntimeError: attempting to assign a gradient with dtype 'long int' to a tensor with grad_dtype 'Float'. The gradient must match the tensor's grad_dtype (defaults to the tensor's dtype). You can set the tensor's grad_dtype attribute with a specific dtype, or None to allow any dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and its gradient may break downstream systems that assume they match."),
    ('import numpy as np\nx = torch.tensor([1., 2.], requires_grad=True)\nsetattr(x, "grad", np.ones(2))',
     'TypeError: assigned grad expected to be a Tensor or None but got grad of type numpy.ndarray'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx.grad = torch.ones(2)\ndel x.grad\nx.grad',
     'None'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nsetattr(x, "data", 3.0)',
     'TypeError: Variable data has to be a tensor, but got float'),
]

test_same_as_pytorch, test_recorded_outputs_are_pytorchs = recorded_tests(CASES)
