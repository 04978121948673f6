"""Elementwise ops: arithmetic (add, sub, mul, div, floor_divide, remainder / fmod, pow,
float_power), the unary math functions (_unary declares the op, _float_unary its public
function), abs / sign / relu / square, clamp, maximum / minimum, where, dtype copies (to_dtype,
clone), comparisons, logical and bitwise ops, rounding, the ops of two tensors declared whole
by _binary (hypot, logaddexp), and what the core's fast operator paths fall back to
(FAST_OPS, SLOW_BINARY).

The operand helpers of every family are here because they run ToCopy: _cast (an operand in
the op's computation dtype), _binary_operands (PyTorch's promotion of two operands),
_float_operand (integers computed in the default float dtype); _select_grad runs Where."""
import builtins
import cmath
import math

import numpy as np

from .. import _core
from .._core import apply_op, _make_tensor, TensorBase as _Tensor
from .._dtype import _category, get_default_dtype, promote, scalar_dtype, to_numpy_dtype
from ._registry import alias, expose, Op, register, linear_jvp, elementwise_jvp
from ._spec import binary_spec, unary_spec, OpSpec
from ._callforms import write_out
from ._common import (batched_public, _arg_type_name, _as_tensor, _broadcast_shape, _check_broadcast, _check_operands,
                      _check_tensor, _const, _is_number, _no_complex, _result_dtype, _SCALAR_TYPE_NAMES, _st,
                      _tp_name)


# ------------------------------------------------------- operands (promotion) --
def _cast(t, npdtype):
    """t in an op's computation dtype. PyTorch promotes inside the kernel and saves the operand
    itself for backward; this internal copy (never returned to the user, never changed in place)
    shares t's version counter, so a saved copy fails its version check when t is changed in
    place, and the error names t (_cast_src, read only on that error path)."""
    if t._data.dtype == npdtype:
        return t
    c = apply_op(ToCopy, (t,), {"dtype": npdtype})
    c._share_version(t)
    c._cast_src = t
    return c


def _binary_operands(a, b):
    """Two tensors of PyTorch's promoted dtype; Python scalars become constants."""
    if isinstance(a, _Tensor) and isinstance(b, _Tensor):
        _check_broadcast(a._data.shape, b._data.shape)
        if a._data.dtype == b._data.dtype:
            return a, b
        dt = _result_dtype(a, b)
        return _cast(a, dt), _cast(b, dt)
    if isinstance(a, _Tensor):
        dt = a._data.dtype
        if not isinstance(b, (builtins.bool, builtins.int, builtins.float, builtins.complex, np.generic)):
            b = _as_tensor(b)
            return _binary_operands(a, b)
        sd = scalar_dtype(b)
        if _category(sd) > _category(dt):
            dt = promote([dt], [], [sd])
            a = _cast(a, dt)
        return a, _const(b, dt)
    if isinstance(b, _Tensor):
        b2, a2 = _binary_operands(b, a)
        return a2, b2
    return _binary_operands(_as_tensor(a), b)


def _float_operand(x):
    """Ops like sin and division compute in floating point (default dtype for ints)."""
    x = _as_tensor(x)
    if x._data.dtype.kind in "fc":
        return x
    return _cast(x, get_default_dtype().np)


def _select_grad(mask, g):
    """g where mask is True, exactly 0 elsewhere: a select, never g * mask (inf * 0 is nan).

    mask is a bool ndarray that broadcasts against g (it is not differentiated)."""
    return apply_op(Where, (g, _const(0, g._data.dtype)), {"cond": mask})


# ----------------------------------------------------------- elementwise --
class Add(Op):
    name = "AddBackward0"
    elementwise = True
    rule_kernel = "add"       # its vjp compiled for 0-d float64 values (engine.pxi _rule_0d)
    ctx_defaults = {"alpha": 1}     # ctx.alpha when the forward does not set it (the compiled kernel)

    @staticmethod
    def forward(ctx, a, b, alpha=1):
        if alpha != 1:
            ctx.alpha = alpha
        return a._value + b._value if alpha == 1 else a._value + alpha * b._value

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        return g, (g if ctx.alpha == 1 else g * ctx.alpha)


class Sub(Op):
    name = "SubBackward0"
    elementwise = True
    rule_kernel = "sub"       # its vjp compiled for 0-d float64 values (engine.pxi _rule_0d)
    ctx_defaults = {"alpha": 1}

    @staticmethod
    def forward(ctx, a, b, alpha=1):
        if alpha != 1:
            ctx.alpha = alpha
        return a._value - b._value if alpha == 1 else a._value - alpha * b._value

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        return g, (-g if ctx.alpha == 1 else g * (-ctx.alpha))


class Mul(Op):
    name = "MulBackward0"
    elementwise = True
    rule_kernel = "mul"       # its vjp compiled for 0-d float64 values (engine.pxi _rule_0d)

    @staticmethod
    def forward(ctx, a, b):
        if ctx._active:
            # each gradient needs only the other factor (x * 2 does not save x, as PyTorch)
            need = ctx.needs_input_grad
            ctx.save_for_backward(a if need[1] else None, b if need[0] else None)
        return a._value * b._value

    @staticmethod
    def jvp(F, ctx, primals, options, result, ta, tb):
        a, b = primals
        return ta * b + a * tb

    @staticmethod
    def vjp(F, ctx, g):
        a, b = F.saved(ctx)
        need = ctx.needs_input_grad
        if F.is_complex(g):   # a, b have g's dtype: one check on the hot path
            a, b = (F.conj(a) if need[1] else a), (F.conj(b) if need[0] else b)
        return (g * b if need[0] else None), (g * a if need[1] else None)


class Div(Op):
    name = "DivBackward0"
    elementwise = True
    rule_kernel = "div"       # its vjp compiled for 0-d float64 values (engine.pxi _rule_0d)

    @staticmethod
    def forward(ctx, a, b):
        if ctx._active:
            # a's gradient needs b only; b's needs both (a / 2.0 does not save a, as PyTorch)
            ctx.save_for_backward(a if ctx.needs_input_grad[1] else None, b)
        return a._value / b._value

    @staticmethod
    def jvp(F, ctx, primals, options, result, ta, tb):
        # PyTorch's (self_t - other_t * result) / other
        return (ta - tb * result) / primals[1]

    @staticmethod
    def vjp(F, ctx, g):
        a, b = F.saved(ctx)
        need = ctx.needs_input_grad
        ga = g / F.conj(b) if need[0] else None
        gb = -g * F.conj((a / b) / b) if need[1] else None    # PyTorch's div_tensor_other_backward
        return ga, gb


class PowScalar(Op):
    name = "PowBackward0"
    elementwise = True

    @staticmethod
    def forward(ctx, a, exponent):
        ctx.save_for_backward(a)
        ctx.exponent = exponent
        return _pow_scalar_np(a._data, exponent)

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        p = ctx.exponent
        if p == 0:
            return F.zeros_like(t)
        if p == 1:
            return t
        return t * (p * F.pow(primals[0], p - 1))

    @staticmethod
    def vjp(F, ctx, g):
        a, = F.saved(ctx)
        p = ctx.exponent
        if p == 0:
            return F.zeros_like(g)
        if p == 1:
            return g
        return g * F.conj(p * F.pow(a, p - 1))


def _pow_scalar_np(a, exponent):
    """a ** exponent (a Python number) on arrays, as PyTorch: -0.5 is computed as rsqrt, so
    (-0.) ** -0.5 is -inf (NumPy: inf). Rules raise to a power through F.pow, never `**`."""
    if exponent == -0.5:
        return np.reciprocal(np.sqrt(a))
    return a ** exponent


def _int_pow(a, b):
    """Integer a ** b as PyTorch: a negative exponent gives 1 for base 1, +-1 for base -1, else 0
    (NumPy refuses negative integer powers)."""
    neg = b < 0
    if not neg.any():
        return a ** b
    r = a ** np.where(neg, 0, b)
    odd = np.where(b % 2 == 0, 1, -1)
    return np.where(neg, np.where(a == 1, 1, np.where(a == -1, odd, 0)), r).astype(r.dtype)


class Pow(Op):
    name = "PowBackward1"
    elementwise = True

    @staticmethod
    def forward(ctx, a, b, bool_exponent=False):
        # b's own operand too when b is the promoted copy: PyTorch's rule computes b - 1 in the
        # exponent's own dtype (a float32 b of 1e-9 gives exactly -1 there, so a negative base stays finite)
        ctx.save_for_backward(a, b, getattr(b, "_cast_src", None))
        ctx.save_result = True
        ctx.bool_exponent = bool_exponent     # b was a bool tensor cast to a's dtype: its rule refuses it
        if a._data.dtype.kind == "i":
            return _int_pow(a._data, b._data)
        return a._data ** b._data

    @staticmethod
    def jvp(F, ctx, primals, options, result, ta, tb):
        a, b = primals[0], primals[1]
        if ctx.bool_exponent:
            raise RuntimeError(_ERR_BOOL_SUB)
        da = F.select(b != 0, ta * (b * a ** (b - 1)))
        db = tb * F.select(~((a == 0) & F.real_nonneg(b)), result * F.log(a))
        return da + db

    @staticmethod
    def vjp(F, ctx, g):
        a, b, b_src = F.saved(ctx)
        r = F.result(ctx)   # PyTorch saves the result whatever is needed: its in-place change is an error
        need = ctx.needs_input_grad
        ga = gb = None
        if need[0]:
            if ctx.bool_exponent:   # PyTorch's rule computes b - 1, which a bool b refuses
                raise RuntimeError(_ERR_BOOL_SUB)
            # b * a**(b-1), with 0 where b == 0 (PyTorch masks it the same way)
            bm1 = b - 1 if b_src is None else F.exponent_minus_one(b_src, b)
            ga = F.select(b != 0, g * F.conj(b * a ** bm1))
        if need[1]:
            # r * log(a), 0 where a == 0 and b >= 0 (0**-1 gives -inf, as PyTorch's pow_backward_exponent)
            gb = g * F.conj(F.select(~((a == 0) & F.real_nonneg(b)), r * F.log(a)))
        return ga, gb


