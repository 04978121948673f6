"""Regressions for mismatch classes the differential fuzzer found (tests/FUZZ_FINDINGS.md).

Expected values, shapes, grad_fn names and error texts were recorded from torch 2.13.0, so these
run without torch. The fuzz seed that found each class is named in the test's docstring.
"""
import pytest

import pyautograd as torch


def _name(t):
    return t.grad_fn.name()


# --------------------------------------------- split / chunk of a zero-size dimension
def test_split_of_zero_size_dim_gives_one_empty_piece():
    """seed 233: torch.zeros(4, 0).split(2, 1) is one (4, 0) tensor; pyautograd gave none."""
    x = torch.zeros(4, 0, requires_grad=True)
    out = x.split(2, 1)
    assert [tuple(t.shape) for t in out] == [(4, 0)]
    assert _name(out[0]) == "SplitBackward0"
    assert [tuple(t.shape) for t in torch.split(torch.zeros(0), 3)] == [(0,)]
    (out[0].sum() * 2).backward()
    assert tuple(x.grad.shape) == (4, 0)


def test_chunk_of_zero_size_dim_gives_chunks_empty_pieces():
    """seed 74: torch gives `chunks` empty pieces (SplitWithSizesBackward0)."""
    x = torch.zeros(4, 0, requires_grad=True)
    out = x.chunk(3, 1)
    assert [tuple(t.shape) for t in out] == [(4, 0)] * 3
    assert [_name(t) for t in out] == ["SplitWithSizesBackward0"] * 3
    assert [tuple(t.shape) for t in torch.zeros(0).chunk(2)] == [(0,), (0,)]
    # non-empty dims are unchanged
    assert [tuple(t.shape) for t in torch.zeros(5, 2).chunk(3)] == [(2, 2), (2, 2), (1, 2)]


# ---------------------------------------------------- shape arguments left out
@pytest.mark.parametrize("call,text", [
    (lambda x: x.permute(), 'permute() missing 1 required positional arguments: "dims"'),
    (lambda x: x.expand(), 'expand() missing 1 required positional arguments: "size"'),
    (lambda x: x.reshape(), 'reshape() missing 1 required positional arguments: "shape"'),
    (lambda x: x.view(), "view() received an invalid combination of arguments - got (), but expected one of:\n"
                         " * (torch.dtype dtype)\n * (tuple of ints size)\n"),
])
@pytest.mark.parametrize("shape", [(), (2,)])
def test_missing_shape_arguments_raise_torchs_type_error(call, text, shape):
    """seeds 33, 195: `x0d.permute()` / `x.expand()` were accepted (0-d) or raised RuntimeError."""
    x = torch.ones(shape, requires_grad=True) * 1.0
    with pytest.raises(TypeError) as e:
        call(x)
    assert str(e.value) == text
    # an explicit empty tuple is still fine on a 0-d tensor, as in torch
    if shape == ():
        assert x.permute(()).shape == () and x.expand(()).shape == () and x.view(()).shape == ()


# ------------------------------------------ index_put_ with a value of extra leading 1-dims
def test_index_put_drops_leading_unit_dims_of_the_value():
    """seed 340: y[:, tensor([0])] = v with v of shape (1, 1, 1, 1) into a (1, 1, 1) result."""
    y = torch.zeros(1, 4, 1)
    v = torch.full((1, 1, 1, 1), 3.0, requires_grad=True)
    z = y * 1.0
    z[:, torch.tensor([0])] = v * 2.0
    assert z.tolist() == [[[6.0], [0.0], [0.0], [0.0]]]
    assert _name(z) == "IndexPutBackward0"
    (z * torch.arange(4.0).reshape(1, 4, 1) + z).sum().backward()
    assert tuple(v.grad.shape) == (1, 1, 1, 1) and v.grad.item() == 2.0
    # a value that does not fit still raises torch's text (naming the value without its leading 1s)
    with pytest.raises(RuntimeError) as e:
        z[:, torch.tensor([0])] = torch.ones(1, 2, 1, 1)
    assert str(e.value) == ("shape mismatch: value tensor of shape [2, 1, 1] cannot be broadcast to indexing "
                            "result of shape [1, 1, 1]")
    assert z.tolist() == [[[6.0], [0.0], [0.0], [0.0]]]


