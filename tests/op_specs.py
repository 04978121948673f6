"""OP_SPECS: the specs of the generated op tests: those declared with the ops themselves
(pyautograd.ops._registry.registry_specs(): a new op brings its spec in its declaration), then
the ones written here for ops that do not declare theirs yet.

What an OpSpec gives (fn(T, *tensors), shapes, domain, the 0-d / broadcast / zero-size /
non-contiguous variants, torch_name) is documented once, in pyautograd/ops/_spec.py.
"""
import numpy as np

from pyautograd.ops._spec import OpSpec, sample, make_arrays, _sample  # noqa: F401 - the spec type
from pyautograd.ops._registry import registry_specs


def _mask(T, shape, seed=5):
    rng = np.random.default_rng(seed)
    m = rng.random(shape) > 0.4
    return T.tensor(m)


def _setitem(index_fn):
    def fn(T, x, v):
        y = x * 1.0
        y[index_fn(T)] = v
        return y
    return fn


S = OpSpec
UNARY_SHAPE = [(2, 3)]
EMPTY1 = [(0, 3)]

OP_SPECS = registry_specs() + [       # declared with the ops (pyautograd/ops/<family>.py), then the rest
    # ----------------------------------------------------------- arithmetic
    S("add", lambda T, a, b: a + b, [(2, 3), (2, 3)], scalar=[(), ()], bcast=[(2, 1, 3), (4, 3)],
      empty=[(0, 3), (1, 3)]),
    S("add_alpha", lambda T, a, b: T.add(a, b, alpha=2.5), [(2, 3), (3,)], scalar=[(), ()]),
    S("add_scalar", lambda T, a: a + 2.0, UNARY_SHAPE, scalar=[()], empty=EMPTY1),
    S("sub", lambda T, a, b: a - b, [(2, 3), (2, 3)], scalar=[(), ()], bcast=[(3, 1), (1, 4)], empty=[(0, 3), (3,)]),
    S("rsub", lambda T, a: 1.5 - a, UNARY_SHAPE, scalar=[()]),
    S("mul", lambda T, a, b: a * b, [(2, 3), (2, 3)], scalar=[(), ()], bcast=[(2, 1, 3), (4, 1)],
      empty=[(0, 3), (3,)]),
    S("mul_0d_bcast", lambda T, a, b: a * b, [(), (2, 3)]),
    S("mul_scalar", lambda T, a: a * 3.0, UNARY_SHAPE, scalar=[()]),
    S("div", lambda T, a, b: a / b, [(2, 3), (2, 3)], domain=["real", "away"], scalar=[(), ()],
      bcast=[(2, 1, 3), (4, 1)], empty=[(0, 3), (3,)]),
    S("rdiv", lambda T, a: 2.0 / a, UNARY_SHAPE, domain="away", scalar=[()]),
    S("pow_scalar2", lambda T, a: a ** 2, UNARY_SHAPE, scalar=[()], empty=EMPTY1),
    S("pow_scalar3", lambda T, a: a ** 3, UNARY_SHAPE, scalar=[()]),
    S("pow_scalar_half", lambda T, a: a ** 0.5, UNARY_SHAPE, domain="pos", scalar=[()]),
    S("pow_scalar_neg", lambda T, a: a ** -1.5, UNARY_SHAPE, domain="pos", scalar=[()]),
    S("pow_tensor", lambda T, a, b: a ** b, [(2, 3), (2, 3)], domain=["pos", "real"], scalar=[(), ()],
      bcast=[(2, 1), (3,)], empty=[(0, 3), (3,)]),
    S("rpow", lambda T, a: 2.0 ** a, UNARY_SHAPE, scalar=[()]),
    S("neg", lambda T, a: -a, UNARY_SHAPE, scalar=[()], empty=EMPTY1),
    # aliases: the same ops under their other public names
    S("absolute", lambda T, a: T.absolute(a), UNARY_SHAPE, domain="away", scalar=[()]),
    S("negative", lambda T, a: T.negative(a), UNARY_SHAPE, scalar=[()]),
    S("multiply", lambda T, a, b: T.multiply(a, b), [(2, 3), (3,)], scalar=[(), ()]),
    S("divide", lambda T, a, b: T.divide(a, b), [(2, 3), (3,)], domain=["real", "away"], scalar=[(), ()]),
    S("subtract_alpha", lambda T, a, b: T.subtract(a, b, alpha=0.5), [(2, 3), (3,)], scalar=[(), ()]),
    S("pow_function", lambda T, a, b: T.pow(a, b), [(2, 3), (3,)], domain=["pos", "real"], scalar=[(), ()]),
    S("fix", lambda T, a: T.fix(a), UNARY_SHAPE, domain=("kinks", [-2, -1, 0, 1, 2])),
    # ------------------------------------------------------------- unary math
    S("clamp", lambda T, a: T.clamp(a, -0.5, 0.7), [(3, 4)], domain=("kinks", [-0.5, 0.7]), scalar=[()],
      empty=EMPTY1),
    S("clamp_min", lambda T, a: T.clamp(a, min=0.2), [(3, 4)], domain=("kinks", [0.2]), scalar=[()]),
    S("clip_max", lambda T, a: T.clip(a, max=-0.1), [(3, 4)], domain=("kinks", [-0.1])),
    S("clamp_tensor", lambda T, a, lo, hi: T.clamp(a, lo - 1.0, hi + 1.0), [(3, 4), (4,), (3, 1)],
      domain=("kinks", [-1.0, 1.0])),
    S("maximum", lambda T, a, b: T.maximum(a, b), [(2, 3), (2, 3)], scalar=[(), ()], bcast=[(2, 1), (3,)],
      empty=[(0, 3), (3,)]),
    S("minimum", lambda T, a, b: T.minimum(a, b), [(2, 3), (2, 3)], scalar=[(), ()], bcast=[(2, 1), (3,)]),
    S("max_binary", lambda T, a, b: T.max(a, b), [(2, 3), (2, 3)]),
    S("where", lambda T, a, b: T.where(_mask(T, (2, 3)), a, b), [(2, 3), (2, 3)], bcast=[(2, 1), (3,)]),
    S("where_scalar", lambda T, a: T.where(_mask(T, (3,)), a, 0.0), [(3,)], scalar=None),
    S("masked_fill", lambda T, a: a.masked_fill(_mask(T, (2, 3)), 2.0), [(2, 3)]),
    S("clone", lambda T, a: a.clone(), UNARY_SHAPE, scalar=[()], empty=EMPTY1),
    S("floor", lambda T, a: T.floor(a), UNARY_SHAPE, domain=("kinks", [-2, -1, 0, 1, 2]), scalar=[()],
      empty=EMPTY1),
    S("ceil", lambda T, a: T.ceil(a), UNARY_SHAPE, domain=("kinks", [-2, -1, 0, 1, 2])),
    S("trunc", lambda T, a: T.trunc(a), UNARY_SHAPE, domain=("kinks", [-2, -1, 0, 1, 2])),
    S("round", lambda T, a: T.round(a), UNARY_SHAPE, domain=("kinks", [-1.5, -0.5, 0.5, 1.5])),
    S("round_decimals", lambda T, a: T.round(a, decimals=1), UNARY_SHAPE,
      domain=("kinks", list(np.arange(-3.05, 3.1, 0.1)))),
    S("frac", lambda T, a: T.frac(a), UNARY_SHAPE, domain=("kinks", [-2, -1, 0, 1, 2]), scalar=[()]),
    S("remainder", lambda T, a, b: T.remainder(a, b), [(2, 3), (2, 3)], domain=["real", "away"],
      bcast=[(2, 1), (3,)], scalar=[(), ()]),
    S("remainder_scalar", lambda T, a: a % 0.7, UNARY_SHAPE, domain=("kinks", list(np.arange(-2.8, 2.9, 0.7)))),
    S("fmod", lambda T, a, b: T.fmod(a, b), [(2, 3), (2, 3)], domain=["real", "away"], bcast=[(2, 1), (3,)]),
    S("fmod_scalar", lambda T, a: T.fmod(a, -0.7), UNARY_SHAPE,
      domain=("kinks", list(np.arange(-2.8, 2.9, 0.7)))),
    S("float_power", lambda T, a, b: T.float_power(a, b), [(2, 3), (3,)], domain=["pos", "real"]),
    S("float_power_scalar", lambda T, a: T.float_power(a, 2), UNARY_SHAPE, scalar=[()]),
    # -------------------------------------------------------- linear algebra
    S("matmul_2d", lambda T, a, b: a @ b, [(2, 3), (3, 4)], empty=[(0, 3), (3, 4)]),
    S("matmul_batched_bcast", lambda T, a, b: T.matmul(a, b), [(2, 2, 3), (3, 4)]),
    S("matmul_bcast_batch", lambda T, a, b: T.matmul(a, b), [(2, 1, 2, 3), (3, 3, 2)]),
    S("matmul_2d_3d", lambda T, a, b: T.matmul(a, b), [(2, 3), (2, 3, 2)]),
    S("matmul_unit_batch_3d", lambda T, a, b: T.matmul(a, b), [(1, 2, 3), (2, 3, 4)]),
    S("matmul_3d_3d", lambda T, a, b: a @ b, [(2, 2, 3), (2, 3, 2)], empty=[(0, 2, 3), (0, 3, 2)]),
    S("matmul_1d_3d", lambda T, a, b: T.matmul(a, b), [(3,), (2, 3, 2)]),
    S("matmul_3d_1d", lambda T, a, b: T.matmul(a, b), [(2, 2, 3), (3,)]),
    S("matmul_1d_2d", lambda T, a, b: T.matmul(a, b), [(3,), (3, 4)]),
    S("matmul_2d_1d", lambda T, a, b: T.matmul(a, b), [(2, 3), (3,)]),
    S("matmul_1d_1d", lambda T, a, b: T.matmul(a, b), [(3,), (3,)]),
    S("mm", lambda T, a, b: T.mm(a, b), [(2, 3), (3, 4)]),
    S("bmm", lambda T, a, b: T.bmm(a, b), [(2, 2, 3), (2, 3, 2)]),
    S("dot", lambda T, a, b: T.dot(a, b), [(4,), (4,)], empty=[(0,), (0,)]),
    S("outer", lambda T, a, b: T.outer(a, b), [(3,), (4,)], empty=[(0,), (2,)]),
    S("ger", lambda T, a, b: T.ger(a, b), [(3,), (2,)]),
    S("inner", lambda T, a, b: T.inner(a, b), [(3,), (3,)]),
    S("inner_nd", lambda T, a, b: T.inner(a, b), [(2, 3), (4, 3)], scalar=[(), ()]),
    S("mv", lambda T, a, b: T.mv(a, b), [(2, 3), (3,)]),
    # ------------------------------------------------------------ 0-d forms
    S("where_0d", lambda T, a, b: T.where(T.tensor(True), a, b), [(), ()]),
    S("masked_fill_0d", lambda T, a: a.masked_fill(T.tensor(False), 1.0), [()]),
    S("clamp_tensor_0d", lambda T, a, lo, hi: T.clamp(a, lo - 1.0, hi + 1.0), [(), (), ()],
      domain=("kinks", [-1.0, 1.0])),
    S("index_0d_none", lambda T, a: a[None], [()]),
    S("index_0d_ellipsis", lambda T, a: a[...] * 1.0, [()]),
    S("flip_0d", lambda T, a: a.flip(0), [()]),
    S("permute_0d", lambda T, a: a.permute(()), [()]),
    S("t_0d", lambda T, a: a.t(), [()]),
    S("transpose_0d", lambda T, a: a.transpose(0, -1), [()]),
    S("gather_0d", lambda T, a: T.gather(a, 0, T.tensor(0)), [()]),
    S("amax_0d_dim", lambda T, a: a.amax(0), [()]),
    S("var_0d", lambda T, a: a.var(correction=0), [()]),
    S("norm_0d_dim", lambda T, a: a.norm(dim=0), [()], domain="away"),
    # ------------------------------------------------------------ reductions
    S("sum", lambda T, a: a.sum(), [(2, 3)], scalar=[()], empty=EMPTY1),
    S("sum_dim", lambda T, a: a.sum(1), [(2, 3, 2)], scalar=None, empty=[(0, 3, 2)]),
    S("sum_dims_keepdim", lambda T, a: a.sum((0, 2), keepdim=True), [(2, 3, 2)]),
    S("sum_neg_dim", lambda T, a: T.sum(a, -1), [(2, 3)], scalar=[()]),
    S("mean", lambda T, a: a.mean(), [(2, 3)], scalar=[()]),
    S("mean_dim_keepdim", lambda T, a: a.mean(0, keepdim=True), [(2, 3)], scalar=[()], empty=[(2, 0)]),
    S("mean_dims", lambda T, a: a.mean((-1, 0)), [(2, 3, 2)]),
    S("prod", lambda T, a: a.prod(), [(2, 3)], scalar=[()], empty=EMPTY1),
    S("prod_dim", lambda T, a: T.prod(a, 1), [(2, 3)]),
    S("prod_dim_keepdim", lambda T, a: T.prod(a, 0, keepdim=True), [(3, 2)], scalar=[()]),
    S("max", lambda T, a: a.max(), [(2, 3)], scalar=[()]),
    S("min", lambda T, a: a.min(), [(2, 3)], scalar=[()]),
    S("max_dim", lambda T, a: a.max(1)[0], [(2, 3, 2)], empty=[(0, 3)]),
    S("max_dim_keepdim", lambda T, a: T.max(a, dim=0, keepdim=True).values, [(3, 2)]),
    S("min_dim", lambda T, a: a.min(-1).values, [(2, 3)], scalar=[()]),
    S("amax", lambda T, a: T.amax(a, (0, 2)), [(2, 3, 2)]),
    S("amax_all", lambda T, a: a.amax(), [(2, 3)], scalar=[()]),
    S("amin_keepdim", lambda T, a: T.amin(a, 1, keepdim=True), [(2, 3)]),
    S("var", lambda T, a: a.var(), [(2, 3)]),
    S("var_dim", lambda T, a: T.var(a, 1), [(2, 3)]),
    S("var_correction0", lambda T, a: T.var(a, 0, correction=0, keepdim=True), [(3, 2)], scalar=[()]),
    S("std", lambda T, a: a.std(), [(2, 3)]),
    S("std_dim_keepdim", lambda T, a: T.std(a, 1, keepdim=True), [(2, 3)]),
    S("std_correction0", lambda T, a: T.std(a, (0, 1), correction=0), [(2, 3)]),
    S("logsumexp", lambda T, a: T.logsumexp(a, 1), [(2, 3)], empty=[(0, 3)]),
    S("logsumexp_keepdim", lambda T, a: a.logsumexp((0, 1), keepdim=True), [(2, 3)])
    ,S("logsumexp_neg", lambda T, a: a.logsumexp(-1), [(2, 3)], scalar=[()]),
    S("norm", lambda T, a: a.norm(), [(2, 3)], scalar=[()]),
    S("norm_dim", lambda T, a: T.norm(a, dim=1, keepdim=True), [(2, 3)]),
    S("norm_p1", lambda T, a: a.norm(p=1), [(2, 3)], domain="away"),
    S("norm_p3", lambda T, a: a.norm(p=3, dim=0), [(2, 3)], domain="away"),
    S("norm_inf", lambda T, a: a.norm(p=float("inf")), [(2, 3)], domain="away"),
    S("norm_neg_inf_dim", lambda T, a: T.norm(a, p=float("-inf"), dim=1), [(2, 3)], domain="away"),
    S("norm_p0", lambda T, a: a.norm(p=0), [(2, 3)], domain="away"),
    S("norm_p1_5", lambda T, a: a.norm(p=1.5, dim=(0, 1), keepdim=True), [(2, 3)], domain="away"),
    S("norm_empty", lambda T, a: a.norm(dim=1), [(2, 3)], empty=[(2, 0)]),
    S("softmax", lambda T, a: T.softmax(a, -1), [(2, 3)], scalar=[()], empty=[(0, 3)]),
    S("softmax_dim0", lambda T, a: a.softmax(0), [(3, 2)]),
    S("log_softmax", lambda T, a: T.log_softmax(a, 1), [(2, 3)], empty=[(0, 3)]),
    S("log_softmax_neg", lambda T, a: T.log_softmax(a, -1), [(2, 3)], scalar=[()]),
    S("cumsum", lambda T, a: T.cumsum(a, 1), [(2, 3)], empty=EMPTY1),
    S("cumsum_dim0", lambda T, a: a.cumsum(0), [(3, 2)], scalar=[()]),
    S("cumprod", lambda T, a: T.cumprod(a, 1), [(2, 4)]),
    S("cumprod_neg_dim", lambda T, a: a.cumprod(-2), [(3, 2)]),
    S("cumprod_0d", lambda T, a: a.cumprod(0), [()]),
    # ------------------------------------------------------------------ shapes
    S("reshape", lambda T, a: a.reshape(3, 2), [(2, 3)]),
    S("reshape_zero_size", lambda T, a: a.reshape(3, 0), [(0, 3)], empty=[(0, 3)]),
    S("reshape_infer", lambda T, a: T.reshape(a, (-1,)), [(2, 3)], scalar=[()]),
    S("view", lambda T, a: a.view(6, -1), [(2, 3)], noncontig=False, empty=[(6, 0)]),
    S("view_0d", lambda T, a: a.view(1, 1), [()], noncontig=False),
    S("view_as", lambda T, a, b: a.view_as(b), [(2, 3), (3, 2)], noncontig=False, empty=[(0, 3), (3, 0)]),
    S("flatten", lambda T, a: a.flatten(1), [(2, 3, 2)]),
    S("squeeze", lambda T, a: a.squeeze(), [(2, 1, 3)], scalar=[()]),
    S("squeeze_dim", lambda T, a: a.squeeze(1), [(2, 1, 3)]),
    S("squeeze_dims", lambda T, a: a.squeeze((0, 2)), [(1, 3, 1)]),
    S("squeeze_dim_0d", lambda T, a: a.squeeze(-1), [()]),
    S("unsqueeze", lambda T, a: a.unsqueeze(1), [(2, 3)], empty=EMPTY1),
    S("unsqueeze_neg", lambda T, a: T.unsqueeze(a, -1), [(2, 3)], scalar=[()]),
    S("transpose", lambda T, a: a.transpose(0, 2), [(2, 3, 2)], empty=[(0, 3, 2)]),
    S("transpose_neg", lambda T, a: T.transpose(a, -1, -2), [(2, 3)]),
    S("t", lambda T, a: a.t(), [(2, 3)]),
    S("T_property", lambda T, a: a.T, [(2, 3)]),
    S("mT", lambda T, a: a.mT, [(2, 2, 3)]),
    S("permute", lambda T, a: a.permute(2, 0, 1), [(2, 3, 2)], empty=[(2, 0, 1)]),
    S("expand", lambda T, a: a.expand(2, 3, 4), [(3, 1)], scalar=[()]),
    S("expand_same", lambda T, a: a.expand(-1, 4), [(3, 4)]),
    S("broadcast_to", lambda T, a: T.broadcast_to(a, (2, 3)), [(3,)], scalar=[()]),
    S("narrow", lambda T, a: a.narrow(1, 1, 2), [(2, 4)]),
    S("select", lambda T, a: a.select(1, -1), [(2, 3)]),
    S("diagonal", lambda T, a: a.diagonal(1, 0, 2), [(3, 2, 4)], empty=[(0, 2, 3)]),
    S("diagonal_neg_offset", lambda T, a: T.diagonal(a, -1), [(3, 3)]),
    # as_strided reads the storage, not the elements: a strided input's storage has other elements
    S("as_strided", lambda T, a: a.as_strided((2, 2) if a.numel() else (0, 2), (1, 2), 1 if a.numel() else 0),
      [(6,)], noncontig=False, empty=[(0,)]),
    S("as_strided_overlapping", lambda T, a: T.as_strided(a, (3, 2) if a.numel() else (0, 2), (1, 1)), [(4,)],
      noncontig=False, empty=[(0,)]),
    S("flip", lambda T, a: T.flip(a, (0, 1)), [(2, 3)]),
    S("tril", lambda T, a: T.tril(a, 1), [(3, 4)]),
    S("triu", lambda T, a: T.triu(a, -1), [(2, 3, 3)]),
    S("movedim", lambda T, a: T.movedim(a, 0, 2), [(2, 3, 2)]),
    S("unflatten", lambda T, a: a.unflatten(1, (2, 3)), [(2, 6)]),
    S("swapaxes", lambda T, a: T.swapaxes(a, 0, 1), [(2, 3)]),
    S("expand_as", lambda T, a, b: a.expand_as(b), [(3, 1), (2, 3, 4)]),
    S("to_float64", lambda T, a: a.to(T.float64) * 2, UNARY_SHAPE, scalar=[()]),
    # ---------------------------------------------------------------- indexing
    S("index_slices", lambda T, a: a[1:, ::2], [(3, 5)], empty=[(0, 5)]),
    S("index_int", lambda T, a: a[1], [(3, 4)]),
    S("index_neg_int_slice", lambda T, a: a[-1, 1:3], [(3, 4)]),
    S("index_none_ellipsis", lambda T, a: a[..., None, 1], [(2, 3)]),
    S("index_tensor_repeated", lambda T, a: a[T.tensor([0, 2, 0, 0])], [(3, 2)]),
    S("index_list_dim1", lambda T, a: a[:, [1, 1, 0]], [(2, 3)]),
    S("index_two_tensors", lambda T, a: a[T.tensor([0, 1, 1]), T.tensor([2, 2, 0])], [(2, 3)]),
    S("index_bool_mask", lambda T, a: a[_mask(T, (3, 4))], [(3, 4)]),
    S("index_bool_rows", lambda T, a: a[T.tensor([True, False, True])], [(3, 2)]),
    S("setitem_slice", _setitem(lambda T: (slice(1, None),)), [(3, 2), (2,)]),
    S("setitem_int", _setitem(lambda T: 1), [(3, 2), (2,)]),
    S("setitem_tensor", _setitem(lambda T: T.tensor([0, 2])), [(3, 2), (2, 2)]),
    S("setitem_mask", _setitem(lambda T: _mask(T, (3, 2))), [(3, 2), ()]),
    # ----------------------------------------------------------- join / split
    S("cat", lambda T, a, b: T.cat([a, b], 1), [(2, 3), (2, 2)], empty=[(2, 0), (2, 2)]),
    S("concat", lambda T, a, b: T.concat([a, b]), [(1, 3), (2, 3)]),
    S("cat_neg_dim", lambda T, a, b, c: T.cat((a, b, c), -2), [(1, 3), (2, 3), (1, 3)]),
    S("stack", lambda T, a, b: T.stack([a, b], 1), [(2, 3), (2, 3)], empty=[(0, 3), (0, 3)]),
    S("stack_0d", lambda T, a, b: T.stack([a, b], -1), [(), ()]),
    S("split", lambda T, a: T.split(a, 2, 1), [(2, 5)]),
    S("split_sizes", lambda T, a: a.split([1, 2], 0), [(3, 2)]),
    S("chunk", lambda T, a: T.chunk(a, 3, 0), [(5, 2)]),
    S("unbind", lambda T, a: T.unbind(a, 1), [(2, 3)]),
    S("hstack", lambda T, a, b: T.hstack([a, b]), [(2, 3), (2, 1)]),
    S("vstack", lambda T, a, b: T.vstack([a, b]), [(3,), (2, 3)]),
    S("gather", lambda T, a: T.gather(a, 1, T.tensor([[0, 0], [2, 1]])), [(2, 3)]),
    S("gather_dim0", lambda T, a: a.gather(0, T.tensor([[1, 1, 0]])), [(2, 3)]),
]

