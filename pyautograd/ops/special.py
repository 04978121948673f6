"""Special functions: erf / erfc / erfinv / erfcx, lgamma / digamma / polygamma / mvlgamma, the
modified Bessel functions i0 / i0e / i1 / i1e, the normal distribution's ndtr / ndtri /
log_ndtr, sinc, logit, entr, exp2, xlogy / xlog1py, Hurwitz zeta and the regularized incomplete
gamma functions (gammainc / gammaincc).

NumPy has none of them and SciPy is not a dependency: the values come from the compiled core
(src/_core/special.pxi: libm's erf / erfc / lgamma_r, the others computed there), as typed
loops over float64 / float32 arrays. Integer inputs compute in the default float dtype (as
PyTorch). The rules are PyTorch's derivatives.yaml formulas written on F, so every derivative is
itself differentiable (digamma' = polygamma(1, .), polygamma(n)' = polygamma(n + 1), i0' = i1).

Functions PyTorch has only under torch.special (erfcx, i0e, i1, i1e, ndtri, log_ndtr, entr,
xlog1py, zeta, gammainc, ...) are module functions here (special_<name>, F.special_<name>) that
pyautograd/special.py names; their test specs are SPECIAL_SPECS (registry_specs reads them).

torch.special's Bessel functions (bessel_j0 .. scaled_modified_bessel_k1, spherical_bessel_j0),
airy_ai and orthogonal polynomials (chebyshev_polynomial_t .. legendre_polynomial_p) have no
derivatives in PyTorch: they are computed on arrays without ops (end of this file)."""
import builtins
import math

import numpy as np

from .._core import apply_op, special_unary as _special_unary, special_binary as _special_binary
from .._core import special_bessel as _special_bessel, special_polynomial as _special_polynomial
from .._core import TensorBase as _Tensor, _make_tensor, is_grad_enabled, _set_grad_enabled
from .._dtype import get_default_dtype
from ._registry import expose, Op, register, elementwise_jvp, rule_helper, EXTRA_SPECS
from ._spec import OpSpec, unary_spec, binary_spec
from ._common import _check_tensor, _SCALAR_TYPE_NAMES, _const, _check_broadcast, _result_dtype, batched_public
from ._callforms import check_out_cast, resize_and_copy
from .elementwise import _unary, _float_operand, _binary_operands, _cast, Sigmoid

__all__ = []

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_SQRT_2PI = math.sqrt(2.0 * math.pi)


def _kernel(name, n=0):
    """The core's kernel `name` on an array of any float dtype and shape (0-d included)."""
    def array(a):
        a = np.asarray(a)
        if a.dtype.kind != "f":
            a = a.astype(get_default_dtype().np)
        if a.dtype == np.float16:     # half computes in float32, rounded once
            return _special_unary(name, a.astype(np.float32), n).reshape(a.shape).astype(np.float16)
        return _special_unary(name, a, n).reshape(a.shape)
    array.__name__ = name
    return array


def _binary_kernel(name):
    def array(a, b):
        a, b = np.asarray(a), np.asarray(b)
        dt = np.result_type(a, b)
        if dt.kind != "f":
            dt = np.dtype(get_default_dtype().np)
        work = np.float32 if dt == np.float16 else dt
        return _special_binary(name, a.astype(work, copy=False), b.astype(work, copy=False)).astype(dt, copy=False)
    array.__name__ = name
    return array


def _real_float_operand(x, fname):
    """x in floating point (ints in the default dtype); complex refused as PyTorch's kernels do."""
    x = _float_operand(x)
    if x._data.dtype.kind == "c":
        raise NotImplementedError('"%s_cpu" not implemented for \'%s\'' % (fname, _SCALAR_TYPE_NAMES[x._data.dtype.name]))
    return x


def _special_unary_public(op, name, kernel_name, method=True, inplace=True, spec_kw=None, special_only=False,
                          spec_arg=None, doc=None):
    """The public function of a unary special op (method, in-place variant x.<name>_() and spec
    unless special_only: then a module function special_<name> with its spec in SPECIAL_SPECS)."""
    def public(input, *, out=None):
        _check_tensor(input, name)
        r = apply_op(op, (_real_float_operand(input, kernel_name),))
        if out is not None:
            out.copy_(r) if out.shape == r.shape else out.resize_(r.shape).copy_(r)
            return out
        return r
    public.__name__ = public.__qualname__ = name
    # torch.special's own functions (special_only) keep the short generic line
    public.__doc__ = doc or "torch.special.%s: elementwise, computed in floating point, differentiable." % name
    kw = spec_kw or {}
    if special_only:
        arg = spec_arg or (lambda a: a)      # maps the drawn inputs into the function's domain
        EXTRA_SPECS.append(OpSpec("special_" + name, lambda T, a: getattr(T.special, name)(arg(a)), [(2, 3)],
                                  scalar=[()], **kw))
        return public
    return expose(public, method=method, inplace_op=op if inplace else None, spec=unary_spec(name, **kw))


# ------------------------------------------------------------------- unary ops --
Erf = _unary("ErfBackward0", _kernel("erf"),
             lambda F, x, r, g: g * (_TWO_OVER_SQRT_PI * F.exp(-(x * x))))
Erfc = _unary("ErfcBackward0", _kernel("erfc"),
              lambda F, x, r, g: g * (-_TWO_OVER_SQRT_PI * F.exp(-(x * x))))
# erfinv' = sqrt(pi) / 2 exp(erfinv(x)^2)
Erfinv = _unary("ErfinvBackward0", _kernel("erfinv"),
                lambda F, x, r, g: g * (0.5 * math.sqrt(math.pi) * F.exp(r * r)), save="result")
Lgamma = _unary("LgammaBackward0", _kernel("lgamma"), lambda F, x, r, g: g * F.digamma(x))
Digamma = _unary("DigammaBackward0", _kernel("digamma"), lambda F, x, r, g: g * F.polygamma(1, x))
I0 = _unary("I0Backward0", _kernel("i0"), lambda F, x, r, g: g * F.special_i1(x))
# i0e' = i1e(x) - sgn(x) i0e(x)
I0e = _unary("SpecialI0EBackward0", _kernel("i0e"),
             lambda F, x, r, g: g * (F.special_i1e(x) - F.sign(x) * r), save="both", fn="special_i0e")


def _i1_grad(F, x, g):
    # i1' = i0(x) - i1(x) / x, 1/2 at 0 (its limit); the division by a safe 1 where x is 0
    nz = x != 0
    safe = F.where(nz, x, 1.0)
    return g * F.where(nz, F.i0(x) - F.special_i1(x) / safe, 0.5)


def _i1e_grad(F, x, g):
    # i1e' = i0e(x) - i1e(x) (sgn(x) + 1/x), 1/2 at 0
    nz = x != 0
    safe = F.where(nz, x, 1.0)
    return g * F.where(nz, F.special_i0e(x) - F.special_i1e(x) * (F.sign(x) + 1.0 / safe), 0.5)


I1 = _unary("SpecialI1Backward0", _kernel("i1"), lambda F, x, r, g: _i1_grad(F, x, g), fn="special_i1")
I1e = _unary("SpecialI1EBackward0", _kernel("i1e"), lambda F, x, r, g: _i1e_grad(F, x, g), fn="special_i1e")
# ndtri' = sqrt(2 pi) exp(ndtri(p)^2 / 2)
Ndtri = _unary("SpecialNdtriBackward0", _kernel("ndtri"),
               lambda F, x, r, g: g * (_SQRT_2PI * F.exp(0.5 * (r * r))), save="result", fn="special_ndtri")
