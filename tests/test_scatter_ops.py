"""The index writes and reads of pyautograd/ops/scatter.py (scatter, scatter_add, scatter_reduce,
index_add / index_copy / index_fill / index_select, masked_select / masked_scatter, take / put,
take_along_dim, index_put, diag_embed) against PyTorch 2.13: values and dtypes, gradients of every
differentiable input (duplicate indices, ties, zeros in prod), negative dims, the in-place forms on
views and leaves (version counters), and the error types and texts. The torch-free tests check that
a refused call changes nothing."""
import warnings

import numpy as np
import pytest

import pyautograd as pa
from recorded import _pytorchs_part


def _torch():
    return pytest.importorskip("torch")


def _run(T, case):
    """case(T) -> tensor or tuple of tensors; returns their arrays and dtypes."""
    out = case(T)
    outs = out if isinstance(out, tuple) else (out,)
    return [(o.detach().numpy().copy(), str(o.dtype).replace("torch.", "")) for o in outs]


X33 = (np.arange(9.0).reshape(3, 3) - 3.0).astype(np.float32)
IX = [[0, 1, 2], [2, 0, 0], [1, 1, 1]]


VALUE_CASES = {
    "scatter src": lambda T: T.scatter(T.tensor(X33), 0, T.tensor([[0, 1, 2], [2, 0, 1]]), T.ones(3, 3) * 7),
    "scatter value": lambda T: T.tensor(X33).scatter(1, T.tensor([[1], [0], [2]]), -2.5),
    "scatter neg dim": lambda T: T.tensor(X33).scatter(-1, T.tensor([[1], [0]]), T.ones(2, 1)),
    "scatter int": lambda T: T.tensor([[1, 2], [3, 4]]).scatter(0, T.tensor([[1, 0]]), 9),
    "scatter reduce add": lambda T: T.tensor(X33).scatter(0, T.tensor(IX), T.ones(3, 3) * 2, reduce="add"),
    "scatter reduce multiply": lambda T: T.tensor(X33).scatter(0, T.tensor(IX), T.ones(3, 3) * 2, reduce="multiply"),
    "scatter value reduce": lambda T: T.tensor(X33).scatter(0, T.tensor(IX), 3.0, reduce="multiply"),
    "scatter 0-d": lambda T: T.scatter(T.tensor(2.0), 0, T.tensor(0), T.tensor(5.0)),
    "scatter_add dup": lambda T: T.scatter_add(T.tensor(X33), 0, T.tensor(IX), T.tensor(X33 * 10)),
    "scatter_add small index": lambda T: T.tensor(X33).scatter_add(1, T.tensor([[2, 2]]), T.ones(2, 3)),
    "scatter_add int32 index": lambda T: T.tensor(X33).scatter_add(1, T.tensor([[2, 2]], dtype=T.int32), T.ones(1, 2)),
    "index_select": lambda T: T.index_select(T.tensor(X33), 1, T.tensor([2, 0, 2])),
    "index_select 0-d": lambda T: T.index_select(T.tensor(3.0), 0, T.tensor([0])),
    "index_select empty": lambda T: T.index_select(T.tensor(X33), 0, T.zeros(0, dtype=T.int64)),
    "index_add": lambda T: T.index_add(T.tensor(X33), 0, T.tensor([0, 2, 0]), T.tensor(X33), alpha=2),
    "index_add neg dim": lambda T: T.tensor(X33).index_add(-1, T.tensor([1]), T.ones(3, 1)),
    "index_add int": lambda T: T.tensor([[1, 2], [3, 4]]).index_add(0, T.tensor([1, 1]), T.tensor([[1, 1], [2, 2]])),
    "index_copy": lambda T: T.index_copy(T.tensor(X33), 1, T.tensor([2, 0]), T.ones(3, 2) * 4),
    "index_fill": lambda T: T.index_fill(T.tensor(X33), 1, T.tensor([2, -3]), -1.0),
    "index_fill tensor": lambda T: T.tensor(X33).index_fill(0, T.tensor([1]), T.tensor(8.0)),
    "masked_select": lambda T: T.masked_select(T.tensor(X33), T.tensor(X33) > 0),
    "masked_select bcast": lambda T: T.masked_select(T.tensor([1.0, 2.0, 3.0]), T.tensor([[True], [False]])),
    "masked_scatter": lambda T: T.masked_scatter(T.tensor(X33), T.tensor(X33) > 1, T.arange(10.0)),
    "masked_scatter bcast": lambda T: T.tensor(X33).masked_scatter(T.tensor([True, False, True]), -T.arange(9.0)),
    "take": lambda T: T.take(T.tensor(X33), T.tensor([[0, -1], [4, 4]])),
    "take 0-d": lambda T: T.take(T.tensor(7.0), T.tensor([0, -1])),
    "put": lambda T: T.put(T.tensor(X33), T.tensor([0, -1, 4]), T.tensor([10.0, 20.0, 30.0])),
    "put acc": lambda T: T.tensor(X33).put(T.tensor([[1, 1], [8, 1]]), T.ones(4), accumulate=True),
    "take_along_dim": lambda T: T.take_along_dim(T.tensor(X33), T.tensor([[0, 2], [1, 1], [2, 0]]), 1),
    "take_along_dim bcast": lambda T: T.take_along_dim(T.tensor(X33), T.tensor([[2, 0, 1]]), dim=0),
    "take_along_dim bcast 1": lambda T: T.take_along_dim(T.tensor(X33[:1]), T.tensor([[2], [0]]), dim=1),
    "take_along_dim flat": lambda T: T.take_along_dim(T.tensor(X33), T.tensor([[8, 0]])),
    "index_put": lambda T: T.index_put(T.tensor(X33), (T.tensor([0, 2]), T.tensor([1, -1])), T.tensor([5.0, 6.0])),
    "index_put acc dup": lambda T: T.tensor(X33).index_put((T.tensor([0, 0, 2]),), T.ones(3), accumulate=True),
    "index_put mask": lambda T: T.tensor(X33).index_put((T.tensor([True, False, True]),), T.tensor(-1.0)),
    "diag_embed": lambda T: T.diag_embed(T.tensor(X33)),
    "diag_embed offset": lambda T: T.diag_embed(T.tensor(X33[:2]), offset=1, dim1=0, dim2=-1),
    "diag_embed neg offset": lambda T: T.tensor([1.0, 2.0]).diag_embed(-2),
}
for _r in ("sum", "prod", "mean", "amax", "amin"):
    for _s in (True, False):
        VALUE_CASES["scatter_reduce %s %s" % (_r, _s)] = (
            lambda T, r=_r, s=_s: T.scatter_reduce(T.tensor(X33), 0, T.tensor(IX), T.tensor(X33.T * 2), r,
                                                   include_self=s))
        VALUE_CASES["scatter_reduce int %s %s" % (_r, _s)] = (
            lambda T, r=_r, s=_s: T.tensor([[1, 5], [3, 4]]).scatter_reduce(1, T.tensor([[0, 0], [1, 1]]),
                                                                             T.tensor([[7, -2], [3, 3]]), r,
                                                                             include_self=s))


