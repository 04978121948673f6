"""pyautograd.special and the special functions (erf, lgamma, digamma, polygamma, i0, ...):
torch-free identities of the compiled kernels (src/_core/special.pxi), then values, dtypes and
gradients against PyTorch over wide ranges (negative non-integers, poles, large arguments,
inf / nan, float32 / float64, integer inputs)."""
import math

import numpy as np
import pytest

import pyautograd as T

F64 = T.float64


def _t(a, dtype=F64, grad=False):
    return T.tensor(np.asarray(a, dtype=np.float64), dtype=dtype, requires_grad=grad)


# ------------------------------------------------------------------ identities --
def test_erf_odd_and_erfc_complement():
    x = np.linspace(-6, 6, 241)
    e = T.erf(_t(x)).numpy()
    np.testing.assert_array_equal(T.erf(_t(-x)).numpy(), -e)
    np.testing.assert_allclose(T.erfc(_t(x)).numpy(), 1 - e, rtol=0, atol=5e-16)
    assert [math.erf(v) for v in x] == list(e)     # libm's erf, as Python's math.erf


def test_erfinv_inverts_erf():
    x = np.linspace(-5.5, 5.5, 221)
    y = T.erf(_t(x))
    back = T.erfinv(y).numpy()
    ok = np.abs(x) < 3      # beyond, erf(x) rounds to +-1 within a few ulp
    np.testing.assert_allclose(back[ok], x[ok], rtol=1e-13, atol=1e-15)
    assert T.erfinv(_t([1.0, -1.0, 0.0, 1.5, float("nan")])).tolist()[:3] == [math.inf, -math.inf, 0.0]


def test_lgamma_matches_math():
    x = np.concatenate([np.linspace(-20.5, 30, 301), [1e-300, 1e300, 171.5]])
    x = x[x != np.round(x)]
    # (Python's math.lgamma is its own code, not libm: a few ulp apart)
    np.testing.assert_allclose(T.lgamma(_t(x)).numpy(), [math.lgamma(v) for v in x], rtol=1e-13)


def test_digamma_recurrence_and_reflection():
    x = np.concatenate([np.linspace(0.05, 40, 200), -np.linspace(0.1, 30.3, 97) - 0.013])
    p = T.digamma(_t(x)).numpy()
    np.testing.assert_allclose(T.digamma(_t(x + 1)).numpy(), p + 1 / x, rtol=1e-12, atol=1e-12)
    # digamma(1) = -euler gamma, digamma(1/2) = -gamma - 2 log 2
    g = 0.57721566490153286061
    np.testing.assert_allclose(T.digamma(_t([1.0, 0.5])).numpy(), [-g, -g - 2 * math.log(2)], rtol=1e-15)
    assert T.digamma(_t([0.0, -0.0, -3.0])).tolist()[:2] == [-math.inf, math.inf]
    assert math.isnan(T.digamma(_t(-3.0)).item())


def test_polygamma_known_values_and_derivative_chain():
    # psi1(1) = pi^2/6, psi2(1) = -2 zeta(3), psi3(1) = pi^4/15
    z3 = 1.2020569031595942854
    np.testing.assert_allclose([T.polygamma(1, _t(1.0)).item(), T.polygamma(2, _t(1.0)).item(),
                                T.polygamma(3, _t(1.0)).item()], [math.pi ** 2 / 6, -2 * z3, math.pi ** 4 / 15],
                               rtol=1e-14)
    x = _t(np.linspace(0.3, 9, 7), grad=True)
    g, = T.autograd.grad(T.digamma(x).sum(), x, create_graph=True)
    np.testing.assert_allclose(g.detach().numpy(), T.polygamma(1, x).detach().numpy(), rtol=1e-15)
    g2, = T.autograd.grad(g.sum(), x)
    np.testing.assert_allclose(g2.numpy(), T.polygamma(2, x).detach().numpy(), rtol=1e-15)
    assert T.polygamma(0, x).grad_fn.name() == "DigammaBackward0"
    with pytest.raises(RuntimeError, match="does not support negative n"):
        T.polygamma(-1, x)


