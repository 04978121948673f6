"""torch.special's Bessel functions, airy_ai and orthogonal polynomials (bessel_j0 ..
legendre_polynomial_p): torch-free identities of the kernels (src/_core/special.pxi), then values,
dtypes, argument forms, errors, out=, autograd (PyTorch declares no derivatives: results never
require grad) and vmap against PyTorch, over wide grids (0, negative, tiny, 1e3, 1e10, inf, nan;
degrees negative, non-integer, large, nan / inf)."""
import math
import warnings

import numpy as np
import pytest

import pyautograd as T
from pyautograd.func import vmap

BESSEL = ["bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "modified_bessel_i0", "modified_bessel_i1",
          "modified_bessel_k0", "modified_bessel_k1", "scaled_modified_bessel_k0", "scaled_modified_bessel_k1",
          "spherical_bessel_j0", "airy_ai"]
POLYNOMIALS = ["chebyshev_polynomial_t", "chebyshev_polynomial_u", "chebyshev_polynomial_v", "chebyshev_polynomial_w",
               "shifted_chebyshev_polynomial_t", "shifted_chebyshev_polynomial_u", "shifted_chebyshev_polynomial_v",
               "shifted_chebyshev_polynomial_w", "hermite_polynomial_h", "hermite_polynomial_he",
               "laguerre_polynomial_l", "legendre_polynomial_p"]
_X_ARG = {"scaled_modified_bessel_k0", "scaled_modified_bessel_k1", "spherical_bessel_j0", "airy_ai"}

_rng = np.random.default_rng(7)
WIDE = np.concatenate([np.linspace(-30, 30, 1201), _rng.uniform(-9, 9, 600),
                       [0.0, -0.0, 1e-300, -1e-300, 1e-20, 1e-6, 1e-5, 4.99999, 5.0, 5.00001, 2.0, 2.0000001, 8.0,
                        8.0000001, 2.09, -2.09, 8.3203353, 103.892, 104.0, 700.0, 710.0, 1e3, -1e3, 1e10, -1e10,
                        1e300, math.inf, -math.inf, math.nan]])


def _f(name):
    return getattr(T.special, name)


def _f64(a):
    return T.tensor(np.asarray(a, dtype=np.float64))


# ------------------------------------------------------------------ identities --
def test_bessel_identities():
    # PyTorch's J / Y drop the implicit leading 1 of Cephes' monic denominators (p1evl): they are off
    # by up to ~4e-7 absolutely near x = 5 (Ai by ~3e-6 near -2.1); these kernels give its values,
    # so the identities are checked where that term is negligible
    x = np.concatenate([np.linspace(0.1, 2, 60), np.linspace(25, 40, 60)])
    j0, j1, y0, y1 = (_f(n)(_f64(x)).numpy() for n in ("bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1"))
    # the Wronskian J1 Y0 - J0 Y1 = 2 / (pi x)
    np.testing.assert_allclose(j1 * y0 - j0 * y1, 2 / (math.pi * x), rtol=1e-11)
    x = np.linspace(0.1, 40, 400)
    i0, i1, k0, k1 = (_f(n)(_f64(x)).numpy() for n in ("modified_bessel_i0", "modified_bessel_i1",
                                                         "modified_bessel_k0", "modified_bessel_k1"))
    # I0 K1 + I1 K0 = 1 / x
    np.testing.assert_allclose(i0 * k1 + i1 * k0, 1 / x, rtol=1e-13)
    np.testing.assert_allclose(_f("scaled_modified_bessel_k0")(_f64(x)).numpy(), k0 * np.exp(x), rtol=1e-13)
    np.testing.assert_allclose(_f("scaled_modified_bessel_k1")(_f64(x)).numpy(), k1 * np.exp(x), rtol=1e-13)
    # the modified I agree with the existing i0 / i1 (another algorithm)
    np.testing.assert_allclose(i0, T.i0(_f64(x)).numpy(), rtol=1e-14)
    np.testing.assert_allclose(i1, T.special.i1(_f64(x)).numpy(), rtol=1e-14)
    np.testing.assert_allclose(_f("spherical_bessel_j0")(_f64(x)).numpy(), np.sin(x) / x, rtol=1e-15, atol=1e-17)
    # Ai(0) = 3^(-2/3) / Gamma(2/3)
    assert _f("airy_ai")(_f64(0.0)).item() == pytest.approx(3 ** (-2 / 3) / math.gamma(2 / 3), rel=1e-15)
    assert _f("bessel_j0")(_f64(0.0)).item() == 1.0 and _f("bessel_y0")(_f64(0.0)).item() == -math.inf


