"""Plain (array) and recorded (tensor) rules agree for the shape, view and indexing ops where
OP_SPECS misses a case: in-place changes through views (CopySlices, AsStridedBackward0) of real
and complex tensors, inf gradients through the selects of indexing and tril, unused pieces of
split / unbind, and plain backward through these ops makes no tensor op."""
import numpy as np
import pytest

import pyautograd as T
from pyautograd import ops
from test_inplace_views import VIEWS, COMPLEX_CASES

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

# the op classes of ops/linalg.py (Matmul .. Mv), of ops/shape.py and of ops/indexing.py (View ..
# AsStridedView in the one _ops.py before the split)
REGION = {"Matmul", "Mm", "Bmm", "Dot", "Mv", "View", "UnsafeView", "Expand", "SumToSize", "Permute",
          "Transpose", "T", "Squeeze", "SqueezeDim", "SqueezeDims", "Unsqueeze", "Tril", "Triu", "Flip", "Repeat",
          "Index", "Slice", "Select", "SplitViews", "SplitWithSizesViews", "UnbindViews", "UnsqueezeIndex",
          "AliasIndex", "IndexAdvanced", "IndexPutZeros", "IndexPut", "IndexPutAdvanced",
          "IndexPutAdvancedThroughExpand", "CopySlicesView", "AsStridedView"}


def _both(f, *arrays):
    out = []
    for create_graph in (False, True):
        leaves = [T.tensor(a, requires_grad=True) for a in arrays]
        y = f(*leaves)
        gs = T.autograd.grad(y, leaves, allow_unused=True, create_graph=create_graph)
        out.append([None if g is None else g.detach().numpy() for g in gs])
    for p, r in zip(*out):
        assert (p is None) == (r is None)
        if p is not None:
            assert p.dtype == r.dtype and p.shape == r.shape
            np.testing.assert_array_equal(p, r)
    return out[0]


@pytest.mark.parametrize("name,view,npview", VIEWS, ids=[v[0] for v in VIEWS])
def test_inplace_through_a_view(name, view, npview):
    rng = np.random.default_rng(1)
    xd, cd = rng.standard_normal((2, 3, 4)), rng.standard_normal((2, 3, 4))

    def f(x, w):
        y = x * 1
        v = view(y)
        v.mul_(w)
        return (y * T.tensor(cd)).sum() + (v * v).sum()
    _both(f, xd, np.float64(3.0))


@pytest.mark.parametrize("f", [c[0] for c in COMPLEX_CASES], ids=[c[0].__name__ for c in COMPLEX_CASES])
def test_inplace_through_views_of_complex_tensors(f):
    _both(f, np.array([1 + 2j, 3j, -1 - 1j]), np.array([0.5, -2.0, 1.5]))


def test_empty_view_written_in_place():
    def f(x):
        y = x * 1
        v = y[1:1]
        v.mul_(2)
        return (v.sum() + y.sum()) * 1.0 + y[2:2].sum()
    gx, = _both(f, np.arange(4.0))
    np.testing.assert_array_equal(gx, np.ones(4))


def test_inf_gradients_through_selects():
    inf = np.array([[np.inf, 1.0, -np.inf], [2.0, np.inf, 3.0]])

    def setitem(x, v):
        y = x * 1
        y[0, 1:] = v
        return (y * T.tensor(inf)).sum()
    gx, gv = _both(setitem, np.ones((2, 3)), np.ones(2))
    assert not np.isnan(gx).any() and gx[0, 1] == 0 and gx[0, 2] == 0 and gx[0, 0] == np.inf
    np.testing.assert_array_equal(gv, [1.0, -np.inf])

    def index_mask(x):
        return (x[T.tensor([[True, False, True], [False, True, False]])] * T.tensor([np.inf, 1.0, np.inf])).sum()
    gx, = _both(index_mask, np.ones((2, 3)))
    np.testing.assert_array_equal(gx, [[np.inf, 0, 1.0], [0, np.inf, 0]])

    gx, = _both(lambda x: (T.tril(x, 0) * T.tensor(inf)).sum(), np.ones((2, 3)))
    np.testing.assert_array_equal(gx, [[np.inf, 0, 0], [2.0, np.inf, 0]])
    gx, = _both(lambda x: (x[1] * T.tensor([np.inf, 0.0, 1.0])).sum(), np.ones((2, 3)))
    np.testing.assert_array_equal(gx, [[0, 0, 0], [np.inf, 0, 1.0]])


