"""autograd.Function: custom ops with a user-written backward."""
import gc
import warnings

import numpy as np
import pytest

import pyautograd as torch
from pyautograd.autograd import Function, once_differentiable
from pyautograd.autograd.function import FunctionCtx


def _x(*shape, requires_grad=True, seed=0):
    rng = np.random.default_rng(seed)
    return torch.tensor(rng.standard_normal(shape), requires_grad=requires_grad)


class MulConst(Function):
    @staticmethod
    def forward(ctx, x, k):
        ctx.needs = ctx.needs_input_grad
        ctx.grad_mode = torch.is_grad_enabled()
        ctx.save_for_backward(x)
        ctx.k = k
        return x * k

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * ctx.k, None


class Cube(Function):
    """x**3 with a backward written in differentiable ops (double backward works)."""
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * 3 * x ** 2


class Exp(Function):
    """Saves its own output."""
    @staticmethod
    def forward(ctx, x):
        y = x.exp()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        y, = ctx.saved_tensors
        return g * y


def test_basic_forward_backward_and_grad_fn_name():
    x = _x(3)
    y = MulConst.apply(x, 2.5)
    assert y.grad_fn.name() == "MulConstBackward"
    assert "grad_fn=<MulConstBackward>" in repr(y)
    assert isinstance(y.grad_fn, FunctionCtx)
    assert y.requires_grad and not y.is_leaf
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.full(3, 2.5))
    np.testing.assert_allclose(y.detach().numpy(), x.detach().numpy() * 2.5)


def test_forward_runs_under_no_grad_and_needs_input_grad():
    x = _x(3)
    y = MulConst.apply(x, 2.0)
    assert y.grad_fn.grad_mode is False
    assert y.grad_fn.needs == (True, False)
    assert y.grad_fn.needs_input_grad == (True, False)
    z = MulConst.apply(x.detach(), 2.0)
    assert z.grad_fn is None and not z.requires_grad
    with torch.no_grad():
        w = MulConst.apply(x, 2.0)
    assert w.grad_fn is None and not w.requires_grad


def test_graph_edges_and_chain():
    x = _x(4)
    h = x.sin()
    y = Cube.apply(h)
    assert y.grad_fn.next_functions[0][0] is h.grad_fn
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 3 * np.sin(x.detach().numpy()) ** 2 * np.cos(x.detach().numpy()))


def test_double_backward_second_derivative():
    x = _x(4)
    y = Cube.apply(x).sum()
    g, = torch.autograd.grad(y, x, create_graph=True)
    np.testing.assert_allclose(g.detach().numpy(), 3 * x.detach().numpy() ** 2)
    gg, = torch.autograd.grad(g.sum(), x)
    np.testing.assert_allclose(gg.numpy(), 6 * x.detach().numpy())


def test_double_backward_through_saved_output():
    x = _x(3)
    y = Exp.apply(x)
    g, = torch.autograd.grad(y.sum(), x, create_graph=True)
    gg, = torch.autograd.grad(g.sum(), x)
    np.testing.assert_allclose(gg.numpy(), np.exp(x.detach().numpy()))


def test_saved_output_makes_no_reference_cycle():
    gc.collect()
    gc.disable()
    try:
        x = _x(3)
        before = torch._live_nodes()
        y = Exp.apply(x)
        assert torch._live_nodes() > before
        del y
        assert torch._live_nodes() == before
    finally:
        gc.enable()


def test_inplace_change_of_saved_tensor_raises_pytorch_error():
    x = _x(3)
    a = x.clone()
    r = MulConst.apply(a, 2.0)
    a.add_(1)
    with pytest.raises(RuntimeError, match="one of the variables needed for gradient computation has been "
                                           "modified by an inplace operation"):
        r.sum().backward()
    y = Exp.apply(x)
    y.add_(1)
    with pytest.raises(RuntimeError, match=r"^one of the variables needed for gradient computation has been "
                                           r"modified by an inplace operation: \[torch\.DoubleTensor \[3\]\], which "
                                           r"is output 0 of .*, is at version 1; expected version 0 instead"):
        y.sum().backward()


def test_pytorch2_setup_context_style():
    class Scale(Function):
        @staticmethod
        def forward(x, k=3.0):
            return x * k

        @staticmethod
        def setup_context(ctx, inputs, output):
            x, k = inputs
            ctx.k = k
            ctx.save_for_backward(x, output)

        @staticmethod
        def backward(ctx, g):
            x, out = ctx.saved_tensors
            assert out.grad_fn is not None
            return g * ctx.k, None

    x = _x(3)
    y = Scale.apply(x)            # default bound
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.full(3, 3.0))
    x.grad = None
    Scale.apply(x, k=2.0).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.full(3, 2.0))


def test_kwargs_are_passed_to_forward():
    class K(Function):
        @staticmethod
        def forward(ctx, x, k=3):
            return x * k

        @staticmethod
        def backward(ctx, g):
            return g, None

    x = _x(2)
    np.testing.assert_allclose(K.apply(x, k=2).detach().numpy(), x.detach().numpy() * 2)


