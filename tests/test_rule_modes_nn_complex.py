"""Plain (array) and recorded rules agree where OP_SPECS has no case: complex ops (the cases of
tests/complex_specs.py), nn.functional's ops (linear, activations, losses, embedding) and the
tensor methods with a rule of their own (fill_, zero_, copy_, masked_fill_, scalar - tensor).
Second derivatives too: the first gradient recorded, then differentiated once in plain backward
(its rules run on arrays: DiagonalScatter, EmbeddingDenseBackward, ...) and once recorded.
Every node of these graphs whose op is of this region (REGION_OPS) has an array rule (vjp)."""
import numpy as np
import pytest

import pyautograd as T
import pyautograd.nn.functional as NF
from pyautograd import _ops, _tensor
from op_specs import OP_SPECS, make_arrays
from test_complex import CASES as COMPLEX_CASES, _arrays as _complex_arrays, _leaf as _complex_leaf, _loss

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

# the op classes of this region with an array rule (Std and AsStrided keep a tensor rule for now)
REGION_OPS = {getattr(_ops, n) for n in (
    "Cat Stack Conj ConjPhysical RealView ImagView Angle Sgn Vdot ViewAsReal ViewAsComplex ComplexFromParts Polar "
    "RemainderTensor FmodTensor RemainderScalar FmodScalar VectorNorm SqueezeMatmul Diagonal DiagonalScatter "
    "RoundDecimals Std AsStrided").split()}
REGION_OPS |= {getattr(NF, n) for n in ("Addmm Softplus LogSigmoid MseLoss SmoothL1Loss HuberLoss "
                                        "BinaryCrossEntropy BinaryCrossEntropyWithLogits NllLoss NllLoss2d Embedding "
                                        "EmbeddingDenseBackward").split()}
REGION_OPS |= {getattr(_tensor, n) for n in "_Fill _Zero _FillTensor _RsubScalar _CopyGrad _Copy _MaskedFill".split()}


def _close(p, r, rtol=1e-12, atol=1e-14):
    assert (p is None) == (r is None)
    if p is None:
        return
    assert p.dtype == r.dtype and p.shape == r.shape
    np.testing.assert_allclose(p.numpy(), r.detach().numpy(), rtol=rtol, atol=atol, equal_nan=True)


def _nodes(outs):
    seen, todo = set(), [o.grad_fn for o in outs if o.grad_fn is not None]
    while todo:
        n = todo.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        yield n
        todo.extend(m for m, _ in n.next_functions if m is not None)


def _check_array_rules(outs):
    for n in _nodes(outs):
        if n.op in REGION_OPS:
            assert n._array_rule, "%s has no array rule (vjp)" % n.name()


# ----------------------------------------------------------------- programs --
def _idx(*v):
    return T.tensor(np.array(v, dtype=np.int64))


def _probs(a):
    return T.sigmoid(a)


