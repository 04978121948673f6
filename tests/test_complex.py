"""Complex tensors: PyTorch's gradient convention, views, conjugation and errors.

PyTorch's convention: for a real loss L of complex z, z.grad = dL/dRe(z) + i dL/dIm(z)
(the conjugate Wirtinger derivative, times 2). The finite-difference checks below perturb
the real and imaginary parts separately and need no torch; the torch comparisons skip
cleanly without it. Cases come from tests/complex_specs.py.
"""
import numpy as np
import pytest

import pyautograd as T
from complex_specs import SPECS, C

EPS = 1e-6
RTOL, ATOL = 1e-5, 1e-6
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

try:
    import torch
except ImportError:      # pragma: no cover - torch-free runs
    torch = None
needs_torch = pytest.mark.skipif(torch is None, reason="torch is not installed")


# ------------------------------------------------------------ variants --
def _variants(args, elementwise):
    out = [("base", [s for _, s in args])]
    if elementwise:
        out.append(("0d", [() for _ in args]))
        if len(args) == 2:
            out.append(("bcast", [(2, 3), (3,)]))
            out.append(("bcast0d", [(2, 3), ()]))
        out.append(("empty", [(0, 3) for _ in args]))
    if builtins_any(len(s) >= 2 for _, s in args):
        out.append(("noncontig", [s for _, s in args]))
    return out


def builtins_any(it):
    for v in it:
        if v:
            return True
    return False


CASES = [pytest.param(name, fn, [k for k, _ in args], vname, shapes, id="%s-%s" % (name, vname))
         for name, fn, args, ew in SPECS for vname, shapes in _variants(args, ew)]
SECOND = [c for c in CASES if c.id.endswith(("-base", "-0d", "-bcast"))]


def _arrays(kinds, shapes, seed=0):
    rng = np.random.default_rng(seed)
    out = []
    for k, s in zip(kinds, shapes):
        if k == C:
            a = rng.standard_normal(s) + 1j * rng.standard_normal(s)
            a = np.where(np.abs(a) < 0.3, a / np.maximum(np.abs(a), 1e-3) * 0.5, a)  # away from 0 (abs, sgn, log)
            out.append(a.astype(np.complex128))
        else:
            out.append(rng.uniform(0.5, 2.0, s))
    return out


def _leaf(lib, a, noncontig):
    """A leaf holding a (non-contiguous data when asked: a transposed view, detached)."""
    if noncontig and a.ndim >= 2:
        perm = tuple(range(a.ndim - 1, -1, -1))
        t = lib.tensor(np.ascontiguousarray(np.transpose(a, perm))).permute(*perm).detach()
        assert not t.is_contiguous()
        return t.requires_grad_()
    return lib.tensor(a, requires_grad=True)


def _np(t):
    t = t.detach()
    if hasattr(t, "resolve_conj"):
        t = t.resolve_conj()
    return t.numpy()


def _weights(lib, out, seed=1):
    """Fixed cotangent of out's dtype (complex weights for a complex output)."""
    rng = np.random.default_rng(seed)
    s = tuple(out.shape)
    w = rng.standard_normal(s) + (1j * rng.standard_normal(s) if out.is_complex() else 0)
    return lib.tensor(w, dtype=out.dtype)


def _loss(lib, fn, leaves):
    """L = Re(sum(out * w)): a real scalar."""
    out = fn(lib, *leaves)
    return (out * _weights(lib, out)).real.sum(), out


def _eval_loss(fn, arrays):
    with T.no_grad():
        return float(_loss(T, fn, [T.tensor(a) for a in arrays])[0])


def _fd_grad(f, arrays):
    """Central differences of the real function f: dRe + i dIm for complex inputs."""
    grads = []
    for i, a in enumerate(arrays):
        g = np.zeros(a.shape, dtype=a.dtype)
        for idx in np.ndindex(*a.shape):
            for unit in ((1.0, 1j) if a.dtype.kind == "c" else (1.0,)):
                def at(h):
                    b = [x.copy() for x in arrays]
                    b[i][idx] += h * unit
                    return f(b)
                g[idx] += unit * (at(EPS) - at(-EPS)) / (2 * EPS)
        grads.append(g)
    return grads