# log_ndtr' = exp(-x^2/2 - log_ndtr(x)) / sqrt(2 pi)
LogNdtr = _unary("SpecialLogNdtrBackward0", _kernel("log_ndtr"),
                 lambda F, x, r, g: g * (F.exp(-0.5 * (x * x) - r) / _SQRT_2PI), save="both", fn="special_log_ndtr")
# erfcx' = 2 x erfcx(x) - 2 / sqrt(pi)
Erfcx = _unary("SpecialErfcxBackward0", _kernel("erfcx"),
               lambda F, x, r, g: g * (2.0 * x * r - _TWO_OVER_SQRT_PI), save="both", fn="special_erfcx")


def _sinc_grad(F, x, g):
    # (pi x cos(pi x) - sin(pi x)) / (pi x^2), 0 at 0 (its limit)
    nz = x != 0
    px = math.pi * F.where(nz, x, 1.0)
    return g * F.where(nz, (px * F.cos(px) - F.sin(px)) / (px * F.where(nz, x, 1.0)), 0.0)


Sinc = _unary("SincBackward0", _kernel("sinc"), lambda F, x, r, g: _sinc_grad(F, x, g))
Exp2 = _unary("Exp2Backward0", lambda a: np.exp2(a), lambda F, x, r, g: g * (r * math.log(2.0)), save="result")


def _entr_np(a):
    with np.errstate(all="ignore"):
        r = -a * np.log(a)
    r = np.where(a == 0, np.zeros((), a.dtype), r)
    return np.where(a < 0, np.array(-np.inf, a.dtype), r).astype(a.dtype, copy=False)


# entr' = -(1 + log x)
Entr = _unary("SpecialEntrBackward0", _entr_np, lambda F, x, r, g: g * (-(1.0 + F.log(x))), fn="special_entr")


def _unary_both(op):
    """_unary saves one of input / result; the rules above marked save="both" read both: the
    forward saves the input and the rule reads the result through F.result."""
    def forward(ctx, x):
        ctx.save_for_backward(x)
        ctx.save_result = True
        return op.array(x._value)

    def vjp(F, ctx, g):
        x, = F.saved(ctx)
        return _BOTH_RULES[op](F, x, F.result(ctx), g)
    op.forward = staticmethod(forward)
    op.vjp = staticmethod(vjp)
    op.jvp = staticmethod(elementwise_jvp(lambda F, ctx, primals, result, t: _BOTH_RULES[op](F, primals[0], result, t)))
    op.saves = "both"


_BOTH_RULES = {
    I0e: lambda F, x, r, g: g * (F.special_i1e(x) - F.sign(x) * r),
    LogNdtr: lambda F, x, r, g: g * (F.exp(-0.5 * (x * x) - r) / _SQRT_2PI),
    Erfcx: lambda F, x, r, g: g * (2.0 * x * r - _TWO_OVER_SQRT_PI),
}
for _op in _BOTH_RULES:
    _unary_both(_op)
del _op


# ---------------------------------------------------------------- polygamma --
def _polygamma_np(n, a):
    return _kernel("digamma", n)(a)


@register
class Polygamma(Op):
    name = "PolygammaBackward0"
    elementwise = True
    fn = None

    @staticmethod
    def forward(ctx, x, n=1):
        ctx.n = n
        ctx.save_for_backward(x)
        return _polygamma_np(n, x._value)

    @staticmethod
    def vjp(F, ctx, g):
        x, = F.saved(ctx)
        return g * F.polygamma(ctx.n + 1, x)

    jvp = staticmethod(elementwise_jvp(lambda F, ctx, primals, result, t: t * F.polygamma(ctx.n + 1, primals[0])))


def _check_n(n, fname="polygamma"):
    if isinstance(n, _Tensor) or not isinstance(n, (builtins.int, np.integer)) or isinstance(n, builtins.bool):
        raise TypeError("%s(): argument 'n' (position 1) must be int, not %s" % (fname, type(n).__name__))
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    return builtins.int(n)


def polygamma(n, input, *, out=None):
    """polygamma(n, input): the n-th derivative of digamma (digamma for n = 0); n a non-negative int.

    Gradient: grad * polygamma(n + 1, input).

    Example::

        >>> pa.polygamma(1, pa.tensor([1.0]))
        tensor([1.6449])
    """
    n = _check_n(n)
    _check_tensor(input, "polygamma", "input", 2)
    x = _real_float_operand(input, "polygamma")
    r = apply_op(Digamma, (x,)) if n == 0 else apply_op(Polygamma, (x,), {"n": n})
    if out is not None:
        out.resize_(r.shape).copy_(r)
        return out
    return r


expose(polygamma, spec=[OpSpec("polygamma%d" % k, (lambda k: lambda T, a: T.polygamma(k, a))(k), [(2, 3)],
                               domain="pos", scalar=[()]) for k in (2, 3)])   # polygamma(1, .): PyTorch's trigamma is only ~1e-9 accurate (tests/test_special.py)
rule_helper("polygamma", _polygamma_np, polygamma)


# --------------------------------------------------------------------- logit --
@register
class Logit(Op):
    name = "LogitBackward0"
    elementwise = True

    @staticmethod
    def forward(ctx, x, eps=None):
        ctx.eps = eps
        ctx.save_for_backward(x)
        a = x._value
        if eps is not None:
            a = np.clip(a, eps, 1.0 - eps).astype(a.dtype, copy=False)
        with np.errstate(all="ignore"):
            return np.log(a / (1 - a)).astype(a.dtype, copy=False)

    @staticmethod
    def vjp(F, ctx, g):
        x, = F.saved(ctx)
        return _logit_grad(F, x, ctx.eps, g)

    jvp = staticmethod(elementwise_jvp(lambda F, ctx, primals, result, t: _logit_grad(F, primals[0], ctx.eps, t)))


def _logit_grad(F, x, eps, g):
    # 1 / (x (1 - x)); outside [0, 1] nan, with eps 0 outside [eps, 1 - eps] (the clamp's flat part)
    d = g / (x * (1.0 - x))
    if eps is None:
        return F.where((x < 0) | (x > 1), float("nan"), d)
    return F.where((x < eps) | (x > 1.0 - eps), 0.0, d)


def logit(input, eps=None, *, out=None):
    """logit(input, eps=None): log(x / (1 - x)), with x clamped to [eps, 1 - eps] first when eps is
    given.

    Gradient: grad / (x (1 - x)); 0 outside [eps, 1 - eps] when eps is given.

    Example::

        >>> pa.logit(pa.tensor([0.5, 0.75]))
        tensor([0.0000, 1.0986])
    """
    _check_tensor(input, "logit")
    r = apply_op(Logit, (_real_float_operand(input, "logit"),), {"eps": None if eps is None else float(eps)})
    if out is not None:
        out.resize_(r.shape).copy_(r)
        return out
    return r


# logit's inputs mapped into (0, 1): (0.34, 0.66), and with eps = 0.2 both sides of the clamp
expose(logit, method=True, inplace_op=Logit,
       spec=[OpSpec("logit", lambda T, a: T.logit(a * 0.2 + 0.5), [(2, 3)], domain="unit", scalar=[()]),
             OpSpec("logit_eps", lambda T, a: T.logit(a * 0.5 + 0.5, eps=0.2), [(2, 3)],
                    domain=("kinks", [-0.6, 0.6]), scalar=[()])])