SPEC_BY_NAME = {s.name: s for s in OP_SPECS}


# ------------------------------------------------------------ random graphs
def _graph_setitem(T, a, b):
    y = a * 1.0
    y[1] = b[0] * 2.0
    return y


GRAPH_UNARY = [
    lambda T, a: T.tanh(a), lambda T, a: T.sigmoid(a), lambda T, a: T.sin(a), lambda T, a: T.cos(a),
    lambda T, a: a * a, lambda T, a: T.exp(T.tanh(a)), lambda T, a: T.softmax(a, -1),
    lambda T, a: T.log_softmax(a, 0), lambda T, a: a.t(), lambda T, a: T.cumsum(a, 1),
    lambda T, a: T.sqrt(a * a + 1.0), lambda T, a: a.flip(0), lambda T, a: a[[2, 0, 0]].t().t(),
    lambda T, a: a.mean(1, keepdim=True).expand(3, 3), lambda T, a: a.max(0, keepdim=True)[0] + a,
    lambda T, a: T.log1p(a * a), lambda T, a: a.reshape(9).flip(0).reshape(3, 3),
    lambda T, a: T.cat([a[:1], a[1:] * 2.0], 0), lambda T, a: -a, lambda T, a: a ** 3 / 4.0,
    lambda T, a: T.gather(a, 1, T.tensor([[0, 0, 2], [1, 1, 1], [2, 0, 1]])),
    lambda T, a: T.tanh(a).cumprod(0), lambda T, a: a.prod(1, keepdim=True) * a,
    lambda T, a: a.norm(dim=0, keepdim=True) + a, lambda T, a: T.logsumexp(a, 1, keepdim=True) - a,
    lambda T, a: a.var(0, keepdim=True) * a, lambda T, a: T.clamp(a, -0.5, 0.5) + a,
    lambda T, a: a[T.tensor([[True, False, True], [False, True, True], [True, True, False]])].reshape(3, 2)[:, :1]
    * a, lambda T, a: a.unsqueeze(0).expand(2, 3, 3).sum(0), lambda T, a: T.stack(a.unbind(1), 0),
    lambda T, a: T.cat(a.split([1, 2], 1)[::-1], 1), lambda T, a: (a @ a.t()) / 3.0,
]
GRAPH_BINARY = [
    lambda T, a, b: a + b, lambda T, a, b: a - b, lambda T, a, b: a * b, lambda T, a, b: a @ b,
    lambda T, a, b: a / (b * b + 1.0), lambda T, a, b: T.maximum(a, b), lambda T, a, b: T.where(a > b, a, b * 2.0),
    lambda T, a, b: T.stack([a, b], 0).sum(0), lambda T, a, b: a * b.sum(1, keepdim=True),
    _graph_setitem, lambda T, a, b: a * b[0] + b[:, 1:2], lambda T, a, b: T.matmul(a, b[0]).unsqueeze(1) * b,
    lambda T, a, b: T.outer(a[0], b[:, 2]) - a,
]


