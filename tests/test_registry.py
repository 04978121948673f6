"""The op registry (pyautograd/ops/_registry.py) is complete: every op declaration is run by a
test spec, every declared spec runs the op it is declared with, and everything users reach
(pyautograd.__all__, Tensor methods, in-place variants) comes from the declarations."""
import numpy as np
import pytest

import pyautograd as T
from pyautograd.ops import _registry as R
from op_specs import OP_SPECS, make_arrays
from complex_specs import SPECS as COMPLEX_SPECS
from test_ops_grad import _leaves, _outputs


def _node_names(tensors, into):
    stack = [t.grad_fn for t in tensors if t is not None and t.grad_fn is not None]
    seen = set()
    while stack:
        n = stack.pop()
        if n is None or id(n) in seen:
            continue
        seen.add(id(n))
        into.add(type(n).__name__)
        stack.extend(f for f, _ in n.next_functions)


def _names_run_by(fn, leaves, second=True):
    """grad_fn type names in the graph of fn(leaves) and, with second, in its gradients' graph."""
    names = set()
    outs = [o for o in _outputs(fn(T, *leaves)) if o.requires_grad]
    _node_names(outs, names)
    if outs and second:
        ws = [T.ones_like(o) for o in outs]
        grads = T.autograd.grad(outs, leaves, ws, create_graph=True, allow_unused=True)
        _node_names([g for g in grads if g is not None], names)
    return names


def _complex_leaves(args):
    rng = np.random.default_rng(0)
    out = []
    for kind, shape in args:
        a = rng.uniform(0.5, 1.5, shape)
        if kind == "c":
            a = a + 1j * rng.uniform(-1.0, 1.0, shape)
        out.append(T.tensor(a, requires_grad=True))
    return out


def _all_names_run():
    names = set()
    for spec in OP_SPECS:
        for _, shapes, _nc in spec.variants()[:1]:
            names |= _names_run_by(spec.fn, _leaves(make_arrays(spec, shapes, 0)), spec.second)
    for _name, fn, args, _ew in COMPLEX_SPECS:
        names |= _names_run_by(fn, _complex_leaves(args))
    return names


def _declared_ops():
    """pyautograd's op declarations that are ops (abstract bases, named "Op", are not; ops that
    other tests or user code declare are not pyautograd's)."""
    return [op for op in R.ALL_OPS if getattr(op, "name", "Op") != "Op" and op.__module__.startswith("pyautograd.")]


def test_every_op_declaration_is_run_by_a_spec():
    run = _all_names_run()
    # an op PyTorch records without a derivative (no_derivative: its backward raises) has no spec
    missing = sorted({op.name.rpartition("::")[2] for op in _declared_ops() if not getattr(op, "no_derivative", False)}
                     - run)
    assert not missing, "op declarations no spec runs (declare a spec with the op): %s" % missing


def test_ops_without_derivative_raise_torchs_error_in_backward():
    cases = {"HeavisideBackward0": lambda x: T.heaviside(x, T.tensor([0.5], dtype=T.float64))}
    declared = sorted(op.name for op in _declared_ops() if getattr(op, "no_derivative", False))
    assert declared == sorted(cases)
    for name, f in cases.items():
        x = T.tensor([-1.0, 0.0, 2.0], dtype=T.float64, requires_grad=True)
        y = f(x)
        assert y.grad_fn.name() == name
        with pytest.raises(RuntimeError, match="derivative for aten::.* is not implemented"):
            y.sum().backward()


def test_every_declared_spec_runs_its_op():
    for name, e in R.PUBLIC.items():
        for spec in e.specs:
            arrays = make_arrays(spec, spec.shapes, 0)
            outs = [o for o in _outputs(spec.fn(T, *_leaves(arrays))) if o.requires_grad]
            assert outs, "spec %s of %s gives no differentiable output" % (spec.name, name)
            op = e.inplace_op
            if op is not None:      # the declared op must be in the graph its spec builds
                names = set()
                _node_names(outs, names)
                assert op.name.rpartition("::")[2] in names, (spec.name, op.name, names)


def test_every_op_rule_is_written_on_the_rule_namespace():
    """Built-in ops run their rule on arrays in plain backward (a `backward` on tensors is for
    custom Functions only)."""
    tensor_rules = [op.__qualname__ for op in _declared_ops()
                    if op.vjp is None and "backward" in vars(op)]
    assert not tensor_rules, tensor_rules


# ops whose forward-mode rule is not written yet (forward AD raises PyTorch's NotImplementedError
# for them): the list may only shrink
JVP_NOT_YET = set()


def test_every_op_has_a_forward_mode_rule():
    missing = sorted(op.__qualname__ for op in _declared_ops() if op.jvp is None)
    new = [m for m in missing if m not in JVP_NOT_YET]
    assert not new, "op declarations without a jvp (ops/_registry.py): %s" % new
    done = sorted(JVP_NOT_YET - set(missing))
    assert not done, "these ops have a jvp now: remove them from JVP_NOT_YET: %s" % done


def test_public_names_come_from_the_declarations():
    assert set(R.PUBLIC) - R.NOT_PACKAGE_FUNCTIONS <= set(T.__all__)
    for name in R.NOT_PACKAGE_FUNCTIONS:
        # Tensor methods only, as in PyTorch (x.view, x.scatter_): no pyautograd.view; the four
        # internals (getitem, to_dtype, ...) are pyautograd._ops' only
        assert not hasattr(T, name) and name not in T.__all__, name
        assert hasattr(T.Tensor, name) or name in ("getitem", "setitem", "to_dtype", "sum_to"), name
    for leaked in ("np", "math", "builtins", "operator", "Op", "Add", "apply_op", "warnings"):
        assert leaked not in T.__all__
    ns = {}
    exec("from pyautograd import *", ns)
    assert "np" not in ns and "Add" not in ns and "sin" in ns and "sin_" in ns


def test_methods_and_inplace_variants_come_from_the_declarations():
    for name, e in R.PUBLIC.items():
        if e.method:
            assert getattr(T.Tensor, name) is e.method_function, name
        if e.inplace_op is not None:
            assert callable(getattr(T.Tensor, name + "_")), name
            # torch has no torch.absolute_, torch.hypot_, torch.sign_
            if name != "absolute" and not e.inplace_binary and name + "_" not in R.NOT_PACKAGE_FUNCTIONS:
                assert callable(getattr(T, name + "_")), name
    x = T.tensor([0.5, 1.0])
    y = x.clone().exp_()
    np.testing.assert_allclose(y.numpy(), np.exp([0.5, 1.0]))


def test_a_name_declared_twice_is_refused():
    with pytest.raises(ValueError, match="declared twice"):
        R.expose(lambda x: x, name="sin")
    with pytest.raises(ValueError, match="declared twice"):
        R.rule_helper("cos", np.cos, T.cos)