# ------------------------------------------------------------------- mvlgamma --
def mvlgamma(input, p):
    """mvlgamma(input, p): the multivariate log-gamma of dimension p,
    sum_{j=0}^{p-1} lgamma(x - j/2) + p (p - 1) / 4 log(pi); every element must exceed (p - 1) / 2.

    Gradient: grad * sum_j digamma(x - j/2).

    Example::

        >>> pa.mvlgamma(pa.tensor([2.5]), 2)
        tensor([0.8570])
    """
    _check_tensor(input, "mvlgamma")
    if not isinstance(p, (builtins.int, np.integer)) or isinstance(p, builtins.bool):
        raise TypeError("mvlgamma(): argument 'p' (position 2) must be int, not %s" % type(p).__name__)
    if p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")
    return apply_op(Mvlgamma, (_real_float_operand(input, "mvlgamma"),), {"p": builtins.int(p)})


def _mvlgamma_np(a, p):
    lg = _kernel("lgamma")
    r = np.zeros(a.shape, a.dtype) + (p * (p - 1) / 4.0) * math.log(math.pi)
    for j in range(p):      # p is small: a loop over the terms, each vectorised
        r = r + lg(a - np.asarray(j / 2.0, a.dtype))
    return r.astype(a.dtype, copy=False)


@register
class Mvlgamma(Op):
    name = "MvlgammaBackward0"
    elementwise = True

    @staticmethod
    def forward(ctx, x, p=1):
        ctx.p = p
        ctx.save_for_backward(x)
        return _mvlgamma_np(x._value, p)

    @staticmethod
    def vjp(F, ctx, g):
        x, = F.saved(ctx)
        return _mvlgamma_grad(F, x, ctx.p, g)

    jvp = staticmethod(elementwise_jvp(lambda F, ctx, primals, result, t: _mvlgamma_grad(F, primals[0], ctx.p, t)))


def _mvlgamma_grad(F, x, p, g):
    s = F.digamma(x)
    for j in range(1, p):
        s = s + F.digamma(x - j / 2.0)
    return g * s


expose(mvlgamma, method=True, inplace_op=None,
       spec=OpSpec("mvlgamma", lambda T, a: T.mvlgamma(a + 1.5, 3), [(2, 3)], domain="pos", scalar=[()]))


# ----------------------------------------------------------- binary functions --
def _binary_float_operands(a, b, fname):
    a, b = _binary_operands(a, b)
    if a._data.dtype.kind != "f":
        dt = get_default_dtype().np
        a, b = _cast(a, dt), _cast(b, dt)
    if a._data.dtype.kind == "c":
        raise NotImplementedError('"%s_cpu" not implemented for \'%s\'' % (fname, _SCALAR_TYPE_NAMES[a._data.dtype.name]))
    return a, b


def _xlogy_np(x, y):
    with np.errstate(all="ignore"):
        r = x * np.log(y)
    r = np.where(x == 0, np.zeros((), r.dtype), r)
    return np.where(np.isnan(y), y, r).astype(np.result_type(x, y), copy=False)


def _xlog1py_np(x, y):
    with np.errstate(all="ignore"):
        r = x * np.log1p(y)
    r = np.where(x == 0, np.zeros((), r.dtype), r)
    return np.where(np.isnan(y), y, r).astype(np.result_type(x, y), copy=False)


def _binary_op(name_, array, vjp, fn):
    class _B(Op):
        name = name_
        elementwise = True

        @staticmethod
        def forward(ctx, a, b):
            ctx.save_for_backward(a, b)
            return array(a._value, b._value)

        @staticmethod
        def vjp(F, ctx, g):
            a, b = F.saved(ctx)
            need = ctx.needs_input_grad
            ga, gb = vjp(F, a, b, g, need)
            return (ga if need[0] else None), (gb if need[1] else None)

        @staticmethod
        def jvp(F, ctx, primals, options, result, ta, tb):
            # the first input's term only where its tangent is not forward AD's zeros (zeta and
            # igamma have no derivative there and raise PyTorch's error for a real tangent)
            a, b = primals
            out = None
            if ta is not None and not getattr(ta, "_fw_zero", False):
                out = vjp(F, a, b, ta, (True, False))[0]
            if tb is not None and not getattr(tb, "_fw_zero", False):
                tb_term = vjp(F, a, b, tb, (False, True))[1]
                out = tb_term if out is None else out + tb_term
            return out
    _B.__name__ = _B.__qualname__ = name_.rpartition("Backward")[0]
    _B.fn = fn
    _B.array = staticmethod(array)
    return register(_B)


def _xlogy_grads(F, x, y, g, need):
    # d/dx log(y), 0 where x == 0 and y <= 0 (PyTorch's masked_fill); d/dy x / y
    gx = F.where((x == 0) & (y <= 0), 0.0, F.xlogy(g, y)) if need[0] else None
    gy = g * x / y if need[1] else None
    return gx, gy


def _xlog1py_grads(F, x, y, g, need):
    gx = F.where((x == 0) & (y <= -1), 0.0, F.special_xlog1py(g, y)) if need[0] else None
    gy = g * x / (y + 1.0) if need[1] else None
    return gx, gy


def _zeta_grads(F, x, q, g, need):
    if need[0]:
        raise NotImplementedError("the derivative for 'zeta' is not implemented.")
    return None, g * (-x) * F.special_zeta(x + 1.0, q)


def _igamma_grads(upper):
    def grads(F, a, x, g, need):
        if need[0]:
            raise NotImplementedError("the derivative for '%s: input' is not implemented." % ("igammac" if upper else "igamma"))
        # d/dx P(a, x) = x^(a-1) e^-x / Gamma(a)
        d = F.exp((a - 1.0) * F.log(x) - x - F.lgamma(a))
        return None, g * (-d if upper else d)
    return grads


Xlogy = _binary_op("XlogyBackward0", _xlogy_np, _xlogy_grads, "xlogy")
Xlog1py = _binary_op("SpecialXlog1PyBackward0", _xlog1py_np, _xlog1py_grads, "special_xlog1py")
Zeta = _binary_op("SpecialZetaBackward0", _binary_kernel("zeta"), _zeta_grads, "special_zeta")
Igamma = _binary_op("IgammaBackward0", _binary_kernel("gammainc"), _igamma_grads(False), "igamma")
Igammac = _binary_op("IgammacBackward0", _binary_kernel("gammaincc"), _igamma_grads(True), "igammac")


def _binary_public(op, name, doc=None):
    def public(input, other, *, out=None):
        if not isinstance(input, _Tensor) and not isinstance(other, _Tensor):
            raise TypeError("%s() received an invalid combination of arguments - got (%s, %s), but expected "
                            "one of: (Tensor input, Tensor other)" % (name, type(input).__name__, type(other).__name__))
        a, b = _binary_float_operands(input, other, name)
        r = apply_op(op, (a, b))
        if out is not None:
            out.resize_(r.shape).copy_(r)
            return out
        return r
    public.__name__ = public.__qualname__ = name
    public.__doc__ = doc or "torch.special.%s(input, other): elementwise, computed in floating point, differentiable." % name
    return public


xlogy = expose(_binary_public(Xlogy, "xlogy", doc="""input * log(other) elementwise, 0 where input is 0 (unless other is nan).

    Gradient: grad * log(other) for input (0 where input is 0), grad * input / other for other.

    Example::

        >>> pa.xlogy(pa.tensor([0.0, 2.0]), pa.tensor([0.0, 3.0]))
        tensor([0.0000, 2.1972])
    """), method=True, inplace_op=Xlogy, inplace_binary=True,
               spec=binary_spec("xlogy", domain=["away", "pos"]))
