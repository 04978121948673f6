"""autograd.gradcheck / gradgradcheck."""
import warnings

import numpy as np
import pytest

import pyautograd as torch
from pyautograd.autograd import Function, GradcheckError, gradcheck, gradgradcheck


def _x(*shape, seed=0, requires_grad=True, dtype=np.float64):
    rng = np.random.default_rng(seed)
    return torch.tensor(rng.standard_normal(shape).astype(dtype), requires_grad=requires_grad)


class Square(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a ** 2

    @staticmethod
    def backward(ctx, g):
        a, = ctx.saved_tensors
        return g * 2 * a


class WrongSquare(Function):
    """Backward says 3a instead of 2a."""
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a ** 2

    @staticmethod
    def backward(ctx, g):
        a, = ctx.saved_tensors
        return g * 3 * a


class NotMultipliedByGrad(Function):
    @staticmethod
    def forward(ctx, a):
        return a * 2

    @staticmethod
    def backward(ctx, g):
        # right for one-hot grad_outputs, but not 0 for a zero grad_output
        return g * 2 if float(g.abs().sum()) > 0 else torch.ones_like(g)


def test_exports():
    assert issubclass(GradcheckError, RuntimeError)
    assert torch.autograd.gradcheck is gradcheck and torch.autograd.gradgradcheck is gradgradcheck


@pytest.mark.parametrize("fast_mode", [False, True])
def test_correct_functions_pass(fast_mode):
    x, y = _x(3, 2), _x(2, seed=1)

    def f(a, b):
        return (a * b).sin() + a.exp(), (a @ b).tanh()

    assert gradcheck(f, (x, y), fast_mode=fast_mode) is True
    assert gradcheck(Square.apply, (x,), fast_mode=fast_mode) is True
    assert gradcheck(lambda a: a.sum() * 3, x, fast_mode=fast_mode) is True   # single tensor input
    assert gradgradcheck(f, (x, y), fast_mode=fast_mode) is True
    assert gradgradcheck(Square.apply, (x,), fast_mode=fast_mode) is True


def test_non_tensor_and_non_grad_inputs_are_passed_through():
    x = _x(3)
    c = _x(3, seed=2, requires_grad=False)
    assert gradcheck(lambda a, k, b: a * k + (a * b).cos(), (x, 2.5, c))


def test_wrong_backward_fails_with_jacobians_in_message():
    x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
    with pytest.raises(GradcheckError) as info:
        gradcheck(WrongSquare.apply, (x,))
    msg = str(info.value)
    assert msg.startswith("Jacobian mismatch for output 0 with respect to input 0,\n"
                          "numerical:tensor([[2.0000, 0.0000],")
    assert "\nanalytical:tensor([[3., 0.],\n        [0., 6.]], dtype=torch.float64)\n" in msg
    assert gradcheck(WrongSquare.apply, (x,), raise_exception=False) is False


def test_wrong_backward_fails_in_fast_mode():
    x = _x(4)
    with pytest.raises(GradcheckError, match=r"^Jacobian mismatch for output 0 with respect to input 0,\n"
                                             r"numerical:[-0-9.e]+\nanalytical:[-0-9.e]+\n") as info:
        gradcheck(WrongSquare.apply, (x,), fast_mode=True)
    assert "Below, we recompute numerical and analytical jacobians in slow mode" in str(info.value)
    assert gradcheck(WrongSquare.apply, (x,), fast_mode=True, raise_exception=False) is False


def test_mismatch_on_second_input_and_second_output():
    class Two(Function):
        @staticmethod
        def forward(ctx, a, b):
            ctx.save_for_backward(a, b)
            return a * b, a + b

        @staticmethod
        def backward(ctx, g1, g2):
            a, b = ctx.saved_tensors
            return g1 * b + g2, g1 * a + 2 * g2     # d(a+b)/db is 1, not 2

    with pytest.raises(GradcheckError, match=r"^Jacobian mismatch for output 1 with respect to input 1,"):
        gradcheck(Two.apply, (_x(3), _x(3, seed=1)))


def test_wrong_double_backward_fails_gradgradcheck():
    class BadDouble(Function):
        """First derivative right (2a) but built from a detached a: second derivative lost."""
        @staticmethod
        def forward(ctx, a):
            ctx.save_for_backward(a)
            return a ** 2

        @staticmethod
        def backward(ctx, g):
            a, = ctx.saved_tensors
            return g * 2 * a.detach()

    x = _x(3)
    assert gradcheck(BadDouble.apply, (x,))
    with pytest.raises(GradcheckError, match="Jacobian mismatch for output 0 with respect to input 0"):
        gradgradcheck(BadDouble.apply, (x,))
    assert gradgradcheck(BadDouble.apply, (x,), raise_exception=False) is False


def test_backward_not_multiplied_by_grad_output():
    x = _x(3)
    with pytest.raises(GradcheckError, match="backward not multiplied by grad_output"):
        gradcheck(NotMultipliedByGrad.apply, (x,))


def test_float32_input_warns_like_pytorch():
    x = _x(3, dtype=np.float32)
    with pytest.warns(UserWarning, match=r"^Input #0 requires gradient and is not a double precision floating point "
                                         r"or complex\. This check will likely fail if all the inputs are not of "
                                         r"double precision floating point or complex\. $"):
        gradcheck(lambda a: a * 2, (x,), eps=1e-3, atol=1e-2, raise_exception=False)


def test_no_input_requires_grad():
    with pytest.raises(ValueError, match=r"^gradcheck expects at least one input tensor to require gradient, but "
                                         r"none of them have requires_grad=True\.$"):
        gradcheck(lambda a: a * 2, (_x(3, requires_grad=False),))


def test_stride_zero_input_rejected():
    x = _x(1).expand(3)
    x = x.detach().requires_grad_(True)
    if all(s != 0 for s in x._data.strides):
        pytest.skip("expand made a copy")
    with pytest.raises(RuntimeError, match="The 0th input has a dimension with stride 0"):
        gradcheck(lambda a: a * 2, (x,))


def test_outputs_not_requiring_grad_must_be_constant():
    x = _x(3)
    assert gradcheck(lambda a: torch.ones(3, dtype=torch.float64), (x,))
    with pytest.raises(GradcheckError, match="Numerical gradient for function expected to be zero"):
        gradcheck(lambda a: a.detach() * 2, (x,))


def test_inputs_left_unchanged():
    x = _x(2, 3)
    before = x.detach().numpy().copy()
    gradcheck(lambda a: a.sin(), (x,))
    np.testing.assert_array_equal(x.detach().numpy(), before)
    assert x.grad is None


def test_check_batched_grad():
    x, y = _x(3, 2), _x(2, seed=1)
    assert gradcheck(lambda a, b: (a * b).exp(), (x, y), check_batched_grad=True)


def test_against_torch_messages():
    T = pytest.importorskip("torch")
    x = np.array([1.0, 2.0])

    class TWrong(T.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            ctx.save_for_backward(a)
            return a ** 2

        @staticmethod
        def backward(ctx, g):
            a, = ctx.saved_tensors
            return g * 3 * a

    with pytest.raises(RuntimeError) as tinfo:
        T.autograd.gradcheck(TWrong.apply, (T.tensor(x, requires_grad=True),))
    with pytest.raises(GradcheckError) as pinfo:
        gradcheck(WrongSquare.apply, (torch.tensor(x, requires_grad=True),))
    assert str(pinfo.value) == str(tinfo.value)
    with warnings.catch_warnings(record=True) as tw:
        warnings.simplefilter("always")
        T.autograd.gradcheck(lambda a: a * 2, (T.ones(2, requires_grad=True),), raise_exception=False)
    with warnings.catch_warnings(record=True) as pw:
        warnings.simplefilter("always")
        gradcheck(lambda a: a * 2, (torch.ones(2, requires_grad=True),), raise_exception=False)
    assert [str(w.message) for w in pw] == [str(w.message) for w in tw]


def test_gradgradcheck_fwd_over_rev_checks_forward_mode_through_the_backward():
    # as torch's: the tangents of the backward computation against finite differences. Cube's backward
    # is Deriv, whose backward is right and whose jvp is wrong (5 x g where 6 x g): only
    # fwd-over-rev can see it (it used to pass vacuously: the check ran the function under no_grad,
    # where the backward gave no outputs to compare)
    import pyautograd as pa

    def make(wrong_jvp):
        class Deriv(Function):
            @staticmethod
            def forward(ctx, x, g):
                ctx.save_for_backward(x, g)
                ctx.save_for_forward(x, g)
                return 3 * x * x * g

            @staticmethod
            def backward(ctx, gg):
                x, g = ctx.saved_tensors
                return gg * 6 * x * g, gg * 3 * x * x

            @staticmethod
            def jvp(ctx, tx, tg):
                x, g = ctx.saved_tensors
                return (5.0 if wrong_jvp else 6.0) * x * g * tx + 3 * x * x * tg

        class Cube(Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x)
                ctx.save_for_forward(x)
                return x ** 3

            @staticmethod
            def jvp(ctx, tx):
                x, = ctx.saved_tensors
                return 3 * x * x * tx

            @staticmethod
            def backward(ctx, g):
                x, = ctx.saved_tensors
                return Deriv.apply(x, g)
        return Cube.apply

    x = pa.tensor([0.5, 1.2], dtype=pa.float64, requires_grad=True)
    fwd = dict(check_fwd_over_rev=True, check_rev_over_rev=False, check_undefined_grad=False)
    assert gradgradcheck(make(False), (x,), **fwd)
    assert gradgradcheck(make(True), (x,))                          # reverse over reverse: right
    assert not gradgradcheck(make(True), (x,), raise_exception=False, **fwd)
    with pytest.raises(GradcheckError, match="Jacobian computed with forward mode mismatch"):
        gradgradcheck(make(True), (x,), **fwd)
    for f in (pa.sin, lambda t: pa.tanh(t) * t, lambda t: t.softmax(0), lambda t: pa.linalg.norm(t)):
        assert gradgradcheck(f, (x,), check_fwd_over_rev=True)