def test_polynomial_identities():
    x = np.linspace(-0.99, 0.99, 67)
    th = np.arccos(x)
    for n in (0, 1, 2, 5, 6, 7, 9, 30):
        xt = _f64(x)
        np.testing.assert_allclose(_f("chebyshev_polynomial_t")(xt, n).numpy(), np.cos(n * th), atol=1e-13)
        np.testing.assert_allclose(_f("chebyshev_polynomial_u")(xt, n).numpy(),
                                   np.sin((n + 1) * th) / np.sin(th), atol=1e-11)
        # the shifted polynomials are the polynomials of 2x - 1
        np.testing.assert_allclose(_f("shifted_chebyshev_polynomial_t")(_f64((x + 1) / 2), n).numpy(),
                                   np.cos(n * th), atol=1e-12)
    # H_3(x) = 8x^3 - 12x, He_3 = x^3 - 3x, L_2 = (x^2 - 4x + 2)/2, P_2 = (3x^2 - 1)/2
    x = np.linspace(-3, 3, 13)
    np.testing.assert_allclose(_f("hermite_polynomial_h")(_f64(x), 3).numpy(), 8 * x ** 3 - 12 * x, atol=1e-12)
    np.testing.assert_allclose(_f("hermite_polynomial_he")(_f64(x), 3).numpy(), x ** 3 - 3 * x, atol=1e-12)
    np.testing.assert_allclose(_f("laguerre_polynomial_l")(_f64(x), 2).numpy(), (x * x - 4 * x + 2) / 2, atol=1e-12)
    np.testing.assert_allclose(_f("legendre_polynomial_p")(_f64(x), 2).numpy(), (3 * x * x - 1) / 2, atol=1e-12)
    # a degree is truncated to an integer; negative, NaN or out of int64: 0
    r = _f("legendre_polynomial_p")(_f64([0.3] * 6), _f64([2.9, -0.5, -3.0, math.nan, math.inf, 1e30])).tolist()
    assert r == [pytest.approx((3 * 0.09 - 1) / 2), 1.0, 0.0, 0.0, 0.0, 0.0]


# ------------------------------------------------------------ against PyTorch --
def _compare(got, want, dt):
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    inf = np.isinf(want) | np.isinf(got)
    np.testing.assert_array_equal(got[inf], want[inf])
    fin = np.isfinite(want)
    # PyTorch's build fuses multiply-adds (its AVX2 kernels): ours are written with the same fma,
    # so the values agree to the bit on an AVX2 machine; the tolerance allows other builds
    rtol, atol = (1e-13, 1e-15) if dt == np.float64 else (2e-6, 1e-6)
    np.testing.assert_allclose(got[fin], want[fin], rtol=rtol, atol=atol)


@pytest.mark.parametrize("name", BESSEL)
@pytest.mark.parametrize("dt", [np.float64, np.float32])
def test_bessel_values_vs_torch(name, dt):
    torch = pytest.importorskip("torch")
    with np.errstate(over="ignore"):
        xs = WIDE.astype(dt)
    got = _f(name)(T.tensor(xs)).numpy()
    want = getattr(torch.special, name)(torch.from_numpy(xs)).numpy()
    _compare(got, want, dt)


@pytest.mark.parametrize("name", BESSEL)
def test_bessel_dtypes_shapes_and_errors_vs_torch(name):
    torch = pytest.importorskip("torch")
    f, ft = _f(name), getattr(torch.special, name)
    for dt in ("int64", "int32", "int8", "uint8", "bool", "float32", "float64"):
        v = [0, 1, 3] if dt != "bool" else [False, True, True]
        got, want = f(T.tensor(v, dtype=getattr(T, dt))), ft(torch.tensor(v, dtype=getattr(torch, dt)))
        assert str(got.dtype) == str(want.dtype), dt
        np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-6)
    for shape in ((), (0,), (2, 0, 3), (2, 3)):
        a = np.full(shape, 1.25)
        got, want = f(T.tensor(a)), ft(torch.tensor(a))
        assert tuple(got.shape) == tuple(want.shape)
        np.testing.assert_array_equal(got.numpy(), want.numpy())
    # non-contiguous input
    a = np.linspace(0.1, 6, 12).reshape(3, 4)
    np.testing.assert_array_equal(f(T.tensor(a).t()).numpy(), ft(torch.tensor(a).t()).numpy())
    prev = T.get_default_dtype()
    T.set_default_dtype(T.float64)
    torch.set_default_dtype(torch.float64)
    try:
        assert f(T.tensor([1, 2])).dtype == T.float64 and ft(torch.tensor([1, 2])).dtype == torch.float64
    finally:
        T.set_default_dtype(prev)
        torch.set_default_dtype(torch.float32)
    for bad_t, bad in ((torch.tensor([1.0], dtype=torch.float16), T.tensor([1.0], dtype=T.float16)),
                       (torch.tensor([1j]), T.tensor([1j]))):
        with pytest.raises(NotImplementedError) as e:
            ft(bad_t)
        with pytest.raises(NotImplementedError, match="^%s$" % str(e.value).replace("(", r"\(").replace(")", r"\)")):
            f(bad)
    with pytest.raises(TypeError) as e:
        ft(1.0)
    with pytest.raises(TypeError, match="^%s$" % str(e.value).replace("(", r"\(").replace(")", r"\)")):
        f(1.0)
    arg = "x" if name in _X_ARG else "input"
    assert f(**{arg: T.tensor([1.0])}).tolist() == ft(**{arg: torch.tensor([1.0])}).tolist()