igamma = expose(_binary_public(Igamma, "igamma", doc="""The regularised lower incomplete gamma function P(input, other), elementwise.

    Gradient: grad * exp(-other) * other ** (input - 1) / gamma(input) for other; none for input (as PyTorch).

    Example::

        >>> pa.igamma(pa.tensor([1.0]), pa.tensor([1.0]))
        tensor([0.6321])
    """), method=True, inplace_op=Igamma, inplace_binary=True,
                spec=OpSpec("igamma", lambda T, x: T.igamma(T.full_like(x, 1.7), x), [(2, 3)], domain="pos",
                            scalar=[()]))
igammac = expose(_binary_public(Igammac, "igammac", doc="""The regularised upper incomplete gamma function Q(input, other) = 1 - P(input, other), elementwise.

    Gradient: -grad * exp(-other) * other ** (input - 1) / gamma(input) for other; none for input (as PyTorch).

    Example::

        >>> pa.igammac(pa.tensor([1.0]), pa.tensor([1.0]))
        tensor([0.3679])
    """), method=True, inplace_op=Igammac, inplace_binary=True,
                 spec=OpSpec("igammac", lambda T, x: T.igammac(T.full_like(x, 2.5), x), [(2, 3)], domain="pos",
                             scalar=[()]))
special_xlog1py = _binary_public(Xlog1py, "xlog1py", doc="""
    ``input * log1p(other)`` elementwise, 0 where input is 0 (unless other is nan).

    Computed in floating point (the operands broadcast and promote as in a binary op; integers in
    the default float dtype).

    Gradient: ``grad * log1p(other)`` for input (0 where input is 0 and other <= -1),
    ``grad * input / (1 + other)`` for other.

    Example::

        >>> pa.special.xlog1py(pa.tensor([0.0, 2.0]), pa.tensor([-1.0, 1.0]))
        tensor([0.0000, 1.3863])
    """)
special_zeta = _binary_public(Zeta, "zeta", doc="""
    The Hurwitz zeta function ``zeta(x, q) = sum over k >= 0 of (k + q) ** -x``, elementwise
    (``input`` is x, ``other`` is q).

    With ``q = 1`` it is Riemann's zeta function. Computed in floating point (the operands broadcast
    and promote as in a binary op).

    Gradient: ``-grad * x * zeta(x + 1, q)`` for q; not differentiable w.r.t. x (backward raises
    NotImplementedError, as PyTorch's).

    Example::

        >>> pa.special.zeta(pa.tensor([2.0, 4.0]), pa.tensor([1.0, 2.0]))   # pi**2 / 6, pi**4 / 90 - 1
        tensor([1.6449, 0.0823])
    """)
EXTRA_SPECS.append(OpSpec("special_xlog1py", lambda T, a, b: T.special.xlog1py(a, b), [(2, 3), (2, 3)],
                          domain=["away", "pos"], scalar=[(), ()], bcast=[(2, 1, 3), (4, 3)]))
EXTRA_SPECS.append(OpSpec("special_zeta", lambda T, q: T.special.zeta(T.full_like(q, 2.5), q), [(2, 3)],
                          domain="pos", scalar=[()]))


# --------------------------------------------------------- the public functions --
erf = _special_unary_public(Erf, "erf", "erf_vml", doc="""The error function 2 / sqrt(pi) * integral of exp(-t^2) from 0 to input, elementwise. Computed in floating point
    (integers in the default dtype); complex input is refused.

    Gradient: grad * 2 / sqrt(pi) * exp(-input ** 2).

    Example::

        >>> pa.erf(pa.tensor([0.0, 1.0]))
        tensor([0.0000, 0.8427])
    """)
erfc = _special_unary_public(Erfc, "erfc", "erfc_vml", doc="""The complementary error function 1 - erf(input), elementwise. Computed in floating point (integers in the
    default dtype); complex input is refused.

    Gradient: -grad * 2 / sqrt(pi) * exp(-input ** 2).

    Example::

        >>> pa.erfc(pa.tensor([0.0, 1.0]))
        tensor([1.0000, 0.1573])
    """)
erfinv = _special_unary_public(Erfinv, "erfinv", "erfinv", spec_kw={"domain": "unit"}, doc="""The inverse error function (erf(erfinv(x)) = x, for x in [-1, 1]), elementwise. Computed in floating point
    (integers in the default dtype); complex input is refused.

    Gradient: grad * sqrt(pi) / 2 * exp(erfinv(input) ** 2).

    Example::

        >>> pa.erfinv(pa.tensor([0.0, 0.5]))
        tensor([0.0000, 0.4769])
    """)
lgamma = _special_unary_public(Lgamma, "lgamma", "lgamma_vml", spec_kw={"domain": "pos"}, doc="""The log of the absolute value of the gamma function, elementwise. Computed in floating point (integers in the
    default dtype); complex input is refused.

    Gradient: grad * digamma(input).

    Example::

        >>> pa.lgamma(pa.tensor([1.0, 5.0]))
        tensor([0.0000, 3.1781])
    """)
digamma = _special_unary_public(Digamma, "digamma", "digamma", spec_kw={"domain": "pos"}, doc="""The digamma function: the derivative of lgamma, elementwise. Computed in floating point (integers in the default
    dtype); complex input is refused.

    Gradient: grad * polygamma(1, input).

    Example::

        >>> pa.digamma(pa.tensor([1.0]))
        tensor([-0.5772])
    """)
i0 = _special_unary_public(I0, "i0", "i0", doc="""The modified Bessel function of the first kind of order zero, elementwise. Computed in floating point (integers
    in the default dtype); complex input is refused.

    Gradient: grad * i1(input).

    Example::

        >>> pa.i0(pa.tensor([0.0, 1.0]))
        tensor([1.0000, 1.2661])
    """)
sinc = _special_unary_public(Sinc, "sinc", "sinc", spec_kw={"domain": "away"}, doc="""The normalised sinc function sin(pi x) / (pi x), 1 at 0, elementwise. Computed in floating point (integers in
    the default dtype); complex input is refused.

    Gradient: grad * (cos(pi x) - sinc(x)) / x (zero at 0).

    Example::

        >>> pa.sinc(pa.tensor([0.0, 0.5]))
        tensor([1.0000, 0.6366])
    """)
exp2 = _special_unary_public(Exp2, "exp2", "exp2", doc="""2 raised to each element of input. Computed in floating point (integers in the default dtype); complex input is
    refused.

    Gradient: grad * 2 ** input * ln 2.

    Example::

        >>> pa.exp2(pa.tensor([0.0, 3.0]))
        tensor([1., 8.])
    """)
special_erfcx = _special_unary_public(Erfcx, "erfcx", "erfcx", special_only=True, doc="""
    The scaled complementary error function ``erfcx(x) = exp(x ** 2) * erfc(x)``, elementwise.

    Computed in floating point (integers in the default float dtype); complex input is refused.
    Unlike the product, it does not overflow for large x (it behaves as ``1 / (x * sqrt(pi))``).

    Gradient: ``grad * (2 * x * erfcx(x) - 2 / sqrt(pi))``.

    Example::

        >>> pa.special.erfcx(pa.tensor([0.0, 1.0, 10.0]))
        tensor([1.0000, 0.4276, 0.0561])
    """)
special_i0e = _special_unary_public(I0e, "i0e", "i0e", special_only=True, spec_kw={"domain": "away"}, doc="""
    The exponentially scaled modified Bessel function of order zero,
    ``i0e(x) = exp(-abs(x)) * i0(x)``, elementwise.

    Computed in floating point (integers in the default float dtype); complex input is refused.

    Gradient: ``grad * (i1e(x) - sign(x) * i0e(x))``.

    Example::

        >>> pa.special.i0e(pa.tensor([0.0, 1.0]))
        tensor([1.0000, 0.4658])
    """)