@pytest.mark.filterwarnings("ignore:The reduce argument")
@pytest.mark.parametrize("name", sorted(VALUE_CASES))
def test_values_match_torch(name):
    torch = _torch()
    got, want = _run(pa, VALUE_CASES[name]), _run(torch, VALUE_CASES[name])
    for (g, gd), (w, wd) in zip(got, want):
        assert gd == wd, name
        assert g.shape == w.shape, name
        np.testing.assert_allclose(g, w, rtol=1e-6, err_msg=name)


def _grads(T, fn, arrays, seed=0):
    xs = [T.tensor(a, dtype=T.float64, requires_grad=True) for a in arrays]
    y = fn(T, *xs)
    w = T.tensor(np.random.default_rng(seed).standard_normal(tuple(y.shape)), dtype=T.float64)
    gs = T.autograd.grad((y * w).sum(), xs, allow_unused=True)
    return y.grad_fn.name(), [None if g is None else g.numpy() for g in gs]


SRC = np.array([[1.0, -2.0, 3.0], [3.0, 0.5, -1.0], [2.0, 2.0, 2.0]])
GRAD_CASES = {
    # amax / amin with ties between self and src and within src: the gradient is split evenly
    "amax ties": (lambda T, a, b: T.scatter_reduce(a, 0, T.tensor(IX), b, "amax"),
                  [np.array([[3.0, 2.0, 2.0], [0.0, 2.0, 0.0], [3.0, 0.0, 1.0]]), SRC]),
    "amin ties no self": (lambda T, a, b: a.scatter_reduce(0, T.tensor(IX), b, "amin", include_self=False),
                          [X33, np.array([[2.0, 2.0, 2.0], [2.0, 2.0, 2.0], [1.0, 2.0, 2.0]])]),
    # prod with zeros: the product of the other elements of each group
    "prod zeros": (lambda T, a, b: T.scatter_reduce(a, 1, T.tensor([[0, 0, 1], [1, 1, 1], [2, 2, 0]]), b, "prod"),
                   [np.array([[0.0, 2.0, 3.0], [1.0, 0.0, 5.0], [2.0, 1.0, 0.0]]),
                    np.array([[0.0, 4.0, 0.0], [3.0, 0.0, 2.0], [0.0, 0.0, 7.0]])]),
    "prod no self": (lambda T, a, b: T.scatter_reduce(a, 0, T.tensor(IX), b, "prod", include_self=False),
                     [X33 + 0.5, SRC]),
    "mean": (lambda T, a, b: T.scatter_reduce(a, 0, T.tensor(IX), b, "mean"), [X33, SRC]),
    "mean no self": (lambda T, a, b: T.scatter_reduce(a, 0, T.tensor(IX), b, "mean", include_self=False), [X33, SRC]),
    "sum no self": (lambda T, a, b: T.scatter_reduce(a, -1, T.tensor(IX), b, "sum", include_self=False), [X33, SRC]),
    "scatter dup": (lambda T, a, b: T.scatter(a, 0, T.tensor([[1, 1, 0], [1, 1, 1]]), b), [X33, SRC[:2]]),
    "scatter value": (lambda T, a: T.scatter(a, 0, T.tensor([[1, 1, 0]]), 2.0), [X33]),
    "scatter_add": (lambda T, a, b: a.scatter_add(0, T.tensor(IX), b), [X33, SRC]),
    "index_add alpha": (lambda T, a, b: T.index_add(a, 1, T.tensor([0, 0, 2]), b, alpha=-3), [X33, SRC]),
    "index_copy": (lambda T, a, b: T.index_copy(a, 0, T.tensor([2, 0]), b), [X33, SRC[:2]]),
    "index_fill tensor": (lambda T, a, v: T.index_fill(a, 1, T.tensor([0, 2, 0]), v), [X33, np.array(1.5)]),
    "index_select dup": (lambda T, a: T.index_select(a, 0, T.tensor([2, 2, 0])), [X33]),
    "masked_select": (lambda T, a: T.masked_select(a, T.tensor(X33 > -1)), [X33]),
    "masked_scatter": (lambda T, a, b: T.masked_scatter(a, T.tensor(X33 > 0), b), [X33, np.arange(12.0)]),
    "take dup": (lambda T, a: T.take(a, T.tensor([[0, 0], [8, -1]])), [X33]),
    "put": (lambda T, a, b: T.put(a, T.tensor([1, 5, 7]), b), [X33, np.ones(3)]),
    "put acc": (lambda T, a, b: T.put(a, T.tensor([1, 1, 7]), b, accumulate=True), [X33, SRC[0]]),
    "take_along_dim": (lambda T, a: T.take_along_dim(a, T.tensor([[0, 0], [2, 1], [1, 1]]), 1), [X33]),
    "take_along_dim flat": (lambda T, a: T.take_along_dim(a, T.tensor([0, 0, 4])), [X33]),
    "index_put": (lambda T, a, b: T.index_put(a, (T.tensor([0, 2]), T.tensor([1, 1])), b), [X33, SRC[0, :2]]),
    "index_put bcast": (lambda T, a, b: T.index_put(a, (T.tensor([0, 2]),), b, accumulate=True), [X33, SRC[0]]),
    "diag_embed": (lambda T, a: T.diag_embed(a, 1, 0, 2), [X33]),
}


