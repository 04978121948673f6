"""Regressions for mismatch classes the differential fuzzer found (tests/FUZZ_FINDINGS.md).

Expected values, shapes, grad_fn names and error texts were recorded from torch 2.13.0, so these
run without torch. The fuzz seed that found each class is named in the test's docstring.
"""
import numpy as np
import pytest

import pyautograd as torch
from recorded import _pytorchs_part


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


# ======================================== gradient rules (helper h-grads: 9208, G2, G3, M2, ...)
def test_clamp_by_two_tensor_bounds_where_min_equals_max_gives_min_no_gradient():
    """seed 9208 (silently wrong .grad): where min >= max the result is max, so min's gradient
    is zero even where min == max (PyTorch: self < min and min < max)."""
    x = torch.tensor([0., 3., 1., 5., 1., 2., 3.], requires_grad=True)
    lo = torch.tensor([2., 2., 2., 2., 3., 2., float("inf")], requires_grad=True)
    hi = torch.tensor([2., 2., 2., 2., 1., float("nan"), float("inf")], requires_grad=True)
    torch.clamp(x, lo, hi).sum().backward()
    assert x.grad.tolist() == [0.] * 7
    assert lo.grad.tolist() == [0.] * 7
    assert hi.grad.tolist() == [0., 1., 0., 1., 1., 0., 0.]
    # one tensor bound: the plain rule (min = +inf still takes the gradient)
    x.grad = lo.grad = hi.grad = None
    torch.clamp(x, min=lo).sum().backward()
    assert x.grad.tolist() == [0., 1., 0., 1., 0., 1., 0.] and lo.grad.tolist() == [1., 0., 1., 0., 1., 0., 1.]
    x2 = x.detach().clone().requires_grad_()
    lo.grad = None
    x2.clone().clamp_(min=lo).sum().backward()
    assert x2.grad.tolist() == [0., 1., 0., 1., 0., 1., 0.] and lo.grad.tolist() == [1., 0., 1., 0., 1., 0., 1.]
    x2.grad = lo.grad = hi.grad = None
    x2.clone().clamp_(lo, hi).sum().backward()
    assert lo.grad.tolist() == [0.] * 7 and hi.grad.tolist() == [0., 1., 0., 1., 1., 0., 0.]


@pytest.mark.parametrize("dim", [None, 0])
def test_prod_gradient_with_create_graph_depends_on_the_input_as_torch(dim):
    """seeds 7533, 8346, 8369, 3045, 7194: PyTorch's prod rule is grad * result / input, so with
    create_graph the gradient of the prod of one element requires grad (pyautograd's was a constant)."""
    x = torch.tensor([5.0], dtype=torch.float64, requires_grad=True)
    y = x.prod() if dim is None else x.prod(dim)
    g, = torch.autograd.grad(y * 1.5, [x], create_graph=True)
    assert g.tolist() == [1.5] and g.requires_grad
    h, = torch.autograd.grad(g.sum(), [x])
    assert abs(h.item()) < 1e-15
    # values with zeros and non-finite elements (torch 2.13)
    inf, nan = float("inf"), float("nan")
    for v, want in [([2., 3., 4.], [18., 12., 9.]), ([0., 3., 4.], [18., 0., 0.]), ([inf, 2., 3.], [nan, inf, inf]),
                    ([nan, 1., 2.], [nan, nan, nan]), ([0., 0., inf], [nan, nan, 0.])]:
        x = torch.tensor(v, dtype=torch.float64, requires_grad=True)
        y = x.prod() if dim is None else x.prod(dim)
        g, = torch.autograd.grad(y * 1.5, [x], create_graph=True)
        assert str(g.tolist()) == str(want) and g.requires_grad
    x = torch.tensor([0., 0., inf], dtype=torch.float64, requires_grad=True)
    assert torch.autograd.grad(x.prod(), [x])[0].tolist() == [0., 0., 0.]   # no grad mode: zeros
    # seed 10782: one zero element along dim is prod_safe_zeros_backward's shortcut, g itself
    x = torch.tensor([0.], dtype=torch.float64, requires_grad=True)
    y = x.prod() if dim is None else x.prod(dim, keepdim=True)
    g, = torch.autograd.grad(y.sum() * 2, [x], create_graph=True)
    assert g.tolist() == [2.] and not g.requires_grad