def test_zeta_and_bessel_identities():
    assert abs(T.special.zeta(2.0, _t(1.0)).item() - math.pi ** 2 / 6) < 1e-15
    assert abs(T.special.zeta(_t(4.0), 1.0).item() - math.pi ** 4 / 90) < 1e-15
    # zeta(s, q) = zeta(s, q + 1) + q^-s
    q = np.linspace(0.2, 7, 30)
    np.testing.assert_allclose(T.special.zeta(3.5, _t(q)).numpy(), T.special.zeta(3.5, _t(q + 1)).numpy() + q ** -3.5,
                               rtol=1e-14)
    x = np.concatenate([np.linspace(-40, 40, 161), [700.0]])
    i0, i1 = T.i0(_t(x)).numpy(), T.special.i1(_t(x)).numpy()
    np.testing.assert_allclose(T.special.i0e(_t(x)).numpy(), i0 * np.exp(-np.abs(x)), rtol=1e-14)
    np.testing.assert_allclose(T.special.i1e(_t(x)).numpy(), i1 * np.exp(-np.abs(x)), rtol=1e-14)
    np.testing.assert_array_equal(T.i0(_t(-x)).numpy(), i0)
    np.testing.assert_array_equal(T.special.i1(_t(-x)).numpy(), -i1)


def test_normal_distribution_functions():
    p = np.concatenate([np.linspace(0.001, 0.999, 99), 10.0 ** -np.arange(2, 300, 7)])
    x = T.special.ndtri(_t(p))
    # ndtr's relative condition number is ~x^2 in the tail (x ~ -37 at 1e-300)
    np.testing.assert_allclose(T.special.ndtr(x).numpy(), p, rtol=1e-11)
    xs = np.linspace(-30, 8, 77)
    np.testing.assert_allclose(np.exp(T.special.log_ndtr(_t(xs)).numpy()), T.special.ndtr(_t(xs)).numpy(), rtol=1e-12)
    assert T.special.log_ndtr(_t(-1e10)).item() == pytest.approx(-5e19, rel=1e-15)
    np.testing.assert_allclose(T.special.erfcx(_t(xs[xs > -5])).numpy(),
                               np.exp(xs[xs > -5] ** 2) * T.erfc(_t(xs[xs > -5])).numpy(), rtol=1e-12)


def test_xlogy_zero_and_nan_rules():
    r = T.xlogy(_t([0.0, 0.0, 0.0, 2.0, float("nan"), 1.0]), _t([0.0, -1.0, float("nan"), 0.0, 1.0, float("inf")]))
    out = r.tolist()
    assert out[:2] == [0.0, 0.0] and math.isnan(out[2]) and out[3] == -math.inf and math.isnan(out[4])
    assert out[5] == math.inf
    assert T.xlogy(2, T.tensor([3])).dtype == T.float32
    assert T.xlogy(T.tensor([2.0]), 3.0).item() == pytest.approx(2 * math.log(3))


def test_sinc_logit_entr_special_cases():
    x = _t([0.0, 1.0], grad=True)
    y = T.sinc(x)
    assert y.tolist()[0] == 1.0
    g, = T.autograd.grad(y.sum(), x)
    assert g.tolist() == [0.0, -1.0]
    v = _t([0.05, 0.5, 0.95], grad=True)
    r = T.logit(v, eps=0.1)
    np.testing.assert_allclose(r.detach().numpy(), [math.log(0.1 / 0.9), 0.0, math.log(0.9 / 0.1)], rtol=1e-15)
    g, = T.autograd.grad(r.sum(), v)
    assert g.tolist() == [0.0, 4.0, 0.0]
    e = T.special.entr(_t([0.0, -1.0, 0.5]))
    assert e.tolist()[:2] == [0.0, -math.inf]


def test_namespace_names():
    for name in ("erf erfc erfcx erfinv expit logit exp2 expm1 log1p gammaln digamma psi polygamma multigammaln i0 i0e "
                 "i1 i1e ndtr ndtri log_ndtr sinc entr xlogy xlog1py zeta logsumexp softmax log_softmax round "
                 "gammainc gammaincc").split():
        assert callable(getattr(T.special, name)), name
    assert T.special.psi is T.special.digamma
    assert not hasattr(T, "erfcx") and not hasattr(T, "ndtri")


