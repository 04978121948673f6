"""Complex numbers: conj / conj_physical (and _cj, what rules conjugate with), real / imag views,
angle, sgn, view_as_real / view_as_complex, complex(real, imag), polar, is_complex."""
import builtins

import numpy as np

from .._core import apply_op, _make_tensor
from ._registry import expose, Op, register, linear_jvp
from ._common import _as_tensor, _check_broadcast, _SCALAR_TYPE_NAMES
from .elementwise import _float_operand, _sign_np
from .shape import _apply_view


# Complex tensors follow PyTorch's convention: the gradient of a real loss L with
# respect to z is dL/dRe(z) + i dL/dIm(z), i.e. for a holomorphic y = f(z) the rule
# is grad_z = conj(f'(z)) * grad_y. Backward rules therefore conjugate the local
# derivative; _cj is the identity (no node, no copy) for real tensors.
def _cj(t):
    return apply_op(Conj, (t,)) if t._data.dtype.kind == "c" else t


def _sgn(x):
    """sign(x) for a real tensor, x / |x| (0 at 0) for a complex one (what abs's gradient needs)."""
    return sgn(x)     # PyTorch's abs rule is grad * self.sgn() (SgnBackward0 for a real input too)


# ---------------------------------------------------------------- declarations --
class Conj(Op):
    """conj(z); pyautograd resolves conjugation at once (is_conj() is always False)."""
    name = "ConjBackward0"

    @staticmethod
    def forward(ctx, x):
        return np.conj(x._data)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        return F.conj(g)


class ConjPhysical(Conj):
    name = "ConjPhysicalBackward0"


@register
class RealView(Op):
    """z.real: a view of the real parts (PyTorch records it as a select of view_as_real)."""
    name = "SelectBackward0"
    fn = "real"
    array = staticmethod(np.real)

    @staticmethod
    def forward(ctx, x):
        return x._data.real

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        return g            # the engine makes it complex: g + 0i


@register
class ImagView(Op):
    name = "SelectBackward0"
    fn = "imag"
    array = staticmethod(np.imag)

    @staticmethod
    def forward(ctx, x):
        return x._data.imag

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        # L depends on Im(z) only: dL/dRe + i dL/dIm = i g (g real of the complex dtype's precision)
        return g * 1j


class Angle(Op):
    name = "AngleBackward0"
    elementwise = True

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        d = x._data
        if d.dtype.kind != "c":     # PyTorch: 0 for x >= 0, pi for x < 0, NaN stays NaN
            return np.where(d < 0, np.pi, np.where(np.isnan(d), d, 0)).astype(d.dtype)
        return np.angle(d)

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        x = primals[0]
        if not F.is_complex(x):
            return F.zeros_like(result)
        zero = x == 0     # d angle = Im(conj(x) t) / |x|^2 (0 at 0, as the vjp)
        a2 = F.where(zero, 1.0, F.pow(F.abs(x), 2))
        return F.select(~zero, F.imag(F.conj(x) * t) / a2)

    @staticmethod
    def vjp(F, ctx, g):
        x, = F.saved(ctx)
        if not F.is_complex(x):
            return F.select(False, g)    # zeros (recorded, a select of g: the zero has a history)
        zero = x == 0
        a2 = F.where(zero, 1.0, F.pow(F.abs(x), 2))
        return F.select(~zero, g * x / a2 * 1j)


@register
class Sgn(Op):
    """sgn(z) = z / |z| (0 at 0); sign(x) for real x."""
    name = "SgnBackward0"
    elementwise = True

    @staticmethod
    def forward(ctx, x):
        d = x._data
        ctx.save_for_backward(x)      # PyTorch saves self and the result for a real input too
        ctx.save_result = True
        return Sgn.array(d)

    fn = "sgn"

    @staticmethod
    def array(d):
        if d.dtype.kind != "c":
            return _sign_np(d)
        a = np.abs(d)
        return np.where(a == 0, 0, d / np.where(a == 0, 1, a)).astype(d.dtype, copy=False)

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        if not F.is_complex(result):
            return F.zeros_like(result)
        a = F.abs(primals[0])
        zero = a == 0
        return F.select(~zero, (t - result * result * F.conj(t)) / (2 * F.where(zero, 1.0, a)))

    @staticmethod
    def vjp(F, ctx, g):
        if not F.is_complex(g):
            return F.exact_zero(g)        # PyTorch's sgn_backward: an efficient zero tensor
        x, = F.saved(ctx)
        s = F.result(ctx)
        # Wirtinger: ds/dz = 1 / (2|z|), ds/dconj(z) = -s^2 / (2|z|);
        # grad = conj(ds/dz) g + ds/dconj(z) conj(g) = (g - s^2 conj(g)) / (2|z|)
        a = F.abs(x)
        zero = a == 0
        return F.select(~zero, (g - s * s * F.conj(g)) / (2 * F.where(zero, 1.0, a)))