@pytest.mark.parametrize("name", sorted(GRAD_CASES))
def test_gradients_match_torch(name):
    torch = _torch()
    fn, arrays = GRAD_CASES[name]
    gname, got = _grads(pa, fn, arrays)
    tname, want = _grads(torch, fn, arrays)
    assert gname == tname
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-10, atol=1e-12, err_msg=name)


INPLACE_CASES = {
    "scatter_": lambda T, v, b: v.scatter_(1, T.tensor([[0], [0]]), b[:, :1]),
    "scatter_ value": lambda T, v, b: v.scatter_(0, T.tensor([[1, 0]]), 4.0),
    "scatter_add_": lambda T, v, b: v.scatter_add_(0, T.tensor([[1, 1], [1, 0]]), b),
    "scatter_reduce_": lambda T, v, b: v.scatter_reduce_(0, T.tensor([[0, 0], [0, 1]]), b, "amax", include_self=False),
    "index_add_": lambda T, v, b: v.index_add_(0, T.tensor([1, 1]), b, alpha=0.5),
    "index_copy_": lambda T, v, b: v.index_copy_(1, T.tensor([1]), b[:, :1]),
    "index_fill_": lambda T, v, b: v.index_fill_(1, T.tensor([0]), -1.0),
    "masked_scatter_": lambda T, v, b: v.masked_scatter_(T.tensor([[True, False], [True, True]]), b),
    "put_": lambda T, v, b: v.put_(T.tensor([3, 3]), b[0], accumulate=True),
    "index_put_": lambda T, v, b: v.index_put_((T.tensor([0]), T.tensor([1])), b[0, 0]),
}