# ------------------------------------------------- an advanced-index result is contiguous
def test_advanced_index_result_is_contiguous_and_viewable():
    """seed 559: NumPy's x[:, idx] can be strided; torch's index result is contiguous, so .view works."""
    x = torch.arange(24.0).reshape(2, 3, 4).requires_grad_()
    a = x[:, torch.tensor([1, 1])]
    assert a.is_contiguous() and a.stride() == (8, 4, 1)
    v = a.view(2, -1)
    assert v.shape == (2, 8)
    assert v[1].tolist() == [16.0, 17.0, 18.0, 19.0, 16.0, 17.0, 18.0, 19.0]
    v.sum().backward()
    assert x.grad[:, 1].tolist() == [[2.0] * 4, [2.0] * 4] and x.grad[:, 0].sum().item() == 0.0
    assert _name(a) == "IndexBackward0"


# -------------------------------------------- cat with legacy empty 1-D tensors
def test_cat_legacy_empty_tensors_take_part_in_promotion_and_autograd():
    """seed 617 (requires_grad) and D3 'cat' seeds 485/2990 (dtype): torch skips a (0,) tensor's
    values only; its dtype promotes the result and its requires_grad makes the result require grad."""
    a = torch.ones(2, 3, dtype=torch.int64)
    e = torch.zeros(0, requires_grad=True)
    r = torch.cat([a, e], 1)
    assert r.dtype == torch.float32 and r.requires_grad and tuple(r.shape) == (2, 3)
    assert _name(r) == "CatBackward0"
    b = torch.ones(2, 3, requires_grad=True)
    r = torch.cat([e, b, e], 1)
    (r * torch.arange(6.0).reshape(2, 3)).sum().backward()
    assert tuple(e.grad.shape) == (0,) and b.grad.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    assert torch.cat([torch.zeros(0, dtype=torch.int64), torch.zeros(0)]).dtype == torch.float32
    assert torch.cat([torch.tensor([-2.5], dtype=torch.float64), torch.zeros(0, requires_grad=True)],
                     -1).requires_grad
    x = torch.zeros(0, requires_grad=True)
    J = torch.autograd.functional.jacobian(lambda x, b: torch.cat([x, b], 1).sum(1), (x, b), vectorize=True)
    assert [tuple(j.shape) for j in J] == [(2, 0), (2, 2, 3)]


# ------------------------------------------------------- softmax of a 0-d nan / inf
@pytest.mark.parametrize("v,soft,logsoft", [(float("nan"), "nan", "nan"), (float("inf"), "nan", "nan"),
                                            (float("-inf"), "nan", "nan"), (2.0, 1.0, 0.0)])
def test_softmax_of_0d_non_finite_is_nan(v, soft, logsoft):
    """seeds 1995, 1872: torch computes exp(x - max) / sum, which is nan for a 0-d nan or inf."""
    x = torch.tensor(v, dtype=torch.float64, requires_grad=True)
    s, ls = torch.softmax(x, 0), torch.log_softmax(x, 0)
    assert str(s.item()) == str(float(soft)) and str(ls.item()) == str(float(logsoft))
    assert _name(s) == "SoftmaxBackward0" and _name(ls) == "LogSoftmaxBackward0"


def test_pow_with_a_bool_exponent_tensor_refuses_the_base_gradient_as_torch():
    # PyTorch's PowBackward1 computes exponent - 1, which a bool exponent refuses at backward time
    import pyautograd as torch
    x = torch.tensor([2.0, 3.0], requires_grad=True)
    y = x ** torch.tensor([True, False])
    assert y.tolist() == [2.0, 1.0]
    with pytest.raises(RuntimeError, match=r"Subtraction, the `-` operator, with a bool tensor is not supported"):
        y.sum().backward()
    assert x.grad is None


def test_second_backward_through_an_advanced_index_is_the_freed_graph_error():
    import pyautograd as torch
    b = torch.ones(3, requires_grad=True)
    y = b[[1, 1]]
    y.sum().backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        y.sum().backward()


def test_clamp_of_bools_by_two_bool_tensors_is_not_implemented_as_torch():
    import pyautograd as torch
    x = torch.tensor([True, False])
    with pytest.raises(NotImplementedError, match="\"clamp_cpu\" not implemented for 'Bool'"):
        torch.clamp(x, torch.tensor([False, True]), torch.tensor(True))
    assert torch.clamp(x, min=torch.tensor(False)).tolist() == [True, False]