class RPowScalar(Op):
    name = "PowBackward2"
    elementwise = True

    @staticmethod
    def forward(ctx, b, base):
        ctx.base = base
        ctx.save_for_backward(b)     # as PyTorch (its rule reads the exponent at base 0)
        ctx.save_result = True
        if b._data.dtype.kind == "i":
            return _int_pow(np.asarray(base, dtype=b._data.dtype), b._data)
        return np.asarray(base, dtype=b._data.dtype) ** b._data

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        base = ctx.base
        if base == 0:
            return t * F.select(~F.real_nonneg(primals[0]), result * float("-inf"))
        if isinstance(base, builtins.complex):
            return t * (result * cmath.log(base))
        return t * result * (math.log(base) if base > 0 else float("nan"))

    @staticmethod
    def vjp(F, ctx, g):
        base = ctx.base
        b, = F.saved(ctx)
        r = F.result(ctx)
        if base == 0:
            # PyTorch: g * where(b >= 0, 0, r * log(0)): 0**-1 gives -inf
            return g * F.select(~F.real_nonneg(b), r * float("-inf"))
        if isinstance(base, builtins.complex):
            return g * F.conj(r * cmath.log(base))
        # log of a negative base is nan (as PyTorch), not math's ValueError
        return g * F.conj(r) * (math.log(base) if base > 0 else float("nan"))


def _unary(name_, fwd, vjp, save="input", fn=None, rule_kernel=None):
    """Declare an elementwise unary op: fwd(array) computes it, vjp(F, x, result, g) gives the
    input's gradient (x or result is None when not saved); fn: its public name (F.<fn>)."""

    class _Unary(Op):
        name = name_
        elementwise = True
        array = staticmethod(fwd)

        @staticmethod
        def forward(ctx, x):
            if save == "input":
                ctx.save_for_backward(x)
            elif save == "result":
                ctx.save_result = True
            return fwd(x._value)

        @staticmethod
        def vjp(F, ctx, g):
            if save == "input":
                x, = F.saved(ctx)
                return vjp(F, x, None, g)
            if save == "result":
                return vjp(F, None, F.result(ctx), g)
            return vjp(F, None, None, g)

        # forward mode from the same derivative (J t for an elementwise op is its vjp of t)
        jvp = staticmethod(elementwise_jvp(lambda F, ctx, primals, result, t: vjp(F, primals[0], result, t)))

    _Unary.__name__ = _Unary.__qualname__ = name_.replace("Backward0", "").replace("Backward1", "")
    _Unary.fn = fn or _Unary.__name__.lower()
    _Unary.saves = save      # with a ufunc as fwd, the core runs 0-d float64 inputs in C (fast.pxi _unary_0d)
    # the core's compiled form of vjp for 0-d float64 values (engine.pxi _rule_0d): the same
    # arithmetic in the same order, so the two agree bitwise (tests/test_fast_paths.py)
    _Unary.rule_kernel = rule_kernel
    return register(_Unary)


Neg = _unary("NegBackward0", np.negative, lambda F, x, r, g: -g, save=None, rule_kernel="neg")
Exp = _unary("ExpBackward0", np.exp, lambda F, x, r, g: g * F.conj(r), save="result", rule_kernel="exp")
Expm1 = _unary("Expm1Backward0", np.expm1, lambda F, x, r, g: g * (F.conj(r) + 1), save="result")
Log = _unary("LogBackward0", np.log, lambda F, x, r, g: g / F.conj(x), rule_kernel="log")
Log2 = _unary("Log2Backward0", np.log2, lambda F, x, r, g: g / (F.conj(x) * math.log(2.0)))
def _log10(a):
    # NumPy's float32 log10 is off by an ulp on about half of all inputs, powers of ten included
    # (log10(100) = 2.0000002, where torch gives 2.): computed in float64 and rounded once, it agrees
    # with torch on all but ~0.03% of inputs. The cost is the casts, on a function rarely hot.
    if a.dtype == np.float32 or a.dtype == np.float16:
        return np.log10(a, dtype=np.float64).astype(a.dtype)
    return np.log10(a)


Log10 = _unary("Log10Backward0", _log10, lambda F, x, r, g: g / (F.conj(x) * math.log(10.0)))
Log1p = _unary("Log1PBackward0", np.log1p, lambda F, x, r, g: g / F.conj(x + 1))
Sqrt = _unary("SqrtBackward0", np.sqrt, lambda F, x, r, g: g / (2 * F.conj(r)), save="result", rule_kernel="sqrt")
Rsqrt = _unary("RsqrtBackward0", lambda a: 1 / np.sqrt(a), lambda F, x, r, g: -0.5 * g * F.conj(F.pow(r, 3)), save="result")
Sin = _unary("SinBackward0", np.sin, lambda F, x, r, g: g * F.conj(F.cos(x)), rule_kernel="sin")
Cos = _unary("CosBackward0", np.cos, lambda F, x, r, g: -g * F.conj(F.sin(x)), rule_kernel="cos")
Tan = _unary("TanBackward0", np.tan, lambda F, x, r, g: g * F.conj(1 + r * r), save="result")
Asin = _unary("AsinBackward0", np.arcsin, lambda F, x, r, g: g * F.conj(F.rsqrt(1 - x * x)))
Acos = _unary("AcosBackward0", np.arccos, lambda F, x, r, g: -g * F.conj(F.rsqrt(1 - x * x)))
Atan = _unary("AtanBackward0", np.arctan, lambda F, x, r, g: g / F.conj(1 + x * x))
Asinh = _unary("AsinhBackward0", np.arcsinh, lambda F, x, r, g: g * F.conj(F.rsqrt(x * x + 1)))
Acosh = _unary("AcoshBackward0", np.arccosh, lambda F, x, r, g: g * F.conj(F.rsqrt(x * x - 1)))
Atanh = _unary("AtanhBackward0", np.arctanh, lambda F, x, r, g: g / F.conj(1 - x * x))
Deg2Rad = _unary("Deg2RadBackward0", np.deg2rad, lambda F, x, r, g: g * (math.pi / 180.0), save=None)
Rad2Deg = _unary("Rad2DegBackward0", np.rad2deg, lambda F, x, r, g: g * (180.0 / math.pi), save=None)
Sinh = _unary("SinhBackward0", np.sinh, lambda F, x, r, g: g * F.conj(F.cosh(x)))
Cosh = _unary("CoshBackward0", np.cosh, lambda F, x, r, g: g * F.conj(F.sinh(x)))
Tanh = _unary("TanhBackward0", np.tanh, lambda F, x, r, g: g * F.conj(1 - r * r), save="result", rule_kernel="tanh")
Sigmoid = _unary("SigmoidBackward0", lambda a: _sigmoid_np(a), lambda F, x, r, g: g * F.conj(r * (1 - r)),
                 save="result", rule_kernel="sigmoid")
Abs = _unary("AbsBackward0", np.abs, lambda F, x, r, g: g * F.sgn(x))



def _abs_jvp(F, ctx, primals, options, result, t):
    x = primals[0]
    if F.is_complex(x):     # PyTorch: real(conj(self_t) * sgn(self)), a real tangent
        return F.real(F.conj(t) * F.sgn(x))
    return t * F.sgn(x)


Abs.jvp = staticmethod(_abs_jvp)
def _sign_np(d):
    """PyTorch's sign: (0 < x) - (x < 0), so sign(nan) is 0 and sign(-0.0) is 0.0 (NumPy: nan, -0.0);
    abs's gradient uses it, which makes it 0, not nan, at a nan input."""
    if d.dtype.kind != "f":
        return np.sign(d)
    return np.subtract(d > 0, d < 0, dtype=d.dtype)


Sign = _unary("SignBackward0", _sign_np, lambda F, x, r, g: F.zeros_like(g), save=None)
# np.maximum(0, a), not (a, 0): PyTorch's relu keeps -0.0 (it is not < 0), and NumPy returns the
# second operand when they compare equal
Relu = _unary("ReluBackward0", lambda a: np.maximum(0, a).astype(a.dtype, copy=False),
              # PyTorch's threshold_backward(g, result, 0): a select, differentiable in g, and in
              # the result with a zero gradient (so relu'' is zeros, not "does not require grad")
              lambda F, x, r, g: F.threshold_backward(g, r), save="result")


class ThresholdBackward(Op):
    """exactly 0 where r <= 0, else g (the backward of relu, itself differentiable; a nan result
    passes g, as PyTorch's threshold_backward)."""
    name = "ThresholdBackwardBackward0"
    elementwise = True

    @staticmethod
    def forward(ctx, g, r):
        ctx.mask = ~(r._data <= 0)
        return np.where(ctx.mask, g._data, np.zeros((), dtype=g._data.dtype))

    @staticmethod
    def jvp(F, ctx, primals, options, result, tg, tr):
        return F.select(ctx.mask, tg)

    @staticmethod
    def vjp(F, ctx, gg):
        need = ctx.needs_input_grad
        return (F.select(ctx.mask, gg) if need[0] else None), (F.zeros_like(gg) if need[1] else None)


Square = _unary("PowBackward0", np.square, lambda F, x, r, g: g * F.conj(2 * x), fn="square")
Reciprocal = _unary("ReciprocalBackward0", np.reciprocal, lambda F, x, r, g: -g * F.conj(r * r), save="result")


def _sigmoid_np(a):
    if a.dtype.kind == "c":
        return 1 / (1 + np.exp(-a))
    # stable for large |a|: exp of a non-positive number only
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1 / (1 + e), e / (1 + e)).astype(a.dtype, copy=False)


class Clamp(Op):
    name = "ClampBackward1"
    elementwise = True

    @staticmethod
    def forward(ctx, x, min=None, max=None):
        ctx.save_for_backward(x)
        ctx.bounds = (min, max)
        # PyTorch's min(max(x, lo), hi) keeps x where it equals a bound (-0.0 stays -0.0) and gives
        # nan for a nan bound; NumPy's maximum/minimum return their second operand on a tie
        r = x._data
        if min is not None:
            r = np.maximum(min, r)
        if max is not None:
            r = np.minimum(max, r)
        return r.astype(x._data.dtype, copy=False)

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        x = primals[0]
        lo, hi = ctx.bounds
        if lo is None:
            return F.select(x <= hi, t)
        if hi is None:
            return F.select(x >= lo, t)
        return F.select((x >= lo) & (x <= hi), t)

    @staticmethod
    def vjp(F, ctx, g):
        x, = F.saved(ctx)
        lo, hi = ctx.bounds     # one of them at least (clamp refuses neither)
        if lo is None:
            return F.select(x <= hi, g)
        if hi is None:
            return F.select(x >= lo, g)
        return F.select((x >= lo) & (x <= hi), g)