@pytest.mark.parametrize("fn", ["softmax", "log_softmax"])
def test_softmax_of_0d_gradient_uses_the_result_as_torch(fn):
    """seed 5080: the gradient of a 0-d softmax is result * (g - g * result), which requires grad
    with create_graph and is nan for an infinite incoming gradient (pyautograd gave g * 0.0)."""
    f = getattr(torch, fn)
    x = torch.tensor(0.9, dtype=torch.float64, requires_grad=True)
    g, = torch.autograd.grad(f(x, 0) * 3, [x], create_graph=True)
    assert g.item() == 0.0 and g.requires_grad
    g, = torch.autograd.grad(f(x, -1), [x], torch.tensor(float("inf"), dtype=torch.float64))
    assert str(g.item()) == "nan"


# (PyTorch's text: pyautograd's closing "It was last changed by ..." is checked in tests/test_errors.py)
_VERSION_ERR = ("one of the variables needed for gradient computation has been modified by an inplace operation: "
                "[%s]%s is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the "
                "operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, "
                "check_nan=False).")


def test_mul_by_an_int_tensor_saves_the_int_tensor_as_torch():
    """class M2 (seed 260): PyTorch promotes inside the kernel and saves the Long operand itself;
    pyautograd saved its float copy, so changing the Long tensor in place went unnoticed."""
    x = torch.tensor([1., 2.], requires_grad=True)
    i = torch.tensor([[3], [4]])
    y = x * i
    i.add_(1)
    with pytest.raises(RuntimeError) as e:
        y.sum().backward()
    assert _pytorchs_part(str(e.value)) == _VERSION_ERR % ("torch.LongTensor [2, 1]", "")
    assert x.grad is None
    # a float64 operand of a float32 product: the error names it and its grad_fn
    x = torch.tensor([1., 2.], requires_grad=True)
    w = torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True)
    z = w * 2
    y = x * z
    with torch.no_grad():
        z.add_(1)
    with pytest.raises(RuntimeError) as e:
        y.sum().backward()
    assert _pytorchs_part(str(e.value)) == _VERSION_ERR % ("torch.DoubleTensor [2]", ", which is output 0 of Mul,")


def test_where_masked_fill_and_max_indices_are_saved_as_torch():
    """class M2 (seeds 368, 1764): WhereBackward0 / MaskedFillBackward0 save the condition and
    MaxBackward0 the indices; changing them in place makes backward fail (CPUBoolType is
    PyTorch's name of a bool tensor there)."""
    for make in (lambda x, m: torch.where(m, x, 0.), lambda x, m: x.masked_fill(m, 2.0)):
        x = torch.ones(3, requires_grad=True)
        m = torch.tensor([True, False, True])
        y = make(x, m) * 1
        m.zero_()
        with pytest.raises(RuntimeError) as e:
            y.sum().backward()
        assert _pytorchs_part(str(e.value)) == _VERSION_ERR % ("CPUBoolType [3]", "")
    x = torch.tensor([1., 3., 2.], requires_grad=True)
    r = x.clone().max(0)
    r.indices.add_(1)
    with pytest.raises(RuntimeError) as e:
        r.values.backward()
    assert _pytorchs_part(str(e.value)) == _VERSION_ERR % ("torch.LongTensor []", "")
    r = x.min(0)
    r.values.backward()
    assert x.grad.tolist() == [1., 0., 0.]


def test_hook_changing_the_type_names_bool_and_complex_as_torch():
    x = torch.ones(2, requires_grad=True)
    x.register_hook(lambda g: g.bool())
    with pytest.raises(RuntimeError, match=r"^hook '<lambda>' has changed the type of value \(was torch.FloatTensor "
                                           r"got CPUBoolType\)$"):
        (x * 2).sum().backward()