special_i1 = _special_unary_public(I1, "i1", "i1", special_only=True, doc="""
    The modified Bessel function of the first kind of order one,
    ``i1(x) = (1/pi) * integral_0^pi exp(x cos t) cos t dt``, elementwise.

    Computed in floating point (integers in the default float dtype); complex input is refused.

    Gradient: ``grad * (i0(x) - i1(x) / x)``, ``grad / 2`` at 0 (the limit).

    Example::

        >>> pa.special.i1(pa.tensor([0.0, 1.0]))
        tensor([0.0000, 0.5652])
    """)
special_i1e = _special_unary_public(I1e, "i1e", "i1e", special_only=True, spec_kw={"domain": "away"}, doc="""
    The exponentially scaled modified Bessel function of order one,
    ``i1e(x) = exp(-abs(x)) * i1(x)``, elementwise.

    Computed in floating point (integers in the default float dtype); complex input is refused.

    Gradient: ``grad * (i0e(x) - i1e(x) * (sign(x) + 1 / x))``, ``grad / 2`` at 0 (the limit).

    Example::

        >>> pa.special.i1e(pa.tensor([0.0, 1.0]))
        tensor([0.0000, 0.2079])
    """)
special_ndtri = _special_unary_public(Ndtri, "ndtri", "ndtri", special_only=True, spec_kw={"domain": "unit"},
                                      spec_arg=lambda a: a * 0.5 + 0.5, doc="""
    The inverse of the standard normal CDF (the quantile function): ``ndtr(ndtri(p)) = p``,
    elementwise.

    Computed in floating point (integers in the default float dtype); complex input is refused.
    Defined on [0, 1]: -inf at 0, inf at 1, nan outside.

    Gradient: ``grad * sqrt(2 * pi) * exp(ndtri(p) ** 2 / 2)``.

    Example::

        >>> pa.special.ndtri(pa.tensor([0.5, 0.975]))
        tensor([0.0000, 1.9600])
    """)
special_log_ndtr = _special_unary_public(LogNdtr, "log_ndtr", "log_ndtr", special_only=True, doc="""
    The log of the standard normal CDF, ``log(ndtr(x))``, elementwise, accurate far in the lower
    tail.

    Computed in floating point (integers in the default float dtype); complex input is refused.

    Gradient: ``grad * exp(-x ** 2 / 2 - log_ndtr(x)) / sqrt(2 * pi)``.

    Example::

        >>> pa.special.log_ndtr(pa.tensor([0.0, -10.0]))
        tensor([ -0.6931, -53.2313])
    """)
special_entr = _special_unary_public(Entr, "entr", "entr", special_only=True, spec_kw={"domain": "pos"}, doc="""
    The entropy term ``entr(x) = -x * log(x)``, elementwise: 0 at 0 and -inf for x < 0.

    Computed in floating point (integers in the default float dtype); complex input is refused.

    Gradient: ``-grad * (1 + log(x))``.

    Example::

        >>> pa.special.entr(pa.tensor([0.0, 0.5, 2.0]))
        tensor([ 0.0000,  0.3466, -1.3863])
    """)
EXTRA_SPECS.append(OpSpec("special_sinc_zero", lambda T, a: T.sinc(a * 0.0), [(2, 3)]))


def special_ndtr(input):
    """The standard normal CDF, ``ndtr(x) = (1 + erf(x / sqrt(2))) / 2``, elementwise.

    Computed as ``erfc(-x / sqrt(2)) / 2`` (accurate in the lower tail), in floating point (integers
    in the default float dtype); complex input is refused.

    Gradient: ``grad * exp(-x ** 2 / 2) / sqrt(2 * pi)`` (the normal density).

    Example::

        >>> pa.special.ndtr(pa.tensor([0.0, 1.0]))
        tensor([0.5000, 0.8413])
    """
    _check_tensor(input, "ndtr")
    return erfc(_real_float_operand(input, "ndtr") * (-math.sqrt(0.5))) * 0.5


def special_expit(input, *, out=None):
    """The logistic sigmoid, ``expit(x) = 1 / (1 + exp(-x))``, elementwise (the same as
    ``pa.sigmoid``).

    Computed in floating point (integers in the default float dtype); ``out=`` receives the result.

    Gradient: ``grad * expit(x) * (1 - expit(x))``.

    Example::

        >>> pa.special.expit(pa.tensor([0.0, 2.0]))
        tensor([0.5000, 0.8808])
    """
    _check_tensor(input, "expit")
    r = apply_op(Sigmoid, (_float_operand(input),))
    if out is not None:
        out.resize_(r.shape).copy_(r)
        return out
    return r


def special_gammainc(input, other, *, out=None):
    """The regularised lower incomplete gamma function P(a, x), a = input, x = other, elementwise.

    P(a, x) = (1 / Gamma(a)) times the integral of t^(a-1) exp(-t) from 0 to x, for a > 0 and
    x >= 0 (nan outside); the operands broadcast and are computed in their promoted float dtype.
    The same function as ``pa.igamma``.

    Gradient: grad * exp(-x) * x^(a-1) / Gamma(a) for other; backward through input raises (its
    derivative is not implemented, as PyTorch's).

    Example::

        >>> pa.special.gammainc(pa.tensor([1.0, 2.0]), pa.tensor([1.0, 1.0]))
        tensor([0.6321, 0.2642])
    """
    return igamma(input, other, out=out)


def special_gammaincc(input, other, *, out=None):
    """The regularised upper incomplete gamma function Q(a, x) = 1 - P(a, x), a = input, x = other, elementwise.

    Q(a, x) = (1 / Gamma(a)) times the integral of t^(a-1) exp(-t) from x to infinity, for a > 0
    and x >= 0 (nan outside); the operands broadcast and are computed in their promoted float
    dtype. The same function as ``pa.igammac``.

    Gradient: -grad * exp(-x) * x^(a-1) / Gamma(a) for other; backward through input raises (its
    derivative is not implemented, as PyTorch's).

    Example::

        >>> pa.special.gammaincc(pa.tensor([1.0, 2.0]), pa.tensor([1.0, 1.0]))
        tensor([0.3679, 0.7358])
    """
    return igammac(input, other, out=out)


# ------------------------------------- torch.special's Bessel, Airy and polynomial functions --
# bessel_j0 .. airy_ai and chebyshev_polynomial_t .. legendre_polynomial_p. PyTorch declares them
# without derivatives (output_differentiability: False): their results never require grad, whatever
# the inputs, backward through them finds no graph and forward AD gives them no tangent. So they are
# no ops: the core's kernels (src/_core/special.pxi, in the input's own precision) run on the arrays
# and the result is a new tensor; under vmap they are elementwise functions of the physical tensors.
def _special_real_array(d, fname):
    """d (an ndarray) in a dtype PyTorch's kernels take: float32 / float64 as they are, integers and
    bool in the default float dtype; half and complex refused with PyTorch's error."""
    if d.dtype.kind in "biu":
        return d.astype(get_default_dtype().np)
    if d.dtype != np.float64 and d.dtype != np.float32:
        raise NotImplementedError('"%s_cpu" not implemented for \'%s\'' % (fname, _SCALAR_TYPE_NAMES.get(d.dtype.name, d.dtype.name)))
    return d


def _write_out_nograd(fname, out, r):
    """out= of a function without derivatives: unlike write_out (pyautograd/ops/_callforms.py), an
    out that requires grad is accepted, as PyTorch does for these (nothing would be recorded)."""
    _check_tensor(out, fname, "out", 2)
    check_out_cast(r, out)
    was = is_grad_enabled()
    _set_grad_enabled(False)     # a plain write (out may be a leaf that requires grad)
    try:
        resize_and_copy(fname, r, out, stacklevel=4)
    finally:
        _set_grad_enabled(was)
    return out