def test_bessel_out_vs_torch():
    torch = pytest.importorskip("torch")
    for name in ("bessel_j0", "airy_ai"):
        f, ft = _f(name), getattr(torch.special, name)
        # a wider out: the float32 result cast into it
        o, ot = T.empty(2, dtype=T.float64), torch.empty(2, dtype=torch.float64)
        r = f(T.tensor([0.5, 1.5]), out=o)
        ft(torch.tensor([0.5, 1.5]), out=ot)
        assert r is o and o.dtype == T.float64
        np.testing.assert_array_equal(o.numpy(), ot.numpy())
        with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output type Long"):
            f(T.tensor([0.5]), out=T.empty(1, dtype=T.int64))
        with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output type Long"):
            ft(torch.tensor([0.5]), out=torch.empty(1, dtype=torch.int64))
        o = T.empty(3)
        with pytest.warns(UserWarning, match="was resized since it had shape \\[3\\]"):
            f(T.tensor([0.5, 1.5]), out=o)
        assert o.shape == (2,)
        o = T.empty(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            f(T.tensor([[0.5, 1.5]]), out=o)
        assert o.shape == (1, 2)
        # no derivative, so out may even be a leaf that requires grad (PyTorch accepts it)
        o, ot = T.zeros(2, requires_grad=True), torch.zeros(2, requires_grad=True)
        f(T.tensor([0.5, 1.5], requires_grad=True), out=o)
        ft(torch.tensor([0.5, 1.5], requires_grad=True), out=ot)
        np.testing.assert_array_equal(o.detach().numpy(), ot.detach().numpy())
        assert o.requires_grad and o.grad_fn is None


@pytest.mark.parametrize("name", BESSEL + POLYNOMIALS)
def test_no_derivative_as_torch(name):
    torch = pytest.importorskip("torch")
    args = (lambda x: (x,)) if name in BESSEL else (lambda x: (x, 3))
    x = T.tensor([0.5, 1.5], requires_grad=True)
    xt = torch.tensor([0.5, 1.5], requires_grad=True)
    r, rt = _f(name)(*args(x)), getattr(torch.special, name)(*args(xt))
    assert r.requires_grad is rt.requires_grad is False and r.grad_fn is None and rt.grad_fn is None
    with pytest.raises(RuntimeError) as e:
        rt.sum().backward()
    with pytest.raises(RuntimeError, match="^%s$" % e.value):
        r.sum().backward()
    # in a larger graph: no gradient flows through it (as PyTorch's)
    (r * 2 + x).sum().backward()
    (rt * 2 + xt).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), xt.grad.numpy())
    # forward AD: no tangent; func.grad: zeros
    fw, fwt = T.autograd.forward_ad, torch.autograd.forward_ad
    with fw.dual_level():
        out = _f(name)(*args(fw.make_dual(T.tensor([0.5, 1.5]), T.ones(2))))
        assert fw.unpack_dual(out).tangent is None
    with fwt.dual_level():
        out = getattr(torch.special, name)(*args(fwt.make_dual(torch.tensor([0.5, 1.5]), torch.ones(2))))
        assert fwt.unpack_dual(out).tangent is None
    g = T.func.grad(lambda a: _f(name)(*args(a)).sum())(T.tensor([0.5, 1.5]))
    gt = torch.func.grad(lambda a: getattr(torch.special, name)(*args(a)).sum())(torch.tensor([0.5, 1.5]))
    np.testing.assert_array_equal(g.numpy(), gt.numpy())