def test_wrong_number_of_gradients():
    class MyFunc(Function):
        @staticmethod
        def forward(ctx, x, k):
            return x * k

        @staticmethod
        def backward(ctx, g):
            return g

    x = _x(3)
    with pytest.raises(RuntimeError, match=r"^function MyFuncBackward returned an incorrect number of gradients "
                                           r"\(expected 2, got 1\)$"):
        MyFunc.apply(x, 2.0).sum().backward()

    class TooMany(Function):
        @staticmethod
        def forward(ctx, x, y):
            return x * y

        @staticmethod
        def backward(ctx, g):
            return g, g, g

    with pytest.raises(RuntimeError, match=r"expected 2, got 3"):
        TooMany.apply(x, x).sum().backward()

    class ExtraNones(Function):
        @staticmethod
        def forward(ctx, x, y):
            return x * y

        @staticmethod
        def backward(ctx, g):
            return g, g, None, None

    ExtraNones.apply(x, x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.full(3, 2.0))


def test_wrongly_shaped_gradient():
    class MyFunc(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g[:2]

    x = _x(3)
    with pytest.raises(RuntimeError, match=r"^Function MyFuncBackward returned an invalid gradient at index 0 - "
                                           r"got \[2\] but expected shape compatible with \[3\]$"):
        MyFunc.apply(x).sum().backward()


def test_gradient_for_non_tensor_input_and_non_tensor_gradient():
    class Bad(Function):
        @staticmethod
        def forward(ctx, x, k):
            return x * k

        @staticmethod
        def backward(ctx, g):
            return g * 2, g

    x = _x(3)
    with pytest.raises(RuntimeError, match="function BadBackward returned a gradient different than None at "
                                           "position 2, but the corresponding forward input was not a Variable"):
        Bad.apply(x, 2.0).sum().backward()

    class Num(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return 1.0

    with pytest.raises(RuntimeError, match=r"expected Variable or None \(got float\)"):
        Num.apply(x).sum().backward()


def test_non_tensor_outputs_get_none_and_unused_outputs_get_zeros():
    seen = {}

    class K(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2, 7, x.sum()

        @staticmethod
        def backward(ctx, g, g_int, g_sum):
            seen["g"] = (g, g_int, g_sum)
            return g * 2 + g_sum

    x = _x(3)
    a, seven, s = K.apply(x)
    assert seven == 7 and s.grad_fn is a.grad_fn
    a.sum().backward()
    g, g_int, g_sum = seen["g"]
    assert g_int is None
    assert float(g_sum) == 0.0
    np.testing.assert_allclose(x.grad.numpy(), np.full(3, 2.0))


def test_set_materialize_grads_false_passes_none():
    seen = {}

    class M(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.set_materialize_grads(False)
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, g1, g2):
            seen["g2"] = g2
            return g1 * 2 if g2 is None else g1 * 2 + g2 * 3

    x = _x(3)
    a, b = M.apply(x)
    a.sum().backward()
    assert seen["g2"] is None
    np.testing.assert_allclose(x.grad.numpy(), np.full(3, 2.0))


def test_mark_non_differentiable():
    class ND(Function):
        @staticmethod
        def forward(ctx, x):
            idx = (x > 0).long()
            y = x * 2
            flag = x * 0
            ctx.mark_non_differentiable(idx, flag)
            return y, idx, flag

        @staticmethod
        def backward(ctx, g, gi, gf):
            assert float(gf.abs().sum()) == 0.0
            return g * 2

    x = _x(3)
    y, idx, flag = ND.apply(x)
    assert y.requires_grad
    assert not idx.requires_grad and idx.grad_fn is None
    assert not flag.requires_grad and flag.grad_fn is None
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.full(3, 2.0))


def test_mark_dirty_inplace_forward():
    class Double_(Function):
        @staticmethod
        def forward(ctx, x):
            x.mul_(2)
            ctx.mark_dirty(x)
            return x

        @staticmethod
        def backward(ctx, g):
            return g * 2

    leaf = _x(3)
    a = leaf.clone()
    old_fn = a.grad_fn
    b = Double_.apply(a)
    assert b is a
    assert a.grad_fn.name() == "Double_Backward"
    assert a.grad_fn.next_functions[0][0] is old_fn
    assert a._version == 2           # as PyTorch: the in-place op and mark_dirty
    np.testing.assert_allclose(a.detach().numpy(), 2 * leaf.detach().numpy())
    (a * a).sum().backward()
    np.testing.assert_allclose(leaf.grad.numpy(), 2 * (2 * leaf.detach().numpy()) * 2)
    with pytest.raises(RuntimeError, match=r"^a leaf Variable that requires grad has been used in an in-place "
                                           r"operation\.$"):
        Double_.apply(leaf)


def test_mark_dirty_not_returned_and_not_input():
    class NotReturned(Function):
        @staticmethod
        def forward(ctx, x):
            x.mul_(2)
            ctx.mark_dirty(x)
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g

    with pytest.raises(RuntimeError, match="Some elements marked as dirty during the forward method were not "
                                           "returned as output"):
        NotReturned.apply(_x(3).clone())

    class NotInput(Function):
        @staticmethod
        def forward(ctx, x):
            y = x * 2
            ctx.mark_dirty(y)
            return y

        @staticmethod
        def backward(ctx, g):
            return g

    with pytest.warns(UserWarning, match="ctx.mark_dirty\\(\\) received a tensor that was not an input"):
        NotInput.apply(_x(3))


def test_returning_an_input_gives_an_alias():
    class Ident(Function):
        @staticmethod
        def forward(ctx, x):
            return x

        @staticmethod
        def backward(ctx, g):
            return g * 2

    x = _x(3)
    a = x.clone()
    old = a.grad_fn
    b = Ident.apply(a)
    assert b is not a and a.grad_fn is old
    assert b.grad_fn.name() == "IdentBackward"
    b.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.full(3, 2.0))


def test_intermediate_saved_tensor_has_no_history():
    seen = {}

    class S(Function):
        @staticmethod
        def forward(ctx, x):
            y = x * 2
            ctx.save_for_backward(x, y, x * 3)
            return y

        @staticmethod
        def backward(ctx, g):
            a, b, c = ctx.saved_tensors
            seen["fns"] = (a.grad_fn, b.grad_fn, c.grad_fn, c.requires_grad)
            return g * 2

    x = _x(3)
    S.apply(x).sum().backward()
    a_fn, b_fn, c_fn, c_req = seen["fns"]
    assert a_fn is None and b_fn.name() == "SBackward" and c_fn is None and not c_req


def test_save_for_backward_non_tensor():
    class S(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x, 3)
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g

    with pytest.raises(TypeError, match="save_for_backward can only save variables, but argument 1 is of type int"):
        S.apply(_x(3))


def test_saved_tensors_freed_after_backward():
    x = _x(3)
    y = Cube.apply(x)
    y.sum().backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        y.sum().backward()
    y = Cube.apply(x)
    y.sum().backward(retain_graph=True)
    y.sum().backward()


def test_once_differentiable():
    grad_modes = []

    class OD(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x.exp()

        @staticmethod
        @once_differentiable
        def backward(ctx, g):
            grad_modes.append(torch.is_grad_enabled())
            x, = ctx.saved_tensors
            return g * x.exp()

    x = _x(3)
    y = OD.apply(x)
    g, = torch.autograd.grad(y.sum(), x, create_graph=True)
    assert grad_modes == [False]
    assert g.grad_fn is None      # grad_outputs need no grad: nothing to guard
    go = torch.ones(3, dtype=torch.float64, requires_grad=True)
    g, = torch.autograd.grad(OD.apply(x), x, go, create_graph=True)
    np.testing.assert_allclose(g.detach().numpy(), np.exp(x.detach().numpy()))
    assert g.requires_grad and "grad_fn=<Error>" in repr(g)
    with pytest.raises(RuntimeError, match="^trying to differentiate twice a function that was marked with "
                                           "@once_differentiable$"):
        g.sum().backward()


def test_instantiation_and_legacy_call():
    with pytest.warns(DeprecationWarning, match="should not be instantiated"):
        f = Cube()
    with pytest.raises(RuntimeError, match="Legacy autograd function with non-static forward method is deprecated"):
        f(_x(2))


def test_multiple_tensor_inputs_some_not_requiring_grad():
    class MulAdd(Function):
        @staticmethod
        def forward(ctx, a, scale, b):
            ctx.save_for_backward(a, b)
            ctx.scale = scale
            return a * b * scale + b

        @staticmethod
        def backward(ctx, g):
            a, b = ctx.saved_tensors
            assert ctx.needs_input_grad == (True, False, False)
            return g * b * ctx.scale, None, g * a * ctx.scale + g

    a = _x(3, seed=1)
    b = _x(3, requires_grad=False, seed=2)
    MulAdd.apply(a, 2.0, b).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), 2 * b.numpy())
    assert b.grad is None


def test_function_in_gradcheck_and_torch_reference():
    torch_ref = pytest.importorskip("torch")
    x = _x(2, 3)
    y = Cube.apply(x.sin()) * 2
    g, = torch.autograd.grad(y.sum(), x, create_graph=True)
    gg, = torch.autograd.grad(g.sum(), x)

    class TCube(torch_ref.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, g):
            x, = ctx.saved_tensors
            return g * 3 * x ** 2

    tx = torch_ref.tensor(x.detach().numpy(), requires_grad=True)
    ty = TCube.apply(tx.sin()) * 2
    tg, = torch_ref.autograd.grad(ty.sum(), tx, create_graph=True)
    tgg, = torch_ref.autograd.grad(tg.sum(), tx)
    np.testing.assert_allclose(g.detach().numpy(), tg.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(gg.numpy(), tgg.numpy(), rtol=1e-12)
    assert ty.grad_fn.next_functions[0][0].name() == "T" + y.grad_fn.next_functions[0][0].name()


def test_no_warning_for_plain_use():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Cube.apply(_x(2)).sum().backward()
