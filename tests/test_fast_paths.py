"""The compiled fast paths (src/_core/fast.pxi, engine) give the same results as the general path."""
import gc
import warnings

import numpy as np
import pytest

import pyautograd as torch
from pyautograd import _ops


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("other", [2.5, 3, -0.0, 0.0, float("nan"), "tensor", "tensor_bcast", "int_tensor"])
@pytest.mark.parametrize("name", ["add", "sub", "mul", "div"])
def test_operator_equals_function(name, other, dtype):
    x = torch.tensor([0.5, -1.5, 2.0], dtype=dtype, requires_grad=True)
    if other == "tensor":
        other = torch.tensor([1.0, 2.0, -3.0], dtype=dtype)
    elif other == "tensor_bcast":
        other = torch.tensor([[1.0], [2.0]], dtype=dtype)
    elif other == "int_tensor":
        other = torch.tensor([1, 2, 3])
    op = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b,
          "mul": lambda a, b: a * b, "div": lambda a, b: a / b}[name]
    fast = op(x, other)
    slow = getattr(_ops, name)(x, other)
    assert fast.dtype == slow.dtype and fast.shape == slow.shape
    np.testing.assert_array_equal(fast.detach().numpy(), slow.detach().numpy())
    assert fast.grad_fn.name() == slow.grad_fn.name()
    g1, = torch.autograd.grad(fast.sum(), x)
    g2, = torch.autograd.grad(slow.sum(), x)
    np.testing.assert_array_equal(g1.numpy(), g2.numpy())


def test_signed_zero_constants_are_not_confused():
    x = torch.tensor([1.0, -1.0])
    assert str((x * -0.0).tolist()) == "[-0.0, 0.0]"
    assert str((x * 0.0).tolist()) == "[0.0, -0.0]"