def _inplace_on_view(T, case):
    base = T.tensor(X33, dtype=T.float64, requires_grad=True)
    b = T.tensor(SRC[:2, :2] + 0.25, dtype=T.float64, requires_grad=True)
    y = base * 1
    v = y[1:, 1:]                    # a view of a non-leaf
    before = v._version
    out = case(T, v, b)
    assert out is v
    bumped = v._version > before and y._version == v._version
    w = T.tensor(np.arange(9.0).reshape(3, 3), dtype=T.float64)
    gs = T.autograd.grad((y * w).sum(), (base, b), allow_unused=True)
    return y.detach().numpy(), bumped, y.grad_fn.name(), [None if g is None else g.numpy() for g in gs]


@pytest.mark.parametrize("name", sorted(INPLACE_CASES))
def test_inplace_on_views_matches_torch(name):
    torch = _torch()
    got = _inplace_on_view(pa, INPLACE_CASES[name])
    want = _inplace_on_view(torch, INPLACE_CASES[name])
    np.testing.assert_allclose(got[0], want[0])
    assert got[1] and want[1]
    assert got[2] == want[2]
    for g, w in zip(got[3], want[3]):
        if w is None:
            assert g is None or not np.any(g)
        else:
            np.testing.assert_allclose(g, w, err_msg=name)


def test_inplace_on_a_leaf_is_refused_and_allowed_without_grad():
    x = pa.zeros(2, 2, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place"):
        x.index_fill_(0, pa.tensor([0]), 1.0)
    with pa.no_grad():
        x.scatter_(0, pa.tensor([[1, 0]]), 3.0)
    assert x.tolist() == [[0.0, 3.0], [3.0, 0.0]] and x._version == 1


def test_saved_input_changed_in_place_makes_backward_fail():
    x = pa.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = x * 1
    z = y.scatter_reduce(0, pa.tensor([[0, 0]]), pa.ones(1, 2), "prod")
    z2 = z.sin()            # sin saves its input: changing z in place makes its backward fail
    z.index_fill_(0, pa.tensor([0]), 0.0)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        z2.sum().backward()


def test_forward_mode_scatter_matches_torch():
    """(torch 2.13 gives no tangent for scatter_reduce "prod"; ours is checked by the op specs)"""
    torch = _torch()

    def run(T, fwAD):
        x = T.tensor(X33, dtype=T.float64)
        s = T.tensor(SRC, dtype=T.float64)
        with fwAD.dual_level():
            xd = fwAD.make_dual(x, T.ones_like(x) * 0.5)
            sd = fwAD.make_dual(s, T.tensor(SRC.T.copy(), dtype=T.float64))
            outs = [T.scatter(xd, 0, T.tensor([[1, 1, 0]]), sd), T.scatter_reduce(xd, 0, T.tensor(IX), sd, "amax"),
                    T.scatter_reduce(xd, 1, T.tensor(IX), sd, "mean", include_self=False),
                    T.index_fill(xd, 0, T.tensor([1]), sd[0, 0]), T.take(xd, T.tensor([0, 0, 5]))]
            return [fwAD.unpack_dual(o).tangent.numpy().copy() for o in outs]
    got = run(pa, pa.autograd.forward_ad)
    want = run(torch, torch.autograd.forward_ad)
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-10)