def test_integer_inputs_promote_and_complex_refused():
    for f in (T.erf, T.lgamma, T.digamma, T.i0, T.erfinv, T.special.i1e, T.special.ndtri):
        assert f(T.tensor([0, 1])).dtype == T.float32
    with pytest.raises(NotImplementedError, match='"erf_vml_cpu" not implemented for \'ComplexFloat\''):
        T.erf(T.tensor([1j]))


# ------------------------------------------------------------ against PyTorch --
WIDE = np.concatenate([np.linspace(-12.25, 12.25, 97), [-150.5, -30.3, -1e-8, 0.0, 1e-8, 0.5, 1.0, 2.0, 55.5,
                                                       300.0, 700.0, 1e5, math.inf, -math.inf, math.nan]])
UNIT = np.concatenate([np.linspace(-1, 1, 101), [1 - 1e-12, -1 + 1e-15, 1.5, -2.0, math.nan]])
PROB = np.concatenate([np.linspace(0, 1, 101), 10.0 ** -np.arange(1, 300, 13), [1 - 1e-10, 2.0, -0.5, math.nan]])

# (name, torch function path, inputs, float64 rtol): rtol looser where torch itself approximates
UNARY = [
    ("erf", "erf", WIDE, 1e-15), ("erfc", "erfc", WIDE, 1e-14), ("lgamma", "lgamma", WIDE, 1e-14),
    ("digamma", "digamma", WIDE, 1e-12), ("erfinv", "erfinv", UNIT, 1e-14), ("i0", "i0", WIDE, 1e-13),
    ("sinc", "sinc", WIDE, 1e-14), ("exp2", "exp2", WIDE, 1e-15),
    ("special.i0e", "special.i0e", WIDE, 1e-13), ("special.i1", "special.i1", WIDE, 1e-13),
    ("special.i1e", "special.i1e", WIDE, 1e-13), ("special.ndtri", "special.ndtri", PROB, 1e-13),
    ("special.log_ndtr", "special.log_ndtr", WIDE, 1e-13), ("special.erfcx", "special.erfcx", WIDE, 1e-12),
    ("special.ndtr", "special.ndtr", WIDE, 1e-14), ("special.entr", "special.entr", WIDE, 1e-15),
    ("special.expit", "special.expit", WIDE, 1e-15), ("special.gammaln", "special.gammaln", WIDE, 1e-14),
    ("logit", "logit", UNIT * 0.5 + 0.5, 1e-15),
]


def _path(mod, path):
    for p in path.split("."):
        mod = getattr(mod, p)
    return mod


@pytest.mark.parametrize("name,tpath,xs,rtol", UNARY, ids=[u[0] for u in UNARY])
@pytest.mark.parametrize("dt", ["float64", "float32"])
def test_unary_values_vs_torch(name, tpath, xs, rtol, dt):
    torch = pytest.importorskip("torch")
    got = _path(T, name)(T.tensor(xs, dtype=getattr(T, dt)))
    want = _path(torch, tpath)(torch.tensor(xs, dtype=getattr(torch, dt)))
    assert str(got.dtype) == str(want.dtype)
    # float32: PyTorch computes in float, we in double rounded once (so ~1 float ulp apart, and
    # absolutely near the zeros); ndtr: PyTorch's (1 + erf) / 2 underflows below ~-8, our erfc form does not
    tol = rtol if dt == "float64" else (5e-6 if name == "special.erfcx" else 2e-6)
    atol = 1e-300 if dt == "float64" else 1e-6
    if name == "special.ndtr":
        atol = 1e-16 if dt == "float64" else 2e-8
    np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=tol, atol=atol)