def test_namespace_as_torch():
    torch = pytest.importorskip("torch")
    for name in BESSEL + POLYNOMIALS:
        assert name in T.special.__all__ and callable(getattr(T.special, name))
        # torch has them only under torch.special: no torch.<name>, no Tensor method
        assert hasattr(T, name) == hasattr(torch, name) == False      # noqa: E712
        assert hasattr(T.Tensor, name) == hasattr(torch.Tensor, name) == False   # noqa: E712


XS = np.concatenate([np.linspace(-3, 3, 61), _rng.uniform(-1, 1, 40), _rng.uniform(0, 1, 20),
                     [0.0, -0.0, 1.0, -1.0, 0.5, 1e-10, -1e-10, 1 - 1e-12, -1 + 1e-12, 1e3, -1e3, 1e10, -1e10,
                      math.inf, -math.inf]])[:, None]
NS = np.array([-5, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 20, 50, 100, 127, 128, 129, 200, 511, 512, 513, 1000,
               2.5, -0.5, 7.9, 1e30, -1e30, 2.0 ** 63, 2.0 ** 62, math.inf, -math.inf, math.nan])[None, :]


@pytest.mark.parametrize("name", POLYNOMIALS)
@pytest.mark.parametrize("dt", [np.float64, np.float32])
def test_polynomial_values_vs_torch(name, dt):
    torch = pytest.importorskip("torch")
    xs, ns = XS.astype(dt), NS.astype(dt)
    if name.startswith("shifted"):
        # a tiny x makes 2x - 1 round to -1 (in float32) or just below it: the recurrence then runs
        # (in PyTorch too) through a degree of 2^62 without overflowing, or for ~1e7 steps
        xs = xs[(np.abs(xs[:, 0]) > 1e-6) | (xs[:, 0] == 0)]
    if name in ("laguerre_polynomial_l", "legendre_polynomial_p"):
        # no closed form inside (-1, 1) there: a degree of 2^62 would loop (in PyTorch too)
        ns = ns[:, np.abs(ns[0]) < 1e4]
    got = _f(name)(T.tensor(xs), T.tensor(ns)).numpy()
    want = getattr(torch.special, name)(torch.from_numpy(xs), torch.from_numpy(ns)).numpy()
    _compare(got, want, dt)
    # the number forms: (Tensor x, Number n) and (Number x, Tensor n)
    for n in (0, 3, 7, 10, 2.5, -1, True):
        _compare(_f(name)(T.tensor(xs[:, 0]), n).numpy(),
                 getattr(torch.special, name)(torch.from_numpy(xs[:, 0]), n).numpy(), dt)
    for x in (0.25, -2.0, 3, True):
        _compare(_f(name)(x, T.tensor(NS[0, :14].astype(dt))).numpy(),
                 getattr(torch.special, name)(x, torch.from_numpy(NS[0, :14].astype(dt))).numpy(), dt)


@pytest.mark.parametrize("name", POLYNOMIALS)
def test_polynomial_nan_x(name):
    # PyTorch returns an unset value for a NaN x with n >= 2 (its loop never runs); ours: NaN
    r = _f(name)(_f64([math.nan] * 5), _f64([-1.0, 0.0, 1.0, 2.0, 9.0])).tolist()
    assert r[:2] == [0.0, 1.0] and all(math.isnan(v) for v in r[2:])


