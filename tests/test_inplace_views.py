"""In-place operations through every kind of view, as PyTorch records them (issue 8 classes
V1-V4, issue 11 item 1): the base's history gains a CopySlices node, the view's history is
regenerated from the new base (AsStridedBackward0), stale views are regenerated when used, and
PyTorch's errors for views whose in-place changes cannot be recorded (made under no_grad, by a
multi-output op, inside a custom Function).

The oracle for values and gradients is NumPy: the same view taken of a NumPy array is writable
memory, so `mask = ones; np_view(mask)[...] *= 2` says which elements the in-place change scaled.
Error texts were recorded from torch 2.13."""
import numpy as np
import pytest

import pyautograd as torch
from pyautograd.autograd import gradcheck, gradgradcheck
from pyautograd.autograd.functional import jacobian

# (name, view of a pyautograd tensor of shape (2, 3, 4), the same view of a NumPy array)
VIEWS = [
    ("view", lambda t: t.view(6, 4), lambda a: a.reshape(6, 4)),
    ("reshape", lambda t: t.reshape(3, 8), lambda a: a.reshape(3, 8)),
    ("view_as", lambda t: t.view_as(torch.zeros(4, 6)), lambda a: a.reshape(4, 6)),
    ("flatten", lambda t: t.flatten(1), lambda a: a.reshape(2, 12)),
    ("unflatten", lambda t: t.unflatten(2, (2, 2)), lambda a: a.reshape(2, 3, 2, 2)),
    ("transpose", lambda t: t.transpose(0, 2), lambda a: a.transpose(2, 1, 0)),
    ("swapaxes", lambda t: t.swapaxes(1, 2), lambda a: a.swapaxes(1, 2)),
    ("permute", lambda t: t.permute(2, 0, 1), lambda a: a.transpose(2, 0, 1)),
    ("movedim", lambda t: t.movedim(0, 2), lambda a: np.moveaxis(a, 0, 2)),
    ("mT", lambda t: t.mT, lambda a: a.swapaxes(-1, -2)),
    ("unsqueeze", lambda t: t.unsqueeze(1), lambda a: a[:, None]),
    ("squeeze", lambda t: t[:1].squeeze(0), lambda a: a[0]),
    ("select", lambda t: t.select(1, 2), lambda a: a[:, 2]),
    ("narrow", lambda t: t.narrow(2, 1, 2), lambda a: a[:, :, 1:3]),
    ("getitem", lambda t: t[1, ::2, 1:], lambda a: a[1, ::2, 1:]),
    ("expand", lambda t: t.expand(2, 3, 4), lambda a: a),
    ("t_of_select", lambda t: t[0].t(), lambda a: a[0].T),
    ("T_of_select", lambda t: t[1].T, lambda a: a[1].T),
    ("diagonal", lambda t: t.diagonal(0, 1, 2),
     lambda a: np.lib.stride_tricks.as_strided(a, (2, 3), (a.strides[0], a.strides[1] + a.strides[2]))),
    ("as_strided", lambda t: t.as_strided((3, 2), (4, 1), 2),
     lambda a: np.lib.stride_tricks.as_strided(a.reshape(-1)[2:], (3, 2), (4 * a.itemsize, a.itemsize))),
    ("chained", lambda t: t.transpose(0, 1)[1:].reshape(2, 2, 4)[:, 1].unsqueeze(0),
     lambda a: a.transpose(1, 0, 2)[1:].reshape(2, 2, 4)[:, 1][None]),
]


def _data():
    rng = np.random.default_rng(0)
    return rng.standard_normal((2, 3, 4)), rng.standard_normal((2, 3, 4))


@pytest.mark.parametrize("name,view,npview", VIEWS, ids=[v[0] for v in VIEWS])
def test_inplace_through_a_view_records_copyslices(name, view, npview):
    xd, cd = _data()
    x = torch.tensor(xd, requires_grad=True)
    y = x * 1
    v = view(y)
    assert v._base is y
    out = v.mul_(2)
    assert out is v
    scale = np.ones((2, 3, 4))
    npview(scale)[...] *= 2
    np.testing.assert_allclose(y.detach().numpy(), xd * scale)
    assert y.grad_fn.name() == "torch::autograd::CopySlices" and v.grad_fn.name() == "AsStridedBackward0"
    assert type(y.grad_fn).__name__ == "CopySlices"
    assert y._version == v._version == 1
    (y * torch.tensor(cd)).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), cd * scale)