def _bessel_public(name, argname, doc=None):
    fname = "special_" + name

    def compute(t, out):
        _check_tensor(t, fname, argname)
        d = t._data
        r = _make_tensor(_special_bessel(name, _special_real_array(d, name)).reshape(d.shape))
        return r if out is None else _write_out_nograd(fname, out, r)
    if argname == "x":      # PyTorch names the argument of scaled_modified_bessel_k0/k1, spherical_bessel_j0, airy_ai x
        def public(x, *, out=None):
            return compute(x, out)
    else:
        def public(input, *, out=None):
            return compute(input, out)
    public.__name__ = public.__qualname__ = name
    public.__doc__ = doc or ("torch.special.%s(%s, *, out=None): elementwise, in the input's precision (integers in "
                             "the default float dtype); without derivatives, as PyTorch's." % (name, argname))
    return batched_public("elementwise")(public)


def _polynomial_arg_type(v):
    return "Tensor" if isinstance(v, _Tensor) else type(v).__name__


def _polynomial_number(v):
    """A Python int as PyTorch's Scalar conversion takes it (int64, or uint64 above it)."""
    if isinstance(v, builtins.int) and not isinstance(v, builtins.bool):
        if v >= 2 ** 64:
            raise OverflowError("int too big to convert")
        if v < -2 ** 63:
            raise OverflowError("can't convert negative int to unsigned")


def _polynomial_public(name, doc=None):
    fname = "special_" + name

    def public(x, n, *, out=None):
        xt, nt = isinstance(x, _Tensor), isinstance(n, _Tensor)
        numbers = (builtins.bool, builtins.int, builtins.float, builtins.complex, np.number, np.bool_)
        if not (xt or nt) or not (xt or isinstance(x, numbers)) or not (nt or isinstance(n, numbers)):
            raise TypeError("%s() received an invalid combination of arguments - got (%s, %s), but expected one of:\n"
                            " * (Tensor x, Tensor n, *, Tensor out = None)\n"
                            " * (Number x, Tensor n, *, Tensor out = None)\n"
                            " * (Tensor x, Number n, *, Tensor out = None)\n"
                            % (fname, _polynomial_arg_type(x), _polynomial_arg_type(n)))
        _polynomial_number(x)
        _polynomial_number(n)
        xs, ns = (x._data.shape if xt else ()), (n._data.shape if nt else ())
        _check_broadcast(xs, ns)
        # PyTorch's promotion (a number or a 0-d tensor does not widen a dimensioned tensor's dtype);
        # n is converted to that dtype too and then truncated to an integer in the kernel
        dt = _special_real_array(np.empty(0, _result_dtype(x, n)), name).dtype
        xa = (x._data if xt else np.asarray(x)).astype(dt, copy=False)
        na = (n._data if nt else np.asarray(n)).astype(dt, copy=False)
        r = _make_tensor(_special_polynomial(name, xa, na))
        return r if out is None else _write_out_nograd(fname, out, r)
    public.__name__ = public.__qualname__ = name
    public.__doc__ = doc or ("torch.special.%s(x, n, *, out=None): the polynomial of degree n (a tensor or a number, "
                      "truncated to an integer; negative: 0) at x, broadcast, in their promoted float dtype; "
                      "without derivatives, as PyTorch's." % name)
    return batched_public("elementwise")(public)


special_bessel_j0 = _bessel_public("bessel_j0", "input", doc="""
    The Bessel function of the first kind of order zero,
    ``J0(x) = (1/pi) * integral_0^pi cos(x sin t) dt``, elementwise.

    ``bessel_j0(input, *, out=None)``. Computed elementwise in the input's precision (float32 or
    float64; integers and bool in the default float dtype; half and complex are refused).

    Gradient: none: the result never requires grad, whatever the input (PyTorch declares no
    derivative for it).

    Example::

        >>> pa.special.bessel_j0(pa.tensor([0.0, 1.0]))
        tensor([1.0000, 0.7652])
    """)
special_bessel_j1 = _bessel_public("bessel_j1", "input", doc="""
    The Bessel function of the first kind of order one,
    ``J1(x) = (1/pi) * integral_0^pi cos(t - x sin t) dt``, elementwise.

    ``bessel_j1(input, *, out=None)``. Computed elementwise in the input's precision (float32 or
    float64; integers and bool in the default float dtype; half and complex are refused).

    Gradient: none: the result never requires grad, whatever the input (PyTorch declares no
    derivative for it).

    Example::

        >>> pa.special.bessel_j1(pa.tensor([0.0, 1.0]))
        tensor([0.0000, 0.4401])
    """)
special_bessel_y0 = _bessel_public("bessel_y0", "input", doc="""
    The Bessel function of the second kind of order zero, Y0: the solution of
    ``x**2 y'' + x y' + x**2 y = 0`` singular at 0, elementwise.

    ``bessel_y0(input, *, out=None)``. Computed elementwise in the input's precision (float32 or
    float64; integers and bool in the default float dtype; half and complex are refused). Defined
    for x > 0: -inf at 0, nan below.

    Gradient: none: the result never requires grad, whatever the input (PyTorch declares no
    derivative for it).

    Example::

        >>> pa.special.bessel_y0(pa.tensor([1.0, 2.0]))
        tensor([0.0883, 0.5104])
    """)
special_bessel_y1 = _bessel_public("bessel_y1", "input", doc="""
    The Bessel function of the second kind of order one, Y1: the solution of
    ``x**2 y'' + x y' + (x**2 - 1) y = 0`` singular at 0, elementwise.

    ``bessel_y1(input, *, out=None)``. Computed elementwise in the input's precision (float32 or
    float64; integers and bool in the default float dtype; half and complex are refused). Defined
    for x > 0: -inf at 0, nan below.

    Gradient: none: the result never requires grad, whatever the input (PyTorch declares no
    derivative for it).

    Example::

        >>> pa.special.bessel_y1(pa.tensor([1.0, 2.0]))
        tensor([-0.7812, -0.1070])
    """)
special_modified_bessel_i0 = _bessel_public("modified_bessel_i0", "input", doc="""
    The modified Bessel function of the first kind of order zero,
    ``I0(x) = (1/pi) * integral_0^pi exp(x cos t) dt``, elementwise.

    ``modified_bessel_i0(input, *, out=None)``. Computed elementwise in the input's precision
    (float32 or float64; integers and bool in the default float dtype; half and complex are
    refused). The same values as ``pa.special.i0``, which is differentiable.

    Gradient: none: the result never requires grad, whatever the input (PyTorch declares no
    derivative for it).

    Example::

        >>> pa.special.modified_bessel_i0(pa.tensor([0.0, 1.0]))
        tensor([1.0000, 1.2661])
    """)
special_modified_bessel_i1 = _bessel_public("modified_bessel_i1", "input", doc="""
    The modified Bessel function of the first kind of order one,
    ``I1(x) = (1/pi) * integral_0^pi exp(x cos t) cos t dt``, elementwise.

    ``modified_bessel_i1(input, *, out=None)``. Computed elementwise in the input's precision
    (float32 or float64; integers and bool in the default float dtype; half and complex are
    refused). The same values as ``pa.special.i1``, which is differentiable.

    Gradient: none: the result never requires grad, whatever the input (PyTorch declares no
    derivative for it).

    Example::

        >>> pa.special.modified_bessel_i1(pa.tensor([0.0, 1.0]))
        tensor([0.0000, 0.5652])
    """)