def _check_close(a, b, what):
    np.testing.assert_allclose(a, b, rtol=RTOL, atol=ATOL, err_msg=what)


# ------------------------------------------------------ finite differences --
@pytest.mark.parametrize("name,fn,kinds,vname,shapes", CASES)
def test_first_derivative_fd(name, fn, kinds, vname, shapes):
    arrays = _arrays(kinds, shapes)
    leaves = [_leaf(T, a, vname == "noncontig") for a in arrays]
    L, _ = _loss(T, fn, leaves)
    L.backward()
    fd = _fd_grad(lambda b: _eval_loss(fn, b), arrays)
    for i, (x, g) in enumerate(zip(leaves, fd)):
        assert x.grad is not None and x.grad.dtype == x.dtype and tuple(x.grad.shape) == tuple(x.shape)
        _check_close(x.grad.numpy(), g, "input %d" % i)


def _first_grads(fn, leaves, create_graph):
    L, _ = _loss(T, fn, leaves)
    return T.autograd.grad(L, leaves, create_graph=create_graph, allow_unused=True)


def _h(fn, leaves, vs, create_graph):
    """h = Re(sum(dL/dx * v)), a real function of x through the first derivatives."""
    gs = _first_grads(fn, leaves, create_graph)
    h = None
    for g, v in zip(gs, vs):
        if g is not None:
            term = (g * T.tensor(v, dtype=g.dtype)).real.sum()
            h = term if h is None else h + term
    return h


@pytest.mark.parametrize("name,fn,kinds,vname,shapes", SECOND)
def test_second_derivative_fd(name, fn, kinds, vname, shapes):
    arrays = _arrays(kinds, shapes)
    vs = _arrays(kinds, shapes, seed=7)
    leaves = [_leaf(T, a, False) for a in arrays]
    h = _h(fn, leaves, vs, True)

    def h_at(b):
        return float(_h(fn, [T.tensor(x, requires_grad=True) for x in b], vs, False))
    fd = _fd_grad(h_at, arrays)
    if not h.requires_grad:      # a linear function: its first derivative is constant
        for g in fd:
            _check_close(g, np.zeros_like(g), "second derivative of a linear op")
        return
    hh = T.autograd.grad(h, leaves, allow_unused=True)
    for i, (x, g, n) in enumerate(zip(leaves, hh, fd)):
        got = np.zeros(n.shape, n.dtype) if g is None else g.numpy()
        _check_close(got, n, "input %d" % i)


# ---------------------------------------------------------- against torch --
def _run(lib, fn, arrays, noncontig, second):
    leaves = [_leaf(lib, a, noncontig) for a in arrays]
    L, out = _loss(lib, fn, leaves)
    gs = lib.autograd.grad(L, leaves, create_graph=second, allow_unused=True)
    res = {"out": _np(out), "dtype": str(out.dtype), "grads": [None if g is None else _np(g) for g in gs],
           "gdtypes": [None if g is None else str(g.dtype) for g in gs]}
    if second:
        h = None
        for g in gs:
            if g is not None and g.requires_grad:
                term = (g * g.conj()).real.sum() + g.real.sum()
                h = term if h is None else h + term
        res["second"] = None if h is None else [
            None if g is None else _np(g) for g in lib.autograd.grad(h, leaves, allow_unused=True)]
    return res


@needs_torch
@pytest.mark.parametrize("name,fn,kinds,vname,shapes", CASES)
def test_against_torch(name, fn, kinds, vname, shapes):
    arrays = _arrays(kinds, shapes)
    second = vname in ("base", "0d", "bcast")
    want = _run(torch, fn, arrays, vname == "noncontig", second)
    got = _run(T, fn, arrays, vname == "noncontig", second)
    assert got["dtype"] == want["dtype"]
    _check_close(got["out"], want["out"], "value")
    assert got["gdtypes"] == want["gdtypes"]
    for a, b in zip(got["grads"], want["grads"]):
        if b is not None:
            _check_close(a, b, "gradient")
    if second:
        assert (got["second"] is None) == (want["second"] is None)
        for a, b in zip(got["second"] or [], want["second"] or []):
            assert (a is None) == (b is None)
            if b is not None:
                _check_close(a, b, "second derivative")