ERROR_CASES = {
    "scatter float index": lambda T: T.scatter(T.ones(3, 3), 0, T.tensor([[0.0]]), T.ones(3, 3)),
    "scatter oob": lambda T: T.scatter(T.ones(3, 3), 0, T.tensor([[3]]), T.ones(3, 3)),
    "scatter negative index": lambda T: T.ones(3, 3).scatter(0, T.tensor([[-1]]), 1.0),
    "scatter ndim": lambda T: T.scatter(T.ones(3, 3), 0, T.tensor([0]), T.ones(3, 3)),
    "scatter index too big": lambda T: T.scatter(T.ones(3, 3), 0, T.zeros(4, 1, dtype=T.int64), T.ones(3, 3)),
    "scatter src too small": lambda T: T.scatter(T.ones(3, 3), 0, T.zeros(2, 2, dtype=T.int64), T.ones(1, 1)),
    "scatter dtype": lambda T: T.scatter(T.ones(3, 3), 0, T.zeros(1, 1, dtype=T.int64), T.ones(3, 3).double()),
    "scatter reduce name": lambda T: T.ones(2).scatter(0, T.tensor([0]), T.ones(2), reduce="max"),
    "scatter dim": lambda T: T.ones(2).scatter(1, T.tensor([0]), T.ones(2)),
    "scatter_add dtype": lambda T: T.ones(2).scatter_add(0, T.tensor([0]), T.ones(2).double()),
    "scatter_reduce name": lambda T: T.ones(2).scatter_reduce(0, T.tensor([0]), T.ones(2), "maximum"),
    "index_select dtype": lambda T: T.index_select(T.ones(3, 3), 0, T.tensor([0.0])),
    "index_select oob": lambda T: T.index_select(T.ones(3, 3), 0, T.tensor([3])),
    "index_select negative": lambda T: T.index_select(T.ones(3, 3), 0, T.tensor([-1])),
    "index_select 2-d index": lambda T: T.index_select(T.ones(3, 3), 0, T.tensor([[0]])),
    "index_select scalar two": lambda T: T.index_select(T.tensor(1.0), 0, T.tensor([0, 0])),
    "index_add oob": lambda T: T.index_add(T.ones(3, 3), 0, T.tensor([3]), T.ones(1, 3)),
    "index_add count": lambda T: T.index_add(T.ones(3, 3), 0, T.tensor([0]), T.ones(2, 3)),
    "index_add dtype": lambda T: T.index_add(T.ones(3, 3), 0, T.tensor([0.0]), T.ones(1, 3)),
    "index_add shape": lambda T: T.index_add(T.ones(3, 2), 0, T.tensor([0]), T.ones(1, 3)),
    "index_add source dtype": lambda T: T.index_add(T.ones(3, 2), 0, T.tensor([0]), T.ones(1, 2).double()),
    "index_add 2-d index": lambda T: T.index_add(T.ones(3, 2), 0, T.tensor([[0]]), T.ones(1, 2)),
    "index_copy oob": lambda T: T.index_copy(T.ones(3, 3), 0, T.tensor([3]), T.ones(1, 3)),
    "index_copy count": lambda T: T.index_copy(T.ones(3, 3), 0, T.tensor([0]), T.ones(2, 3)),
    "index_copy dtype": lambda T: T.index_copy(T.ones(3, 3), 0, T.tensor([0.0]), T.ones(1, 3)),
    "index_copy slice": lambda T: T.index_copy(T.ones(3, 2), 0, T.tensor([0]), T.ones(1, 3)),
    "index_copy ndim": lambda T: T.index_copy(T.ones(3, 2), 0, T.tensor([0]), T.ones(1)),
    "index_copy source dtype": lambda T: T.index_copy(T.ones(3, 2), 0, T.tensor([0]), T.ones(1, 2).double()),
    "index_fill oob": lambda T: T.index_fill(T.ones(3, 3), 0, T.tensor([3]), 1.0),
    "index_fill dtype": lambda T: T.index_fill(T.ones(3, 3), 0, T.tensor([0.0]), 1.0),
    "index_fill value ndim": lambda T: T.index_fill(T.ones(3, 3), 0, T.tensor([0]), T.ones(2)),
    "index_fill 2-d index": lambda T: T.index_fill(T.ones(3, 2), 0, T.tensor([[0]]), 1.0),
    "take oob": lambda T: T.take(T.ones(3, 3), T.tensor([9])),
    "take dtype": lambda T: T.take(T.ones(3, 3), T.tensor([0.0])),
    "put oob": lambda T: T.put(T.ones(3, 3), T.tensor([9]), T.tensor([1.0])),
    "put count": lambda T: T.put(T.ones(3, 3), T.tensor([0, 1]), T.tensor([1.0])),
    "put dtype": lambda T: T.put(T.ones(3, 2), T.tensor([0]), T.ones(1).double()),
    "masked_select mask": lambda T: T.masked_select(T.ones(3, 3), T.ones(3, 3)),
    "masked_select shape": lambda T: T.masked_select(T.ones(3, 2), T.ones(3, 3) > 0),
    "masked_scatter mask": lambda T: T.masked_scatter(T.ones(3, 3), T.ones(3, 3), T.ones(3, 3)),
    "masked_scatter short": lambda T: T.masked_scatter(T.ones(3, 3), T.ones(3, 3) > 0, T.ones(2)),
    "masked_scatter dtype": lambda T: T.masked_scatter(T.ones(3, 2), T.ones(3, 2) > 0, T.ones(6).double()),
    "masked_scatter_ bcast": lambda T: T.ones(3).masked_scatter_(T.ones(2, 3) > 0, T.ones(6)),
    "take_along_dim dtype": lambda T: T.take_along_dim(T.ones(3, 3), T.tensor([[0.0]]), 1),
    "take_along_dim ndim": lambda T: T.take_along_dim(T.ones(3, 2), T.tensor([0]), 1),
    "take_along_dim bcast mismatch": lambda T: T.take_along_dim(T.ones(3, 3), T.tensor([[2, 0]]), dim=0),
    "take_along_dim flat oob": lambda T: T.take_along_dim(T.ones(3, 3), T.tensor([-1, 8])),
    "take_along_dim flat noncontig": lambda T: T.take_along_dim(T.ones(3, 2).t(), T.tensor([0])),
    "index_put dtype": lambda T: T.index_put(T.ones(3), (T.tensor([0]),), T.ones(1).double()),
    "index_put shape": lambda T: T.index_put(T.ones(3), (T.tensor([0]),), T.ones(2)),
    "index_put oob": lambda T: T.index_put(T.ones(3), (T.tensor([3]),), T.ones(1)),
    "diag_embed same dims": lambda T: T.diag_embed(T.ones(2, 3), dim1=1, dim2=1),
    "diag_embed 0-d": lambda T: T.diag_embed(T.tensor(1.0)),
}


