"""Writes through an expanded (overlapping) tensor and the layout of elementwise results, as
PyTorch 2.13.0 does (values, warnings and error texts recorded from it; runs without torch).

PyTorch refuses an in-place op whose target has repeated elements (a stride-0 dim of size > 1 in
a non-empty tensor: has_internal_overlap) except fill_(number) and zero_ (no check), index_put_ /
masked_fill_ (a deprecation warning, then written in order) and setitem by tensors or masks (which
is index_put_); a view of an expanded tensor that repeats nothing is an ordinary target.
"""
import warnings

import pytest

import pyautograd as torch

OVERLAP = ("unsupported operation: more than one element of the written-to tensor refers to a single memory "
           "location. Please clone() the tensor before performing the operation.")
W_INDEX_PUT = ("Use of index_put_ on expanded tensors is deprecated. Please clone() the tensor before performing "
               "this operation. This also applies to advanced indexing e.g. tensor[indices] = tensor")
W_MASKED_FILL = ("Use of masked_fill_ on expanded tensors is deprecated. Please clone() the tensor before performing "
                 "this operation. This also applies to advanced indexing e.g. tensor[mask] = scalar")


def _texts(w):
    # PyTorch appends where in its C++ the warning was raised
    return [str(x.message).split(" (Triggered internally")[0] for x in w if issubclass(x.category, UserWarning)]


def _expanded():
    b = torch.tensor([[1., 2.]])
    return b, b.expand(3, 2)


# (what is done to e = tensor([[1., 2.]]).expand(3, 2), torch's b afterwards or None for the
# overlap error, torch's warnings)
CASES = [
    ("fill_", lambda e: e.fill_(5), [[5.0, 5.0]], []),
    ("zero_", lambda e: e.zero_(), [[0.0, 0.0]], []),
    ("fill_ tensor", lambda e: e.fill_(torch.tensor(5.)), None, []),
    ("add_", lambda e: e.add_(1), None, []),
    ("mul_", lambda e: e.mul_(2), None, []),
    ("copy_", lambda e: e.copy_(torch.ones(3, 2)), None, []),
    ("clamp_", lambda e: e.clamp_(0, 1), None, []),
    ("exp_", lambda e: e.exp_(), None, []),
    ("relu_", lambda e: e.relu_(), None, []),
    ("uniform_", lambda e: e.uniform_(), None, []),
    ("row add_", lambda e: e[0].add_(1), [[2.0, 3.0]], []),
    ("row fill_", lambda e: e[0].fill_(1), [[1.0, 1.0]], []),
    ("column fill_", lambda e: e[:, 0].fill_(4), [[4.0, 2.0]], []),
    ("t() zero_", lambda e: e.t().zero_(), [[0.0, 0.0]], []),
    ("select mul_", lambda e: e.select(0, 1).mul_(3), [[3.0, 6.0]], []),
    ("narrow mul_", lambda e: e.narrow(0, 1, 1).mul_(3), [[3.0, 6.0]], []),
    ("unbind add_", lambda e: e.unbind(0)[1].add_(1), [[2.0, 3.0]], []),
    ("e[0] = 9", lambda e: e.__setitem__(0, 9.), [[9.0, 9.0]], []),
    ("e[0] = tensor", lambda e: e.__setitem__(0, torch.tensor([8., 9.])), [[8.0, 9.0]], []),
    ("e[:, 0] = 9", lambda e: e.__setitem__((slice(None), 0), 9.), None, []),
    ("e[...] = 9", lambda e: e.__setitem__(Ellipsis, 9.), None, []),
    ("e[True] = 9", lambda e: e.__setitem__(True, 9.), None, []),
    ("e[False] = 9", lambda e: e.__setitem__(False, 9.), [[1.0, 2.0]], []),
    ("e[0:0] = 9", lambda e: e.__setitem__(slice(0, 0), 9.), [[1.0, 2.0]], []),
    ("e[tensor(1)] = 9", lambda e: e.__setitem__(torch.tensor(1), 9.), [[9.0, 9.0]], []),
    ("e[mask] = 9", lambda e: e.__setitem__(torch.tensor([True, False, True]), 9.), [[9.0, 9.0]],
     [W_INDEX_PUT, W_MASKED_FILL]),
    ("e[mask] = tensor", lambda e: e.__setitem__(torch.tensor([True, False, True]), torch.tensor([8., 9.])),
     [[8.0, 9.0]], [W_INDEX_PUT]),
    ("e[:, mask] = 9", lambda e: e.__setitem__((slice(None), torch.tensor([True, False])), 9.), [[9.0, 2.0]],
     [W_INDEX_PUT, W_MASKED_FILL]),
    ("e[idx] = 9", lambda e: e.__setitem__(torch.tensor([0, 2]), 9.), [[9.0, 9.0]], [W_INDEX_PUT]),
    ("e[[0, 1]] = 9", lambda e: e.__setitem__([0, 1], 9.), [[9.0, 9.0]], [W_INDEX_PUT]),
    ("e[tensor(False)] = 9", lambda e: e.__setitem__(torch.tensor(False), 9.), [[1.0, 2.0]], [W_INDEX_PUT]),
    ("e[0, idx] = 9", lambda e: e.__setitem__((0, torch.tensor([1])), 9.), [[1.0, 9.0]], []),   # sliced first
    ("e[0:1, idx] = 9", lambda e: e.__setitem__((slice(0, 1), torch.tensor([1])), 9.), [[1.0, 9.0]], []),
    ("e[..., idx] = 9", lambda e: e.__setitem__((Ellipsis, torch.tensor([1])), 9.), [[1.0, 9.0]], [W_INDEX_PUT]),
    # repeated elements written in order: the last write wins
    ("e[idx] = rows", lambda e: e.__setitem__(torch.tensor([0, 2, 1]), torch.tensor([[5., 6.], [7., 8.], [3., 4.]])),
     [[3.0, 4.0]], [W_INDEX_PUT]),
    ("e[:, idx] = values", lambda e: e.__setitem__((slice(None), torch.tensor([1, 0, 1])),
                                                   torch.tensor([[5., 6., 7.], [8., 9., 10.], [11., 12., 13.]])),
     [[12.0, 13.0]], [W_INDEX_PUT]),
]