PROGRAMS = [
    # (name, fn(T, *leaves), shapes)
    ("linear", lambda T, x, w, b: NF.linear(x, w, b), [(4, 3), (2, 3), (2,)]),
    ("linear_no_bias_3d", lambda T, x, w: NF.linear(x, w), [(2, 4, 3), (2, 3)]),
    ("leaky_relu", lambda T, a: NF.leaky_relu(a, 0.1), [(2, 3)]),
    ("elu", lambda T, a: NF.elu(a, 0.7), [(2, 3)]),
    ("softplus", lambda T, a: NF.softplus(a, beta=2.0, threshold=1.0), [(2, 3)]),
    ("silu", lambda T, a: NF.silu(a), [(2, 3)]),
    ("logsigmoid", lambda T, a: NF.logsigmoid(a), [(2, 3)]),
    ("mse_mean", lambda T, a, b: NF.mse_loss(a, b), [(2, 3), (2, 3)]),
    ("mse_sum_bcast", lambda T, a, b: NF.mse_loss(a, b.expand(2, 3), reduction="sum"), [(2, 3), (3,)]),
    ("mse_none", lambda T, a, b: NF.mse_loss(a, b, reduction="none"), [(2, 3), (2, 3)]),
    ("smooth_l1", lambda T, a, b: NF.smooth_l1_loss(a, b, beta=0.5), [(2, 3), (2, 3)]),
    ("huber", lambda T, a, b: NF.huber_loss(a, b, delta=0.5, reduction="sum"), [(2, 3), (2, 3)]),
    ("bce", lambda T, a, b: NF.binary_cross_entropy(_probs(a), _probs(b)), [(2, 3), (2, 3)]),
    ("bce_weight", lambda T, a, b: NF.binary_cross_entropy(_probs(a), _probs(b), weight=T.tensor([0.5, 2.0, 1.5],
                                                           dtype=T.float64), reduction="sum"), [(2, 3), (2, 3)]),
    ("bce_logits", lambda T, a, b: NF.binary_cross_entropy_with_logits(a, _probs(b)), [(2, 3), (2, 3)]),
    ("bce_logits_weights", lambda T, a, b: NF.binary_cross_entropy_with_logits(
        a, _probs(b), weight=T.tensor([0.5, 2.0, 1.5], dtype=T.float64),
        pos_weight=T.tensor([3.0, 0.5, 1.0], dtype=T.float64), reduction="none"), [(2, 3), (2, 3)]),
    ("cross_entropy", lambda T, a: NF.cross_entropy(a, _idx(2, 0, 1, 2)), [(4, 3)]),
    ("cross_entropy_weight_ignore", lambda T, a: NF.cross_entropy(
        a, _idx(2, 0, -100, 1), weight=T.tensor([0.2, 1.0, 3.0], dtype=a.dtype), label_smoothing=0.1), [(4, 3)]),
    ("nll_sum", lambda T, a: NF.nll_loss(a.log_softmax(1), _idx(1, 0, 2), reduction="sum"), [(3, 3)]),
    ("nll_1d", lambda T, a: NF.nll_loss(a, _idx(2)[0]), [(3,)]),
    ("nll_2d_none", lambda T, a: NF.nll_loss(a, T.tensor(np.array([[[0, 2], [1, 1]], [[2, 0], [0, 1]]])),
                                             reduction="none"), [(2, 3, 2, 2)]),
    ("embedding", lambda T, w: NF.embedding(_idx(0, 2, 1, 2), w) * w[:1], [(3, 2)]),
    ("embedding_padding", lambda T, w: NF.embedding(T.tensor(np.array([[0, 1], [1, 2]])), w, padding_idx=1) ** 2,
     [(3, 2)]),
    ("rsub_scalar", lambda T, a: (2.0 - a) * a, [(2, 3)]),
    ("fill", lambda T, a: (a * 1.0).fill_(2.5) * a, [(2, 3)]),
    ("zero", lambda T, a: (a * 1.0).zero_() + a * a, [(2, 3)]),
    ("fill_tensor", lambda T, a, v: (a * 1.0).fill_(v * v) * a, [(2, 3), ()]),
    ("copy", lambda T, a, b: (a * 1.0).copy_(b * b) * a, [(2, 3), (3,)]),
    ("masked_fill_", lambda T, a: (a * a).masked_fill_(T.tensor(np.array([True, False, True])), 0.5) * a, [(2, 3)]),
    ("std_scaled", lambda T, a: a.std(1) * a.sum(1), [(2, 3)]),
    ("norm_inf_ties", lambda T, a: T.norm(a.abs().clamp(max=0.5), p=float("inf"), dim=1) * a.sum(1), [(2, 3)]),
    ("remainder_tensor", lambda T, a, b: T.remainder(a * 3, b + 1.5) * a, [(2, 3), (2, 3)]),
    ("fmod_bcast", lambda T, a, b: T.fmod(a * 3, b + 1.5) * a, [(2, 3), (3,)]),
    ("diagonal_scatter", lambda T, a: (a.diagonal(0, 1, 2) * a[:, 0]).sum(-1), [(2, 3, 3)]),
]


def _program_leaves(shapes, seed, dtype=T.float64):
    rng = np.random.default_rng(seed)
    return [T.tensor(rng.standard_normal(s), dtype=dtype, requires_grad=True) for s in shapes]


def _grads(fn, leaves, create_graph, seed=3):
    out = fn(T, *leaves)
    w = T.tensor(np.random.default_rng(seed).standard_normal(tuple(out.shape)), dtype=out.dtype)
    return out, T.autograd.grad(out, leaves, w, allow_unused=True, create_graph=create_graph)


def _second(fn, leaves, plain):
    """<grad, v> differentiated: the first gradient recorded, the second plain or recorded."""
    _, gs = _grads(fn, leaves, True)
    rng = np.random.default_rng(7)
    h = sum((g * T.tensor(rng.standard_normal(tuple(g.shape)), dtype=g.dtype)).sum()
            for g in gs if g is not None and g.requires_grad)
    if not isinstance(h, T.Tensor):
        return None
    return T.autograd.grad(h, leaves, allow_unused=True, create_graph=not plain)


@pytest.mark.parametrize("name,fn,shapes", PROGRAMS, ids=[p[0] for p in PROGRAMS])
def test_programs_plain_and_recorded_agree(name, fn, shapes):
    out, plain = _grads(fn, _program_leaves(shapes, 11), False)
    _check_array_rules([out])
    _, rec = _grads(fn, _program_leaves(shapes, 11), True)
    for p, r in zip(plain, rec):
        _close(p, r)