def _outcome(T, case):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            case(T)
    except Exception as e:       # noqa: BLE001 - the type is compared
        return type(e).__name__, _pytorchs_part(str(e).split("\n")[0])
    return "ok", ""


@pytest.mark.parametrize("name", sorted(ERROR_CASES))
def test_errors_match_torch(name):
    torch = _torch()
    want = _outcome(torch, ERROR_CASES[name])
    assert want[0] != "ok", "torch accepts %s" % name
    assert _outcome(pa, ERROR_CASES[name]) == want


def test_legacy_scatter_reduce_has_no_derivative_as_torch():
    x = pa.ones(2, 2, requires_grad=True)
    with pytest.warns(UserWarning, match="The reduce argument of torch.scatter with Tensor src is deprecated"):
        y = pa.scatter(x, 0, pa.tensor([[0, 1]]), pa.ones(1, 2) * 2, reduce="multiply")
    assert y.tolist() == [[2.0, 1.0], [1.0, 2.0]]
    with pytest.raises(RuntimeError, match="derivative for aten::scatter is not implemented"):
        y.sum().backward()


def test_out_writes_the_result():
    o = pa.empty(0)
    r = pa.index_select(pa.arange(4.0), 0, pa.tensor([3, 1]), out=o)
    assert r is o and o.tolist() == [3.0, 1.0]
    o = pa.empty(2, 2)
    pa.scatter_add(pa.zeros(2, 2), 1, pa.tensor([[1, 1]]), pa.ones(1, 2), out=o)
    assert o.tolist() == [[0.0, 2.0], [0.0, 0.0]]