special_modified_bessel_k0 = _bessel_public("modified_bessel_k0", "input", doc="""
    The modified Bessel function of the second kind of order zero,
    ``K0(x) = integral_0^inf exp(-x cosh t) dt``, elementwise.

    ``modified_bessel_k0(input, *, out=None)``. Computed elementwise in the input's precision
    (float32 or float64; integers and bool in the default float dtype; half and complex are
    refused). Defined for x > 0: inf at 0, nan below.

    Gradient: none: the result never requires grad, whatever the input (PyTorch declares no
    derivative for it).

    Example::

        >>> pa.special.modified_bessel_k0(pa.tensor([1.0, 2.0]))
        tensor([0.4210, 0.1139])
    """)
special_modified_bessel_k1 = _bessel_public("modified_bessel_k1", "input", doc="""
    The modified Bessel function of the second kind of order one,
    ``K1(x) = integral_0^inf exp(-x cosh t) cosh t dt``, elementwise.

    ``modified_bessel_k1(input, *, out=None)``. Computed elementwise in the input's precision
    (float32 or float64; integers and bool in the default float dtype; half and complex are
    refused). Defined for x > 0: inf at 0, nan below.

    Gradient: none: the result never requires grad, whatever the input (PyTorch declares no
    derivative for it).

    Example::

        >>> pa.special.modified_bessel_k1(pa.tensor([1.0, 2.0]))
        tensor([0.6019, 0.1399])
    """)
special_scaled_modified_bessel_k0 = _bessel_public("scaled_modified_bessel_k0", "x", doc="""
    The exponentially scaled modified Bessel function of the second kind of order zero,
    ``exp(x) * K0(x)``, elementwise.

    ``scaled_modified_bessel_k0(x, *, out=None)``. Computed elementwise in the input's precision
    (float32 or float64; integers and bool in the default float dtype; half and complex are
    refused). Defined for x > 0: inf at 0, nan below.

    Gradient: none: the result never requires grad, whatever the input (PyTorch declares no
    derivative for it).

    Example::

        >>> pa.special.scaled_modified_bessel_k0(pa.tensor([1.0, 2.0]))
        tensor([1.1445, 0.8416])
    """)
special_scaled_modified_bessel_k1 = _bessel_public("scaled_modified_bessel_k1", "x", doc="""
    The exponentially scaled modified Bessel function of the second kind of order one,
    ``exp(x) * K1(x)``, elementwise.

    ``scaled_modified_bessel_k1(x, *, out=None)``. Computed elementwise in the input's precision
    (float32 or float64; integers and bool in the default float dtype; half and complex are
    refused). Defined for x > 0: inf at 0, nan below.

    Gradient: none: the result never requires grad, whatever the input (PyTorch declares no
    derivative for it).

    Example::

        >>> pa.special.scaled_modified_bessel_k1(pa.tensor([1.0, 2.0]))
        tensor([1.6362, 1.0335])
    """)
special_spherical_bessel_j0 = _bessel_public("spherical_bessel_j0", "x", doc="""
    The spherical Bessel function of the first kind of order zero, ``j0(x) = sin(x) / x`` (1 at 0),
    elementwise.

    ``spherical_bessel_j0(x, *, out=None)``. Computed elementwise in the input's precision (float32
    or float64; integers and bool in the default float dtype; half and complex are refused).

    Gradient: none: the result never requires grad, whatever the input (PyTorch declares no
    derivative for it).

    Example::

        >>> pa.special.spherical_bessel_j0(pa.tensor([0.0, 1.0]))
        tensor([1.0000, 0.8415])
    """)
special_airy_ai = _bessel_public("airy_ai", "x", doc="""
    The Airy function ``Ai(x) = (1/pi) * integral_0^inf cos(t**3 / 3 + x t) dt``, elementwise (a
    solution of ``y'' = x y``).

    ``airy_ai(x, *, out=None)``. Computed elementwise in the input's precision (float32 or float64;
    integers and bool in the default float dtype; half and complex are refused).

    Gradient: none: the result never requires grad, whatever the input (PyTorch declares no
    derivative for it).

    Example::

        >>> pa.special.airy_ai(pa.tensor([0.0, 1.0]))
        tensor([0.3550, 0.1353])
    """)
special_chebyshev_polynomial_t = _polynomial_public("chebyshev_polynomial_t", doc="""
    The Chebyshev polynomial of the first kind ``T_n(x)``: ``T_n(cos t) = cos(n t)``; ``T_0 = 1``,
    ``T_1 = x``, ``T_{n+1} = 2x T_n - T_{n-1}``.

    ``chebyshev_polynomial_t(x, n, *, out=None)``, elementwise. ``x`` and ``n`` are tensors or
    numbers (at least one a tensor), broadcast together and computed in their promoted float dtype;
    ``n`` is truncated to an integer, and a negative degree gives 0.

    Gradient: none (not differentiable w.r.t. x or n): the result never requires grad (PyTorch
    declares no derivative for it).

    Example::

        >>> pa.special.chebyshev_polynomial_t(pa.tensor([0.5, 2.0]), 3)     # T_3(x) = 4x**3 - 3x
        tensor([-1., 26.])
    """)
special_chebyshev_polynomial_u = _polynomial_public("chebyshev_polynomial_u", doc="""
    The Chebyshev polynomial of the second kind ``U_n(x)``: ``U_n(cos t) = sin((n + 1) t) / sin t``;
    ``U_0 = 1``, ``U_1 = 2x``, ``U_{n+1} = 2x U_n - U_{n-1}``.

    ``chebyshev_polynomial_u(x, n, *, out=None)``, elementwise. ``x`` and ``n`` are tensors or
    numbers (at least one a tensor), broadcast together and computed in their promoted float dtype;
    ``n`` is truncated to an integer, and a negative degree gives 0.

    Gradient: none (not differentiable w.r.t. x or n): the result never requires grad (PyTorch
    declares no derivative for it).

    Example::

        >>> pa.special.chebyshev_polynomial_u(pa.tensor([0.5, 2.0]), 3)     # U_3(x) = 8x**3 - 4x
        tensor([-1., 56.])
    """)
special_chebyshev_polynomial_v = _polynomial_public("chebyshev_polynomial_v", doc="""
    The Chebyshev polynomial of the third kind ``V_n(x)``:
    ``V_n(cos t) = cos((n + 1/2) t) / cos(t / 2)``; ``V_0 = 1``, ``V_1 = 2x - 1``,
    ``V_{n+1} = 2x V_n - V_{n-1}``.

    ``chebyshev_polynomial_v(x, n, *, out=None)``, elementwise. ``x`` and ``n`` are tensors or
    numbers (at least one a tensor), broadcast together and computed in their promoted float dtype;
    ``n`` is truncated to an integer, and a negative degree gives 0.

    Gradient: none (not differentiable w.r.t. x or n): the result never requires grad (PyTorch
    declares no derivative for it).

    Example::

        >>> pa.special.chebyshev_polynomial_v(pa.tensor([0.5, 2.0]), 3)     # V_3(x) = 8x**3 - 4x**2 - 4x + 1
        tensor([-1., 41.])
    """)
special_chebyshev_polynomial_w = _polynomial_public("chebyshev_polynomial_w", doc="""
    The Chebyshev polynomial of the fourth kind ``W_n(x)``:
    ``W_n(cos t) = sin((n + 1/2) t) / sin(t / 2)``; ``W_0 = 1``, ``W_1 = 2x + 1``,
    ``W_{n+1} = 2x W_n - W_{n-1}``.

    ``chebyshev_polynomial_w(x, n, *, out=None)``, elementwise. ``x`` and ``n`` are tensors or
    numbers (at least one a tensor), broadcast together and computed in their promoted float dtype;
    ``n`` is truncated to an integer, and a negative degree gives 0.

    Gradient: none (not differentiable w.r.t. x or n): the result never requires grad (PyTorch
    declares no derivative for it).

    Example::

        >>> pa.special.chebyshev_polynomial_w(pa.tensor([0.5, 2.0]), 3)     # W_3(x) = 8x**3 + 4x**2 - 4x - 1
        tensor([-1., 71.])
    """)