def random_graph(T, arrays, seed, dtype):
    """A random composition of ops on (3, 3) leaves (same graph for any T and seed)."""
    rng = np.random.default_rng(seed)
    leaves = [T.tensor(a, dtype=dtype, requires_grad=True) for a in arrays]
    pool = list(leaves)
    for _ in range(10):
        if rng.random() < 0.5:
            f = GRAPH_UNARY[rng.integers(len(GRAPH_UNARY))]
            pool.append(f(T, pool[rng.integers(len(pool))]))
        else:
            f = GRAPH_BINARY[rng.integers(len(GRAPH_BINARY))]
            pool.append(f(T, pool[rng.integers(len(pool))], pool[rng.integers(len(pool))]))
    out = pool[-1] + pool[-2] * 0.5 + pool[-3].sum()
    return leaves, out
assert len(SPEC_BY_NAME) == len(OP_SPECS), "duplicate spec names"

# ---- issue 8 (ops): repeat is one op (RepeatBackward0), always a copy
OP_SPECS.extend([
    S("repeat", lambda T, a: a.repeat(2, 1, 3), [(2, 3)], scalar=[()], empty=[(0, 3)]),
    S("repeat_ones", lambda T, a: a.repeat(1, 1), [(2, 3)]),
    S("max_ties", lambda T, a: T.cat([a, a]).max(), [(2, 3)]),
    S("min_all", lambda T, a: a.min(), [(2, 3)], scalar=[()]),
])
SPEC_BY_NAME.update({s.name: s for s in OP_SPECS})
assert len(SPEC_BY_NAME) == len(OP_SPECS), "duplicate spec names"