@needs_torch
@pytest.mark.parametrize("name", [s[0] for s in SPECS if len(s[2]) == 1 and s[0] not in ("inplace",)])
def test_grad_fn_name_against_torch(name):
    fn = dict((s[0], s[1]) for s in SPECS)[name]
    a = _arrays([C], [(2, 3)])[0]
    if name == "real_to_complex":
        a = a.real.copy()
    names = []
    for lib in (torch, T):
        out = fn(lib, lib.tensor(a, requires_grad=True))
        names.append(type(out.grad_fn).__name__)
    assert names[1] == names[0]


@needs_torch
@pytest.mark.parametrize("op", ["exp", "mul", "mm", "abs", "real", "sum"])
def test_complex64_against_torch(op):
    a = _arrays([C, C], [(2, 2), (2, 2)])
    fns = {"exp": lambda t, x, y: x.exp() * y, "mul": lambda t, x, y: x * y, "mm": lambda t, x, y: x @ y,
           "abs": lambda t, x, y: x.abs() * y, "real": lambda t, x, y: x.real * y.imag, "sum": lambda t, x, y: (x * y).sum()}
    res = []
    for lib in (torch, T):
        xs = [lib.tensor(v, dtype=lib.complex64, requires_grad=True) for v in a]
        out = fns[op](lib, *xs)
        (out * out.conj()).real.sum().backward()
        res.append((str(out.dtype), _np(out), [str(x.grad.dtype) for x in xs], [_np(x.grad) for x in xs]))
    assert res[0][0] == res[1][0] and res[0][2] == res[1][2]
    np.testing.assert_allclose(res[1][1], res[0][1], rtol=1e-5, atol=1e-5)
    for g1, g0 in zip(res[1][3], res[0][3]):
        np.testing.assert_allclose(g1, g0, rtol=1e-4, atol=1e-5)


# ------------------------------------------------ values recorded from torch --
def test_issue_examples():
    z = T.tensor([1 + 2j], dtype=T.complex128, requires_grad=True)
    (z * T.tensor([2 - 1j], dtype=T.complex128)).abs().sum().backward()
    np.testing.assert_allclose(z.grad.numpy(), [1 + 2j])
    z = T.tensor([1 + 2j], dtype=T.complex128, requires_grad=True)
    g, = T.autograd.grad(z.exp().abs().sum(), z)
    np.testing.assert_allclose(g.numpy(), [np.e + 0j])
    A = T.tensor([[1 + 1j, 2], [0, 1j]], dtype=T.complex128, requires_grad=True)
    v = T.tensor([1 - 1j, 2j], dtype=T.complex128)
    (A @ v).abs().sum().backward()
    np.testing.assert_allclose(A.grad.numpy(), [[-0.4472136 + 1.3416408j, 1.7888544 - 0.8944272j],
                                                [-1 - 1j, 2j]], rtol=1e-6)


def test_complex_scalar_backward_refused():
    z = T.tensor(1 + 2j, dtype=T.complex128, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"^grad can be implicitly created only for real scalar outputs but "
                                           r"got torch.complex(64|128)$"):
        (z * 2).backward()
    assert z.grad is None
    (z * 2).abs().backward()            # the graph and z are still usable
    np.testing.assert_allclose(z.grad.numpy(), 2 * (1 + 2j) / abs(1 + 2j))


def test_real_to_complex_promotion_gradient_is_real_part():
    x = T.tensor([1.0, 2.0], dtype=T.float64, requires_grad=True)
    z = T.tensor([1 + 2j, -0.5 + 0.3j], dtype=T.complex128, requires_grad=True)
    (z * x).abs().sum().backward()
    assert x.grad.dtype == T.float64 and z.grad.dtype == T.complex128
    np.testing.assert_allclose(x.grad.numpy(), [2.2360680, 0.5830952], rtol=1e-6)
    np.testing.assert_allclose(z.grad.numpy(), [0.4472136 + 0.8944272j, -1.7149859 + 1.0289915j], rtol=1e-6)
    # PyTorch keeps the float tensor's precision: float64 * 1j is complex128 whatever the default dtype
    assert (x * 1j).dtype == T.complex128 and (x.float() * 1j).dtype == T.complex64
    assert (x * T.tensor(1j, dtype=T.complex64)).dtype == T.complex128
    assert (x.float() * T.tensor(1j, dtype=T.complex128)).dtype == T.complex64
    assert (T.ones(2, dtype=T.int64) * T.tensor(1j, dtype=T.complex128)).dtype == T.complex128
    assert (T.ones(2, dtype=T.float64) * T.tensor([1j], dtype=T.complex64)).dtype == T.complex128