class ClampTensor(Op):
    name = "ClampBackward0"
    elementwise = True

    @staticmethod
    def forward(ctx, x, lo, hi, both=True):
        ctx.save_for_backward(x, lo, hi)
        ctx.both = both
        return np.minimum(hi._data, np.maximum(lo._data, x._data))    # x on ties (see Clamp)

    @staticmethod
    def jvp(F, ctx, primals, options, result, tx, tlo, thi):
        # the tangent of the value clamp picks: max where min > max, min below it, max above it
        x, lo, hi = primals
        return F.where(lo > hi, thi, F.where(x < lo, tlo, F.where(x > hi, thi, tx)))

    @staticmethod
    def vjp(F, ctx, g):
        # PyTorch's clamp_backward_min_max. With both bounds, where min >= max the result is
        # max (even where min == max), so min gets a gradient only where x < min < max; with
        # one tensor bound (the other a constant +-inf here) its rule is the plain one.
        x, lo, hi = F.saved(ctx)
        need = ctx.needs_input_grad
        gx = F.select((x >= lo) & (x <= hi), g) if need[0] else None
        if ctx.both:
            glo = F.select((x < lo) & (lo < hi), g) if need[1] else None
            ghi = F.select((x > hi) | (hi < lo), g) if need[2] else None
        else:
            glo = F.select(x < lo, g) if need[1] else None
            ghi = F.select(x > hi, g) if need[2] else None
        return gx, glo, ghi


class ClampMin(Clamp):
    """clamp_min / clamp_max with a number bound: Clamp under PyTorch's own names."""
    name = "ClampMinBackward0"


class ClampMax(Clamp):
    name = "ClampMaxBackward0"


class ClampMinTensor(ClampTensor):
    """clamp_min / clamp_max with a tensor bound (the other bound the dtype's extreme, no gradient)."""
    name = "ClampMinBackward1"


class ClampMaxTensor(ClampTensor):
    name = "ClampMaxBackward1"


class Maximum(Op):
    name = "MaximumBackward0"
    elementwise = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.maximum(b._data, a._data)     # a on a tie (-0.0 vs 0.0), as PyTorch

    @staticmethod
    def jvp(F, ctx, primals, options, result, ta, tb):
        # PyTorch's other_t + where(self == other, (self_t - other_t) / 2, (self_t - other_t) where self >= other)
        a, b = primals
        d = ta - tb
        return tb + F.where(a == b, d * 0.5, F.select(~(a < b), d))

    @staticmethod
    def vjp(F, ctx, g):
        a, b = F.saved(ctx)
        return _minmax_grads(F, a, b, a, b, g, ctx.needs_input_grad)


class Minimum(Op):
    name = "MinimumBackward0"
    elementwise = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.minimum(b._data, a._data)     # a on a tie (-0.0 vs 0.0), as PyTorch

    @staticmethod
    def jvp(F, ctx, primals, options, result, ta, tb):
        a, b = primals
        d = ta - tb
        return tb + F.where(a == b, d * 0.5, F.select(~(a > b), d))

    @staticmethod
    def vjp(F, ctx, g):
        a, b = F.saved(ctx)
        return _minmax_grads(F, a, b, b, a, g, ctx.needs_input_grad)


def _minmax_grads(F, a, b, lo, hi, g, need):
    """maximum/minimum (lo < hi: a loses, hi < lo: b loses): as PyTorch, g to the winner, g / 2
    to each on a tie, exactly 0 to the loser (a select, never g * 0); when neither wins (a nan),
    both get g."""
    eq = a == b
    if F.any_true(eq):
        g = F.where(eq, g * 0.5, g)
    return (F.select(~(lo < hi), g) if need[0] else None), (F.select(~(hi < lo), g) if need[1] else None)


class Where(Op):
    name = "WhereBackward0"
    elementwise = True

    @staticmethod
    def forward(ctx, a, b, cond=None, cond_t=None):
        # cond_t: the user's condition tensor, saved (as PyTorch saves it) so that changing it in
        # place makes backward fail (the engine checks saved tensors before the rule runs); the
        # rules' internal selects pass an array only
        ctx.cond = cond
        if cond_t is not None:
            ctx.save_for_backward(cond_t)
        return np.where(cond, a._data, b._data)

    jvp = staticmethod(linear_jvp)   # linear in a and b (cond is an option)

    @staticmethod
    def vjp(F, ctx, g):
        c = ctx.cond
        need = ctx.needs_input_grad
        return (F.select(c, g) if need[0] else None), (F.select(~c, g) if need[1] else None)


class MaskedFill(Where):
    name = "MaskedFillBackward0"


class ToCopy(Op):
    name = "ToCopyBackward0"
    elementwise = True

    @staticmethod
    def forward(ctx, x, dtype=None):
        d = x._data
        if d.dtype.kind == "c" and np.dtype(dtype).kind != "c":
            # the real part (NumPy would warn): also the gradient of a real input of a complex op
            d = d.real
        return d.astype(dtype)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        return g  # the engine casts it back to the input's dtype


class Clone(Op):
    name = "CloneBackward0"

    @staticmethod
    def forward(ctx, x):
        return x._data.copy()

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        return g


# ------------------------------------------------------- public functions --
@expose(method=True)
def add(input, other, *, alpha=1):
    """input + alpha * other, elementwise with broadcasting and type promotion (other may be a number).

    Gradient: grad for input, alpha * grad for other (each summed down to its own shape).

    Example::

        >>> pa.add(pa.tensor([1.0, 2.0]), pa.tensor([10.0, 20.0]), alpha=2)
        tensor([21., 42.])
    """
    _check_operands(input, other, "add")
    if alpha.__class__ is not builtins.int or alpha != 1:
        alpha = _check_alpha(input, other, alpha)
    a, b = _binary_operands(input, other)
    return apply_op(Add, (a, b), None if alpha == 1 else {"alpha": alpha})


def _check_alpha(input, other, alpha):
    """PyTorch's alpha_check against the promoted dtype of the operands (1.0 counts as a float)."""
    dt = _result_dtype(input, other)
    if isinstance(alpha, (builtins.bool, np.bool_)):
        if dt != np.bool_:
            raise RuntimeError("Boolean alpha only supported for Boolean results.")
    elif dt.kind in "biu" and not isinstance(alpha, (builtins.int, np.integer)):
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating point number.")
    # bool results: a + alpha * b is a | (alpha & b), as PyTorch (not an int sum)
    return builtins.bool(alpha) if dt == np.bool_ else alpha


def _check_sub_bool(input, other):
    ba, bb = _is_bool_operand(input), _is_bool_operand(other)
    if ba and bb:
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. "
                           "Use the `^` or `logical_xor()` operator instead.")
    if ba or bb:
        raise RuntimeError(_ERR_BOOL_SUB)


_ERR_BOOL_SUB = ("Subtraction, the `-` operator, with a bool tensor is not supported. "
                 "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")


@expose(method=True)
def sub(input, other, *, alpha=1):
    """input - alpha * other, elementwise with broadcasting and type promotion (other may be a number).

    Gradient: grad for input, -alpha * grad for other (each summed down to its own shape).

    Example::

        >>> pa.sub(pa.tensor([5.0, 5.0]), pa.tensor([1.0, 2.0]))
        tensor([4., 3.])
    """
    _check_operands(input, other, "sub")
    _check_sub_bool(input, other)
    if alpha.__class__ is not builtins.int or alpha != 1:
        _check_alpha(input, other, alpha)
    a, b = _binary_operands(input, other)
    return apply_op(Sub, (a, b), None if alpha == 1 else {"alpha": alpha})


subtract = alias("subtract", sub, method=True)


def _is_bool_operand(x):
    if isinstance(x, _Tensor):
        return x._data.dtype == np.bool_
    return isinstance(x, (builtins.bool, np.bool_))


@expose
def rsub(input, other, *, alpha=1):
    """other - alpha * input: sub with its operands swapped.

    Gradient: -alpha * grad for input, grad for other.

    Example::

        >>> pa.rsub(pa.tensor([1.0, 2.0]), 10)
        tensor([9., 8.])
    """
    _check_operands(input, other, "rsub")
    return sub(other, input, alpha=alpha)


@expose(method=True)
def mul(input, other):
    """input * other, elementwise with broadcasting and type promotion (other may be a number).

    Gradient: grad * other for input, grad * input for other (conjugated for complex values).

    Example::

        >>> pa.mul(pa.tensor([1.0, 2.0]), pa.tensor([3.0, 4.0]))
        tensor([3., 8.])
    """
    _check_operands(input, other, "mul")
    a, b = _binary_operands(input, other)
    return apply_op(Mul, (a, b))


multiply = alias("multiply", mul, method=True)


@expose(method=True)
def div(input, other, *, rounding_mode=None):
    """input / other elementwise (true division: integers give floats); rounding_mode 'trunc' or 'floor' rounds the
    quotient.

    Gradient: grad / other for input, -grad * input / other ** 2 for other; zero with a rounding_mode.

    Example::

        >>> pa.div(pa.tensor([1.0, 7.0]), 2)
        tensor([0.5000, 3.5000])
        >>> pa.div(pa.tensor([-7.0]), 2, rounding_mode='floor')
        tensor([-4.])
    """
    _check_operands(input, other, "div")
    a, b = _binary_operands(input, other)
    if rounding_mode is not None:
        if rounding_mode not in ("trunc", "floor"):
            raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '%s'"
                             % rounding_mode)
        _no_complex(a, "\"div_%s_cpu\" not implemented for '%%s'" % rounding_mode)
        fn = np.trunc if rounding_mode == "trunc" else np.floor
        if a._data.dtype == np.bool_:
            raise NotImplementedError("\"div_%s_cpu\" not implemented for 'Bool'" % rounding_mode)
        with np.errstate(divide="ignore", invalid="ignore"):
            if a._data.dtype.kind in "iu":
                if np.any(b._data == 0):
                    raise RuntimeError("ZeroDivisionError")
                q = np.floor_divide(a._data, b._data) if rounding_mode == "floor" else \
                    (np.trunc(a._data / b._data)).astype(a._data.dtype)
                return _make_tensor(np.asarray(q))
            # rounded quotients are piecewise constant: no gradient, as in PyTorch
            return _make_tensor(np.asarray(fn(a._data / b._data)))
    if a._data.dtype.kind not in "fc":
        a, b = _float_operand(a), _float_operand(b)
    return apply_op(Div, (a, b))