def test_ops_do_not_warn_and_leave_numpy_error_state_alone():
    before = np.geterr()
    x = torch.tensor([0.0, -1.0], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = x.log() + (1 / x) + x.sqrt()
        y.sum().backward()
    assert np.geterr() == before
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(RuntimeWarning):
            np.log(np.zeros(1))          # the user's own NumPy code still warns


def test_leaf_gradient_is_taken_without_copy_when_unshared():
    seen = {}
    w = torch.randn(30, 20, requires_grad=True)
    w.register_hook(lambda g: seen.__setitem__("ptr", g.data_ptr()))   # keeps no reference
    (torch.randn(10, 30) @ w).tanh().sum().backward()
    assert w.grad.data_ptr() == seen["ptr"]


def test_leaf_gradient_is_copied_when_shared():
    v = torch.ones(3)
    x = torch.randn(3, requires_grad=True)
    x.backward(v)                       # the root gradient is the user's tensor
    x.grad.zero_()
    assert v.tolist() == [1.0, 1.0, 1.0]
    kept = []
    y = torch.randn(3, requires_grad=True)
    y.register_hook(lambda g: kept.append(g))
    (y * 2).sum().backward()
    assert y.grad is not kept[0] and y.grad.data_ptr() != kept[0].data_ptr()
    y.grad.zero_()
    assert kept[0].tolist() == [2.0, 2.0, 2.0]


def test_backward_restores_the_garbage_collector():
    x = torch.tensor(1.0, requires_grad=True)
    assert gc.isenabled()
    (x * 2).backward()
    assert gc.isenabled()
    gc.disable()
    try:
        (x * 2).backward()
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(RuntimeError):
        (x * 2).backward(torch.ones(2))
    assert gc.isenabled()


def test_ready_order_with_fan_out_and_chains():
    # chains hand nodes on without the heap; a fan-out must still wait for all paths
    x = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
    a = x.sin()
    b = a * 2.0
    c = a.exp()
    d = (b * c).tanh() + b
    d.backward()
    xv = 0.3
    import math
    av = math.sin(xv)
    inner = 2 * av * math.exp(av)
    dd_da = (1 - math.tanh(inner) ** 2) * (2 * math.exp(av) + 2 * av * math.exp(av)) + 2
    assert abs(x.grad.item() - dd_da * math.cos(xv)) < 1e-12


def test_inplace_update_outside_the_graph_writes_into_the_array():
    p = torch.ones(4, requires_grad=True)
    data = p._data
    v = p._version
    with torch.no_grad():
        p -= 0.5 * torch.ones(4)
        p.mul_(2.0)
    assert p._data is data and p.tolist() == [1.0, 1.0, 1.0, 1.0]
    assert p._version == v + 2 and p.is_leaf


def test_integer_true_division_in_place_is_refused_and_changes_nothing():
    i = torch.ones(3, dtype=torch.int64)
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output type Long"):
        i /= 2
    assert i.tolist() == [1, 1, 1] and i._version == 0


def test_shared_number_constants_cannot_be_changed_through_a_graph():
    x = torch.ones(2, requires_grad=True)
    y = x * 2.5
    const = y.grad_fn.saved_tensors[1]
    with pytest.raises(ValueError):
        const.add_(1)
    assert (x * 2.5).tolist() == [2.5, 2.5]


def _w1_chain_in_numpy(x0):
    """The W1 chain and its gradient written with NumPy's ufuncs on 1-element arrays: what the
    ops computed before the scalar path and the compiled 0-d kernels (the rules' products in the
    engine's order). Computed here, not recorded: NumPy's float64 sin/exp/tanh differ in the last
    bit between CPUs (its SIMD paths), so only a same-machine reference is exact."""
    y = np.array([x0])
    saved = []
    for _ in range(200):
        u = y * 2.5 + 1.0
        e = np.exp(np.sin(u))
        t = np.tanh(e)
        saved.append((np.cos(u), e, t))
        y = t
    g = np.ones(1)
    for c, e, t in reversed(saved):
        g = g * (1 - t * t)
        g = g * e
        g = g * c
        g = g * 2.5
    return float(y[0]), float(g[0])


def test_w1_chain_values_are_bitwise_unchanged():
    """The bench's W1 chain (tanh(exp(sin(y * 2.5 + 1.0))) x 200) in float64: result and gradient
    bit for bit NumPy's, through the scalar path, the compiled 0-d kernels and the rules on arrays."""
    for x0 in (0.3, -1.7, 2.2, 0.0, 1e-3):
        x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
        y = x
        for _ in range(200):
            y = torch.tanh(torch.exp(torch.sin(y * 2.5 + 1.0)))
        y.backward()
        assert (float(y), float(x.grad)) == _w1_chain_in_numpy(x0), x0


@pytest.mark.parametrize("shape", [(), (2,)])
def test_compiled_0d_kernels_record_what_the_forwards_record(shape):
    """0-d float64 inputs take the compiled kernels (fast.pxi: _binary_0d, _unary_0d); what they
    save must be what the Python forwards save, so the same in-place changes are refused."""
    def fresh():
        return torch.full(shape, 0.7, dtype=torch.float64, requires_grad=True)

    # sin saves its input: changing it in place breaks backward
    x = fresh()
    u = x * 1.0
    y = u.sin()
    with torch.no_grad():
        u.add_(1.0)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()
    # exp saves its result
    x = fresh()
    y = (x * 1.0).exp()
    with torch.no_grad():
        y.mul_(2.0)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()
    # mul saves the other factor only: changing the constant side's partner is fine for x * 2.5
    x = fresh()
    a = x * 1.0
    y = a * 2.5
    with torch.no_grad():
        a.add_(1.0)
    y.sum().backward()
    assert x.grad.tolist() == torch.full(shape, 2.5, dtype=torch.float64).tolist()
    # and a * b saves both (each for the other's gradient)
    x = fresh()
    a, b = x * 1.0, x * 2.0
    y = a * b
    with torch.no_grad():
        b.add_(1.0)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()
    # no_grad: nothing recorded
    with torch.no_grad():
        z = fresh().sin() * 2.0
    assert z.grad_fn is None and not z.requires_grad


def test_sum_and_mean_are_numpys_bitwise():
    """Sum and Mean call NumPy's reduction directly (np.add.reduce, without np.sum / np.mean's
    Python layers): the values must be NumPy's to the bit, complex64 included."""
    rng = np.random.default_rng(3)
    for dt in (np.float32, np.float64, np.complex64, np.complex128):
        for shape, dim, keepdim in [((7, 5), None, False), ((7, 5), 0, True), ((3, 4, 5), (0, 2), False),
                                    ((), None, False), ((1000,), None, False), ((3, 333), 1, False)]:
            a = rng.standard_normal(shape) * 1e3
            if dt in (np.complex64, np.complex128):
                a = a + 1j * rng.standard_normal(shape)
            a = np.asarray(a).astype(dt)
            t = torch.from_numpy(a.copy())
            m = t.mean() if dim is None else t.mean(dim, keepdim=keepdim)
            s = t.sum() if dim is None else t.sum(dim, keepdim=keepdim)
            want_m = np.asarray(np.mean(a, axis=dim, keepdims=keepdim)).astype(dt)
            want_s = np.asarray(np.sum(a, axis=dim, keepdims=keepdim))
            assert m.numpy().dtype == dt and np.array_equal(m.numpy(), want_m), (dt, shape, dim)
            assert np.array_equal(s.numpy(), want_s), (dt, shape, dim)


def test_the_cores_broadcast_view_is_numpys_broadcast_to():
    from pyautograd import _core
    cases = [(np.float64(2.0), (3, 4)), (np.arange(4.0), (3, 4)), (np.arange(3.0).reshape(3, 1), (2, 3, 5)),
             (np.ones((2, 3))[:, ::2], (4, 2, 2)), (np.array(5.0), ()), (np.zeros((0, 3)), (2, 0, 3)),
             (np.arange(6.0).reshape(2, 3).T, (3, 2)), (np.arange(3, dtype=np.complex64), (2, 3))]
    for a, shape in cases:
        got, want = _core.broadcast_view(a, shape), np.broadcast_to(a, shape)
        assert got.shape == want.shape and got.dtype == want.dtype and got.strides == want.strides
        assert np.array_equal(got, want) and not got.flags.writeable
    with pytest.raises(ValueError):
        _core.broadcast_view(np.ones(3), (4,))
    with pytest.raises(ValueError):
        _core.broadcast_view(np.ones(3), (3, -1))
    with pytest.raises(ValueError):
        _core.broadcast_view(np.ones((2, 3)), (3,))


@pytest.mark.parametrize("name", ["add", "sub", "mul", "div", "mul_const", "div_const", "rdiv_const", "neg", "exp",
                                  "log", "sqrt", "sin", "cos", "tanh", "sigmoid"])
def test_compiled_0d_rules_are_the_declared_rules_bitwise(name):
    """engine.pxi's _rule_0d (the compiled vjp of ops declaring rule_kernel) against the declared
    rule run on tensors (create_graph=True), bit for bit, at ordinary and special values."""
    fns = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b, "div": lambda a, b: a / b,
           "mul_const": lambda a, b: a * 2.5, "div_const": lambda a, b: a / 3.0, "rdiv_const": lambda a, b: 3.0 / (b * 1.0),
           "neg": lambda a, b: -a}
    fn = fns.get(name) or (lambda a, b: getattr(torch, name)(a))
    values = [0.3, -1.7, 2.5, 0.0, -0.0, 1e-300, 1e300, float("inf"), float("-inf"), float("nan")]
    for va in values:
        for vb in (0.7, -0.0, float("inf"), float("nan")):
            for g0 in (1.0, -3.0, float("inf")):
                out = []
                for create_graph in (False, True):
                    a = torch.tensor(va, dtype=torch.float64, requires_grad=True)
                    b = torch.tensor(vb, dtype=torch.float64, requires_grad=True)
                    y = fn(a * 1.0, b * 1.0)
                    gs = torch.autograd.grad(y, (a, b), torch.tensor(g0, dtype=torch.float64),
                                             allow_unused=True, create_graph=create_graph)
                    out.append([None if g is None else np.float64(g.detach().numpy()).tobytes() for g in gs])
                assert out[0] == out[1], (name, va, vb, g0)