@pytest.mark.parametrize("name,tpath,xs,rtol", UNARY, ids=[u[0] for u in UNARY])
def test_unary_gradients_vs_torch(name, tpath, xs, rtol):
    torch = pytest.importorskip("torch")
    xs = xs[np.isfinite(xs) & (np.abs(xs) < 200)]
    if name in ("lgamma", "digamma", "special.gammaln"):
        xs = xs[xs != np.round(xs)]       # poles: both infinite, their gradients nan / inf alike
    x = T.tensor(xs, requires_grad=True)
    xt = torch.tensor(xs, requires_grad=True)
    g, = T.autograd.grad(_path(T, name)(x).sum(), x, create_graph=True)
    gt, = torch.autograd.grad(_path(torch, tpath)(xt).sum(), xt, create_graph=True)
    np.testing.assert_allclose(g.detach().numpy(), gt.detach().numpy(), rtol=1e-9, atol=1e-300)
    if name in ("special.entr", "logit"):
        return
    g2, = T.autograd.grad(g.sum(), x)
    g2t, = torch.autograd.grad(gt.sum(), xt)
    g2, g2t = g2.numpy(), g2t.numpy()
    if name == "sinc":      # sinc'' near 0 is cancellation in both (PyTorch: nan at 0)
        g2, g2t = g2[np.abs(xs) > 1e-3], g2t[np.abs(xs) > 1e-3]
    # log_ndtr'' far in the lower tail is x + log_ndtr'(x) ~ 1/x: cancellation in both
    np.testing.assert_allclose(g2, g2t, rtol=1e-6 if name == "special.log_ndtr" else 1e-8, atol=1e-7)
    assert type(_path(T, name)(x).grad_fn).__name__ == type(_path(torch, tpath)(xt).grad_fn).__name__ or name in (
        "special.ndtr",)      # torch's ndtr is composite (MulBackward1)


def test_integer_input_values_vs_torch():
    torch = pytest.importorskip("torch")
    for name in ("erf", "lgamma", "digamma", "i0", "special.i1", "special.erfcx"):
        got = _path(T, name)(T.tensor([1, 2, 5]))
        want = _path(torch, name)(torch.tensor([1, 2, 5]))
        assert str(got.dtype) == str(want.dtype)
        np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-6)


@pytest.mark.parametrize("n", [1, 2, 3, 6])
def test_polygamma_vs_torch(n):
    torch = pytest.importorskip("torch")
    xs = np.concatenate([np.linspace(0.05, 30, 61), -np.linspace(0.1, 8.3, 23) - 0.0125])
    got = T.polygamma(n, T.tensor(xs)).numpy()
    want = torch.polygamma(n, torch.tensor(xs)).numpy()
    # torch's trigamma (n = 1) is an approximation good to ~1e-9; n >= 2 is its Hurwitz zeta
    np.testing.assert_allclose(got, want, rtol=1e-8 if n == 1 else 1e-11)
    assert T.tensor(xs).polygamma(n).numpy().tolist() == got.tolist()


def test_binary_functions_vs_torch():
    torch = pytest.importorskip("torch")
    x = np.array([0.0, 0.0, 1.5, -2.0, 3.0, math.nan, 0.0])
    y = np.array([0.0, -1.0, 2.0, 0.5, math.inf, 1.0, math.nan])
    for name in ("xlogy", "special.xlog1py"):
        np.testing.assert_allclose(_path(T, name)(T.tensor(x), T.tensor(y)).numpy(),
                                   _path(torch, name)(torch.tensor(x), torch.tensor(y)).numpy(), rtol=1e-15)
    s = np.linspace(1.05, 12, 23)[:, None]
    q = np.concatenate([np.linspace(0.1, 9, 11), [-1.0, -2.5, 0.0]])
    np.testing.assert_allclose(T.special.zeta(T.tensor(s), T.tensor(q)).numpy(),
                               torch.special.zeta(torch.tensor(s), torch.tensor(q)).numpy(), rtol=1e-13)
    a = np.concatenate([np.linspace(0.05, 40, 17), [0.0, math.inf]])
    xx = np.concatenate([np.linspace(0.01, 60, 19), [0.0, math.inf]])[:, None]
    for name in ("gammainc", "gammaincc"):
        got = getattr(T.special, name)(T.tensor(a), T.tensor(xx)).numpy()
        want = getattr(torch.special, name)(torch.tensor(a), torch.tensor(xx)).numpy()
        # torch's igamma is good to ~1e-9 relative near a ~ x (ours is the series / continued fraction to ~1e-15)
        np.testing.assert_allclose(got, want, rtol=1e-8, atol=1e-300)