@pytest.mark.parametrize("sa,sb,tra,gb,mod,err", [
    ((3,), (2, 3, 3), False, True, "b", False),      # seed 5009: b folded through a transposed copy
    ((3, 2), (2, 2, 2), False, True, "b", False),    # seed 6426: matrix @ batch, same
    ((2, 1, 1, 1, 1), (2, 1, 1), False, True, "b", False),   # seed 8443: bmm of expanded copies
    ((3, 1, 3, 2), (2, 2, 1), False, True, "b", False),      # seed 9907
    ((2, 3, 3), (3,), False, True, "a", True),       # a contiguous batch folds into a view: checked
    ((2, 3, 3), (3,), True, True, "a", False),       # ... a transposed one is copied
    ((2, 2, 3), (1, 3, 2), True, True, "a", False),  # the batch of 1 is squeezed, a is folded (copy)
    ((2, 2, 3), (2, 3, 2), False, True, "a", True),  # bmm of the operands themselves
])
def test_matmul_saves_copies_where_torch_does(sa, sb, tra, gb, mod, err):
    """seeds 5009, 6426, 8443, 9907: PyTorch's matmul of a >= 3-D operand saves a reshaped copy of
    an operand when the fold / batch reshape cannot be a view, so changing that operand in place
    afterwards is not an error (and the gradients use the old values)."""
    import numpy as np
    va = np.arange(1., 1 + np.prod(sa)).reshape(sa)
    vb = np.arange(1., 1 + np.prod(sb)).reshape(sb) / 10

    def product():
        A = torch.tensor(np.swapaxes(va, -1, -2).copy() if tra else va, dtype=torch.float64, requires_grad=True)
        b = torch.tensor(vb, dtype=torch.float64, requires_grad=gb)
        return A, b, (A.transpose(-1, -2) if tra else A) @ b

    A0, b0, y0 = product()
    y0.sum().backward()
    A, b, y = product()
    with torch.no_grad():
        (A if mod == "a" else b).mul_(2)
    if err:
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            y.sum().backward()
        return
    y.sum().backward()
    assert A.grad.tolist() == A0.grad.tolist() and b.grad.tolist() == b0.grad.tolist()