REFUSED_INPLACE = [
    lambda x: x.scatter_(0, pa.tensor([[0], [5]]), 1.0),                          # the second index is bad
    lambda x: x.scatter_add_(0, pa.tensor([[0, 1]]), pa.ones(1, 2, dtype=pa.float64)),   # dtype
    lambda x: x.scatter_reduce_(0, pa.tensor([[0, 0]]), pa.ones(1, 2), "maximum"),
    lambda x: x.index_add_(0, pa.tensor([0, 2]), pa.ones(2, 2)),
    lambda x: x.index_copy_(0, pa.tensor([0]), pa.ones(2, 2)),
    lambda x: x.index_fill_(1, pa.tensor([0, 2]), 1.0),
    lambda x: x.masked_scatter_(pa.tensor([True, True]), pa.ones(3)),
    lambda x: x.put_(pa.tensor([0, 4]), pa.ones(2)),
    lambda x: x.index_put_((pa.tensor([0, 1]),), pa.ones(3)),
    lambda x: x.index_put_((pa.tensor([0, 1]),), pa.ones(2, dtype=pa.int64)),
]


@pytest.mark.parametrize("k", range(len(REFUSED_INPLACE)))
def test_refused_inplace_changes_nothing(k):
    x = pa.tensor([[1.0, 2.0], [3.0, 4.0]])
    before = x._version
    with pytest.raises((RuntimeError, IndexError)):
        REFUSED_INPLACE[k](x)
    assert x.tolist() == [[1.0, 2.0], [3.0, 4.0]] and x._version == before


def test_values_without_torch():
    x = pa.tensor([[1.0, 2.0], [3.0, 4.0]])
    assert x.scatter_reduce(1, pa.tensor([[0, 0]]), pa.tensor([[5.0, 7.0]]), "amax",
                            include_self=False).tolist() == [[7.0, 2.0], [3.0, 4.0]]
    assert x.scatter_reduce(0, pa.tensor([[1, 1]]), pa.tensor([[5.0, 7.0]]), "mean").tolist() == \
        [[1.0, 2.0], [4.0, 5.5]]
    assert x.index_add(1, pa.tensor([1, 1]), x, alpha=2).tolist() == [[1.0, 8.0], [3.0, 18.0]]
    assert pa.take(x, pa.tensor([-1, 0])).tolist() == [4.0, 1.0]
    assert pa.diag_embed(pa.tensor([1.0, 2.0]), 1).tolist() == [[0.0, 1.0, 0.0], [0.0, 0.0, 2.0], [0.0, 0.0, 0.0]]
    g = pa.tensor([[1.0, 3.0], [3.0, 0.0]], requires_grad=True)
    g.scatter_reduce(1, pa.tensor([[0, 0]]), pa.tensor([[3.0, 3.0]]), "amax").sum().backward()
    assert g.grad.tolist() == [[0.0, 1.0], [1.0, 1.0]]       # 1 tie with src's 3s: nothing for g[0, 0]