# ------------------------------------- matmul / bmm: PyTorch's dispatch, checks and dtypes
# Seeds 2505, 2676, 2871, 3503, 6441: an empty mixed-dtype product raised "expected scalar type"
# where PyTorch's bmm returns without its kernel (an empty result, or k == 0: zeros) and so
# without its dtype check; the result has batch2's dtype. Recorded from torch 2.13.0.
@pytest.mark.parametrize("sa,da,sb,db,dtype,shape", [
    ((0, 3), "float32", (2, 3, 0), "int64", "int64", (2, 0, 0)),      # matrix @ batch: bmm path
    ((0, 3), "int64", (0, 3, 2), "bool", "bool", (0, 0, 2)),
    ((2, 0, 3), "float32", (2, 3, 0), "float64", "float64", (2, 0, 0)),
    ((2, 3, 0), "int64", (2, 0, 2), "float32", "float32", (2, 3, 2)),   # k == 0: zeros
    ((2, 3, 0), "bool", (2, 0, 2), "bool", "bool", (2, 3, 2)),          # no Bool kernel runs
])
def test_empty_mixed_dtype_batched_matmul_returns_zeros_of_the_second_dtype(sa, da, sb, db, dtype, shape):
    a = torch.zeros(sa, dtype=getattr(torch, da))
    b = torch.zeros(sb, dtype=getattr(torch, db))
    r = torch.matmul(a, b)
    assert r.dtype == getattr(torch, dtype) and tuple(r.shape) == shape
    assert not r.any()
    if len(sa) == 3:
        r = torch.bmm(a, b)
        assert r.dtype == getattr(torch, dtype) and tuple(r.shape) == shape


@pytest.mark.parametrize("sa,da,sb,db,exc,text", [
    # the folded paths (mm / mv) always check dtypes
    ((2, 3, 0), "int64", (0, 2), "float32", RuntimeError,
     "expected m1 and m2 to have the same dtype, but got: long int != float"),
    ((0,), "int64", (2, 0, 3), "float32", RuntimeError,
     "addmv input tensors must have the same dtype, but got Long, Float, and Long"),
    ((2, 0, 3), "int64", (3,), "float32", RuntimeError,
     "addmv input tensors must have the same dtype, but got Float, Long, and Float"),
    # a non-empty bmm checks a's kernel, then b's dtype
    ((2, 3, 1), "bool", (2, 1, 2), "bool", NotImplementedError, "\"bmm\" not implemented for 'Bool'"),
    ((2, 3, 4), "int64", (4,), "float32", RuntimeError,         # folds: an mv
     "addmv input tensors must have the same dtype, but got Float, Long, and Float"),
    # shape errors are those of the kernel reached
    ((2, 3, 0), "float32", (2, 3), "float32", RuntimeError, "mat1 and mat2 shapes cannot be multiplied (6x0 and 2x3)"),
    ((0,), "float32", (2, 3, 0), "float32", RuntimeError, "size mismatch, got input (0), mat (0x3), vec (0)"),
    ((0, 3, 2), "float32", (2, 3, 2), "float32", RuntimeError,
     "The size of tensor a (0) must match the size of tensor b (2) at non-singleton dimension 0"),
    ((2, 3, 0), "float32", (1, 3, 0), "float32", RuntimeError,
     "Expected size for first two dimensions of batch2 tensor to be: [2, 0] but got: [2, 3]."),
])
def test_matmul_raises_the_error_of_the_kernel_torch_reaches(sa, da, sb, db, exc, text):
    a = torch.zeros(sa, dtype=getattr(torch, da))
    b = torch.zeros(sb, dtype=getattr(torch, db))
    with pytest.raises(exc) as info:
        torch.matmul(a, b)
    assert str(info.value) == text


def test_matmul_of_a_transposed_batch_that_does_not_fold_is_bmm():
    # (2, 3, 4).mT is not foldable without a copy: PyTorch's bmm, whose dtype error differs
    with pytest.raises(RuntimeError) as info:
        torch.matmul(torch.zeros(2, 3, 4, dtype=torch.int64).mT, torch.zeros(3))
    assert str(info.value) == "expected scalar type Long but found Float"
    # ... while a row-sliced batch folds (only the batch dims must be contiguous)
    with pytest.raises(RuntimeError) as info:
        torch.matmul(torch.zeros(2, 3, 5, dtype=torch.int64)[:, :, :2], torch.zeros(2, 2))
    assert str(info.value) == "expected m1 and m2 to have the same dtype, but got: long int != float"