def test_relus_compiled_rule_is_numpys_where_bitwise():
    """relu's rule on arrays (_core.threshold_select: the gradient's bits masked in C) against
    np.where(r <= 0, 0, g), with signed zeros, infinities and nan in both."""
    from pyautograd import _core
    rng = np.random.default_rng(7)
    for shape in ((64, 256), (3,), (), (0, 4), (2, 1, 5)):
        for dt in (np.float32, np.float64):
            r = np.asarray(rng.standard_normal(shape)).astype(dt)
            g = np.asarray(rng.standard_normal(shape)).astype(dt)
            if r.size >= 8:
                r.flat[:5] = [np.nan, -0.0, 0.0, np.inf, -np.inf]
                g.flat[:8] = [np.inf, np.nan, -0.0, np.nan, np.inf, -np.inf, -0.0, 0.0]
            got = _core.threshold_select(g, r)
            want = np.where(r <= 0, np.zeros((), dtype=dt), g)
            assert got.dtype == want.dtype and got.shape == want.shape and got.tobytes() == want.tobytes()
    # other layouts and mixed inputs go to NumPy
    r = rng.standard_normal((4, 6))
    g = rng.standard_normal((6, 4)).T
    assert np.array_equal(_core.threshold_select(g, r), np.where(r <= 0, 0.0, g))