divide = alias("divide", div, method=True)
true_divide = alias("true_divide", div, method=True)


@expose(method=True)
def floor_divide(input, other):
    """input / other rounded down to an integer value, elementwise (as div with rounding_mode='floor').

    Gradient: zero almost everywhere (the result is piecewise constant).

    Example::

        >>> pa.floor_divide(pa.tensor([7, -7]), 2)
        tensor([ 3, -4])
    """
    _check_operands(input, other, "floor_divide")
    return div(input, other, rounding_mode="floor")


def _mod(op_tt, op_ts, input, other):
    """remainder / fmod: gradient 1 for the dividend, -q (the rounded quotient) for a tensor divisor."""
    scalar_other = not isinstance(other, _Tensor)
    a, b = _binary_operands(input, other)
    _no_complex(a, "\"%s_cpu\" not implemented for '%%s'" % ("fmod" if op_tt is FmodTensor else "remainder"))
    if a._data.dtype == np.bool_:
        raise NotImplementedError("\"%s_cpu\" not implemented for 'Bool'"
                                  % ("fmod" if op_tt is FmodTensor else "remainder"))
    if a._data.dtype.kind in "biu" and np.any(b._data == 0):
        raise RuntimeError("ZeroDivisionError")
    if scalar_other and isinstance(input, _Tensor):
        return apply_op(op_ts, (a,), {"other": b._data})
    return apply_op(op_tt, (a, b))


class _ModTensor(Op):
    _np = staticmethod(np.mod)
    _round = staticmethod(np.floor)

    @classmethod
    def _fwd(cls, ctx, a, b):
        if ctx._active and ctx.needs_input_grad[1]:   # only the divisor's gradient uses them
            ctx.save_for_backward(a, b)
        return np.asarray(cls._np(a._data, b._data))

    @classmethod
    def jvp(cls, F, ctx, primals, options, result, ta, tb):
        a, b = primals
        with np.errstate(divide="ignore", invalid="ignore"):
            q = F.constant(cls._round(F.data(a) / F.data(b)))
        return ta - tb * q

    @classmethod
    def vjp(cls, F, ctx, g):
        if not ctx.needs_input_grad[1]:
            return g, None
        a, b = F.saved(ctx)
        # the rounded quotient, a constant (a, b and g have the op's dtype)
        with np.errstate(divide="ignore", invalid="ignore"):
            q = F.constant(cls._round(F.data(a) / F.data(b)))
        return g, -g * q


class RemainderTensor(_ModTensor):
    name = "RemainderBackward1"
    elementwise = True

    @staticmethod
    def forward(ctx, a, b):
        return RemainderTensor._fwd(ctx, a, b)


class FmodTensor(_ModTensor):
    name = "FmodBackward1"
    _np = staticmethod(np.fmod)
    _round = staticmethod(np.trunc)

    @staticmethod
    def forward(ctx, a, b):
        return FmodTensor._fwd(ctx, a, b)


class RemainderScalar(Op):
    name = "RemainderBackward0"
    elementwise = True

    @staticmethod
    def forward(ctx, a, other=None):
        return np.asarray(np.mod(a._data, other))

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        return t * 1

    @staticmethod
    def vjp(F, ctx, g):
        return g


class FmodScalar(RemainderScalar):
    name = "FmodBackward0"

    @staticmethod
    def forward(ctx, a, other=None):
        return np.asarray(np.fmod(a._data, other))


@expose(method=True)
def remainder(input, other):
    """Python-style modulus: input - floor(input / other) * other, with the sign of the divisor (as
    torch.remainder; fmod keeps the sign of the dividend). other may be a number.

    Gradient: grad for input, -grad * floor(input / other) for a tensor other.

    Example::

        >>> pa.remainder(pa.tensor([-3.0, 3.0]), 2)
        tensor([1., 1.])
    """
    _check_operands(input, other, "remainder")
    return _mod(RemainderTensor, RemainderScalar, input, other)


@expose(method=True)
def fmod(input, other):
    """C-style modulus: input - trunc(input / other) * other, with the sign of the dividend (as
    torch.fmod; remainder keeps the sign of the divisor). other may be a number.

    Gradient: grad for input, -grad * trunc(input / other) for a tensor other.

    Example::

        >>> pa.fmod(pa.tensor([-3.0, 3.0]), 2)
        tensor([-1.,  1.])
    """
    _check_operands(input, other, "fmod")
    return _mod(FmodTensor, FmodScalar, input, other)


@expose(method=True)
def pow(input, exponent):
    """input raised to exponent elementwise; either may be a number (a number base gives base ** exponent).

    Gradient: grad * exponent * input ** (exponent - 1) for input, grad * input ** exponent * log(input) for a
    tensor exponent.

    Example::

        >>> pa.pow(pa.tensor([1.0, 2.0, 3.0]), 2)
        tensor([1., 4., 9.])
        >>> pa.pow(2, pa.tensor([0, 1, 2]))
        tensor([1, 2, 4])
    """
    _check_operands(input, exponent, "pow")
    if isinstance(exponent, (builtins.int, builtins.float, builtins.complex)) and not isinstance(exponent, builtins.bool) \
            and isinstance(input, _Tensor):
        x = _cast(input, _result_dtype(input, exponent))
        if x._data.dtype.kind in "iu" and not isinstance(exponent, builtins.complex) and exponent < 0:
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        return apply_op(PowScalar, (x,), {"exponent": exponent})
    if isinstance(input, (builtins.int, builtins.float)) and isinstance(exponent, _Tensor):
        e = exponent
        if isinstance(input, builtins.bool) and e._data.dtype == np.bool_:
            raise NotImplementedError("\"pow\" not implemented for 'Bool'")
        e = _cast(e, _result_dtype(e, input))
        return apply_op(RPowScalar, (e,), {"base": input})
    a, b = _binary_operands(input, exponent)
    if a._data.dtype == np.bool_:
        if isinstance(input, _Tensor) and isinstance(exponent, _Tensor):
            raise NotImplementedError("\"pow\" not implemented for 'Bool'")
        return _make_tensor(np.asarray(np.where(b._data, a._data, True)))   # x**True == x, x**False == 1
    if isinstance(exponent, _Tensor) and exponent._data.dtype == np.bool_:
        return apply_op(Pow, (a, b), {"bool_exponent": True})
    return apply_op(Pow, (a, b))


@expose(method=True)
def float_power(input, exponent):
    """pow computed in double precision: both operands cast to float64 (complex128 when either is
    complex) first, so the result is float64 whatever the inputs (as torch.float_power).

    Gradient: pow's, in float64 (cast back to each input's dtype).

    Example::

        >>> pa.float_power(pa.tensor([2]), 0.5)
        tensor([1.4142], dtype=torch.float64)
    """
    _check_operands(input, exponent, "float_power")
    def f64(x):
        if isinstance(x, _Tensor):
            return to_dtype(x, np.complex128 if x._data.dtype.kind == "c" else np.float64)
        return x if isinstance(x, builtins.complex) else builtins.float(x)
    return pow(f64(input), f64(exponent))


@expose(method=True, inplace_op=Neg)
def neg(input):
    """-input elementwise (refused for bool tensors: use logical_not).

    Gradient: -grad.

    Example::

        >>> pa.neg(pa.tensor([1.0, -2.0]))
        tensor([-1.,  2.])
    """
    _check_tensor(input, "neg")
    if input._data.dtype == np.bool_:
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If you are "
                           "trying to invert a mask, use the `~` or `logical_not()` operator instead.")
    return apply_op(Neg, (input,))


negative = alias("negative", neg, method=True)


def _float_unary(op, doc, **spec):
    """The public function of a floating-point unary op (an int input computes in the default
    float dtype), declared with its method, its in-place variant and its test spec (unary_spec's
    options: domain, empty, ...)."""
    def slow(input, out=None):
        if out is not None:
            return write_out(op.__name__.lower(), out, lambda: slow(input))
        _check_tensor(input, op.__name__.lower())
        return apply_op(op, (_float_operand(input),))

    fn = _core.FloatUnary(op, slow)          # the compiled entry (fast.pxi): no Python frame per call
    fn.__name__ = fn.__qualname__ = op.__name__.lower()
    fn.__module__ = "pyautograd"
    fn._op, fn._slow = op, slow               # an alias makes another entry of the same op
    fn.__doc__ = doc
    # torch.sin, x.sin(), x.sin_(), torch.sin_, and the generated gradient tests
    return expose(fn, method=True, inplace_op=op, spec=unary_spec(fn.__name__, **spec))


exp = _float_unary(Exp, empty=True, doc="""e raised to each element of input. Integer and boolean inputs are computed in the default float dtype.

    Gradient: grad * exp(input).

    Example::

        >>> pa.exp(pa.tensor([0.0, 1.0]))
        tensor([1.0000, 2.7183])
    """)
expm1 = _float_unary(Expm1, doc="""exp(input) - 1 elementwise, accurate near zero. Integer and boolean inputs are computed in the default float
    dtype.

    Gradient: grad * exp(input).

    Example::

        >>> pa.expm1(pa.tensor([0.0, 1e-8], dtype=pa.float64))
        tensor([0.0000e+00, 1.0000e-08], dtype=torch.float64)
    """)
log = _float_unary(Log, domain="pos", empty=True, doc="""The natural logarithm of each element (nan below zero, -inf at zero). Integer and boolean inputs are computed in
    the default float dtype.

    Gradient: grad / input.

    Example::

        >>> pa.log(pa.tensor([1.0, 2.718281828]))
        tensor([0., 1.])
    """)
log2 = _float_unary(Log2, domain="pos", doc="""The base-2 logarithm of each element. Integer and boolean inputs are computed in the default float dtype.

    Gradient: grad / (input * ln 2).

    Example::

        >>> pa.log2(pa.tensor([1.0, 8.0]))
        tensor([0., 3.])
    """)
log10 = _float_unary(Log10, domain="pos", doc="""The base-10 logarithm of each element. Integer and boolean inputs are computed in the default float dtype.

    Gradient: grad / (input * ln 10).

    Example::

        >>> pa.log10(pa.tensor([1.0, 100.0]))
        tensor([0., 2.])
    """)
log1p = _float_unary(Log1p, domain="pos", doc="""log(1 + input) elementwise, accurate near zero. Integer and boolean inputs are computed in the default float
    dtype.

    Gradient: grad / (1 + input).

    Example::

        >>> pa.log1p(pa.tensor([0.0, 1.0]))
        tensor([0.0000, 0.6931])
    """)