def test_polynomial_promotion_forms_and_errors_vs_torch():
    torch = pytest.importorskip("torch")
    f, ft = T.special.chebyshev_polynomial_t, torch.special.chebyshev_polynomial_t
    cases = [
        (lambda M: M.tensor([0.5, 0.3]), lambda M: M.tensor(3.0, dtype=M.float64)),     # 0-d does not widen
        (lambda M: M.tensor([0.5, 0.3]), lambda M: M.tensor([3.0, 4.0], dtype=M.float64)),
        (lambda M: M.tensor([0.5, 0.3], dtype=M.float64), lambda M: M.tensor([3.0, 4.0])),
        (lambda M: M.tensor([1, 2]), lambda M: M.tensor([3, 4])),
        (lambda M: M.tensor([1, 2], dtype=M.int8), lambda M: 1000),
        (lambda M: 2, lambda M: M.tensor([3, 4])),
        (lambda M: 2.5, lambda M: M.tensor([3.0, 4.0], dtype=M.float64)),
        (lambda M: True, lambda M: M.tensor([3, 4])),
        (lambda M: M.tensor([True, False]), lambda M: M.tensor([3, 4])),
        (lambda M: M.tensor([0.3]), lambda M: 16777217),      # n rounded to float32 first, as PyTorch
        (lambda M: M.tensor([0.3], dtype=M.float64), lambda M: 16777217),
        (lambda M: M.tensor([0.3]), lambda M: 2 ** 63),
        (lambda M: M.tensor([[0.5], [0.2]]), lambda M: M.tensor([2, 3, 4])),
        (lambda M: M.tensor(0.5), lambda M: 4),
        (lambda M: M.tensor([0.5]), lambda M: M.tensor([], dtype=M.float32).reshape(0, 1)),
    ]
    for x, n in cases:
        got, want = f(x(T), n(T)), ft(x(torch), n(torch))
        assert str(got.dtype) == str(want.dtype) and tuple(got.shape) == tuple(want.shape)
        np.testing.assert_array_equal(got.numpy(), want.numpy())
    assert f(x=T.tensor([0.5]), n=2).tolist() == ft(x=torch.tensor([0.5]), n=2).tolist()

    def same_error(call):
        with pytest.raises(Exception) as e:
            call(torch, ft)
        with pytest.raises(type(e.value)) as ours:
            call(T, f)
        assert str(ours.value) == str(e.value)
    same_error(lambda M, g: g(0.5, 3))
    same_error(lambda M, g: g(M.tensor([0.5]), "a"))
    same_error(lambda M, g: g(M.tensor([0.5]), None))
    same_error(lambda M, g: g(M.tensor([0.5]), 1j))
    same_error(lambda M, g: g(M.tensor([0.5]), M.tensor([1j])))
    same_error(lambda M, g: g(M.tensor([0.5], dtype=M.float16), 2))
    same_error(lambda M, g: g(M.tensor([1]), M.tensor([2.0], dtype=M.float16)))
    same_error(lambda M, g: g(M.tensor([0.5]), 2 ** 70))
    same_error(lambda M, g: g(M.tensor([0.5]), -2 ** 63 - 1))
    same_error(lambda M, g: g(M.ones(2), M.ones(3)))
    o, ot = T.empty(2, dtype=T.float64), torch.empty(2, dtype=torch.float64)
    assert f(T.tensor([0.5, 0.3]), 2, out=o) is o
    ft(torch.tensor([0.5, 0.3]), 2, out=ot)
    np.testing.assert_array_equal(o.numpy(), ot.numpy())
    same_error(lambda M, g: g(M.tensor([0.5]), 2, out=M.empty(1, dtype=M.int64)))


def test_polynomial_large_degrees():
    torch = pytest.importorskip("torch")
    # |x| < 1: the trigonometric forms (no loop over n); |x| > 1 overflows to inf and then NaN
    # (inf - inf) as PyTorch's recurrence does; Hermite beyond its cut-off (512 in double): NaN
    x = np.array([0.3, -0.7, 1.5, -1.5, 1.0, -1.0])
    for name in ("chebyshev_polynomial_t", "chebyshev_polynomial_u", "chebyshev_polynomial_v",
                 "chebyshev_polynomial_w", "hermite_polynomial_h", "hermite_polynomial_he"):
        for n in (10 ** 6, 10 ** 12, 2 ** 62):
            _compare(_f(name)(_f64(x), n).numpy(), getattr(torch.special, name)(torch.tensor(x), n).numpy(),
                     np.float64)
    _compare(_f("legendre_polynomial_p")(_f64(x[:2]), 5000).numpy(),
             torch.special.legendre_polynomial_p(torch.tensor(x[:2]), 5000).numpy(), np.float64)


def test_vmap_matches_the_loop():
    x = T.tensor(np.linspace(0.1, 9, 12).reshape(3, 4))
    n = T.tensor([[2.0], [3.0], [7.0]])
    for name in ("bessel_j0", "modified_bessel_k1"):
        got = vmap(_f(name))(x)
        np.testing.assert_array_equal(got.numpy(), np.stack([_f(name)(x[i]).numpy() for i in range(3)]))
        got = vmap(_f(name), in_dims=1)(x)
        np.testing.assert_array_equal(got.numpy(), np.stack([_f(name)(x[:, j]).numpy() for j in range(4)]))
    p = T.special.legendre_polynomial_p
    got = vmap(p)(x * 0.1, n)
    np.testing.assert_array_equal(got.numpy(), np.stack([p(x[i] * 0.1, n[i]).numpy() for i in range(3)]))
    got = vmap(p, in_dims=(0, None))(x * 0.1, 5)
    np.testing.assert_array_equal(got.numpy(), np.stack([p(x[i] * 0.1, 5).numpy() for i in range(3)]))
    got = vmap(p, in_dims=(None, 0))(0.3, n)
    np.testing.assert_array_equal(got.numpy(), np.stack([p(0.3, n[i]).numpy() for i in range(3)]))