@pytest.mark.parametrize("name,view,npview", VIEWS, ids=[v[0] for v in VIEWS])
def test_gradient_reaches_the_other_operand_and_through_the_view(name, view, npview):
    xd, cd = _data()
    x = torch.tensor(xd, requires_grad=True)
    w = torch.tensor(3.0, requires_grad=True)
    y = x * 1
    v = view(y)
    v.mul_(w)
    loss = (y * torch.tensor(cd)).sum() + (v * v).sum()
    loss.backward()
    mask = np.zeros((2, 3, 4), dtype=bool)
    npview(mask)[...] = True
    # loss = sum(c * y) + sum over the view's elements of (3 x)^2 (each element once per appearance)
    count = np.zeros((2, 3, 4))
    np.add.at(count.reshape(-1), npview(np.arange(24).reshape(2, 3, 4)).reshape(-1), 1)
    expect_x = np.where(mask, cd * 3, cd) + count * 18 * xd
    np.testing.assert_allclose(x.grad.numpy(), expect_x)
    expect_w = (cd * xd)[mask].sum() + (count * 2 * 3 * xd * xd).sum()
    np.testing.assert_allclose(w.grad.item(), expect_w)


def test_first_and_second_derivatives_through_inplace_on_views():
    def f(x, w):
        y = x * x
        v = y.transpose(0, 1)[1:]
        v.mul_(w)
        u = y.view(-1)[::2]
        u.add_(w.sum() * 2)
        return (y * y).sum() + v.sum()

    x = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)
    w = torch.randn(3, 3, dtype=torch.float64, requires_grad=True)
    assert gradcheck(f, (x, w))
    assert gradgradcheck(f, (x, w))


def test_batched_backward_through_inplace_on_views():
    def f(x):
        y = x * 2
        y.t()[1:].mul_(x.t()[1:])
        return y.reshape(-1)

    x = torch.randn(3, 2, dtype=torch.float64)
    j0 = jacobian(f, x)
    j1 = jacobian(f, x, vectorize=True)
    np.testing.assert_allclose(j0.numpy(), j1.numpy())
    assert j0.shape == (6, 3, 2)


def test_stale_views_are_regenerated_from_the_modified_base():
    x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
    y = x * 1
    v = y.t()
    u = y.unsqueeze(0).view(6)
    y.mul_(torch.tensor([[1., 2., 3.], [4., 5., 6.]]))       # y = x * c
    assert v.grad_fn.name() == "AsStridedBackward0" and v.grad_fn.next_functions[0][0] is y.grad_fn
    (v.sum() + (u * u).sum()).backward()
    c = np.array([[1., 2., 3.], [4., 5., 6.]])
    np.testing.assert_allclose(x.grad.numpy(), c + 2 * c * c * x.detach().numpy())


def test_views_of_a_tensor_an_inplace_op_made_require_grad():
    # d does not require grad; d.mul_(w) gives it a history: its existing views follow (V4)
    w = torch.tensor([1., 2., 3.], requires_grad=True)
    d = torch.ones(2, 3)
    v = d[0]
    t = d.t()
    d.mul_(w)
    assert v.requires_grad and t.requires_grad and not v.is_leaf
    (v.sum() + (t * 2).sum()).backward()
    assert w.grad.tolist() == [5., 5., 5.]


def test_second_backward_without_retain_graph_is_refused():
    x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
    y = x * 1
    y.t().add_(1)
    y.sum().backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        y.sum().backward()


def test_retain_grad_on_a_view_modified_in_place():
    x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
    y = x * 1
    v = y[0]
    v.retain_grad()
    v.mul_(3)
    (y * torch.tensor([1., 2., 3.])).sum().backward()
    assert v.grad is None           # as torch 2.13: the hook stays on the view's old history
    assert x.grad.tolist() == [[3., 6., 9.], [1., 2., 3.]]