@pytest.mark.parametrize("name,fn,expected,warns", CASES, ids=[c[0] for c in CASES])
def test_writes_through_an_expanded_tensor_as_torch(name, fn, expected, warns):
    b, e = _expanded()
    v0 = b._version
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        if expected is None:
            with pytest.raises(RuntimeError) as info:
                fn(e)
            assert str(info.value) == OVERLAP
            assert b.tolist() == [[1.0, 2.0]] and b._version == v0      # nothing changed
        else:
            fn(e)
            assert b.tolist() == expected
    assert _texts(w) == warns


def test_write_versions_through_an_expanded_tensor():
    for fn, bumps in ((lambda e: e.fill_(2), 1), (lambda e: e.zero_(), 1), (lambda e: e.__setitem__(0, 9.), 1),
                      (lambda e: e.__setitem__(torch.tensor([0]), 9.), 1), (lambda e: e.__setitem__(False, 9.), 0)):
        b, e = _expanded()
        v0 = b._version
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fn(e)
        assert b._version - v0 == bumps and e._version == b._version


def test_empty_expand_is_not_overlapping():
    e = torch.zeros(1, 3).expand(0, 3)
    e.add_(1)
    assert tuple(e.shape) == (0, 3)
    x = torch.zeros(1, 3)
    x.expand(2, 3)[:, :0].add_(1)
    assert x.tolist() == [[0.0, 0.0, 0.0]]