def test_abs_and_sgn_at_zero_are_zero_not_nan():
    z = T.tensor([0j, 3 + 4j], dtype=T.complex128, requires_grad=True)
    z.abs().sum().backward()
    np.testing.assert_allclose(z.grad.numpy(), [0, 0.6 + 0.8j], rtol=1e-15, atol=0)
    z.grad = None
    (z.sgn() * T.tensor([1 + 1j, 1j], dtype=T.complex128)).real.sum().backward()
    assert np.isfinite(z.grad.numpy()).all() and z.grad.numpy()[0] == 0
    z.grad = None
    z.angle().sum().backward()
    np.testing.assert_allclose(z.grad.numpy(), [0, -0.16 + 0.12j])


def test_dot_does_not_conjugate_vdot_does():
    a, b = T.tensor([1 + 1j, 2j]), T.tensor([3 - 1j, 1 + 0j])
    assert complex(T.dot(a, b)) == (1 + 1j) * (3 - 1j) + 2j * 1
    assert complex(T.vdot(a, b)) == (1 - 1j) * (3 - 1j) + -2j * 1
    with pytest.raises(RuntimeError, match="^dot : expected both vectors to have same dtype"):
        T.vdot(a, T.ones(2))


# ----------------------------------------------------- real / imag / conj --
def test_real_imag_are_views():
    z = T.tensor([1 + 2j, 3 - 1j], dtype=T.complex128)
    r, i = z.real, z.imag
    assert r.dtype == T.float64 and i.dtype == T.float64 and r._base is z and i._base is z
    assert r.stride() == (2,) and not r.is_contiguous()
    np.testing.assert_array_equal(r.numpy(), [1, 3])
    np.testing.assert_array_equal(i.numpy(), [2, -1])
    v0 = z._version
    r.mul_(2)                      # writes through, bumps the shared version counter
    np.testing.assert_array_equal(z.numpy(), [2 + 2j, 6 - 1j])
    assert z._version == v0 + 1 == r._version == i._version
    z.imag = T.tensor([5.0, 6.0], dtype=T.float64)
    z.real = T.tensor([7.0, 8.0], dtype=T.float64)
    np.testing.assert_array_equal(z.numpy(), [7 + 5j, 8 + 6j])
    assert T.real(z)._base is z and T.imag(z).dtype == T.float64


def test_real_of_real_tensor_is_itself_and_imag_raises():
    x = T.tensor([1.0, 2.0], dtype=T.float64, requires_grad=True)
    assert x.real is x and T.real(x) is x and x.conj() is x and T.conj(x) is x and x.conj_physical() is x
    with pytest.raises(RuntimeError, match="^imag is not implemented for tensors with non-complex dtypes.$"):
        x.imag
    with pytest.raises(RuntimeError, match="^view_as_real is only supported for complex tensors$"):
        T.view_as_real(x)


def test_real_imag_gradients():
    z = T.tensor([1 + 2j, -0.5 + 0.3j], dtype=T.complex128, requires_grad=True)
    z.imag.sum().backward()
    np.testing.assert_array_equal(z.grad.numpy(), [1j, 1j])
    assert type(z.real.grad_fn).__name__ == "SelectBackward0"
    z.grad = None
    z.real.sum().backward()
    np.testing.assert_array_equal(z.grad.numpy(), [1, 1])
    assert z.grad.dtype == T.complex128


def test_inplace_on_real_view_of_leaf_refused():
    z = T.tensor([1 + 2j, 3 - 1j], dtype=T.complex128, requires_grad=True)
    with pytest.raises(RuntimeError, match="^a view of a leaf Variable that requires grad is being used in an "
                                           "in-place operation.$"):
        z.real.mul_(2)
    np.testing.assert_array_equal(z.detach().numpy(), [1 + 2j, 3 - 1j])