@register
class ViewAsReal(Op):
    name = "ViewAsRealBackward0"
    fn = "view_as_real"

    @staticmethod
    def forward(ctx, x):
        return ViewAsReal.array(x._data)

    @staticmethod
    def array(d):
        d = np.asarray(d)       # a NumPy scalar (a 0-d gradient) has no memory to view
        r = d.real
        # [..., 2] over the same memory: the imaginary part is one real item after the real one
        return np.lib.stride_tricks.as_strided(r, d.shape + (2,), r.strides + (r.itemsize,),
                                               writeable=d.flags.writeable)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        return F.view_as_complex(g)


class ViewAsComplex(Op):
    name = "ViewAsComplexBackward0"

    @staticmethod
    def forward(ctx, x):
        return ViewAsComplex.array(x._data)

    @staticmethod
    def array(d):
        # a view, as PyTorch: the pairs (real, imaginary) of d's memory read as complex numbers
        cdt = np.complex128 if d.dtype == np.float64 else np.complex64
        if d.strides[-1] == d.itemsize:
            return d.view(cdt)[..., 0]
        return d[..., 0] + np.asarray(1j, dtype=cdt) * d[..., 1]     # a gradient's copy (rules only)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        return F.view_as_real(g)


class ComplexFromParts(Op):
    """torch.complex(real, imag)."""
    name = "ComplexBackward0"

    @staticmethod
    def forward(ctx, re, im):
        cdt = np.complex128 if re._data.dtype == np.float64 else np.complex64
        out = np.empty(np.broadcast_shapes(re._data.shape, im._data.shape), dtype=cdt)
        out.real, out.imag = re._data, im._data
        return out

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        return F.real(g), F.imag(g)


class Polar(Op):
    """torch.polar(abs, angle) = abs * exp(i angle)."""
    name = "PolarBackward0"

    @staticmethod
    def forward(ctx, r, theta):
        ctx.save_result = True
        return ComplexFromParts.forward(ctx, _make_tensor(r._data * np.cos(theta._data)),
                                        _make_tensor(r._data * np.sin(theta._data)))

    @staticmethod
    def jvp(F, ctx, primals, options, result, tr, ttheta):
        # d(r e^(i theta)) = dr e^(i theta) + i y dtheta
        r, theta = primals
        unit = apply_op(Polar, (F.constant(np.ones(F.shape(r), F.data(r).dtype)), theta))
        return tr * unit + ttheta * (result * 1j)

    @staticmethod
    def vjp(F, ctx, g):
        y = F.result(ctx)
        gc = F.conj(g)
        # PyTorch's polar_backward: Re(conj(g) sgn(y)), Re(conj(g) i y)
        return F.real(gc * F.sgn(y)), F.real(gc * (y * 1j))


# ------------------------------------------------------- public functions --
@expose
def real(input):
    """z.real: a view of the real parts of a complex tensor; a real tensor itself.

    Gradient: grad as the real part (a zero imaginary part).

    Example::

        >>> pa.real(pa.tensor([1 + 2j]))
        tensor([1.])
    """
    if input._data.dtype.kind != "c":
        return input
    return _apply_view(RealView, input)


@expose
def imag(input):
    """A view of the imaginary parts of a complex tensor (refused for real tensors, as PyTorch).

    Gradient: grad as the imaginary part of a complex gradient.

    Example::

        >>> pa.imag(pa.tensor([1 + 2j]))
        tensor([2.])
    """
    if input._data.dtype.kind != "c":
        raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")
    return _apply_view(ImagView, input)


@expose(method=True)
def conj(input):
    """The complex conjugate (a new tensor: pyautograd has no lazy conjugate bit); a real tensor is
    returned itself.

    Gradient: conj(grad).

    Example::

        >>> pa.conj(pa.tensor([1 + 2j]))
        tensor([1.-2.j])
    """
    if input._data.dtype.kind != "c":
        return input
    return apply_op(Conj, (input,))


@expose(method=True)
def conj_physical(input):
    """The complex conjugate of each element, computed now (a real tensor is returned as a copy).

    Gradient: conj(grad).

    Example::

        >>> pa.conj_physical(pa.tensor([1 + 2j]))
        tensor([1.-2.j])
    """
    if input._data.dtype.kind != "c":
        return input
    return apply_op(ConjPhysical, (input,))


@expose(method=True)
def resolve_conj(input):
    """input with a pending lazy conjugation applied; pyautograd conjugates eagerly, so input itself.

    Gradient: grad.

    Example::

        >>> pa.resolve_conj(pa.tensor([1 + 2j]))
        tensor([1.+2.j])
    """
    return input


@expose(method=True)
def resolve_neg(input):
    """input with a pending lazy negation applied; pyautograd negates eagerly, so input itself.

    Gradient: grad.

    Example::

        >>> pa.resolve_neg(pa.tensor([1.0]))
        tensor([1.])
    """
    return input


@expose(method=True)
def is_conj(input):
    """Whether input carries a lazy conjugation bit: always False (pyautograd conjugates eagerly).

    Gradient: none (the result is a Python value, not a tensor).

    Example::

        >>> pa.is_conj(pa.tensor([1 + 2j]))
        False
    """
    return False