# ---- ops no spec ran: nn.functional (linear, activations, losses, embedding), the in-place fills
# and copy, view_as_complex, and the ops only a second derivative records (DiagonalScatter,
# ScatterAdd, ScatterAlong, EmbeddingDenseBackward: their first-order op times another leaf, so
# that the gradient flowing into the rule has a history)


def _nnf(T):
    return T.nn.functional


def _classes(T, x, c=None):
    """A class-index target for an nll_loss / cross_entropy input x (class dim 1, or 0 for 1-D x)."""
    shape = tuple(x.shape)
    tshape, n = ((), shape[0]) if len(shape) == 1 else ((shape[0],) + shape[2:], shape[1])
    vals = (np.arange(int(np.prod(tshape, dtype=np.int64))) * 3 + 1) % max(n, 1)
    return T.tensor(vals.reshape(tshape), dtype=T.int64)


def _emb_idx(T):
    return T.tensor([[0, 2, 0], [3, 1, 2]])


def _unit(x):
    """(-0.8, 0.8) -> (0.1, 0.9): a probability for binary_cross_entropy."""
    return x * 0.5 + 0.5


OP_SPECS.extend([
    # linear: AddmmBackward0 (2-D input; other ranks fold the leading dims: ViewBackward0)
    S("linear", lambda T, x, w, b: _nnf(T).linear(x, w, b), [(2, 3), (4, 3), (4,)],
      empty=[(0, 3), (4, 3), (4,)]),
    S("linear_3d", lambda T, x, w, b: _nnf(T).linear(x, w, b), [(2, 2, 3), (4, 3), (4,)]),
    S("linear_1d", lambda T, x, w, b: _nnf(T).linear(x, w, b), [(3,), (4, 3), (4,)]),
    # activations
    S("leaky_relu", lambda T, a: _nnf(T).leaky_relu(a, 0.2), UNARY_SHAPE, domain="away", scalar=[()],
      empty=EMPTY1),
    S("elu", lambda T, a: _nnf(T).elu(a, alpha=1.3), UNARY_SHAPE, domain="away", scalar=[()], empty=EMPTY1),
    S("softplus", lambda T, a: _nnf(T).softplus(a), UNARY_SHAPE, scalar=[()], empty=EMPTY1),
    S("softplus_threshold", lambda T, a: _nnf(T).softplus(a, beta=2.0, threshold=1.0), [(3, 4)],
      domain=("kinks", [0.5]), scalar=[()]),
    S("silu", lambda T, a: _nnf(T).silu(a), UNARY_SHAPE, scalar=[()], empty=EMPTY1),
    S("logsigmoid", lambda T, a: _nnf(T).logsigmoid(a), UNARY_SHAPE, scalar=[()], empty=EMPTY1),
    # pointwise losses (the target a leaf too: its gradient is the rule's second result)
    S("mse_loss", lambda T, x, t: _nnf(T).mse_loss(x, t), [(2, 3), (2, 3)], scalar=[(), ()],
      empty=[(0, 3), (0, 3)]),
    S("mse_loss_const_target", lambda T, x: _nnf(T).mse_loss(x, T.full_like(x, 0.25), reduction="sum"),
      UNARY_SHAPE, scalar=[()]),
    S("mse_loss_none", lambda T, x, t: _nnf(T).mse_loss(x, t, reduction="none"), [(2, 3), (2, 3)],
      scalar=[(), ()]),
    S("huber_loss", lambda T, x, t: _nnf(T).huber_loss(x, t, delta=0.5), [(2, 3), (2, 3)], scalar=[(), ()],
      empty=[(0, 3), (0, 3)]),
    S("huber_loss_sum", lambda T, x, t: _nnf(T).huber_loss(x, t, reduction="sum", delta=1.5), [(3, 4), (3, 4)]),
    S("smooth_l1_loss", lambda T, x, t: _nnf(T).smooth_l1_loss(x, t, beta=0.5), [(2, 3), (2, 3)],
      scalar=[(), ()], empty=[(0, 3), (0, 3)]),
    S("smooth_l1_loss_none", lambda T, x, t: _nnf(T).smooth_l1_loss(x, t, reduction="none"), [(3, 4), (3, 4)]),
    # binary cross entropy: probabilities in (0.1, 0.9)
    S("binary_cross_entropy", lambda T, x, t: _nnf(T).binary_cross_entropy(_unit(x), _unit(t)),
      [(2, 3), (2, 3)], domain="unit", scalar=[(), ()], empty=[(0, 3), (0, 3)]),
    S("binary_cross_entropy_weight_sum",
      lambda T, x, t: _nnf(T).binary_cross_entropy(_unit(x), _unit(t), weight=T.tensor([0.5, 1.0, 2.0], dtype=x.dtype),
                                                   reduction="sum"), [(2, 3), (2, 3)], domain="unit"),
    S("binary_cross_entropy_none", lambda T, x, t: _nnf(T).binary_cross_entropy(_unit(x), _unit(t), reduction="none"),
      [(2, 3), (2, 3)], domain="unit", scalar=[(), ()]),
    S("bce_with_logits", lambda T, x, t: _nnf(T).binary_cross_entropy_with_logits(x, t), [(2, 3), (2, 3)],
      domain=["real", "unit"], scalar=[(), ()], empty=[(0, 3), (0, 3)]),
    S("bce_with_logits_weights",
      lambda T, x, t: _nnf(T).binary_cross_entropy_with_logits(x, t, weight=T.tensor([[0.5], [2.0]], dtype=x.dtype),
                                                               pos_weight=T.tensor([1.5, 0.5, 3.0], dtype=x.dtype)),
      [(2, 3), (2, 3)], domain=["real", "unit"]),
    S("bce_with_logits_pos_weight_none",
      lambda T, x, t: _nnf(T).binary_cross_entropy_with_logits(x, t, reduction="none",
                                                               pos_weight=T.tensor([1.5, 0.5, 3.0], dtype=x.dtype)),
      [(2, 3), (2, 3)], domain=["real", "unit"]),
    # nll_loss / cross_entropy (class-index targets)
    S("nll_loss", lambda T, x: _nnf(T).nll_loss(x, _classes(T, x)), [(3, 4)], empty=[(0, 4)]),
    S("nll_loss_1d", lambda T, x: _nnf(T).nll_loss(x, _classes(T, x)), [(4,)]),
    S("nll_loss_weight_ignore",
      lambda T, x: _nnf(T).nll_loss(x, _classes(T, x), weight=T.tensor([0.5, 1.0, 2.0, 1.5], dtype=x.dtype),
                                    ignore_index=1),
      [(5, 4)]),
    S("nll_loss_sum", lambda T, x: _nnf(T).nll_loss(x, _classes(T, x), reduction="sum"), [(3, 4)]),
    # reduction="none" times another leaf: the gradient into the rule has a history (ScatterBackward0)
    S("nll_loss_none_times", lambda T, x, b: _nnf(T).nll_loss(x, _classes(T, x), reduction="none") * b,
      [(3, 4), (3,)], empty=[(0, 4), (0,)]),
    # torch's nll_loss2d backward refuses a non-contiguous input ("grad_input must be contiguous")
    S("nll_loss_2d", lambda T, x: _nnf(T).nll_loss(x, _classes(T, x)), [(2, 3, 2, 2)], noncontig=False,
      empty=[(0, 3, 2, 2)]),
    S("nll_loss_3d_none", lambda T, x: _nnf(T).nll_loss(x, _classes(T, x), reduction="none"), [(2, 3, 2)]),
    S("cross_entropy", lambda T, x: _nnf(T).cross_entropy(x, _classes(T, x)), [(3, 4)], empty=[(0, 4)]),
    S("cross_entropy_smoothing_weight",
      lambda T, x: _nnf(T).cross_entropy(x, _classes(T, x), weight=T.tensor([0.5, 1.0, 2.0, 1.5], dtype=x.dtype),
                                         label_smoothing=0.2), [(3, 4)]),
    # embedding (and, times another leaf, EmbeddingDenseBackwardBackward0 in the gradient's graph)
    S("embedding", lambda T, w: _nnf(T).embedding(_emb_idx(T), w), [(4, 3)], empty=[(4, 0)]),
    # padding_idx: a row the indices do not name (the padding row's gradient is zero by definition, not
    # the derivative finite differences see; tests/test_nn.py checks it against torch)
    S("embedding_padding", lambda T, w: _nnf(T).embedding(_emb_idx(T), w, padding_idx=4), [(5, 3)]),
    S("embedding_times", lambda T, w, b: _nnf(T).embedding(_emb_idx(T), w, padding_idx=-1) * b,
      [(5, 3), (2, 3, 3)], bcast=[(5, 3), (3,)]),
    # the in-place fills and copy, through a clone
    S("fill_scalar", lambda T, a: a.clone().fill_(1.5), UNARY_SHAPE, scalar=[()], empty=EMPTY1),
    S("fill_tensor", lambda T, a, v: a.clone().fill_(v), [(2, 3), ()], scalar=[(), ()], empty=[(0, 3), ()]),
    S("zero_", lambda T, a: a.clone().zero_(), UNARY_SHAPE, scalar=[()], empty=EMPTY1),
    S("copy_", lambda T, a, b: a.clone().copy_(b), [(2, 3), (2, 3)], scalar=[(), ()], bcast=[(2, 3), (3,)],
      empty=[(0, 3), (3,)]),
    # view_as_complex: a real (..., 2) view read as complex (complex product, back to real); it needs
    # the last dim's stride 1 (no non-contiguous variant), and torch refuses a zero-size (0, 2) tensor
    # (its strides are (0, 0))
    S("view_as_complex", lambda T, a, b: T.view_as_real(T.view_as_complex(a) * T.view_as_complex(b)),
      [(3, 2), (3, 2)], scalar=[(2,), (2,)], noncontig=False),
    # the backward ops of diagonal, gather and max(dim) in the gradient's graph
    S("diagonal_times", lambda T, a, b: T.diagonal(a, 1, 0, 1) * b, [(3, 4), (3,)], bcast=[(3, 4), ()]),
    S("gather_times", lambda T, a, b: T.gather(a, 1, T.tensor([[0, 0], [2, 1]])) * b, [(2, 3), (2, 2)],
      bcast=[(2, 3), (2, 1)]),
    S("max_dim_times", lambda T, a, b: a.max(1)[0] * b, [(2, 3), (2,)], bcast=[(2, 3), ()]),
])
SPEC_BY_NAME.update({s.name: s for s in OP_SPECS})
assert len(SPEC_BY_NAME) == len(OP_SPECS), "duplicate spec names"