sqrt = _float_unary(Sqrt, domain="pos", empty=True, doc="""The square root of each element (nan below zero). Integer and boolean inputs are computed in the default float
    dtype.

    Gradient: grad / (2 * sqrt(input)).

    Example::

        >>> pa.sqrt(pa.tensor([4.0, 9.0]))
        tensor([2., 3.])
    """)
rsqrt = _float_unary(Rsqrt, domain="pos", doc="""1 / sqrt(input) elementwise. Integer and boolean inputs are computed in the default float dtype.

    Gradient: -grad / (2 * input ** 1.5).

    Example::

        >>> pa.rsqrt(pa.tensor([4.0, 0.25]))
        tensor([0.5000, 2.0000])
    """)
sin = _float_unary(Sin, empty=True, doc="""The sine of each element (radians). Integer and boolean inputs are computed in the default float dtype.

    Gradient: grad * cos(input).

    Example::

        >>> pa.sin(pa.tensor([0.0]))
        tensor([0.])
    """)
cos = _float_unary(Cos, doc="""The cosine of each element (radians). Integer and boolean inputs are computed in the default float dtype.

    Gradient: -grad * sin(input).

    Example::

        >>> pa.cos(pa.tensor([0.0]))
        tensor([1.])
    """)
tan = _float_unary(Tan, domain="unit", doc="""The tangent of each element (radians). Integer and boolean inputs are computed in the default float dtype.

    Gradient: grad * (1 + tan(input) ** 2).

    Example::

        >>> pa.tan(pa.tensor([0.0, 0.5]))
        tensor([0.0000, 0.5463])
    """)
asin = _float_unary(Asin, domain="unit", doc="""The inverse sine of each element, in [-pi/2, pi/2] (nan outside [-1, 1]). Integer and boolean inputs are
    computed in the default float dtype.

    Gradient: grad / sqrt(1 - input ** 2).

    Example::

        >>> pa.asin(pa.tensor([0.0, 1.0]))
        tensor([0.0000, 1.5708])
    """)
arcsin = alias("arcsin", asin, method=True)
acos = _float_unary(Acos, domain="unit", doc="""The inverse cosine of each element, in [0, pi] (nan outside [-1, 1]). Integer and boolean inputs are computed in
    the default float dtype.

    Gradient: -grad / sqrt(1 - input ** 2).

    Example::

        >>> pa.acos(pa.tensor([1.0, 0.0]))
        tensor([0.0000, 1.5708])
    """)
arccos = alias("arccos", acos, method=True)
atan = _float_unary(Atan, doc="""The inverse tangent of each element, in (-pi/2, pi/2). Integer and boolean inputs are computed in the default
    float dtype.

    Gradient: grad / (1 + input ** 2).

    Example::

        >>> pa.atan(pa.tensor([0.0, 1.0]))
        tensor([0.0000, 0.7854])
    """)
arctan = alias("arctan", atan, method=True)
asinh = _float_unary(Asinh, empty=True, doc="""The inverse hyperbolic sine of each element. Integer and boolean inputs are computed in the default float dtype.

    Gradient: grad / sqrt(input ** 2 + 1).

    Example::

        >>> pa.asinh(pa.tensor([0.0, 1.0]))
        tensor([0.0000, 0.8814])
    """)
arcsinh = alias("arcsinh", asinh, method=True)
acosh = _float_unary(Acosh, domain="gt1", doc="""The inverse hyperbolic cosine of each element (nan below 1). Integer and boolean inputs are computed in the
    default float dtype.

    Gradient: grad / sqrt(input ** 2 - 1).

    Example::

        >>> pa.acosh(pa.tensor([1.0, 2.0]))
        tensor([0.0000, 1.3170])
    """)
arccosh = alias("arccosh", acosh, method=True)
atanh = _float_unary(Atanh, domain="unit", doc="""The inverse hyperbolic tangent of each element (nan outside [-1, 1]). Integer and boolean inputs are computed in
    the default float dtype.

    Gradient: grad / (1 - input ** 2).

    Example::

        >>> pa.atanh(pa.tensor([0.0, 0.5]))
        tensor([0.0000, 0.5493])
    """)
arctanh = alias("arctanh", atanh, method=True)
deg2rad = _float_unary(Deg2Rad, doc="""Each element converted from degrees to radians (times pi / 180). Integer and boolean inputs are computed in the
    default float dtype.

    Gradient: grad * pi / 180.

    Example::

        >>> pa.deg2rad(pa.tensor([180.0, 90.0]))
        tensor([3.1416, 1.5708])
    """)
rad2deg = _float_unary(Rad2Deg, doc="""Each element converted from radians to degrees (times 180 / pi). Integer and boolean inputs are computed in the
    default float dtype.

    Gradient: grad * 180 / pi.

    Example::

        >>> pa.rad2deg(pa.tensor([3.14159265]))
        tensor([180.])
    """)
sinh = _float_unary(Sinh, doc="""The hyperbolic sine of each element. Integer and boolean inputs are computed in the default float dtype.

    Gradient: grad * cosh(input).

    Example::

        >>> pa.sinh(pa.tensor([0.0, 1.0]))
        tensor([0.0000, 1.1752])
    """)
cosh = _float_unary(Cosh, doc="""The hyperbolic cosine of each element. Integer and boolean inputs are computed in the default float dtype.

    Gradient: grad * sinh(input).

    Example::

        >>> pa.cosh(pa.tensor([0.0, 1.0]))
        tensor([1.0000, 1.5431])
    """)
tanh = _float_unary(Tanh, empty=True, doc="""The hyperbolic tangent of each element. Integer and boolean inputs are computed in the default float dtype.

    Gradient: grad * (1 - tanh(input) ** 2).

    Example::

        >>> pa.tanh(pa.tensor([0.0, 1.0]))
        tensor([0.0000, 0.7616])
    """)
sigmoid = _float_unary(Sigmoid, empty=True, doc="""The logistic function 1 / (1 + exp(-input)) of each element. Integer and boolean inputs are computed in the
    default float dtype.

    Gradient: grad * s * (1 - s), s = sigmoid(input).

    Example::

        >>> pa.sigmoid(pa.tensor([0.0, 2.0]))
        tensor([0.5000, 0.8808])
    """)
reciprocal = _float_unary(Reciprocal, domain="away", doc="""1 / input elementwise. Integer and boolean inputs are computed in the default float dtype.

    Gradient: -grad / input ** 2.

    Example::

        >>> pa.reciprocal(pa.tensor([2.0, 4.0]))
        tensor([0.5000, 0.2500])
    """)


@expose(method=True, inplace_op=Abs, spec=unary_spec("abs", domain="away", empty=True))
def abs(input):
    """The absolute value of each element (the modulus of complex numbers, as a real tensor).

    Gradient: grad * sign(input) (zero at zero); for complex input grad * input / abs(input).

    Example::

        >>> pa.abs(pa.tensor([-1.5, 2.0]))
        tensor([1.5000, 2.0000])
    """
    _check_tensor(input, "abs")
    x = _as_tensor(input)
    if x._data.dtype == np.bool_:
        raise NotImplementedError("\"abs_cpu\" not implemented for 'Bool'")
    return apply_op(Abs, (x,))


absolute = alias("absolute", abs, method=True)


@expose(method=True, inplace_op=Sign, spec=unary_spec("sign", domain="away"))
def sign(input):
    """-1, 0 or 1 by the sign of each element (bool stays bool; complex input is refused: use sgn).

    Gradient: zero almost everywhere (the result is piecewise constant).

    Example::

        >>> pa.sign(pa.tensor([-2.0, 0.0, 3.0]))
        tensor([-1.,  0.,  1.])
    """
    _check_tensor(input, "sign")
    _no_complex(input, "Unlike NumPy, torch.sign is not intended to support complex numbers. Please use "
                "torch.sgn instead.")
    if input._data.dtype == np.bool_:
        return _make_tensor(input._data.copy())
    return apply_op(Sign, (_as_tensor(input),))


@expose(method=True, inplace_op=Square, spec=unary_spec("square"))
def square(input):
    """input * input elementwise.

    Gradient: 2 * input * grad.

    Example::

        >>> pa.square(pa.tensor([2.0, -3.0]))
        tensor([4., 9.])
    """
    _check_tensor(input, "square")
    return pow(input, 2)


@expose(method=True, inplace_op=Relu, spec=unary_spec("relu", domain="away", empty=True))
def relu(input):
    """max(input, 0) elementwise: negative elements become zero.

    Gradient: grad where input > 0, zero elsewhere.

    Example::

        >>> pa.relu(pa.tensor([-1.0, 0.0, 2.0]))
        tensor([0., 0., 2.])
    """
    _check_tensor(input, "relu")
    if input._data.dtype == np.bool_:
        raise RuntimeError("Boolean inputs not supported for relu")
    _no_complex(input, "clamp is not supported for complex types")
    return apply_op(Relu, (input,))


@expose(method=True)
def clamp(input, min=None, max=None):
    """Each element limited to [min, max]; min and max are numbers or tensors (broadcast), either may be None.

    Gradient: grad where min <= input <= max, zero outside; a tensor bound gets the grad where it was chosen.

    Example::

        >>> pa.clamp(pa.tensor([-2.0, 0.5, 3.0]), min=-1.0, max=1.0)
        tensor([-1.0000,  0.5000,  1.0000])
    """
    x, lo, hi = _clamp_operands(input, min, max)
    if lo is not None or hi is not None:
        return apply_op(ClampTensor, (x, lo, hi), {"both": min is not None and max is not None})
    return apply_op(Clamp, (x,), {"min": min, "max": max})