# 0-d and zero-size inputs, other index dtypes, broadcast index tensors, scalar values cast to
# integer tensors: the same value (and dtype) or the same error as torch
EDGE_CASES = {
 "index_add 0d": lambda T: T.index_add(T.tensor(1.), 0, T.tensor([0]), T.tensor(2.)),
 "index_add 0d src1": lambda T: T.index_add(T.tensor(1.), 0, T.tensor([0]), T.tensor([2.])),
 "index_copy 0d": lambda T: T.index_copy(T.tensor(1.), 0, T.tensor([0]), T.tensor(2.)),
 "index_fill 0d": lambda T: T.index_fill(T.tensor(1.), 0, T.tensor([0]), 5.),
 "put 0d": lambda T: T.put(T.tensor(1.), T.tensor([0]), T.tensor([3.])),
 "take_along_dim 0d": lambda T: T.take_along_dim(T.tensor(1.), T.tensor(0), 0),
 "masked_scatter 0d": lambda T: T.masked_scatter(T.tensor(1.), T.tensor(True), T.tensor([4., 5.])),
 "masked_select 0d": lambda T: T.masked_select(T.tensor(1.), T.tensor(True)),
 "diag_embed empty": lambda T: T.diag_embed(T.ones(2, 0)),
 "scatter empty": lambda T: T.scatter(T.ones(0, 3), 0, T.zeros(0, 3, dtype=T.int64), T.ones(0, 3)),
 "scatter 1d 0d src": lambda T: T.scatter(T.ones(3), 0, T.tensor([1]), T.tensor(5.)),
 "scatter 0d 1d src": lambda T: T.scatter(T.tensor(1.), 0, T.tensor(0), T.tensor([5., 6.])),
 "scatter 0d idx1": lambda T: T.scatter(T.tensor(1.), 0, T.tensor([0]), T.tensor([5., 6.])),
 "scatter_reduce 0d": lambda T: T.scatter_reduce(T.tensor(1.), 0, T.tensor(0), T.tensor(5.), "prod"),
 "index_put 0d": lambda T: T.index_put(T.tensor(1.), (T.tensor(True),), T.tensor(5.)),
 "index_put empty": lambda T: T.index_put(T.ones(3), (T.zeros(0, dtype=T.int64),), T.ones(0)),
 "index_put 2 idx bcast": lambda T: T.index_put(T.zeros(3, 3), (T.tensor([[0], [1]]), T.tensor([0, 2])), T.tensor(1.)),
 "index_select int32": lambda T: T.index_select(T.arange(4), 0, T.tensor([1], dtype=T.int32)),
 "take int32": lambda T: T.take(T.arange(4), T.tensor([1], dtype=T.int32)),
 "index_fill bool": lambda T: T.index_fill(T.zeros(3, dtype=T.bool), 0, T.tensor([1]), True),
 "index_fill int float value": lambda T: T.index_fill(T.zeros(3, dtype=T.int64), 0, T.tensor([1]), 2.7),
 "scatter int float value": lambda T: T.zeros(3, dtype=T.int64).scatter(0, T.tensor([1]), 2.7),
 "scatter_reduce mean int": lambda T: T.tensor([1, 2, 3]).scatter_reduce(0, T.tensor([0, 0]), T.tensor([-4, 0]), "mean"),
 "index_fill noncontig idx": lambda T: T.index_fill(T.zeros(3, 3), 1, T.tensor([[0, 2], [1, 1]])[:, 0], 1.),
 "index_add index non-int": lambda T: T.index_add(T.zeros(3), 0, [0], T.ones(1)),
}


def _edge_outcome(T, case):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            o = case(T)
    except Exception as e:       # noqa: BLE001 - the type is compared
        return type(e).__name__, str(e).split("\n")[0]
    return "ok", o.tolist(), str(o.dtype).split(".")[-1]


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_edge_cases_match_torch(name):
    torch = _torch()
    assert _edge_outcome(pa, EDGE_CASES[name]) == _edge_outcome(torch, EDGE_CASES[name])


SAVED_INDEX_CASES = {
    "scatter": lambda T, x, i: x.scatter(0, i, 2.0),
    "scatter src": lambda T, x, i: x.scatter(0, i, x),
    "scatter_add": lambda T, x, i: x.scatter_add(0, i, x),
    "scatter_reduce": lambda T, x, i: x.scatter_reduce(0, i, x, "amax"),
    "index_add": lambda T, x, i: x.index_add(0, i[0], x),
    "index_copy": lambda T, x, i: x.index_copy(0, i[0], x),
    "index_fill": lambda T, x, i: x.index_fill(0, i[0], 1.0),
    "index_fill tensor": lambda T, x, i: x.index_fill(0, i[0], x[0, 0]),
}


@pytest.mark.parametrize("name", sorted(SAVED_INDEX_CASES))
def test_index_changed_in_place_makes_backward_fail_as_torch(name):
    torch = _torch()

    def run(T):
        x = T.ones(2, 2, requires_grad=True)
        i = T.tensor([[1, 0]])
        y = SAVED_INDEX_CASES[name](T, x, i)
        i.add_(0)
        return _outcome(T, lambda T: y.sum().backward())
    want = run(torch)
    assert want[0] == "RuntimeError" and run(pa) == want