def test_no_grad_view_of_a_tensor_that_requires_grad():
    # PyTorch: requires_grad (its base does) but no history, and no accumulator of its own
    x = torch.tensor([1., 2., 3.], requires_grad=True)
    y = x * 1
    with torch.no_grad():
        v = y[:2]
        assert not (v * 2).requires_grad
    assert v.requires_grad and v.is_leaf and v.grad_fn is None and v._is_view()
    z = v * 2
    assert z.requires_grad and z.grad_fn.next_functions == ((None, 0), (None, 0))


MULTI = ("This view is the output of a function that returns multiple views. Such functions do not allow "
         "the output views to be modified inplace. You should replace the inplace operation by an "
         "out-of-place one.")
NOGRAD = ("Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code "
          "by moving both the view and the inplace either both inside the no_grad block (if you don't want "
          "the inplace to be tracked) or both outside (if you want the inplace to be tracked).")
CUSTOM = ("This view was created inside a custom Function (or because an input was returned as-is) and the "
          "autograd logic to handle view+inplace would override the custom backward associated with the "
          "custom Function, leading to incorrect gradients. This behavior is forbidden. You can fix this by "
          "cloning the output of the custom Function.")


class _ViewFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        return a.view(-1)

    @staticmethod
    def backward(ctx, g):
        return g.view(2, 3)


class _IdentityFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        return a

    @staticmethod
    def backward(ctx, g):
        return g


def _split0(y):
    return y.split(1)[0]


def _nograd_view(y):
    with torch.no_grad():
        return y[:1]


def _view_of_nograd_view(y):
    with torch.no_grad():
        v = y[:1]
    return v[0]


def _nograd_view_of_split(y):
    with torch.no_grad():
        return y.split(1)[0]


# (case, how the view is made from y = x * 1, text for v.mul_(2), text when y.mul_(2) then v is used)
ERROR_CASES = [
    ("split", _split0, "Output 0 of Split is a view and is being modified inplace. " + MULTI,
     "Output 0 of Split is a view and its base or another view of its base has been modified inplace. " + MULTI),
    ("unbind", lambda y: y.unbind(0)[1], "Output 1 of Unbind is a view and is being modified inplace. " + MULTI,
     "Output 1 of Unbind is a view and its base or another view of its base has been modified inplace. " + MULTI),
    ("chunk", lambda y: y.chunk(2)[1], "Output 1 of Split is a view and is being modified inplace. " + MULTI,
     "Output 1 of Split is a view and its base or another view of its base has been modified inplace. " + MULTI),
    ("view_of_split", lambda y: _split0(y)[0],
     "Output 0 of Select is a view and is being modified inplace. " + MULTI,
     "Output 0 of Select is a view and its base or another view of its base has been modified inplace. " + MULTI),
    ("no_grad", _nograd_view, "A view was created in no_grad mode and is being modified inplace with grad mode "
     "enabled. " + NOGRAD, "A view was created in no_grad mode and its base or another view of its base has been "
     "modified inplace with grad mode enabled. " + NOGRAD),
    ("view_of_no_grad_view", _view_of_nograd_view,
     "Output 0 of Select is a view of a view which was created in no_grad mode and is being modified inplace "
     "with grad mode enabled. " + NOGRAD,
     "Output 0 of Select is a view of a view which was created in no_grad mode and its base or another view of "
     "its base has been modified inplace with grad mode enabled. " + NOGRAD),
    ("no_grad_split", _nograd_view_of_split,
     "A view was created in no_grad mode and is being modified inplace with grad mode enabled. " + NOGRAD,
     "A view was created in no_grad mode and its base or another view of its base has been modified inplace "
     "with grad mode enabled. " + NOGRAD),
    ("custom_function", _ViewFn.apply, "Output 0 of _ViewFn is a view and is being modified inplace. " + CUSTOM,
     "Output 0 of _ViewFn is a view and its base or another view of its base has been modified inplace. "
     + CUSTOM),
]