def test_conj_functions():
    z = T.tensor([1 + 2j, 3 - 1j], dtype=T.complex128, requires_grad=True)
    c = z.conj()
    np.testing.assert_array_equal(c.detach().numpy(), [1 - 2j, 3 + 1j])
    assert type(c.grad_fn).__name__ == "ConjBackward0"
    assert type(T.conj_physical(z).grad_fn).__name__ == "ConjPhysicalBackward0"
    assert z.is_conj() is False and T.is_conj(c) is False     # conjugation is resolved at once here
    assert c.resolve_conj() is c
    np.testing.assert_array_equal(T.view_as_real(z).detach().numpy(), [[1, 2], [3, -1]])
    np.testing.assert_array_equal(T.view_as_complex(T.tensor([[1.0, 2.0]])).numpy(), [1 + 2j])
    vr = T.view_as_real(z.detach())
    assert vr._base is not None
    with pytest.raises(RuntimeError, match="^Tensor must have a last dimension of size 2$"):
        T.view_as_complex(T.zeros(3))
    with pytest.raises(RuntimeError, match="^Tensor must have a last dimension with stride 1$"):
        T.view_as_complex(T.zeros(2, 4).t())


def test_angle_of_real():
    x = T.tensor([-1.0, 0.0, 2.0, float("nan")], requires_grad=True)
    a = x.angle()
    np.testing.assert_allclose(a.detach().numpy(), [np.pi, 0, 0, np.nan])
    a.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0, 0, 0, 0])
    assert T.angle(T.tensor([-1, 2])).dtype == T.get_default_dtype()


def test_float_of_complex_tensor():
    with pytest.raises(RuntimeError, match="^value cannot be converted to type double without overflow$"):
        float(T.tensor(1j))
    assert complex(T.tensor(1 + 2j)) == 1 + 2j and T.tensor([1 + 2j])[0].item() == 1 + 2j