@pytest.mark.parametrize("name,fn,shapes", PROGRAMS, ids=[p[0] for p in PROGRAMS])
def test_programs_second_order_plain_and_recorded_agree(name, fn, shapes):
    plain = _second(fn, _program_leaves(shapes, 11), True)
    rec = _second(fn, _program_leaves(shapes, 11), False)
    if plain is None:
        return
    for p, r in zip(plain, rec):
        _close(p, r)


@pytest.mark.parametrize("name,fn,shapes", [p for p in PROGRAMS if p[0] in (
    "linear", "leaky_relu", "elu", "mse_mean", "cross_entropy", "cross_entropy_weight_ignore", "bce_logits_weights",
    "rsub_scalar", "embedding_padding")], ids=lambda v: v if isinstance(v, str) else "")
def test_float32_programs_plain_and_recorded_agree(name, fn, shapes):
    _, plain = _grads(fn, _program_leaves(shapes, 11, T.float32), False)
    _, rec = _grads(fn, _program_leaves(shapes, 11, T.float32), True)
    for p, r in zip(plain, rec):
        assert p.dtype == T.float32
        _close(p, r, rtol=0, atol=0)      # the same NumPy computation, in float32 too


# OP_SPECS entries of the region (concatenation, norms, diagonal, as_strided, mod, rounding): second order
REGION = ("cat", "concat", "cat_neg_dim", "stack", "stack_0d", "hstack", "vstack", "diagonal", "diagonal_neg_offset",
          "as_strided", "as_strided_overlapping", "norm", "norm_dim", "norm_p1", "norm_p3", "norm_inf",
          "norm_neg_inf_dim", "norm_p1_5", "norm_0d_dim", "std", "std_dim_keepdim", "remainder", "fmod",
          "remainder_scalar", "fmod_scalar", "round_decimals")
SPECS = [s for s in OP_SPECS if s.name in REGION]


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_region_specs_second_order_plain_and_recorded_agree(spec):
    arrays = make_arrays(spec, spec.shapes, seed=11)

    def fn(T, *xs):
        y = spec.fn(T, *xs)
        return T.stack(list(y)) if isinstance(y, (tuple, list)) else y
    plain = _second(fn, [T.tensor(a, requires_grad=True) for a in arrays], True)
    rec = _second(fn, [T.tensor(a, requires_grad=True) for a in arrays], False)
    if plain is None:
        return
    for p, r in zip(plain, rec):
        _close(p, r)


# ----------------------------------------------------------------- complex --
@pytest.mark.parametrize("name,fn,kinds,vname,shapes", COMPLEX_CASES)
def test_complex_plain_and_recorded_agree(name, fn, kinds, vname, shapes):
    arrays = _complex_arrays(kinds, shapes)
    res = []
    for create_graph in (False, True):
        leaves = [_complex_leaf(T, a, vname == "noncontig") for a in arrays]
        L, out = _loss(T, fn, leaves)
        if not create_graph:
            _check_array_rules([L])
        res.append(T.autograd.grad(L, leaves, allow_unused=True, create_graph=create_graph))
    for p, r in zip(*res):
        _close(p, r)


def test_angle_of_real_input_is_zero_even_for_an_inf_gradient():
    for create_graph in (False, True):
        x = T.tensor([1.0, -2.0, 0.0], dtype=T.float64, requires_grad=True)
        g, = T.autograd.grad(x.angle(), x, T.tensor([np.inf, 1.0, np.nan], dtype=T.float64),
                             create_graph=create_graph)
        np.testing.assert_array_equal(g.detach().numpy(), [0.0, 0.0, 0.0])


def test_embedding_padding_rows_second_order_stay_zero_for_inf():
    # EmbeddingDenseBackward's rule is a select: an inf reaching a padding row gives 0, not nan
    for create_graph in (False, True):
        w = T.tensor(np.ones((3, 2)), dtype=T.float64, requires_grad=True)
        u = T.tensor(np.ones((3, 2)), dtype=T.float64, requires_grad=True)
        g, = T.autograd.grad(NF.embedding(_idx(0, 1, 2), w, padding_idx=1), w, u, create_graph=True)
        v = T.tensor(np.full((3, 2), np.inf), dtype=T.float64)
        gu, = T.autograd.grad((g * v).sum(), u, create_graph=create_graph)
        np.testing.assert_array_equal(gu.detach().numpy(), [[np.inf, np.inf], [0.0, 0.0], [np.inf, np.inf]])


def test_leaky_relu_slope_keeps_float64():
    # the slope multiplies g in g's dtype: 0.01 is not rounded to float32 (as PyTorch)
    for create_graph in (False, True):
        x = T.tensor([-1.0], dtype=T.float64, requires_grad=True)
        g, = T.autograd.grad(NF.leaky_relu(x, 0.01), x, T.tensor([1.0], dtype=T.float64), create_graph=create_graph)
        assert g.detach().numpy()[0] == 0.01