@pytest.mark.parametrize("case,make,direct,indirect", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_torchs_errors_for_views_whose_inplace_changes_cannot_be_recorded(case, make, direct, indirect):
    x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
    y = x * 1
    v = make(y)
    before = v.detach().clone()
    with pytest.raises(RuntimeError) as e:
        v.mul_(2)
    assert str(e.value) == direct
    assert torch.equal(v.detach(), before) and y._version == 0        # nothing written
    with torch.no_grad():
        v.mul_(1)                    # outside grad mode the change is not recorded: allowed
    y2 = x * 1
    v2 = make(y2)
    y2.mul_(2)
    with pytest.raises(RuntimeError) as e:
        v2.grad_fn
    assert str(e.value) == indirect
    with pytest.raises(RuntimeError) as e:
        v2 * 2
    assert str(e.value) == indirect
    assert v2.requires_grad          # as torch: requires_grad does not look at the history


def test_an_input_returned_as_is_by_a_custom_function_is_such_a_view():
    x = torch.tensor([1., 2.], requires_grad=True)
    y = _IdentityFn.apply(x * 1)
    with pytest.raises(RuntimeError) as e:
        y.mul_(2)
    assert str(e.value) == "Output 0 of _IdentityFn is a view and is being modified inplace. " + CUSTOM


def test_nothing_requires_grad_no_check():
    d = torch.zeros(2, 3)
    a, b = d.split(1)
    a.mul_(2)
    with torch.no_grad():
        v = d[:1]
    v.add_(1)
    assert d.tolist() == [[1., 1., 1.], [0., 0., 0.]]
    with pytest.raises(RuntimeError) as e:
        a.mul_(torch.ones(1, 3, requires_grad=True))
    # a multi-output view of a tensor without history: no grad_fn, so PyTorch's "A view was created" text
    assert str(e.value) == ("A view was created in no_grad mode and is being modified inplace with grad mode "
                            "enabled. " + MULTI)


def test_view_of_a_leaf_and_overlapping_expand_keep_their_errors():
    x = torch.ones(2, 3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad is being used in an "
                                           "in-place operation."):
        x.t().mul_(2)
    y = x * 1
    with pytest.raises(RuntimeError, match="more than one element of the written-to tensor refers to a single "
                                           "memory location"):
        y.expand(2, 2, 3).mul_(2)
    assert y._version == 0 and x._version == 0


def _cx_real_mul(z, w):
    y = z * 1
    y.real.mul_(w)
    return (y.abs() ** 2).sum()


def _cx_imag_add(z, w):
    y = z * 1
    y.imag.add_(w)
    return (y * y.conj()).real.sum() + y.abs().sum()


def _cx_view_as_real(z, w):
    y = z * 1
    torch.view_as_real(y)[:, 1].mul_(w)
    return y.abs().sum()


def _cx_stale_real(z, w):
    y = z * 1
    r = y.real
    y.mul_(2j)
    return (r * w).sum()


def _cx_chained(z, w):
    y = z * 1
    v = y[1:]
    v.real.mul_(w[1:])
    return y.abs().sum() + v.imag.sum()


def _cx_view_as_complex(z, w):
    x = torch.view_as_real(z * w).clone()
    c = torch.view_as_complex(x)
    c.mul_(1j)
    return x.sum() + (x * x).sum()


# (function of z complex (3,), w real (3,); its value, z.grad and w.grad recorded from torch 2.13)
COMPLEX_CASES = [
    (_cx_real_mul, 16.5, [0.5 + 4j, 6j, -4.5 - 2j], [1.0, 0.0, 3.0]),
    (_cx_imag_add, 14.310616, [2.3713906763541037 + 5.928476690885259j, 3j, -2.8944271909999157 + 1.4472135954999579j],
     [5.928476690885259, 3.0, 1.4472135954999579]),
    (_cx_view_as_real, 9.216989, [0.7071067811865475 + 0.35355339059327373j, 2j,
                                  -0.5547001962252291 - 1.2480754415067656j], [1.414213562373095, -3.0, 0.8320502943378437]),
    (_cx_stale_real, 13.0, [-1j, 4j, -3j], [-4.0, -6.0, 2.0]),
    (_cx_chained, 9.038844, [0.4472135954999579 + 0.8944271909999159j, 2j, -1.2480754415067656 + 0.44529980377477085j],
     [0.0, 0.0, 0.8320502943378437]),
    (_cx_view_as_complex, 0.0, None, None),
]


@pytest.mark.parametrize("f,value,zgrad,wgrad", COMPLEX_CASES[:5], ids=[c[0].__name__ for c in COMPLEX_CASES[:5]])
def test_inplace_through_views_of_complex_tensors(f, value, zgrad, wgrad):
    """.real, .imag and view_as_real views: positions in the base's real coordinates."""
    z = torch.tensor([1 + 2j, 3j, -1 - 1j], dtype=torch.complex128, requires_grad=True)
    w = torch.tensor([0.5, -2.0, 1.5], dtype=torch.float64, requires_grad=True)
    out = f(z, w)
    out.backward()
    assert abs(out.item() - value) < 1e-6
    np.testing.assert_allclose(z.grad.numpy(), zgrad, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(w.grad.numpy(), wgrad, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("f", [c[0] for c in COMPLEX_CASES], ids=[c[0].__name__ for c in COMPLEX_CASES])
def test_complex_view_inplace_gradients_by_finite_differences(f):
    z = torch.tensor([1 + 2j, 3j, -1 - 1j], dtype=torch.complex128, requires_grad=True)
    w = torch.tensor([0.5, -2.0, 1.5], dtype=torch.float64, requires_grad=True)
    assert gradcheck(f, (z, w))
    assert gradgradcheck(f, (z, w))


def test_view_as_complex_is_a_view():
    x = torch.tensor([[1., 2.], [3., 4.]])
    c = torch.view_as_complex(x)
    assert c._base is x and c.tolist() == [1 + 2j, 3 + 4j]
    c.mul_(1j)
    assert x.tolist() == [[-2., 1.], [-4., 3.]] and x._version == 1
    with pytest.raises(RuntimeError, match="Tensor must have a stride divisible by 2 for all but last dimension"):
        torch.view_as_complex(torch.zeros(3, 3)[:, :2])
    with pytest.raises(RuntimeError, match="Tensor must have a storage_offset divisible by 2"):
        torch.view_as_complex(torch.zeros(5)[1:3])


def test_a_base_stored_in_another_memory_order():
    # x.t() * 1 is a root tensor whose array is Fortran-ordered: positions come from the memory
    x = torch.ones(4, 3, requires_grad=True)
    z = x.t() * 1
    assert not z._data.flags.c_contiguous and z._base is None
    z[1:].t().mul_(3)
    c = np.arange(12.).reshape(3, 4)
    (z * torch.tensor(c)).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), (c * np.array([[1.], [3.], [3.]])).T)


def test_a_long_chain_of_views_costs_the_same_per_view():
    # a view records no per-step history: 100,000 views of views, then an in-place change
    x = torch.ones(4, 3, requires_grad=True)
    y = x * 1
    v = y
    for _ in range(100000):
        v = v.t()
    v[0].mul_(2)
    y.sum().backward()
    assert x.grad.tolist() == [[2., 2., 2.]] + [[1., 1., 1.]] * 3


def test_a_no_grad_view_is_shown_and_guarded_as_requiring_grad():
    x = torch.tensor([1., 2.], requires_grad=True)
    with torch.no_grad():
        v = x[:1]
    assert repr(v) == "tensor([1.], requires_grad=True)"
    with pytest.raises(RuntimeError, match="Can't call numpy\\(\\) on Tensor that requires grad"):
        v.numpy()
    v.retain_grad()                   # a leaf: nothing to do, as torch
    assert not v.retains_grad and v.is_leaf


def test_diagonal_and_as_strided_as_torch():
    # values and texts recorded from torch 2.13
    x = torch.arange(12.).reshape(3, 4)
    assert x.diagonal().tolist() == [0., 5., 10.] and x.diagonal(1).tolist() == [1., 6., 11.]
    assert x.diagonal(-1).tolist() == [4., 9.] and torch.diagonal(x, 0, 1, 0).tolist() == [0., 5., 10.]
    assert x.diagonal(5).shape == (0,) and x.diagonal().stride() == (5,) and x.diagonal()._base is x._base
    b = torch.arange(24.).reshape(2, 3, 4)
    assert b.diagonal(1, 2, 1).tolist() == [[4., 9.], [16., 21.]]
    with pytest.raises(RuntimeError, match="^diagonal dimensions cannot be identical 0, 0$"):
        x.diagonal(0, 0, 0)
    with pytest.raises(IndexError, match=r"^Dimension out of range \(expected to be in range of \[-2, 1\], but got 2\)$"):
        x.diagonal(0, 0, 2)
    with pytest.raises(IndexError, match=r"^Dimension out of range \(expected to be in range of \[-1, 0\], but got 1\)$"):
        torch.tensor(1.).diagonal()
    y = torch.arange(6.)
    assert torch.as_strided(y, (2, 2), (1, 2)).tolist() == [[0., 2.], [1., 3.]]
    assert y[1:].as_strided((2,), (2,)).tolist() == [1., 3.]       # the input's storage offset by default
    assert y[1:].as_strided((2,), (2,), 0).tolist() == [0., 2.]
    with pytest.raises(RuntimeError, match=r"^setStorage: sizes \[4\], strides \[2\], storage offset 0, and itemsize 4 "
                                           r"requiring a storage size of 28 are out of bounds for storage of size 24$"):
        y.as_strided((4,), (2,))
    with pytest.raises(RuntimeError, match="^Tensor: invalid storage offset -1$"):
        y.as_strided((2,), (2,), -1)
    with pytest.raises(RuntimeError, match=r"^Storage size calculation overflowed with sizes=\[2, -1\] and strides=\[1, 1\]$"):
        y.as_strided((2, -1), (1, 1))
    w = torch.tensor([1., 2., 3., 4.], requires_grad=True)
    o = w.as_strided((3, 2), (1, 1))
    o.sum().backward()
    assert w.grad.tolist() == [1., 2., 2., 1.] and type(o.grad_fn).__name__ == "AsStridedBackward0"
    w.grad = None
    m = (w * 1).reshape(2, 2)
    m.diagonal().mul_(3)
    (m * torch.tensor([[1., 2.], [3., 4.]])).sum().backward()
    assert w.grad.tolist() == [3., 2., 3., 12.] and type(m.grad_fn).__name__ == "AsStridedBackward0"


@pytest.mark.parametrize("op", ["relu_", "exp_", "sigmoid_", "tanh_"])
def test_the_result_saved_by_an_inplace_op_on_a_view_is_the_view(op):
    """Fuzzer class M3: the node of relu_/exp_ on a view saves the view itself, so a later in-place
    change of the base makes backward raise, naming the view's regenerated history (torch 2.13)."""
    x = torch.tensor([[1., -2.], [3., 4.]], requires_grad=True)
    y = x * 1
    getattr(y[0], op)()
    y.add_(1)
    with pytest.raises(RuntimeError, match=r"^one of the variables needed for gradient computation has been "
                                           r"modified by an inplace operation: \[torch.FloatTensor \[2\]\], which "
                                           r"is output 0 of AsStrided, is at version 2; expected version 1 instead"):
        y.sum().backward()


def test_second_order_through_the_saved_result_of_an_inplace_op_on_a_view():
    """Seed 19744: exp_'s saved result is the view, whose history (AsStrided) the gradient of the
    gradient follows, so d(grad)/d(view) exists (values recorded from torch 2.13)."""
    x = torch.tensor([[0.5, -1.0], [2.0, 0.3]], dtype=torch.float64, requires_grad=True)
    y = x * 1
    v = y[0]
    v.exp_()
    loss = (v * torch.tensor([1., 2.], dtype=torch.float64)).sum() + (y * y).sum()
    gx, gv = torch.autograd.grad(loss, [x, v], create_graph=True)
    hx, hv = torch.autograd.grad(gx.sum() + gv.sum(), [x, v], allow_unused=True)
    np.testing.assert_allclose(gx.detach().numpy(), [[7.085284927618219, 1.00642944881611], [4.0, 0.6]])
    np.testing.assert_allclose(hx.numpy(), [[12.52184858453631, 1.2771000152893355], [2.0, 2.0]])
    np.testing.assert_allclose(hv.numpy(), [4.297442541400256, 2.7357588823428847])