def _clamp_operands(input, min, max):
    """clamp's operands in PyTorch's promoted dtype: (x, lo, hi) with tensor bounds, (x, None,
    None) with number bounds (left in the Clamp op's kwargs)."""
    _check_tensor(input, "clamp", "input", 1)
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    for b in (min, max):
        if b is not None and not isinstance(b, _Tensor) and not _is_number(b):
            raise TypeError("clamp() received an invalid combination of arguments - got (Tensor, %s=%s), but "
                            "expected one of:\n * (Tensor input, Tensor min = None, Tensor max = None, *, Tensor "
                            "out = None)\n * (Tensor input, Number min = None, Number max = None, *, Tensor out = "
                            "None)\n" % ("min" if b is min else "max", _tp_name(b)))
    for t_ in (input, min, max):
        _no_complex(t_, "clamp is not supported for complex types")
    bounds = [b for b in (min, max) if b is not None]
    if input._data.dtype.kind == "f" and builtins.all(type(b) in (builtins.float, builtins.int) for b in bounds):
        return input, None, None
    dt = _result_dtype(input, *bounds)
    x = _cast(input, dt)
    if not builtins.any(isinstance(b, _Tensor) for b in bounds):
        if dt.kind in "iu":
            info = np.iinfo(dt)
            if builtins.any(not info.min <= b <= info.max for b in bounds):
                raise RuntimeError("value cannot be converted to type %s_t without overflow" % dt.name)
        return x, None, None
    if dt.kind == "f":
        lowest, highest = -np.inf, np.inf
    elif dt.kind == "b":
        if min is not None and max is not None:   # PyTorch's clamp_min / clamp_max take bools, clamp does not
            raise NotImplementedError("\"clamp_cpu\" not implemented for 'Bool'")
        lowest, highest = False, True
    else:
        lowest, highest = np.iinfo(dt).min, np.iinfo(dt).max
    lo = _cast(_as_tensor(min), dt) if min is not None else _const(lowest, dt)
    hi = _cast(_as_tensor(max), dt) if max is not None else _const(highest, dt)
    _broadcast_shape(_broadcast_shape(x._data.shape, lo._data.shape), hi._data.shape)
    return x, lo, hi


clip = alias("clip", clamp, method=True)


def _one_bound_clamp(input, min, max):
    """The op and operands of clamp_min(input, min) / clamp_max(input, max)."""
    x, lo, hi = _clamp_operands(input, min, max)
    if lo is None:
        return (ClampMin if max is None else ClampMax), (x,), {"min": min, "max": max}
    return (ClampMinTensor if max is None else ClampMaxTensor), (x, lo, hi), {"both": False}


@expose(method=True, spec=[
    OpSpec("clamp_min_fn", lambda T, a: T.clamp_min(a, 0.2), [(3, 4)], domain=("kinks", [0.2]), scalar=[()]),
    OpSpec("clamp_min_tensor", lambda T, a, b: a.clamp_min(b), [(3, 4), (4,)], domain="away")])
def clamp_min(input, min):
    """Each element limited from below: max(input, min).

    Gradient: grad where input >= min, zero elsewhere.

    Example::

        >>> pa.clamp_min(pa.tensor([-2.0, 3.0]), 0.0)
        tensor([0., 3.])
    """
    op, operands, options = _one_bound_clamp(input, min, None)
    return apply_op(op, operands, options)


@expose(method=True, spec=[
    OpSpec("clamp_max_fn", lambda T, a: T.clamp_max(a, 0.2), [(3, 4)], domain=("kinks", [0.2]), scalar=[()]),
    OpSpec("clamp_max_tensor", lambda T, a, b: T.clamp_max(a, b), [(3, 4), (3, 1)], domain="away")])
def clamp_max(input, max):
    """Each element limited from above: min(input, max).

    Gradient: grad where input <= max, zero elsewhere.

    Example::

        >>> pa.clamp_max(pa.tensor([-2.0, 3.0]), 1.0)
        tensor([-2.,  1.])
    """
    op, operands, options = _one_bound_clamp(input, None, max)
    return apply_op(op, operands, options)


@expose(method=True)
def maximum(input, other):
    """The larger of input and other, elementwise with broadcasting (nan if either is nan).

    Gradient: grad to whichever operand is larger; half to each where they are equal.

    Example::

        >>> pa.maximum(pa.tensor([1.0, 5.0]), pa.tensor([3.0, 2.0]))
        tensor([3., 5.])
    """
    _check_operands(input, other, "maximum")
    a, b = _binary_operands(input, other)
    _no_complex(a, "maximum not implemented for complex tensors.", RuntimeError)
    return apply_op(Maximum, (a, b))


@expose(method=True)
def minimum(input, other):
    """The smaller of input and other, elementwise with broadcasting (nan if either is nan).

    Gradient: grad to whichever operand is smaller; half to each where they are equal.

    Example::

        >>> pa.minimum(pa.tensor([1.0, 5.0]), pa.tensor([3.0, 2.0]))
        tensor([1., 2.])
    """
    _check_operands(input, other, "minimum")
    a, b = _binary_operands(input, other)
    _no_complex(a, "minimum not implemented for complex tensors.", RuntimeError)
    return apply_op(Minimum, (a, b))


@expose
def where(condition, input=None, other=None):
    """input where condition is True, other elsewhere (broadcast; numbers allowed). where(condition) alone is
    nonzero(condition, as_tuple=True).

    Gradient: grad where condition holds for input, grad elsewhere for other.

    Example::

        >>> pa.where(pa.tensor([True, False]), pa.tensor([1.0, 2.0]), pa.tensor([-1.0, -2.0]))
        tensor([ 1., -2.])
    """
    if input is None and other is None:
        return tuple(_make_tensor(i.astype(np.int64)) for i in np.nonzero(_as_tensor(condition)._data))
    for x in (input, other):
        if not isinstance(x, _Tensor) and not _is_number(x):
            raise TypeError("where() received an invalid combination of arguments - got (%s, %s, %s), but expected "
                            "one of:" % tuple(_arg_type_name(v) for v in (condition, input, other)))
    c = condition._data if isinstance(condition, _Tensor) else np.asarray(condition)
    if c.dtype != np.bool_:
        raise RuntimeError("where expected condition to be a boolean tensor, but got a tensor with dtype "
                           + _SCALAR_TYPE_NAMES.get(c.dtype.name, c.dtype.name))
    ashape = input._data.shape if isinstance(input, _Tensor) else ()
    _broadcast_shape(c.shape, ashape)
    a, b = _binary_operands(input, other)
    _broadcast_shape(_broadcast_shape(c.shape, ashape), b._data.shape)
    return apply_op(Where, (a, b), {"cond": c, "cond_t": condition if isinstance(condition, _Tensor) else None})


@expose(method=True)
def clone(input, *, memory_format=None):
    """A copy of input with its own memory (recorded: the copy stays in the graph).

    Gradient: grad.

    Example::

        >>> pa.clone(pa.tensor([1.0, 2.0]))
        tensor([1., 2.])
    """
    _check_tensor(input, "clone")
    return apply_op(Clone, (input,))


@expose
def to_dtype(input, dtype, copy=False):
    """input converted to dtype (a new tensor; input itself when it already has that dtype and copy is False).

    Gradient: grad converted back to input's dtype (none for a non-float target).

    Example::

        >>> pa.tensor([1.7, -1.7]).to(pa.int64)
        tensor([ 1, -1])
    """
    nd = to_numpy_dtype(dtype)
    if input._data.dtype == nd:
        return clone(input) if copy else input
    return apply_op(ToCopy, (input,), {"dtype": nd})


# ------------------------------------------------------------ comparisons --
def _compare(fn, name, doc):
    def cmp(input, other):
        _check_operands(input, other, name)
        a, b = _binary_operands(input, other)
        if name not in ("eq", "ne"):    # ordering comparisons do not exist for complex numbers
            _no_complex(a, "\"%s_cpu\" not implemented for '%%s'" % name)
        return _make_tensor(np.asarray(fn(a._data, b._data)))
    cmp.__name__ = fn.__name__
    cmp.__doc__ = doc
    return batched_public("elementwise")(cmp)


eq = expose(_compare(np.equal, "eq", doc="""input == other elementwise, with broadcasting (other may be a number): a bool tensor.

    Gradient: none: the result is boolean.

    Example::

        >>> pa.eq(pa.tensor([1, 2, 3]), 2)
        tensor([False,  True, False])
    """), name="eq", method=True)
ne = expose(_compare(np.not_equal, "ne", doc="""input != other elementwise, with broadcasting (other may be a number): a bool tensor.

    Gradient: none: the result is boolean.

    Example::

        >>> pa.ne(pa.tensor([1, 2, 3]), 2)
        tensor([ True, False,  True])
    """), name="ne", method=True)
not_equal = alias("not_equal", ne, method=True)
lt = expose(_compare(np.less, "lt", doc="""input < other elementwise, with broadcasting (other may be a number): a bool tensor.

    Gradient: none: the result is boolean.

    Example::

        >>> pa.lt(pa.tensor([1, 2, 3]), 2)
        tensor([ True, False, False])
    """), name="lt", method=True)
less = alias("less", lt, method=True)
le = expose(_compare(np.less_equal, "le", doc="""input <= other elementwise, with broadcasting (other may be a number): a bool tensor.

    Gradient: none: the result is boolean.

    Example::

        >>> pa.le(pa.tensor([1, 2, 3]), 2)
        tensor([ True,  True, False])
    """), name="le", method=True)
less_equal = alias("less_equal", le, method=True)
gt = expose(_compare(np.greater, "gt", doc="""input > other elementwise, with broadcasting (other may be a number): a bool tensor.

    Gradient: none: the result is boolean.

    Example::

        >>> pa.gt(pa.tensor([1, 2, 3]), 2)
        tensor([False, False,  True])
    """), name="gt", method=True)
greater = alias("greater", gt, method=True)
ge = expose(_compare(np.greater_equal, "ge", doc="""input >= other elementwise, with broadcasting (other may be a number): a bool tensor.

    Gradient: none: the result is boolean.

    Example::

        >>> pa.ge(pa.tensor([1, 2, 3]), 2)
        tensor([False,  True,  True])
    """), name="ge", method=True)
greater_equal = alias("greater_equal", ge, method=True)


@expose(method=True)
@batched_public("elementwise")
def logical_not(input):
    """True where input is zero (False), elementwise: a bool tensor.

    Gradient: none: the result is boolean.

    Example::

        >>> pa.logical_not(pa.tensor([0, 1, 2]))
        tensor([ True, False, False])
    """
    _check_tensor(input, "logical_not")
    return _make_tensor(np.logical_not(input._data))


@expose(method=True)
@batched_public("elementwise")
def logical_and(input, other):
    """True where both input and other are nonzero, elementwise with broadcasting: a bool tensor.

    Gradient: none: the result is boolean.

    Example::

        >>> pa.logical_and(pa.tensor([True, True, False]), pa.tensor([True, False, False]))
        tensor([ True, False, False])
    """
    _check_operands(input, other, "logical_and")
    _check_broadcast(input._data.shape, other._data.shape)
    return _make_tensor(np.logical_and(_as_tensor(input)._data, _as_tensor(other)._data))