def test_a_node_checks_all_its_saved_tensors_before_its_rule_runs():
    """class M2 (seeds 3801, 2594): PyTorch's CumprodBackward0 unpacks the saved result even for a
    0-d input whose gradient does not use it, so changing the result in place fails backward."""
    x = torch.tensor(1.9, dtype=torch.float64, requires_grad=True)
    c = torch.tanh(x).cumprod(0)
    c.mul_(2.0)
    with pytest.raises(RuntimeError) as e:
        torch.autograd.grad(c, [x])
    assert _pytorchs_part(str(e.value)) == _VERSION_ERR % ("torch.DoubleTensor []", ", which is output 0 of Cumprod,")

    # a custom Function checks its saved tensors only when backward reads them (as PyTorch)
    class Twice(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            ctx.save_for_backward(a)
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

    a = torch.ones(2, requires_grad=True)
    b = a * 1
    y = Twice.apply(b)
    with torch.no_grad():
        b.add_(1)
    y.sum().backward()
    assert a.grad.tolist() == [2., 2.]


def _vals(t):
    return [str(v) for v in (t.tolist() if t.dim() else [t.item()])]


def test_relu_passes_the_gradient_where_its_result_is_nan():
    """seed 62: PyTorch's threshold_backward zeroes the gradient only where the result is <= 0."""
    x = torch.tensor([float("nan"), -1., 2.], requires_grad=True)
    g, = torch.autograd.grad(torch.relu(x).sum(), [x])
    assert g.tolist() == [1., 0., 1.]


def test_norm_second_derivative_at_a_zero_norm_is_nan_as_torch():
    """seed 157: norm_backward is g * (x / norm).masked_fill_(norm == 0, 0): its derivative at a
    zero norm is 0 / 0."""
    x = torch.tensor([[1., 2.], [0., 0.]], dtype=torch.float64, requires_grad=True)
    g, = torch.autograd.grad(x.norm(dim=-1).sum(), [x], create_graph=True)
    h, = torch.autograd.grad(g.sum(), [x])
    assert g.tolist() == [[0.4472135954999579, 0.8944271909999159], [0., 0.]]
    assert _vals(h[1]) == ["nan", "nan"] and abs(h[0, 0].item() - 0.1788854381999832) < 1e-15
    x = torch.tensor([float("nan"), 1.], dtype=torch.float64, requires_grad=True)
    assert torch.autograd.grad(x.norm(p=float("inf")), [x])[0].tolist() == [0., 0.]   # sign(nan) is 0
    assert torch.sign(torch.tensor([float("nan"), -2., 0.])).tolist() == [0., -1., 0.]


def test_div_and_pow_rules_use_torchs_formulas():
    """seeds 756, 3763: d(a/b)/db is -g * (a / b) / b (its derivative at b = 0 is inf, not nan);
    pow's b - 1 is computed in the exponent's dtype (float32: 1e-9 - 1 == -1)."""
    b = torch.tensor([2., 0.], dtype=torch.float64, requires_grad=True)
    g, = torch.autograd.grad((torch.ones(2, dtype=torch.float64) / b).sum(), [b], create_graph=True)
    h, = torch.autograd.grad(g.sum(), [b])
    assert _vals(g) == ["-0.25", "-inf"] and _vals(h) == ["0.25", "inf"]
    x = torch.tensor([-1.5], dtype=torch.float64, requires_grad=True)
    g, = torch.autograd.grad(torch.pow(x, torch.tensor([1e-9], dtype=torch.float32)).sum(), [x])
    assert abs(g.item() + 6.666666478120457e-10) < 1e-22


def test_cumprod_backward_paths_as_torch():
    """seeds 907, 1559, 2594: one element along dim gives g itself (no graph); zeros use PyTorch's
    mask formula, and with create_graph its O(n^2) formula (second derivative included)."""
    x = torch.tensor([0.7], dtype=torch.float64, requires_grad=True)
    g, = torch.autograd.grad(x.cumprod(0).sum() * 2, [x], create_graph=True)
    assert g.tolist() == [2.] and not g.requires_grad
    x = torch.tensor([2., 0., 3., 0., 5.], dtype=torch.float64, requires_grad=True)
    w = torch.tensor([1., 2., 3., 4., 5.], dtype=torch.float64)
    g1, = torch.autograd.grad((x.cumprod(0) * w).sum(), [x])
    g2, = torch.autograd.grad((x.cumprod(0) * w).sum(), [x], create_graph=True)
    h, = torch.autograd.grad(g2.sum(), [x])
    assert g1.tolist() == g2.tolist() == [1., 22., 0., 0., 0.]
    assert h.tolist() == [11., 191., 6., 174., 0.]


def test_var_std_backward_where_degrees_of_freedom_are_not_positive():
    """seed 707: over all elements with n <= correction PyTorch's gradient is g times a constant
    (inf, nan where x equals its mean): no graph; over a dim it is 2 / (n - correction) * ...."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        x = torch.tensor([1.1], dtype=torch.float64, requires_grad=True)
        g, = torch.autograd.grad(x.var() * 0.5, [x], create_graph=True)
        assert _vals(g) == ["nan"] and not g.requires_grad
        x = torch.tensor([1., 3.], dtype=torch.float64, requires_grad=True)
        g, = torch.autograd.grad(x.var(correction=2) * 0.5, [x], create_graph=True)
        assert _vals(g) == ["inf", "inf"] and not g.requires_grad
        x = torch.tensor([[1., 3.]], dtype=torch.float64, requires_grad=True)
        g, = torch.autograd.grad(x.var(0).sum(), [x], create_graph=True)
        assert _vals(g[0]) == ["nan", "nan"] and g.requires_grad
    x = torch.tensor([[1., 3.], [2., 2.]], dtype=torch.float64, requires_grad=True)
    g, = torch.autograd.grad(x.std(1).sum(), [x], create_graph=True)
    h, = torch.autograd.grad(g.sum(), [x])
    assert g.tolist() == [[-0.7071067811865475, 0.7071067811865475], [0., 0.]] and h.tolist() == [[0., 0.], [0., 0.]]


def test_cat_gives_a_legacy_empty_input_new_zeros():
    """seed 149: PyTorch's cat backward gives a (0,) input at::zeros({0}): no graph."""
    e = torch.zeros(0, dtype=torch.float64, requires_grad=True)
    w = torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True)
    s = torch.log_softmax(torch.cat([w, e]), 0)
    ge, gw = torch.autograd.grad(s[torch.tensor([False, False])].sum(), [e, w], create_graph=True)
    assert not ge.requires_grad and tuple(ge.shape) == (0,) and gw.requires_grad


@pytest.mark.parametrize("index,name,whole", [((), "CopyBackwards", True), (Ellipsis, "CopyBackwards", True),
                                              (slice(None), "CopyBackwards", True),
                                              (slice(0, 5), "CopyBackwards", True),
                                              ((slice(None), Ellipsis), "CopyBackwards", True),
                                              (slice(-2, None), "CopySlices", False), (0, "CopySlices", False)])
def test_setitem_of_the_whole_tensor_is_copy_as_torch(index, name, whole):
    """seed 309: x[...] = v, x[:] = v, x[()] = v are x.copy_(v) in PyTorch (no view), whose gradient
    for x's old value is new zeros; a real view's CopySlices gives g with the slice zeroed (a graph)."""
    w = torch.ones(2, 2, requires_grad=True)
    x = w * 1
    v = torch.ones(2, requires_grad=True)
    x[index] = v
    assert type(x.grad_fn).__name__ == name
    gw, gv = torch.autograd.grad((x * x).sum(), [w, v], create_graph=True)
    assert gw.requires_grad is not whole
    x = w * 1
    x[index] = torch.tensor(3., requires_grad=True)
    assert type(x.grad_fn).__name__ == ("FillBackward3" if whole else "CopySlices")