def test_fuzz_seeds_setitem_through_an_expand_under_no_grad():
    """seeds 2354, 7380, 7392, 8998: PyTorch writes; pyautograd raised the overlap error."""
    # 2354: a 0-d float expanded, one element set by an int
    v = (torch.tensor(False) / 0.5).expand(2)
    v[-2] = torch.tensor(-1)
    assert v.tolist() == [-1.0, -1.0]
    # 7380: bool expanded, a tensor index on a dim that repeats nothing
    x = torch.tensor([[[[False, False, False]], [[True, False, True]]]])
    e = x.expand(3, -1, 1, -1)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        e[:, torch.tensor([1])] = 1.5
    assert x.tolist() == [[[[False, False, False]], [[True, True, True]]]]
    assert _texts(w) == [W_INDEX_PUT]
    # 7392: a 0-d bool expanded, set at repeated indices
    e = torch.tensor(True).expand(2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        e[torch.tensor([1, 0, 1])] = 1.5
    assert e.tolist() == [True, True]
    # 8998: a select on the repeated dim leaves a target that repeats nothing
    base = torch.arange(9.).reshape(3, 3).requires_grad_()
    y = base * 1
    e = y.expand(2, 3, 3)
    with torch.no_grad():
        e[-1, :, :3:2] = torch.tensor([[-1.], [-2.], [-3.]])
    assert y.tolist() == [[-1.0, 1.0, -1.0], [-2.0, 4.0, -2.0], [-3.0, 7.0, -3.0]]


def test_fill_of_an_expand_that_needs_a_graph_goes_through_the_base():
    # PyTorch records fill_/zero_ through an expanded view of a non-leaf with CopySlices (no overlap
    # error): the base is filled, its gradient there is 0 (recorded from torch 2.13)
    w = torch.tensor([[2.0, 3.0]], requires_grad=True)
    y = w * 1
    y.expand(3, 2).fill_(1.)
    assert y.tolist() == [[1.0, 1.0]] and type(y.grad_fn).__name__ == "CopySlices"
    z = w * 1
    e = z.expand(3, 2)
    e.zero_()
    assert z.tolist() == [[0.0, 0.0]]
    # ... but its backward copies the gradient through the repeated elements, which torch refuses
    with pytest.raises(RuntimeError, match="more than one element of the written-to tensor refers to a single"):
        (z.sum() + (w * w).sum()).backward()
    # a view of the expand that repeats nothing is an ordinary view
    q = w * 1
    q.expand(3, 2)[1].zero_()
    (q * 2).sum().backward()
    assert w.grad.tolist() == [[0.0, 0.0]]
    # a view of a leaf that requires grad: refused in PyTorch too
    x = torch.ones(1, 2, requires_grad=True)
    with pytest.raises(RuntimeError):
        x.expand(3, 2).zero_()
    with torch.no_grad():
        x.expand(3, 2).zero_()
    assert x.tolist() == [[0.0, 0.0]]


# ------------------------------------------- layout of elementwise results (class L1)
def test_fuzz_seed_3137_pow_of_an_expanded_bool_is_viewable():
    """seed 3137: NumPy's cast of the expanded bool was strided, so view(-1) refused the result."""
    v3 = torch.gt(torch.tensor([-3]), torch.tensor([[True], [False]])).expand(2, 2, -1)
    w = torch.tensor([[-4.7, -4.8], [0.36, 3.26]], dtype=torch.float64, requires_grad=True)
    r = torch.pow(v3, w)
    assert r.stride() == (4, 2, 1)
    assert r.view(-1).tolist() == [float("inf")] * 2 + [0.0] * 2 + [float("inf")] * 2 + [0.0] * 2


def test_cast_of_an_expanded_tensor_is_contiguous():
    x = torch.tensor([[1., 2.]]).t().expand(2, 3)
    assert x.stride() == (1, 0)
    y = x.to(torch.float64)
    assert y.stride() == (3, 1)
    assert y.view(-1).tolist() == [1.0, 1.0, 1.0, 2.0, 2.0, 2.0]
    assert torch.exp(torch.arange(2.).reshape(2, 1, 1).expand(2, 3, 2)).stride() == (6, 2, 1)


def test_elementwise_result_follows_a_permuted_input_as_torch():
    # TensorIterator lays the result out in the first input's memory order: a transposed result,
    # which view(-1) refuses in PyTorch too
    a = torch.arange(6.).reshape(2, 3).t()
    r = a + torch.ones(3, 2)
    assert r.stride() == (1, 3)
    with pytest.raises(RuntimeError, match="view size is not compatible with input tensor's size and stride"):
        r.view(-1)
    assert (torch.ones(3, 2) + torch.ones(3, 2)).stride() == (2, 1)


def test_elementwise_layouts_match_torch_on_random_expanded_and_permuted_inputs():
    real = pytest.importorskip("torch")
    import numpy as np
    rng = np.random.default_rng(5)

    def spec(nd):
        shape = [int(rng.integers(1, 4)) for _ in range(nd)]
        perm = [int(i) for i in rng.permutation(nd)] if nd >= 2 and rng.random() < 0.5 else None
        lead = int(rng.integers(0, 2)) if rng.random() < 0.5 else 0
        tgt = [int(rng.integers(2, 4)) if n == 1 and rng.random() < 0.7 else n for n in [1] * lead + shape]
        return shape, perm, lead, tgt

    def build(T, sp):
        shape, perm, lead, tgt = sp
        t = T.arange(float(np.prod(shape))).reshape(shape)
        if perm is not None:
            t = t.permute(*perm).contiguous().permute(*[int(i) for i in np.argsort(perm)])
        return t[(None,) * lead].expand(tgt)

    ops = [lambda T, a, b: a.to(T.float64), lambda T, a, b: T.exp(a), lambda T, a, b: a + b,
           lambda T, a, b: a * b, lambda T, a, b: T.pow(a, b), lambda T, a, b: T.clamp(a, min=1.0)]
    n = bad = 0
    for _ in range(1500):
        nd = int(rng.integers(1, 4))
        sa, sb = spec(nd), spec(nd)
        f = ops[int(rng.integers(len(ops)))]
        try:
            t = f(real, build(real, sa), build(real, sb))
        except RuntimeError:
            continue
        p = f(torch, build(torch, sa), build(torch, sb))
        n += 1
        same = tuple(p.shape) == tuple(t.shape) and all(
            x == y for x, y, m in zip(p.stride(), t.stride(), t.shape) if m > 1)
        bad += not same
    # PyTorch also orders by the strides of size-1 dims, which NumPy does not keep as PyTorch does:
    # a few permuted-and-expanded cases differ
    assert bad <= n // 200, (bad, n)


@pytest.mark.parametrize("index,values,wgrad,vgrad", [
    ((0, 1), [[2.0, 5.0]], [[1.0, 0.0]], 2.0),
    (0, [[5.0, 5.0]], [[0.0, 0.0]], 3.0),
    ("adv", [[2.0, 5.0]], None, None),
    ("mask", [[5.0, 3.0]], None, None),
])
def test_assignment_that_needs_a_graph_into_an_expanded_tensor(index, values, wgrad, vgrad):
    """Seeds 4534, 7893 (recorded from torch 2.13): a basic index is copy_ into the view e[index]
    (CopySlices on the base); tensor indices and masks are index_put_ through the repeated elements,
    whose backward torch refuses with the overlap error."""
    w = torch.tensor([[2.0, 3.0]], requires_grad=True)
    v = torch.tensor(5., requires_grad=True)
    ix = {"adv": (torch.tensor([0]), torch.tensor([1])), "mask": torch.tensor([[True, False]] * 3)}.get(index, index)
    u = w * 1
    e = u.expand(3, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        e[ix] = v
    assert u.tolist() == values and type(u.grad_fn).__name__ == "CopySlices"
    loss = (u * torch.tensor([[1., 2.]])).sum()
    if wgrad is None:
        with pytest.raises(RuntimeError, match="more than one element of the written-to tensor refers to a single"):
            loss.backward()
    else:
        loss.backward()
        assert w.grad.tolist() == wgrad and v.grad.item() == vgrad


def test_as_strided_view_that_repeats_elements_refuses_inplace_writes_as_torch():
    # x.as_strided((2, 2), (0, 1)) is writable NumPy memory whose rows are the same elements: an
    # in-place op or copy_ into it is PyTorch's overlap error and changes nothing (it used to write
    # x = [1, 1, 0] silently); fill_ and a basic index write through it as PyTorch does
    import pyautograd as pa
    x = pa.zeros(3)
    v = pa.as_strided(x, (2, 2), (0, 1))
    for write in (lambda: v.add_(1), lambda: v.copy_(pa.ones(2, 2)), lambda: v.mul_(2)):
        with pytest.raises(RuntimeError, match="more than one element of the written-to tensor refers to a single"):
            write()
        assert x.tolist() == [0.0, 0.0, 0.0]
    v.fill_(2)
    assert x.tolist() == [2.0, 2.0, 0.0]
    v[0] = 5
    assert x.tolist() == [5.0, 5.0, 0.0]
    assert pa.as_strided(pa.zeros(3), (0, 2), (0, 1)).add_(1).shape == (0, 2)   # empty: no overlap