def test_unused_pieces_of_split_and_unbind():
    gx, = _both(lambda x: x.split([1, 2], 1)[1].sum() * 2.0, np.ones((2, 3)))
    np.testing.assert_array_equal(gx, [[0, 2, 2], [0, 2, 2]])
    gx, = _both(lambda x: x.unbind(0)[2] * 3.0, np.ones(4))
    np.testing.assert_array_equal(gx, [0, 0, 3, 0])
    gx, = _both(lambda x: (x.unbind(1)[0] * x.unbind(1)[2]).sum(), np.arange(6.0).reshape(2, 3))
    np.testing.assert_array_equal(gx, [[2, 0, 0], [5, 0, 3]])


def test_products_of_complex_operands():
    rng = np.random.default_rng(2)
    a = rng.standard_normal((2, 3)) + 1j * rng.standard_normal((2, 3))
    v = rng.standard_normal(3) + 1j * rng.standard_normal(3)
    b = rng.standard_normal((3, 2)) + 1j * rng.standard_normal((3, 2))
    _both(lambda a, v: (T.mv(a, v) * T.tensor([1 + 1j, 2j])).real.sum(), a, v)
    _both(lambda a, b: T.mm(a, b).abs().sum(), a, b)
    _both(lambda x, y: T.dot(x, y).abs(), v, v[::-1].copy())


def test_plain_backward_makes_no_tensor_op(monkeypatch):
    """The rules of this region run on arrays in plain backward: no name of GRAPH is called."""
    def program(x, w, x3, z):
        y = (x @ w).t().reshape(3, 2).expand(2, 3, 2).permute(2, 0, 1)
        y = y.transpose(0, 1)[1, :, 1:].unsqueeze(0).squeeze(0).flip((0,)).repeat(2, 1)
        p = y.split(1, 0)[0] + y.unbind(0)[0].unsqueeze(0).sum(0) + T.tril(y, 0)[:, [0, 0]].sum()
        u = p * 1
        u[0, 1:] = 5.0
        u[T.tensor([0])] = u[0, 0] * 2
        u.t()[0].mul_(w[0, 0])
        q = T.matmul(x3, w) + T.bmm(x3, x3).sum() + x3.transpose(1, 2).reshape(-1)[0]
        q = q[None][...][0:1].squeeze().squeeze((0,)).sum() + T.triu(x3[0].t(), 1).sum()
        q = q + x3.split([1, 1], 1)[1].sum()
        zr = z * 1
        r = zr.real
        zr.imag.mul_(2.0)
        return (u * u).sum() + T.mv(w.t(), x[0]).sum() + T.dot(x[0], x[1]) + q + (r * r).sum() + zr.abs().sum()

    rng = np.random.default_rng(3)
    leaves = [T.tensor(rng.standard_normal(s), requires_grad=True) for s in ((2, 2), (2, 3), (2, 2, 2))]
    leaves.append(T.tensor(rng.standard_normal(3) + 1j, requires_grad=True))
    expect = T.autograd.grad(program(*leaves), leaves, create_graph=True)
    out = program(*leaves)
    seen, todo = {}, [out.grad_fn]
    while todo:
        node = todo.pop()
        if node is not None and id(node) not in seen:
            seen[id(node)] = node
            todo.extend(n for n, _ in node.next_functions)
    ops_seen = {n.op.__name__: n for n in seen.values() if n.op is not None and n.op.__name__ in REGION}
    assert all(n._array_rule for n in ops_seen.values())
    # made only inside rules (IndexPutZeros, SumToSize) or by rarer writes
    assert REGION - set(ops_seen) == {"IndexPutZeros", "SumToSize", "IndexPutAdvancedThroughExpand", "Index"}

    def refuse(*a, **k):
        raise AssertionError("a recorded op ran inside a plain-backward rule")
    for name in [n for n in vars(ops.GRAPH) if not n.startswith("_") and n != "mode"]:
        monkeypatch.setattr(ops.GRAPH, name, refuse)
    got = T.autograd.grad(out, leaves)
    for g, e in zip(got, expect):
        np.testing.assert_array_equal(g.numpy(), e.detach().numpy())