def test_gather_and_sgn_save_what_torch_saves():
    """GatherBackward0 saves self and the index tensor, SgnBackward0 self and the result (a real
    input too): changing them in place makes backward fail, as in PyTorch."""
    for change in ("x", "index"):
        w = torch.ones(2, 3, requires_grad=True)
        x = w * 1
        i = torch.tensor([[0, 1, 0]])
        y = x.gather(0, i)
        with torch.no_grad():
            (x.add_(1) if change == "x" else i.zero_())
        with pytest.raises(RuntimeError) as e:
            y.sum().backward()
        assert _pytorchs_part(str(e.value)) == _VERSION_ERR % (("torch.FloatTensor [2, 3]", ", which is output 0 of Mul,")
                                               if change == "x" else ("torch.LongTensor [1, 3]", ""))
    w = torch.tensor([1., -2.], requires_grad=True)
    s = w.sgn()
    z = s * 1
    with torch.no_grad():
        s.add_(1)
    with pytest.raises(RuntimeError) as e:
        z.sum().backward()
    assert _pytorchs_part(str(e.value)) == _VERSION_ERR % ("torch.FloatTensor [2]", ", which is output 0 of Sgn,")


@pytest.mark.parametrize("make", [lambda b: b[0], lambda b: b.unsqueeze(0), lambda b: b[:, :1], lambda b: b.t()])
def test_a_saved_view_whose_base_changed_is_named_as_strided_as_torch(make):
    """PyTorch regenerates a view's grad_fn (AsStridedBackward0) when its base changed in place, and
    the version error names that: "which is output 0 of AsStrided"."""
    leaf = torch.ones(2, 2, requires_grad=True)
    b = leaf * 1
    v = make(b)
    y = leaf.sum() * v
    with torch.no_grad():
        b.add_(1)
    with pytest.raises(RuntimeError) as e:
        y.sum().backward()
    assert _pytorchs_part(str(e.value)) == _VERSION_ERR % ("torch.FloatTensor [%s]" % ", ".join(map(str, v.shape)),
                                           ", which is output 0 of AsStrided,")


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


# ------------------------------------- S1: a grad-requiring value written into an int tensor
def test_a_grad_requiring_value_written_into_an_int_tensor_stays_outside_the_graph():
    """torch 2.13 gives the int tensor requires_grad and IndexPutBackward0 / MaskedFillBackward1,
    after which r.sum() raises "Autograd not support dtype: Long" and a backward through r.float()
    fails an INTERNAL ASSERT (a torch bug; the fuzzer steers around it). pyautograd writes the
    value's number and keeps the int tensor outside the graph, usable."""
    v = torch.tensor(0.5, requires_grad=True)
    r = torch.zeros(3, dtype=torch.int64)
    r[torch.tensor([True, False, True])] = v
    assert r.tolist() == [0, 0, 0] and not r.requires_grad and r.grad_fn is None
    assert r.sum().item() == 0 and (r + 1).tolist() == [1, 1, 1]
    r2 = torch.zeros(3, dtype=torch.int64)
    r2[0] = torch.tensor(2.5, requires_grad=True)
    assert r2.tolist() == [2, 0, 0] and not r2.requires_grad


def test_cumsum_accumulates_as_torch():
    """seed 1801 of the generator with the combining ops: torch's CPU cumsum of float32 adds in
    double (its acc_type) and starts from +0.0 (leading -0.0 elements sum to +0.0)."""
    assert torch.tensor([-0.0, -0.0]).cumsum(0).pow(-1).tolist() == [float("inf")] * 2
    x = np.random.default_rng(0).standard_normal(1000).astype(np.float32)
    want = np.cumsum(x.astype(np.float64)).astype(np.float32)
    assert np.array_equal(torch.cumsum(torch.tensor(x), 0).numpy(), want)
    assert np.array_equal(torch.cumprod(torch.tensor(x[:40]), 0).numpy(), np.cumprod(x[:40].astype(np.float64)).astype(np.float32))
    tt = pytest.importorskip("torch")
    assert np.array_equal(tt.cumsum(tt.tensor(x), 0).numpy(), want)