@expose(method=True)
def is_neg(input):
    """Whether input carries a lazy negation bit: always False (pyautograd negates eagerly).

    Gradient: none (the result is a Python value, not a tensor).

    Example::

        >>> pa.is_neg(pa.tensor([1.0]))
        False
    """
    return False


@expose(method=True)
def angle(input):
    """The argument (phase) of each complex element in radians; for real input 0 or pi by the sign.

    Gradient: for complex input the rule of atan2(imag, real); zero for real input.

    Example::

        >>> pa.angle(pa.tensor([1j, -1.0 + 0j]))
        tensor([1.5708, 3.1416])
    """
    x = _as_tensor(input)
    if x._data.dtype.kind not in "fc":
        x = _float_operand(x)
    return apply_op(Angle, (x,))


@expose(method=True)
def sgn(input):
    """input / abs(input) elementwise (0 at 0): the sign of real numbers, the unit phase of complex ones.

    Gradient: zero for real input; for complex input the derivative of z / abs(z).

    Example::

        >>> pa.sgn(pa.tensor([3 + 4j]))
        tensor([0.6000+0.8000j])
    """
    x = _as_tensor(input)
    if x._data.dtype == np.bool_:
        return _make_tensor(x._data.copy())
    return apply_op(Sgn, (x,))


@expose
def view_as_real(input):
    """A view of a complex tensor as a real one with a last dim of size 2 (real, imaginary).

    Gradient: the grad read back as complex.

    Example::

        >>> pa.view_as_real(pa.tensor([1 + 2j]))
        tensor([[1., 2.]])
    """
    if input._data.dtype.kind != "c":
        raise RuntimeError("view_as_real is only supported for complex tensors")
    return _apply_view(ViewAsReal, input)


@expose
def view_as_complex(input):
    """A view of a real tensor whose last dim has size 2 as complex numbers (the inverse of view_as_real).

    Gradient: the grad read back as real pairs.

    Example::

        >>> pa.view_as_complex(pa.tensor([[1.0, 2.0]]))
        tensor([1.+2.j])
    """
    d = input._data
    if d.dtype not in (np.float32, np.float64):
        raise RuntimeError("view_as_complex is only supported for half, float and double tensors, but got a "
                           "tensor of scalar type: " + _SCALAR_TYPE_NAMES.get(d.dtype.name, d.dtype.name))
    if d.ndim == 0:
        raise RuntimeError("Input tensor must have one or more dimensions")
    if d.shape[-1] != 2:
        raise RuntimeError("Tensor must have a last dimension of size 2")
    if d.strides[-1] != d.itemsize:
        raise RuntimeError("Tensor must have a last dimension with stride 1")
    if builtins.any(st % (2 * d.itemsize) for n, st in zip(d.shape[:-1], d.strides[:-1]) if n > 1):
        raise RuntimeError("Tensor must have a stride divisible by 2 for all but last dimension")
    base = input._base._data if input._base is not None else d
    if (d.__array_interface__["data"][0] - base.__array_interface__["data"][0]) % (2 * d.itemsize):
        raise RuntimeError("Tensor must have a storage_offset divisible by 2")
    return _apply_view(ViewAsComplex, input)


@expose
def is_complex(input):
    """Whether input's dtype is complex.

    Gradient: none (the result is a Python value, not a tensor).

    Example::

        >>> pa.is_complex(pa.tensor([1j]))
        True
    """
    return input._data.dtype.kind == "c"


def _complex_parts(real_, imag_):
    for t_ in (real_, imag_):
        if t_._data.dtype not in (np.float16, np.float32, np.float64):
            raise RuntimeError("Expected both inputs to be Half, Float or Double tensors but got %s and %s"
                               % tuple(_SCALAR_TYPE_NAMES[x._data.dtype.name] for x in (real_, imag_)))
    if real_._data.dtype != imag_._data.dtype:
        raise RuntimeError("Expected object of scalar type %s but got scalar type %s for second argument"
                           % tuple(_SCALAR_TYPE_NAMES[x._data.dtype.name] for x in (real_, imag_)))
    _check_broadcast(real_._data.shape, imag_._data.shape)


@expose
def complex(real, imag):     # noqa: A001 - torch.complex (this module uses builtins.complex)
    """The complex tensor real + i * imag from two real tensors of the same float dtype.

    Gradient: the real part of grad for real, the imaginary part for imag.

    Example::

        >>> pa.complex(pa.tensor([1.0]), pa.tensor([2.0]))
        tensor([1.+2.j])
    """
    _complex_parts(real, imag)
    return apply_op(ComplexFromParts, (real, imag))


@expose
def polar(abs, angle):       # noqa: A002 - PyTorch's argument names
    """The complex tensor abs * (cos(angle) + i sin(angle)) from magnitudes and angles.

    Gradient: through abs * cos(angle) and abs * sin(angle).

    Example::

        >>> pa.polar(pa.tensor([2.0]), pa.tensor([0.0]))
        tensor([2.+0.j])
    """
    _complex_parts(abs, angle)
    return apply_op(Polar, (abs, angle))