def test_binary_gradients_vs_torch():
    torch = pytest.importorskip("torch")
    xs = np.array([0.0, 1.5, -2.0, 3.0])
    ys = np.array([0.5, 2.0, 0.5, 1.5])
    for name in ("xlogy", "special.xlog1py"):
        a, b = T.tensor(xs, requires_grad=True), T.tensor(ys, requires_grad=True)
        at, bt = torch.tensor(xs, requires_grad=True), torch.tensor(ys, requires_grad=True)
        g = T.autograd.grad(_path(T, name)(a, b).sum(), (a, b))
        gt = torch.autograd.grad(_path(torch, name)(at, bt).sum(), (at, bt))
        for u, v in zip(g, gt):
            np.testing.assert_allclose(u.numpy(), v.numpy(), rtol=1e-14)
    q = T.tensor(ys, requires_grad=True)
    g, = T.autograd.grad(T.special.zeta(3.0, q).sum(), q)
    gt, = torch.autograd.grad(torch.special.zeta(3.0, torch.tensor(ys, requires_grad=True)).sum(),
                              torch.tensor(ys, requires_grad=True)) if False else (None,)
    qt = torch.tensor(ys, requires_grad=True)
    gt, = torch.autograd.grad(torch.special.zeta(3.0, qt).sum(), qt)
    np.testing.assert_allclose(g.numpy(), gt.numpy(), rtol=1e-13)
    s = T.tensor(ys + 2, requires_grad=True)
    with pytest.raises(NotImplementedError, match="the derivative for 'zeta' is not implemented."):
        T.special.zeta(s, 1.0).sum().backward()
    a = T.tensor(ys, requires_grad=True)
    with pytest.raises(NotImplementedError, match="the derivative for 'igamma: input' is not implemented."):
        T.special.gammainc(a, 1.0).sum().backward()
    x = T.tensor(ys, requires_grad=True)
    xt = torch.tensor(ys, requires_grad=True)
    for name in ("gammainc", "gammaincc"):
        g, = T.autograd.grad(getattr(T.special, name)(2.5, x).sum(), x)
        gt, = torch.autograd.grad(getattr(torch.special, name)(torch.tensor(2.5, dtype=torch.float64), xt).sum(), xt)
        np.testing.assert_allclose(g.numpy(), gt.numpy(), rtol=1e-12)


def test_mvlgamma_vs_torch():
    torch = pytest.importorskip("torch")
    xs = np.linspace(1.6, 9, 9)
    for p in (1, 2, 5):
        x, xt = T.tensor(xs, requires_grad=True), torch.tensor(xs, requires_grad=True)
        r, rt = T.special.multigammaln(x, p), torch.special.multigammaln(xt, p)
        np.testing.assert_allclose(r.detach().numpy(), rt.detach().numpy(), rtol=1e-14)
        g, = T.autograd.grad(r.sum(), x)
        gt, = torch.autograd.grad(rt.sum(), xt)
        np.testing.assert_allclose(g.numpy(), gt.numpy(), rtol=1e-12)
    with pytest.raises(RuntimeError, match="p has to be greater than or equal to 1"):
        T.mvlgamma(T.tensor(xs), 0)


def test_inplace_forms():
    torch = pytest.importorskip("torch")
    xs = [0.3, 0.7]
    for name, args in (("erf_", ()), ("erfinv_", ()), ("lgamma_", ()), ("digamma_", ()), ("i0_", ()), ("sinc_", ()),
                       ("logit_", ()), ("polygamma_", (2,)), ("mvlgamma_", (1,)), ("xlogy_", (T.tensor([2.0, 3.0]),))):
        a = T.tensor(xs)
        b = torch.tensor(xs)
        targs = tuple(torch.tensor(v.numpy()) if isinstance(v, T.Tensor) else v for v in args)
        getattr(a, name)(*args)
        getattr(b, name)(*targs)
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-6, err_msg=name)