def test_empty_mixed_dtype_bmm_and_autograd():
    x = torch.zeros(2, 0, 3, requires_grad=True)
    with pytest.raises(RuntimeError) as info:
        torch.bmm(x, torch.zeros(2, 3, 2, dtype=torch.int64))    # the result would be int64
    assert str(info.value) == "Autograd not support dtype: Long"
    with torch.no_grad():
        assert torch.bmm(x, torch.zeros(2, 3, 2, dtype=torch.int64)).dtype == torch.int64
    b = torch.zeros(2, 3, 2, requires_grad=True)
    r = torch.bmm(torch.zeros(2, 0, 3, dtype=torch.bool), b)
    assert r.dtype == torch.float32 and tuple(r.shape) == (2, 0, 2) and _name(r) == "BmmBackward0"
    r.sum().backward()
    assert tuple(b.grad.shape) == (2, 3, 2) and not b.grad.any()
    r = torch.matmul(torch.zeros(0, 3, dtype=torch.bool), b)
    assert r.dtype == torch.float32 and _name(r) == "UnsafeViewBackward0"


@pytest.mark.parametrize("sa,ra,sb,rb,name", [
    ((2, 3), True, (2, 3, 1), False, "TransposeBackward0"),    # folded, the product is contiguous anyway
    ((2, 3), True, (2, 3, 4), False, "CloneBackward0"),        # folded: (b.mT @ a.t()).mT.contiguous()
    ((2, 3), False, (2, 3, 4), True, "UnsafeViewBackward0"),   # not folded: bmm
    ((3, 0), True, (2, 0, 3), False, "CloneBackward0"),
    ((1, 2, 3), True, (4, 3, 3), False, "CloneBackward0"),     # a's batch of 1 dropped, then folded
    ((1, 2, 3), True, (1, 3, 4), False, "UnsafeViewBackward0"),
    ((2, 2, 3), False, (1, 3, 4), True, "UnsafeViewBackward0"),
    ((1, 2, 3), True, (2, 3, 1), False, "TransposeBackward0"),
])
def test_matmul_grad_fn_follows_torchs_folding(sa, ra, sb, rb, name):
    a = torch.ones(sa, requires_grad=ra)
    b = torch.ones(sb, requires_grad=rb)
    r = a @ b
    assert _name(r) == name
    r.sum().backward()
    import numpy as np
    g = np.ones(tuple(r.shape))
    an, bn = np.ones(sa), np.ones(sb)
    for x, sx, ref in ((a, sa, g @ np.swapaxes(bn, -1, -2)), (b, sb, np.swapaxes(an, -1, -2) @ g)):
        if x.requires_grad:
            ref = ref.sum(tuple(range(ref.ndim - len(sx))))
            ref = ref.sum(tuple(i for i, n in enumerate(sx) if n == 1 and ref.shape[i] != 1), keepdims=True)
            assert x.grad.tolist() == ref.tolist()


def test_matmul_dtypes_and_errors_match_torch_on_a_shape_matrix():
    """Every pair of 13 shapes (zero-size ones too) x 4 dtypes through matmul/mm/bmm/dot/mv,
    with and without requires_grad: result dtype, shape, requires_grad, grad_fn or the error."""
    real = pytest.importorskip("torch")
    import itertools
    import warnings
    shapes = [(0,), (3,), (0, 3), (3, 0), (2, 3), (0, 0), (1, 0), (2, 0, 3), (2, 3, 0), (0, 3, 2), (1, 3, 0),
              (2, 3, 2), (3, 2)]
    dts = ["float32", "float64", "int64", "bool"]

    def run(T, f, sa, da, sb, db, ra, rb):
        a = T.zeros(sa, dtype=getattr(T, da), requires_grad=ra and da.startswith("f"))
        b = T.zeros(sb, dtype=getattr(T, db), requires_grad=rb and db.startswith("f"))
        try:
            r = getattr(T, f)(a, b)
        except Exception as e:  # noqa: BLE001 - the error type and text are compared
            return type(e).__name__, str(e).split("\n")[0]
        return str(r.dtype), tuple(r.shape), r.requires_grad, r.grad_fn.name() if r.grad_fn else None

    bad = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for f in ("matmul", "mm", "bmm", "dot", "mv"):
            for sa, sb in itertools.product(shapes, shapes):
                if f in ("mm", "bmm", "dot", "mv") and (len(sa), len(sb)) != {"mm": (2, 2), "bmm": (3, 3),
                                                                             "dot": (1, 1), "mv": (2, 1)}[f]:
                    continue
                for da, db in itertools.product(dts, dts):
                    for ra, rb in ((False, False), (True, False), (False, True)):
                        t = run(real, f, sa, da, sb, db, ra, rb)
                        p = run(torch, f, sa, da, sb, db, ra, rb)
                        if t != p:
                            bad.append((f, sa, da, sb, db, ra, rb, t, p))
    assert not bad, bad[:5]