@expose(method=True)
@batched_public("elementwise")
def logical_or(input, other):
    """True where input or other is nonzero, elementwise with broadcasting: a bool tensor.

    Gradient: none: the result is boolean.

    Example::

        >>> pa.logical_or(pa.tensor([True, True, False]), pa.tensor([True, False, False]))
        tensor([ True,  True, False])
    """
    _check_operands(input, other, "logical_or")
    _check_broadcast(input._data.shape, other._data.shape)
    return _make_tensor(np.logical_or(_as_tensor(input)._data, _as_tensor(other)._data))


@expose(method=True)
@batched_public("elementwise")
def logical_xor(input, other):
    """True where exactly one of input and other is nonzero, elementwise with broadcasting: a bool tensor.

    Gradient: none: the result is boolean.

    Example::

        >>> pa.logical_xor(pa.tensor([True, True, False]), pa.tensor([True, False, False]))
        tensor([False,  True, False])
    """
    _check_operands(input, other, "logical_xor")
    _check_broadcast(input._data.shape, other._data.shape)
    return _make_tensor(np.logical_xor(_as_tensor(input)._data, _as_tensor(other)._data))


def _bitwise(fn, name, doc):
    def op(input, other):
        _check_operands(input, other, name)
        a, b = _binary_operands(input, other)
        if a._data.dtype.kind not in "biu":
            raise NotImplementedError('"%s_cpu" not implemented for \'%s\'' % (name, _st(a)))
        return _make_tensor(np.asarray(fn(a._data, b._data)))
    op.__name__ = name
    op.__doc__ = doc
    return batched_public("elementwise")(op)


bitwise_and = expose(_bitwise(np.bitwise_and, "bitwise_and", doc="""The bitwise AND of integer or bool tensors, elementwise with broadcasting.

    Gradient: none: the result is integer.

    Example::

        >>> pa.bitwise_and(pa.tensor([12, 10]), pa.tensor([10, 6]))
        tensor([8, 2])
    """), name="bitwise_and", method=False)
bitwise_or = expose(_bitwise(np.bitwise_or, "bitwise_or", doc="""The bitwise OR of integer or bool tensors, elementwise with broadcasting.

    Gradient: none: the result is integer.

    Example::

        >>> pa.bitwise_or(pa.tensor([12, 10]), pa.tensor([10, 6]))
        tensor([14, 14])
    """), name="bitwise_or", method=False)
bitwise_xor = expose(_bitwise(np.bitwise_xor, "bitwise_xor", doc="""The bitwise XOR of integer or bool tensors, elementwise with broadcasting.

    Gradient: none: the result is integer.

    Example::

        >>> pa.bitwise_xor(pa.tensor([12, 10]), pa.tensor([10, 6]))
        tensor([ 6, 12])
    """), name="bitwise_xor", method=False)


@expose(method=True)
@batched_public("elementwise")
def bitwise_not(input):
    """The bitwise NOT of an integer tensor (logical NOT of a bool one), elementwise.

    Gradient: none: the result is integer.

    Example::

        >>> pa.bitwise_not(pa.tensor([0, 5]))
        tensor([-1, -6])
    """
    _check_tensor(input, "bitwise_not")
    if input._data.dtype.kind not in "biu":
        raise NotImplementedError('"bitwise_not_cpu" not implemented for \'%s\'' % _st(input))
    return _make_tensor(np.invert(input._data))


@expose(method=True)
def equal(input, other):
    """True when input and other have the same shape and elements (a Python bool).

    Gradient: none (the result is a Python value, not a tensor).

    Example::

        >>> pa.equal(pa.tensor([1, 2]), pa.tensor([1, 2]))
        True
    """
    _check_operands(input, other, "equal")
    return input.shape == other.shape and builtins.bool(np.array_equal(input._data, other._data))


def _check_close_operands(input, other):
    if input._data.dtype != other._data.dtype:
        raise RuntimeError("%s did not match %s" % (_st(input), _st(other)))
    _check_broadcast(input._data.shape, other._data.shape)