special_shifted_chebyshev_polynomial_t = _polynomial_public("shifted_chebyshev_polynomial_t", doc="""
    The shifted Chebyshev polynomial of the first kind, ``T*_n(x) = T_n(2x - 1)`` (orthogonal on [0,
    1]).

    ``shifted_chebyshev_polynomial_t(x, n, *, out=None)``, elementwise. ``x`` and ``n`` are tensors
    or numbers (at least one a tensor), broadcast together and computed in their promoted float
    dtype; ``n`` is truncated to an integer, and a negative degree gives 0.

    Gradient: none (not differentiable w.r.t. x or n): the result never requires grad (PyTorch
    declares no derivative for it).

    Example::

        >>> pa.special.shifted_chebyshev_polynomial_t(pa.tensor([0.0, 2.0]), 3)     # T_3(-1), T_3(3)
        tensor([-1., 99.])
    """)
special_shifted_chebyshev_polynomial_u = _polynomial_public("shifted_chebyshev_polynomial_u", doc="""
    The shifted Chebyshev polynomial of the second kind, ``U*_n(x) = U_n(2x - 1)`` (orthogonal on
    [0, 1]).

    ``shifted_chebyshev_polynomial_u(x, n, *, out=None)``, elementwise. ``x`` and ``n`` are tensors
    or numbers (at least one a tensor), broadcast together and computed in their promoted float
    dtype; ``n`` is truncated to an integer, and a negative degree gives 0.

    Gradient: none (not differentiable w.r.t. x or n): the result never requires grad (PyTorch
    declares no derivative for it).

    Example::

        >>> pa.special.shifted_chebyshev_polynomial_u(pa.tensor([0.0, 2.0]), 3)     # U_3(-1), U_3(3)
        tensor([ -4., 204.])
    """)
special_shifted_chebyshev_polynomial_v = _polynomial_public("shifted_chebyshev_polynomial_v", doc="""
    The shifted Chebyshev polynomial of the third kind, ``V*_n(x) = V_n(2x - 1)`` (orthogonal on [0,
    1]).

    ``shifted_chebyshev_polynomial_v(x, n, *, out=None)``, elementwise. ``x`` and ``n`` are tensors
    or numbers (at least one a tensor), broadcast together and computed in their promoted float
    dtype; ``n`` is truncated to an integer, and a negative degree gives 0.

    Gradient: none (not differentiable w.r.t. x or n): the result never requires grad (PyTorch
    declares no derivative for it).

    Example::

        >>> pa.special.shifted_chebyshev_polynomial_v(pa.tensor([0.0, 2.0]), 3)     # V_3(-1), V_3(3)
        tensor([ -7., 169.])
    """)
special_shifted_chebyshev_polynomial_w = _polynomial_public("shifted_chebyshev_polynomial_w", doc="""
    The shifted Chebyshev polynomial of the fourth kind, ``W*_n(x) = W_n(2x - 1)`` (orthogonal on
    [0, 1]).

    ``shifted_chebyshev_polynomial_w(x, n, *, out=None)``, elementwise. ``x`` and ``n`` are tensors
    or numbers (at least one a tensor), broadcast together and computed in their promoted float
    dtype; ``n`` is truncated to an integer, and a negative degree gives 0.

    Gradient: none (not differentiable w.r.t. x or n): the result never requires grad (PyTorch
    declares no derivative for it).

    Example::

        >>> pa.special.shifted_chebyshev_polynomial_w(pa.tensor([0.0, 2.0]), 3)     # W_3(-1), W_3(3)
        tensor([ -1., 239.])
    """)
special_hermite_polynomial_h = _polynomial_public("hermite_polynomial_h", doc="""
    The physicists' Hermite polynomial ``H_n(x)``: ``H_0 = 1``, ``H_1 = 2x``,
    ``H_{n+1} = 2x H_n - 2n H_{n-1}``.

    ``hermite_polynomial_h(x, n, *, out=None)``, elementwise. ``x`` and ``n`` are tensors or numbers
    (at least one a tensor), broadcast together and computed in their promoted float dtype; ``n`` is
    truncated to an integer, and a negative degree gives 0.

    Gradient: none (not differentiable w.r.t. x or n): the result never requires grad (PyTorch
    declares no derivative for it).

    Example::

        >>> pa.special.hermite_polynomial_h(pa.tensor([0.5, 2.0]), 3)     # H_3(x) = 8x**3 - 12x
        tensor([-5., 40.])
    """)
special_hermite_polynomial_he = _polynomial_public("hermite_polynomial_he", doc="""
    The probabilists' Hermite polynomial ``He_n(x)``: ``He_0 = 1``, ``He_1 = x``,
    ``He_{n+1} = x He_n - n He_{n-1}``.

    ``hermite_polynomial_he(x, n, *, out=None)``, elementwise. ``x`` and ``n`` are tensors or
    numbers (at least one a tensor), broadcast together and computed in their promoted float dtype;
    ``n`` is truncated to an integer, and a negative degree gives 0.

    Gradient: none (not differentiable w.r.t. x or n): the result never requires grad (PyTorch
    declares no derivative for it).

    Example::

        >>> pa.special.hermite_polynomial_he(pa.tensor([0.5, 2.0]), 3)     # He_3(x) = x**3 - 3x
        tensor([-1.3750,  2.0000])
    """)
special_laguerre_polynomial_l = _polynomial_public("laguerre_polynomial_l", doc="""
    The Laguerre polynomial ``L_n(x)``: ``L_0 = 1``, ``L_1 = 1 - x``,
    ``(n + 1) L_{n+1} = (2n + 1 - x) L_n - n L_{n-1}``.

    ``laguerre_polynomial_l(x, n, *, out=None)``, elementwise. ``x`` and ``n`` are tensors or
    numbers (at least one a tensor), broadcast together and computed in their promoted float dtype;
    ``n`` is truncated to an integer, and a negative degree gives 0.

    Gradient: none (not differentiable w.r.t. x or n): the result never requires grad (PyTorch
    declares no derivative for it).

    Example::

        >>> pa.special.laguerre_polynomial_l(pa.tensor([0.5, 2.0]), 3)     # L_3(x) = (-x**3 + 9x**2 - 18x + 6) / 6
        tensor([-0.1458, -0.3333])
    """)
special_legendre_polynomial_p = _polynomial_public("legendre_polynomial_p", doc="""
    The Legendre polynomial ``P_n(x)``: ``P_0 = 1``, ``P_1 = x``,
    ``(n + 1) P_{n+1} = (2n + 1) x P_n - n P_{n-1}``.

    ``legendre_polynomial_p(x, n, *, out=None)``, elementwise. ``x`` and ``n`` are tensors or
    numbers (at least one a tensor), broadcast together and computed in their promoted float dtype;
    ``n`` is truncated to an integer, and a negative degree gives 0.

    Gradient: none (not differentiable w.r.t. x or n): the result never requires grad (PyTorch
    declares no derivative for it).

    Example::

        >>> pa.special.legendre_polynomial_p(pa.tensor([0.5, 2.0]), 3)     # P_3(x) = (5x**3 - 3x) / 2
        tensor([-0.4375, 17.0000])
    """)