def test_to_real_keeps_real_part_without_numpy_warning():
    import warnings
    z = T.tensor([1 + 2j], dtype=T.complex128, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error", np.exceptions.ComplexWarning if hasattr(np, "exceptions") else Warning)
        y = z.to(T.float64)
        y.sum().backward()
    np.testing.assert_array_equal(y.detach().numpy(), [1.0])
    np.testing.assert_array_equal(z.grad.numpy(), [1 + 0j])


# ---------------------------------------- ops PyTorch does not define on complex --
_Z = T.tensor([1 + 2j, -0.5 + 0.3j], dtype=T.complex128)
ERRORS = [
    ("clamp", lambda z: z.clamp(min=0), NotImplementedError, "clamp is not supported for complex types"),
    ("clamp_tensor", lambda z: z.clamp(min=T.tensor(0.0)), NotImplementedError,
     "clamp is not supported for complex types"),
    ("relu", lambda z: z.relu(), NotImplementedError, "clamp is not supported for complex types"),
    ("max", lambda z: z.max(), NotImplementedError, "\"max_all\" not implemented for 'ComplexDouble'"),
    ("min", lambda z: z.min(), NotImplementedError, "\"min_all\" not implemented for 'ComplexDouble'"),
    ("max_dim", lambda z: z.max(0), RuntimeError, "max(): does not support complex input"),
    ("min_dim", lambda z: z.min(0), RuntimeError, "min(): does not support complex input"),
    ("amax", lambda z: z.amax(), NotImplementedError, "\"max_values_cpu\" not implemented for 'ComplexDouble'"),
    ("amin", lambda z: z.amin(), NotImplementedError, "\"min_values_cpu\" not implemented for 'ComplexDouble'"),
    ("maximum", lambda z: T.maximum(z, z), RuntimeError, "maximum not implemented for complex tensors."),
    ("minimum", lambda z: T.minimum(z, z), RuntimeError, "minimum not implemented for complex tensors."),
    ("argmax", lambda z: z.argmax(), RuntimeError, "argmax(): does not support complex input"),
    ("argmin", lambda z: z.argmin(), RuntimeError, "argmin(): does not support complex input"),
    ("floor", lambda z: z.floor(), NotImplementedError, "floor is not supported for complex inputs"),
    ("ceil", lambda z: z.ceil(), NotImplementedError, "ceil is not supported for complex inputs"),
    ("trunc", lambda z: z.trunc(), NotImplementedError, "trunc is not supported for complex inputs"),
    ("round", lambda z: z.round(), NotImplementedError, "\"round_vml_cpu\" not implemented for 'ComplexDouble'"),
    ("frac", lambda z: z.frac(), NotImplementedError, "\"frac_cpu\" not implemented for 'ComplexDouble'"),
    ("lt", lambda z: z < z, NotImplementedError, "\"lt_cpu\" not implemented for 'ComplexDouble'"),
    ("gt", lambda z: z > 1, NotImplementedError, "\"gt_cpu\" not implemented for 'ComplexDouble'"),
    ("le", lambda z: z <= z, NotImplementedError, "\"le_cpu\" not implemented for 'ComplexDouble'"),
    ("ge", lambda z: 1.0 >= z, NotImplementedError, "\"le_cpu\" not implemented for 'ComplexDouble'"),
    ("sign", lambda z: z.sign(), NotImplementedError,
     "Unlike NumPy, torch.sign is not intended to support complex numbers. Please use torch.sgn instead."),
    ("remainder", lambda z: z % 2, NotImplementedError, "\"remainder_cpu\" not implemented for 'ComplexDouble'"),
    ("fmod", lambda z: T.fmod(z, 2), NotImplementedError, "\"fmod_cpu\" not implemented for 'ComplexDouble'"),
    ("floor_divide", lambda z: z // 2, NotImplementedError, "\"div_floor_cpu\" not implemented for 'ComplexDouble'"),
    ("div_trunc", lambda z: T.div(z, 2, rounding_mode="trunc"), NotImplementedError,
     "\"div_trunc_cpu\" not implemented for 'ComplexDouble'"),
    ("softmax", lambda z: z.softmax(0), NotImplementedError,
     "\"softmax_lastdim_kernel_impl\" not implemented for 'ComplexDouble'"),
    ("log_softmax", lambda z: z.log_softmax(0), NotImplementedError,
     "\"log_softmax_lastdim_kernel_impl\" not implemented for 'ComplexDouble'"),
    ("abs_", lambda z: z.detach().abs_(), RuntimeError, "In-place abs is not supported for complex tensors."),
    ("sign_", lambda z: z.detach().sign_(), NotImplementedError,
     "Unlike NumPy, torch.sign is not intended to support complex numbers. Please use torch.sgn instead."),
    ("relu_", lambda z: z.detach().relu_(), NotImplementedError, "clamp is not supported for complex types"),
    ("clamp_", lambda z: z.detach().clamp_(min=0), NotImplementedError, "clamp is not supported for complex types"),
    ("setitem_real", lambda z: T.ones(2, dtype=T.float64).__setitem__(0, 1j), RuntimeError,
     "value cannot be converted to type double without overflow"),
    ("setitem_float", lambda z: T.ones(2, dtype=T.float32).__setitem__(0, 1j), RuntimeError,
     "value cannot be converted to type float without overflow"),
    ("setitem_long", lambda z: T.ones(2, dtype=T.int64).__setitem__(0, 1j), RuntimeError,
     "value cannot be converted to type int64_t without overflow"),
    ("masked_fill_real", lambda z: T.ones(2, dtype=T.float64).masked_fill(T.tensor([True, False]), 1j), RuntimeError,
     "value cannot be converted to type double without overflow"),
    ("fill_real", lambda z: T.ones(2, dtype=T.float64).fill_(1j), RuntimeError,
     "value cannot be converted to type double without overflow"),
    ("pow_real_inplace", lambda z: T.ones(2, dtype=T.float64).pow_(1j), RuntimeError,
     "result type ComplexDouble can't be cast to the desired output type Double"),
    ("mul_real_inplace", lambda z: T.ones(2, dtype=T.float32).mul_(1j), RuntimeError,
     "result type ComplexFloat can't be cast to the desired output type Float"),
    ("add_real_inplace", lambda z: T.ones(2, dtype=T.float64).add_(z), RuntimeError,
     "result type ComplexDouble can't be cast to the desired output type Double"),
    ("complex64", lambda z: z.to(T.complex64).max(), NotImplementedError,
     "\"max_all\" not implemented for 'ComplexFloat'"),
]


@pytest.mark.parametrize("name,fn,exc,msg", ERRORS, ids=[e[0] for e in ERRORS])
def test_unsupported_complex_ops_raise_torch_error(name, fn, exc, msg):
    z = _Z.clone().requires_grad_()
    with pytest.raises(exc) as ei:
        fn(z)
    assert str(ei.value) == msg
    assert z._version == 0 and z.grad is None
    z.abs().sum().backward()        # nothing was left half-done
    assert z.grad is not None


@needs_torch
@pytest.mark.parametrize("name,fn,exc,msg", ERRORS, ids=[e[0] for e in ERRORS])
def test_unsupported_complex_ops_texts_match_torch(name, fn, exc, msg):
    class _Lib:     # run the same lambda on torch: T.* names resolve to torch's
        pass
    import types
    g = dict(fn.__globals__)
    g["T"] = torch
    tfn = types.FunctionType(fn.__code__, g)
    with pytest.raises(exc) as ei:
        tfn(torch.tensor([1 + 2j, -0.5 + 0.3j], dtype=torch.complex128))
    assert str(ei.value) == msg


# ------------------------------------------------------ gradcheck on complex --
@pytest.mark.parametrize("fast_mode", [False, True])
@pytest.mark.parametrize("name", ["exp", "abs", "abs2", "real_imag", "sgn", "angle", "mul_real", "div_real",
                                  "real_to_complex", "mm"])
def test_gradcheck_accepts_complex(name, fast_mode):
    z = T.tensor(np.array([[1 + 2j, -0.5 + 0.3j], [0.7 - 1j, 2j]]), requires_grad=True)
    x = T.tensor(np.array([[1.5, 2.0], [0.5, 1.0]]), requires_grad=True)
    fns = {"exp": (lambda a: a.exp(), (z,)), "abs": (lambda a: a.abs(), (z,)),
           "abs2": (lambda a: a * a.conj(), (z,)), "real_imag": (lambda a: a.real * a.imag, (z,)),
           "sgn": (lambda a: a.sgn(), (z,)), "angle": (lambda a: a.angle(), (z,)),
           "mul_real": (lambda a, b: a * b, (z, x)), "div_real": (lambda a, b: b / a, (z, x)),
           "real_to_complex": (lambda b: b * (1 + 2j), (x,)), "mm": (lambda a, b: a @ b, (z, z.detach() * 1j))}
    fn, inputs = fns[name]
    assert T.autograd.gradcheck(fn, inputs, fast_mode=fast_mode)
    assert T.autograd.gradgradcheck(fn, inputs, fast_mode=fast_mode)


def test_gradcheck_catches_a_missing_conjugate():
    from pyautograd.autograd.function import Function

    class BadExp(Function):        # exp with the unconjugated derivative
        @staticmethod
        def forward(ctx, a):
            r = a.exp()
            ctx.save_for_backward(r)
            return r

        @staticmethod
        def backward(ctx, g):
            r, = ctx.saved_tensors
            return g * r

    z = T.tensor(np.array([1 + 2j, -0.5 + 0.3j]), requires_grad=True)
    with pytest.raises(RuntimeError, match="^While considering the real part of complex outputs only, Jacobian "
                                           "mismatch for output 0 with respect to input 0,"):
        T.autograd.gradcheck(BadExp.apply, (z,))
    assert T.autograd.gradcheck(BadExp.apply, (z,), raise_exception=False) is False


def test_complex_and_polar_errors():
    ones64 = T.ones(2, dtype=T.int64)
    with pytest.raises(RuntimeError, match="^Expected both inputs to be Half, Float or Double tensors but got Long "
                                           "and Long$"):
        T.complex(ones64, ones64)
    with pytest.raises(RuntimeError, match="^Expected both inputs to be Half, Float or Double tensors but got "
                                           "ComplexFloat and ComplexFloat$"):
        T.polar(T.ones(2, dtype=T.complex64), T.ones(2, dtype=T.complex64))
    with pytest.raises(RuntimeError, match="^Expected object of scalar type Float but got scalar type Double for "
                                           "second argument$"):
        T.complex(T.ones(2, dtype=T.float32), T.ones(2, dtype=T.float64))
    assert T.complex(T.ones(2, 1, dtype=T.float32), T.ones(3, dtype=T.float32)).dtype == T.complex64
    assert T.is_complex(T.ones(1, dtype=T.complex64)) and not T.is_complex(T.ones(1))