@expose(method=True)
def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True when every element satisfies ``abs(input - other) <= atol + rtol * abs(other)`` (a Python bool);
    equal_nan counts nan == nan.

    Gradient: none (the result is a Python value, not a tensor).

    Example::

        >>> pa.allclose(pa.tensor([1.0, 2.0]), pa.tensor([1.0, 2.0 + 1e-9]))
        True
    """
    _check_operands(input, other, "allclose")
    _check_close_operands(input, other)
    return builtins.bool(np.allclose(input._data, other._data, rtol=rtol, atol=atol, equal_nan=equal_nan))


@expose(method=True)
@batched_public("elementwise")
def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """``abs(input - other) <= atol + rtol * abs(other)`` elementwise: a bool tensor; equal_nan counts nan == nan.

    Gradient: none: the result is boolean.

    Example::

        >>> pa.isclose(pa.tensor([1.0, 2.0]), pa.tensor([1.0, 2.1]))
        tensor([ True, False])
    """
    _check_operands(input, other, "isclose")
    _check_close_operands(input, other)
    return _make_tensor(np.isclose(input._data, _as_tensor(other)._data, rtol=rtol, atol=atol, equal_nan=equal_nan))


@expose(method=True)
@batched_public("elementwise")
def isnan(input):
    """True where an element is nan: a bool tensor.

    Gradient: none: the result is boolean.

    Example::

        >>> pa.isnan(pa.tensor([1.0, float('nan')]))
        tensor([False,  True])
    """
    _check_tensor(input, "isnan")
    return _make_tensor(np.isnan(input._data))


@expose(method=True)
@batched_public("elementwise")
def isinf(input):
    """True where an element is +inf or -inf: a bool tensor.

    Gradient: none: the result is boolean.

    Example::

        >>> pa.isinf(pa.tensor([1.0, float('inf')]))
        tensor([False,  True])
    """
    _check_tensor(input, "isinf")
    return _make_tensor(np.isinf(input._data))


@expose(method=True)
@batched_public("elementwise")
def isfinite(input):
    """True where an element is neither inf nor nan: a bool tensor.

    Gradient: none: the result is boolean.

    Example::

        >>> pa.isfinite(pa.tensor([1.0, float('inf'), float('nan')]))
        tensor([ True, False, False])
    """
    _check_tensor(input, "isfinite")
    return _make_tensor(np.isfinite(input._data))


# ---------------------------------------------------------------- rounding --
Floor = _unary("FloorBackward0", np.floor, lambda F, x, r, g: F.zeros_like(g), save=None)
Ceil = _unary("CeilBackward0", np.ceil, lambda F, x, r, g: F.zeros_like(g), save=None)
Trunc = _unary("TruncBackward0", np.trunc, lambda F, x, r, g: F.zeros_like(g), save=None)
Frac = _unary("FracBackward0", lambda a: a - np.trunc(a), lambda F, x, r, g: g, save=None)
Round = _unary("RoundBackward0", np.round, lambda F, x, r, g: F.zeros_like(g), save=None)


class RoundDecimals(Op):
    name = "RoundBackward1"
    elementwise = True

    @staticmethod
    def forward(ctx, x, decimals=0):
        return np.round(x._data, decimals)

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        return F.zeros_like(t)

    @staticmethod
    def vjp(F, ctx, g):
        return F.zeros_like(g)


def _piecewise(op, input, kw=None):
    """floor, ceil, round, trunc: zero gradient almost everywhere (as PyTorch); ints pass through."""
    input = _as_tensor(input)
    name = {Floor: "floor", Ceil: "ceil", Trunc: "trunc"}.get(op)
    if input._data.dtype.kind == "c":
        if op in (Floor, Ceil, Trunc):
            raise NotImplementedError("%s is not supported for complex inputs" % op.__name__.lower())
        _no_complex(input, "\"%s\" not implemented for '%%s'"
                    % {Frac: "frac_cpu", Round: "round_vml_cpu", RoundDecimals: "round_cpu"}[op])
    if input._data.dtype == np.bool_ and op is not Frac:
        raise NotImplementedError("\"%s_vml_cpu\" not implemented for 'Bool'" % (name or "round"))
    if input._data.dtype.kind in "biu":
        if op is Frac:
            raise NotImplementedError("\"frac_cpu\" not implemented for '%s'"
                                      % _SCALAR_TYPE_NAMES[input._data.dtype.name])
        return _make_tensor(input._data.copy())
    return apply_op(op, (input,), kw)


@expose(method=True)
def floor(input):
    """Each element rounded down to an integer value (integer tensors unchanged).

    Gradient: zero almost everywhere (the result is piecewise constant).

    Example::

        >>> pa.floor(pa.tensor([-1.5, 1.5]))
        tensor([-2.,  1.])
    """
    _check_tensor(input, "floor")
    return _piecewise(Floor, input)


@expose(method=True)
def ceil(input):
    """Each element rounded up to an integer value (integer tensors unchanged).

    Gradient: zero almost everywhere (the result is piecewise constant).

    Example::

        >>> pa.ceil(pa.tensor([-1.5, 1.5]))
        tensor([-1.,  2.])
    """
    _check_tensor(input, "ceil")
    return _piecewise(Ceil, input)


@expose(method=True)
def trunc(input):
    """Each element rounded toward zero to an integer value.

    Gradient: zero almost everywhere (the result is piecewise constant).

    Example::

        >>> pa.trunc(pa.tensor([-1.7, 1.7]))
        tensor([-1.,  1.])
    """
    _check_tensor(input, "trunc")
    return _piecewise(Trunc, input)


fix = alias("fix", trunc, method=False)


@expose(method=True)
def frac(input):
    """The fractional part of each element: input - trunc(input).

    Gradient: grad.

    Example::

        >>> pa.frac(pa.tensor([-1.25, 2.5]))
        tensor([-0.2500,  0.5000])
    """
    _check_tensor(input, "frac")
    return _piecewise(Frac, input)


@expose(method=True)
def round(input, decimals=0):
    """Each element rounded to the nearest integer value, halves to even; decimals rounds to that many decimal places.

    Gradient: zero almost everywhere (the result is piecewise constant).

    Example::

        >>> pa.round(pa.tensor([0.5, 1.5, 2.7]))
        tensor([0., 2., 3.])
        >>> pa.round(pa.tensor([1.2345]), decimals=2)
        tensor([1.2300])
    """
    _check_tensor(input, "round")
    if decimals:
        return _piecewise(RoundDecimals, input, {"decimals": decimals})
    return _piecewise(Round, input)


# ------------------------------------------------------ operator fallbacks --
# C fast paths for float operands (see src/_core/fast.pxi); everything else goes to
# the functions above.
def _operator(fn):
    """The Python-level fallback of a Tensor operator: an ndarray operand becomes a tensor (as in
    PyTorch, t + ndarray works though torch.add(t, ndarray) does not); any other non-number gives
    NotImplemented, so Python raises its own TypeError (t + [1, 2]) or compares by identity
    (t == None is False), as for torch."""
    def op(a, b):
        if isinstance(b, np.ndarray):
            b = _as_tensor(b)
        elif not isinstance(b, _Tensor) and not _is_number(b):
            return NotImplemented
        return fn(a, b)
    op.__name__ = fn.__name__
    return op


# ------------------------------------------------- binary elementwise ops --
def _binary(name_, fn, array, vjp, save=("a", "b"), method=True, inplace=False, complex_ok=False,
            spec=None, doc=None, ints="refuse"):
    """Declare an elementwise op of two tensors, whole: its node type, forward, rule, public
    function pyautograd.<fn> (tensors only, PyTorch's promotion and broadcasting, floating
    dtypes), Tensor method, in-place method <fn>_, F.<fn> for rules and its test spec.

    array(a, b) computes it on arrays; vjp(F, a, b, r, g) returns the two gradients (a, b, the
    result r: what `save` names, else None); save: which of "a", "b", "result" the rule reads."""
    save_a, save_b, save_r = "a" in save, "b" in save, "result" in save
    # ints: "refuse" (PyTorch has no integer kernel), "float" (integer operands compute in the
    # default float dtype: atan2, copysign, ldexp), "keep" (an integer kernel: fmax, fmin)

    @register
    class _Binary(Op):
        name = name_
        elementwise = True

        @staticmethod
        def forward(ctx, a, b):
            kind = a._data.dtype.kind       # here, so that x.hypot_(y) refuses what hypot refuses
            if (kind not in "fc" and not (ints == "keep" and kind in "biu")) or (kind == "c" and not complex_ok):
                raise NotImplementedError('"%s_cpu" not implemented for \'%s\''
                                          % (fn, _SCALAR_TYPE_NAMES[a._data.dtype.name]))
            if ctx._active:
                ctx.save_for_backward(a if save_a else None, b if save_b else None)
                ctx.save_result = save_r
            return array(a._value, b._value)

        @staticmethod
        def vjp(F, ctx, g):
            a, b = F.saved(ctx)
            ga, gb = vjp(F, a, b, F.result(ctx) if save_r else None, g)
            need = ctx.needs_input_grad
            return (ga if need[0] else None), (gb if need[1] else None)

        jvp = staticmethod(elementwise_jvp(lambda F, ctx, primals, result, t: vjp(F, primals[0], primals[1], result, t)))

    _Binary.__name__ = _Binary.__qualname__ = name_.rpartition("Backward")[0]
    _Binary.fn = fn
    _Binary.array = staticmethod(array)

    def public(input, other):
        _check_tensor(input, fn)
        _check_tensor(other, fn, "other", 2)
        a, b = _binary_operands(input, other)
        if ints == "float" and a._data.dtype.kind in "biu":
            a, b = _float_operand(a), _float_operand(b)
        return apply_op(_Binary, (a, b))
    public.__name__ = public.__qualname__ = fn
    public.__doc__ = doc
    expose(public, method=method, inplace_op=_Binary if inplace else None, inplace_binary=True,
           spec=spec if spec is not None else binary_spec(fn))
    return _Binary, public


def _logaddexp_np(a, b):
    """log(exp(a) + exp(b)) without overflow; complex through the larger real part (NumPy's
    logaddexp has no complex loop)."""
    if np.result_type(a, b).kind != "c":
        return np.logaddexp(a, b)
    m = np.where(np.real(a) >= np.real(b), a, b)
    return m + np.log(np.exp(a - m) + np.exp(b - m))


Hypot, hypot = _binary(
    "HypotBackward0", "hypot", np.hypot, save=("a", "b", "result"), inplace=True,
    # d/da sqrt(a^2 + b^2) = a / r (PyTorch's rule: nan at a = b = 0, as its 0 / 0)
    vjp=lambda F, a, b, r, g: (g * a / r, g * b / r),
    spec=binary_spec("hypot", domain="away"),
    doc="""hypot(input, other): sqrt(input**2 + other**2) elementwise, without overflow.

    Gradient: grad * input / result and grad * other / result (nan where both are 0, as PyTorch).

    Example::

        >>> pa.hypot(pa.tensor([3.0]), pa.tensor([4.0]))
        tensor([5.])
    """)

Logaddexp, logaddexp = _binary(
    "LogaddexpBackward0", "logaddexp", _logaddexp_np, complex_ok=True,
    # d/da log(e^a + e^b) = 1 / (1 + e^(b - a)); conjugated for complex inputs (PyTorch's convention)
    vjp=lambda F, a, b, r, g: (g / F.conj(1 + F.exp(b - a)), g / F.conj(1 + F.exp(a - b))),
    doc="""logaddexp(input, other): log(exp(input) + exp(other)) elementwise, without overflow.

    Gradient: grad / (1 + exp(other - input)) for input, grad / (1 + exp(input - other)) for other.

    Example::

        >>> pa.logaddexp(pa.tensor([0.0]), pa.tensor([0.0]))
        tensor([0.6931])
    """)


def _sum_sq(a, b):
    return a * a + b * b


Atan2, atan2 = _binary(
    "Atan2Backward0", "atan2", np.arctan2, inplace=True, ints="float",
    # d atan2(a, b) = (b da - a db) / (a^2 + b^2) (nan at the origin, as PyTorch's 0 / 0)
    vjp=lambda F, a, b, r, g: (g * b / _sum_sq(a, b), -g * a / _sum_sq(a, b)),
    spec=binary_spec("atan2", domain="away"),
    doc="""atan2(input, other): the angle of the point (other, input), elementwise, in (-pi, pi].

    Gradient: grad * other / (input**2 + other**2) for input, -grad * input / (input**2 + other**2) for
    other (nan at the origin, as PyTorch).

    Example::

        >>> pa.atan2(pa.tensor([1.0, -1.0]), pa.tensor([1.0, 0.0]))
        tensor([ 0.7854, -1.5708])
    """)
arctan2 = alias("arctan2", atan2, method=True)

Copysign, copysign = _binary(
    "CopysignBackward0", "copysign", np.copysign, save=("a", "result"), inplace=True, ints="float",
    # the sign of r over the sign of a (0 where a is 0: PyTorch's copysign_tensor_self_backward);
    # none for the sign donor
    vjp=lambda F, a, b, r, g: (F.where(a == 0, 0.0, g * (r / F.where(a == 0, 1.0, a))), F.zeros_like(g)),
    spec=binary_spec("copysign", domain="away"),
    doc="""copysign(input, other): abs(input) with the sign of other, elementwise (other's -0.0 counts as
    negative). Integer inputs are computed in the default float dtype.

    Gradient: for input, grad times the sign change (0 where input is 0); none for other.

    Example::

        >>> pa.copysign(pa.tensor([1.0, -2.0]), pa.tensor([-1.0, 1.0]))
        tensor([-1.,  2.])
    """)

Ldexp, ldexp = _binary(
    "LdexpBackward0", "ldexp", lambda a, b: a * np.exp2(b), save=("b", "result"), inplace=True, ints="float",
    vjp=lambda F, a, b, r, g: (g * F.exp2(b), g * r * math.log(2.0)),
    spec=binary_spec("ldexp", domain=["real", "unit"]),
    doc="""ldexp(input, other): input * 2**other, elementwise.

    Gradient: grad * 2**other for input, grad * result * log(2) for other.

    Example::

        >>> pa.ldexp(pa.tensor([1.0]), pa.tensor([3]))
        tensor([8.])
    """)

Logaddexp2, logaddexp2 = _binary(
    "Logaddexp2Backward0", "logaddexp2", np.logaddexp2,
    # d/da log2(2^a + 2^b) = 1 / (1 + 2^(b - a))
    vjp=lambda F, a, b, r, g: (g / (1 + F.exp2(b - a)), g / (1 + F.exp2(a - b))),
    doc="""logaddexp2(input, other): log2(2**input + 2**other) elementwise, without overflow.

    Gradient: grad / (1 + 2**(other - input)) for input, grad / (1 + 2**(input - other)) for other.

    Example::

        >>> pa.logaddexp2(pa.tensor([1.0]), pa.tensor([1.0]))
        tensor([2.])
    """)


Fmax, fmax = _binary(
    "FmaxBackward0", "fmax", np.fmax, inplace=False, ints="keep",
    # the gradient goes to the operand fmax returned (a on ties and where b is nan), as PyTorch's
    vjp=lambda F, a, b, r, g: (F.select((a >= b) | (b != b), g), F.select(~((a >= b) | (b != b)), g)),
    spec=binary_spec("fmax", domain="away"),
    doc="""fmax(input, other): the elementwise maximum, ignoring nan (nan only where both are nan).

    Gradient: grad goes to the operand returned (input on ties and where other is nan).

    Example::

        >>> pa.fmax(pa.tensor([1.0, float("nan")]), pa.tensor([float("nan"), 2.0]))
        tensor([1., 2.])
    """)

Fmin, fmin = _binary(
    "FminBackward0", "fmin", np.fmin, inplace=False, ints="keep",
    vjp=lambda F, a, b, r, g: (F.select((a <= b) | (b != b), g), F.select(~((a <= b) | (b != b)), g)),
    spec=binary_spec("fmin", domain="away"),
    doc="""fmin(input, other): the elementwise minimum, ignoring nan (nan only where both are nan).

    Gradient: grad goes to the operand returned (input on ties and where other is nan).

    Example::

        >>> pa.fmin(pa.tensor([1.0, float("nan")]), pa.tensor([float("nan"), 0.5]))
        tensor([1.0000, 0.5000])
    """)


# what the core's fast paths fall back to (bound by pyautograd/_bind.py)
FAST_OPS = (Add, Sub, Mul, Div, Neg)
SLOW_BINARY = {"add": _operator(add), "sub": _operator(sub), "mul": _operator(mul), "div": _operator(div)}
