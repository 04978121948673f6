"""Batching rules: how vmap runs each op on a batch (pyautograd/_vmap.py tells the model).

A rule is `rule(op, inputs, batched, options, level) -> physical result(s)`: `inputs` are the
op's tensor inputs as physical tensors (dim 0 is the batch for those with batched[i]; the others
are the same for every sample), `options` its keyword options as the public function computed
them from the *logical* (per-sample) shapes, `level` the vmap level (level.size is the batch
size). It returns the physical result (batch dim 0). In-place rules take (op, self, others,
batched, options, level) with a batched self and write into it.

Rules are written with pyautograd's ops on the physical tensors, so a physical tensor that is
itself batched at an outer level dispatches again, and autograd records the batched
computation. The kinds:
  elementwise   broadcasting ops: batched inputs get size-1 dims after the batch dim up to the
                highest logical rank, then the op runs as it is
  dims(...)     ops with dim options: non-negative dims move by one (negative dims count from the
                end, which the batch dim does not change); None (all dims) becomes every logical dim
  reduce_all    a full reduction (sum(), max()): the per-sample reduction over the flattened sample
  matmul        the products (mm, mv, dot, bmm, matmul, addmm): matmul of the physical operands with
                1-D operands made matrices
  index         basic and single advanced indexing: the index gets a leading full slice
  loop          any op: run per sample and stacked (correct for every op; the rule of the ops
                whose batching is not worth a rule yet)
Every op declares its rule: BATCH_RULES below for the op families, the nn ops beside their
declarations (pyautograd/nn/functional.py); tests/test_vmap.py checks every declared op against
the per-sample loop on its test specs."""
import builtins
import math

import numpy as np

from .._core import apply_op, apply_inplace, MULTI_OUTPUT_VIEW, _make_tensor
from ._registry import PUBLIC, ALL_OPS

__all__ = ["elementwise", "dims", "reduce_all", "matmul", "addmm", "loss", "index", "loop", "inplace_loop", "declare", "rule_for",
           "inplace_rule_for", "logical_ndim", "pad_to", "expand_batch"]


def _pub(name):
    return PUBLIC[name].function


# ---- helpers ----------------------------------------------------------------------------------
def logical_ndim(x, batched):
    return x.dim() - 1 if batched else x.dim()


def pad_to(x, batched, n):
    """A batched x with size-1 dims after the batch dim up to logical rank n (broadcasting then
    lines up logical dims); an unbatched x as it is."""
    k = logical_ndim(x, batched)
    if not batched or k >= n:
        return x
    shape = tuple(x.shape)
    return _pub("reshape")(x, (shape[0],) + (1,) * (n - k) + shape[1:])


def expand_batch(x, batched, size):
    """x with a batch dim: an unbatched x expanded over the batch (no copy)."""
    if batched:
        return x
    return _pub("expand")(_pub("unsqueeze")(x, 0), (size,) + tuple(x.shape))


def _shift(d):
    if d is None:
        return None
    if isinstance(d, (tuple, list)):
        return tuple(_shift(e) for e in d)
    return d + 1 if d >= 0 else d


def _as_view(out, base):
    """Mark the physical result of a view op as a view of the physical input (in-place changes
    through it then reach the base's history); the outputs of a multi-output view op as theirs."""
    if isinstance(out, tuple):
        for o in out:
            o._make_view_of(base, MULTI_OUTPUT_VIEW)
    else:
        out._make_view_of(base)
    return out


# ---- the rule kinds ---------------------------------------------------------------------------
def elementwise(op, inputs, batched, options, level):
    n = builtins.max(logical_ndim(x, b) for x, b in zip(inputs, batched))
    xs = tuple(pad_to(x, b, n) for x, b in zip(inputs, batched))
    return apply_op(op, xs, options or None)


def elementwise_view(op, inputs, batched, options, level):
    return _as_view(elementwise(op, inputs, batched, options, level), inputs[0])


def dims(*names, rank_plus=0, view=False, multi_input=False):
    """The rule of an op whose options `names` are dims of its (first) input; rank_plus=1 for
    ops whose dim ranges over one more dim than the input has (unsqueeze, stack)."""
    def rule(op, inputs, batched, options, level):
        if multi_input:     # cat / stack: every operand gets the batch
            xs = tuple(expand_batch(x, b, level.size) for x, b in zip(inputs, batched))
        else:
            xs = inputs
        nd = logical_ndim(inputs[0], batched[0])
        kw = dict(options)
        squeeze_back = nd == 0 and rank_plus == 0 and not multi_input
        if squeeze_back:
            # a dim op on a 0-d sample (sum(x, 0), softmax(x, 0)): over a size-1 dim, then back to 0-d
            xs = (_pub("unsqueeze")(xs[0], 1),) + xs[1:]
            for n in names:
                if n in kw:
                    kw[n] = (1,) if isinstance(kw[n], tuple) else 1
        else:
            for n in names:
                if n in kw:
                    v = kw[n]
                    kw[n] = tuple(range(1, nd + 1)) if v is None else _shift(v)
        out = apply_op(op, xs, kw or None)
        if squeeze_back:
            size = level.size
            out = tuple(o.reshape((size,)) for o in out) if isinstance(out, tuple) else out.reshape((size,))
        if view:
            _as_view(out, inputs[0])
        return out
    rule.kind = "dims"
    return rule


def reduce_all(dim_op):
    """A full reduction (Sum, MaxAll, ...) as dim_op over the flattened sample."""
    def rule(op, inputs, batched, options, level):
        flat = _pub("reshape")(inputs[0], (level.size, -1))
        kw = dict(options)
        kw["dim"] = 1
        kw["keepdim"] = False
        return apply_op(dim_op, (flat,), kw)
    rule.kind = "reduce_all"
    return rule


def matmul(op, inputs, batched, options, level):
    """mm, mv, dot, vdot, bmm, matmul on the physical operands. A batch against a shared vector
    or matrix is one matrix product (the batch folded into the rows, or for a shared left
    operand into the columns); two batched operands are a batched product; higher ranks use
    torch.matmul's broadcasting once 1-D operands are matrices and batched operands have the
    higher rank."""
    a, b = inputs[0], inputs[1]
    ba, bb = batched[0], batched[1]
    if op.__name__ == "Vdot":
        a = _pub("conj")(a)
    la, lb = logical_ndim(a, ba), logical_ndim(b, bb)
    mm = _pub("matmul")
    reshape = _pub("reshape")
    size = level.size
    if ba and not bb and lb <= 2 and la <= 2:
        # rows of every sample @ the shared b: one product
        shape = tuple(a.shape)
        rows = reshape(a, (math.prod(shape[:-1]), shape[-1]))
        out = mm(rows, b)
        return reshape(out, (size,) + tuple(a.shape)[1:-1] + tuple(b.shape)[1:])
    if bb and not ba and la <= 2 and lb <= 2:
        # the shared a @ every sample's columns: one product, the batch among the columns
        bs = tuple(b.shape)
        if lb == 1:                         # a @ v_s = v_s @ a^T (for every sample s at once)
            return mm(b, _pub("transpose")(a, -1, -2) if la == 2 else a)
        cols = reshape(_pub("movedim")(b, 0, 1), (bs[1], size * bs[2]))     # (k, B*m)
        out = mm(a, cols)                   # (n, B*m) or (B*m,)
        if la == 1:
            return reshape(out, (size, bs[2]))
        return _pub("movedim")(reshape(out, (tuple(a.shape)[0], size, bs[2])), 1, 0)
    if ba and bb and la == 1 and lb == 1:
        return _pub("sum")(a * b, -1)
    if ba and bb and lb == 2 and la in (1, 2) and _shared(b):
        out = apply_op(_SHARED_MATMUL[0], (a if la == 2 else _pub("unsqueeze")(a, -2), b))
        return out if la == 2 else _pub("squeeze")(out, -2)
    if la == 1:
        a = _pub("unsqueeze")(a, -2)
    if lb == 1:
        b = _pub("unsqueeze")(b, -1)
    n = builtins.max(builtins.max(la, 2), builtins.max(lb, 2))
    # an unbatched operand of a higher rank than the batched one lines up from the right
    a, b = pad_to(a, ba, n), pad_to(b, bb, n)
    out = mm(a, b)
    if lb == 1:
        out = _pub("squeeze")(out, -1)
    if la == 1:
        out = _pub("squeeze")(out, -1 if lb == 1 else -2)
    return out


_SHARED_MATMUL = []     # linalg's SharedMatmul (set by _declare_families)


def _shared(x):
    """x's batch is one tensor expanded (stride 0 along the batch dim, a plain tensor)."""
    d = x._data
    return type(d) is np.ndarray and d.ndim == 3 and d.strides[0] == 0 and d.shape[0] > 1 and d.size > 0


def addmm(op, inputs, batched, options, level):
    """bias + x @ w (nn.functional.linear's Addmm)."""
    bias, x, w = inputs
    prod = matmul(op, (x, w), (batched[1], batched[2]), {}, level)
    pb = batched[1] or batched[2]
    n = builtins.max(logical_ndim(prod, pb), logical_ndim(bias, batched[0]))
    return _pub("add")(pad_to(prod, pb, n), pad_to(bias, batched[0], n))


def loss(op, inputs, batched, options, level):
    """A loss with a `reduction` option: the elementwise loss ('none') of the batch, then the
    reduction of each sample."""
    kw = dict(options)
    reduction = kw.get("reduction", "mean")
    kw["reduction"] = "none"
    per = elementwise(op, inputs, batched, kw, level)
    if reduction == "none":
        return per
    flat = _pub("reshape")(per, (level.size, -1))
    return _pub("sum" if reduction == "sum" else "mean")(flat, 1)


def _advanced_count(idx):
    items = idx if isinstance(idx, tuple) else (idx,)
    return builtins.sum(1 for it in items if not (it is None or it is Ellipsis or isinstance(it, (slice, int))))


def index(op, inputs, batched, options, level):
    """x[index] of a batched x: the same index after a full slice over the batch dim. Two or more
    advanced indices may move the indexed dims in front, so those run per sample."""
    idx = options.get("index")
    if _advanced_count(idx) > 1:
        return loop(op, inputs, batched, options, level)
    items = idx if isinstance(idx, tuple) else (idx,)
    kw = dict(options)
    kw["index"] = (slice(None),) + tuple(items)
    out = apply_op(op, inputs, kw)
    if op.__name__ != "IndexAdvanced":
        _as_view(out, inputs[0])
    return out


def _zeros(shape, like):
    return _make_tensor(np.zeros(shape, dtype=like._data.dtype))


def _sample(x, b, i):
    return _pub("select")(x, 0, i) if b else x


def loop(op, inputs, batched, options, level):
    """The op per sample, stacked: right for every op (the physical graph is the per-sample
    graphs side by side); the rule of ops whose batching has no faster rule yet."""
    outs = []
    size = level.size
    if size == 0:       # the result's per-sample shape and dtype, from a zero sample
        sample = apply_op(op, tuple(_zeros(tuple(x.shape[1:]), x) if b else x for x, b in zip(inputs, batched)),
                          options or None)
        if isinstance(sample, tuple):
            return tuple(_zeros((0,) + tuple(s.shape), s) for s in sample)
        return _zeros((0,) + tuple(sample.shape), sample)
    for i in range(size):
        outs.append(apply_op(op, tuple(_sample(x, b, i) for x, b in zip(inputs, batched)), options or None))
    stack = _pub("stack")
    if isinstance(outs[0], tuple):
        return tuple(stack([o[k] for o in outs], 0) for k in range(len(outs[0])))
    return stack(outs, 0)


loop.kind = "loop"
loss.kind = "loss"
elementwise.kind = "elementwise"
elementwise_view.kind = "elementwise"
matmul.kind = "matmul"
addmm.kind = "matmul"
index.kind = "index"


# ---- in-place ---------------------------------------------------------------------------------
def inplace_elementwise(op, self, others, batched, options, level):
    n = logical_ndim(self, True)
    xs = tuple(pad_to(x, b, n) for x, b in zip(others, batched))
    apply_inplace(op, self, xs, options or None)


def inplace_index(op, self, others, batched, options, level):
    """x[index] = v with a batched x: the index after a full slice, when v is the same for
    every sample and the index has at most one advanced part; per sample otherwise. Written with
    setitem, so an expanded x is written as PyTorch writes one (through the shared memory)."""
    idx = options.get("index")
    items = idx if isinstance(idx, tuple) else (idx,)
    setitem = _pub("setitem")
    if any(batched) or _advanced_count(idx) > 1:
        for i in range(level.size):
            setitem(_pub("select")(self, 0, i), idx, _sample(others[0], batched[0], i))
        return
    setitem(self, (slice(None),) + tuple(items), others[0])


def inplace_fill(op, self, others, batched, options, level):
    """fill_ / zero_ of a batched tensor: its physical tensor filled (an expanded one written as
    PyTorch writes one)."""
    if others:      # fill_(a 0-d tensor): the value of each sample
        value = others[0]
        if batched[0]:
            inplace_elementwise(op, self, others, batched, options, level)
            return
        self.fill_(value)
    elif "value" in options:
        self.fill_(options["value"])
    else:
        self.zero_()


def inplace_loop(op, self, others, batched, options, level):
    """The in-place op on each sample of self (a view of it: the write reaches self and its
    history, CopySlices as any in-place change of a view)."""
    for i in range(level.size):
        apply_inplace(op, _pub("select")(self, 0, i), tuple(_sample(x, b, i) for x, b in zip(others, batched)),
                      options or None)


# ---- declarations -----------------------------------------------------------------------------
def declare(table):
    """Give ops their batching rule (and in-place rule: `batch_inplace`), from {op: rule} or
    {op: (rule, inplace rule)}."""
    for op, rule in table.items():
        if isinstance(rule, tuple):
            op.batch, op.batch_inplace = rule
        else:
            op.batch = rule


def rule_for(op):
    rule = op.__dict__.get("batch") or getattr(op, "batch", None)
    return rule if rule is not None else loop


def inplace_rule_for(op):
    rule = getattr(op, "batch_inplace", None)
    if rule is not None:
        return rule
    return inplace_elementwise if getattr(rule_for(op), "kind", None) == "elementwise" else inplace_loop


def _declare_families():
    ops = {}
    for op in ALL_OPS:
        ops.setdefault(op.__name__, []).append(op)      # two declarations are named Pow

    def each(names, rule):
        for name in names.split():
            for op in ops[name]:
                table[op] = rule
    table = {}
    each("Add Sub Mul Div PowScalar Pow RPowScalar Neg Exp Expm1 Log Log2 Log10 Log1P Sqrt Rsqrt Sin Cos Tan Asin "
         "Acos Atan Sinh Cosh Tanh Sigmoid Abs Sign Relu ThresholdBackward Reciprocal Clamp ClampTensor ClampMin ClampMax ClampMinTensor ClampMaxTensor Maximum "
         "Minimum ToCopy Clone _ModTensor RemainderTensor FmodTensor RemainderScalar FmodScalar Floor Ceil Trunc "
         "Frac Round RoundDecimals Hypot Logaddexp Asinh Acosh Atanh Deg2Rad Rad2Deg Atan2 Copysign Ldexp Logaddexp2 "
         "Fmax Fmin", elementwise)
    # special functions (ops/special.py)
    each("Erf Erfc Erfinv Lgamma Digamma Polygamma I0 SpecialI0E SpecialI1 SpecialI1E SpecialNdtri SpecialLogNdtr "
         "SpecialErfcx Sinc Exp2 SpecialEntr Logit Mvlgamma Xlogy SpecialXlog1Py SpecialZeta Igamma Igammac", elementwise)
    each("Where MaskedFill", where)
    for op in ops["Where"] + ops["MaskedFill"]:
        op.batch_options = ("cond",)
    # batched gathers are batched by gather() (its index checks read the index's values)
    each("_RsubScalar _Copy _MaskedFill", elementwise)
    each("_Fill _Zero _FillTensor", (elementwise, inplace_fill))
    each("_CopyGrad", loop)
    # shapes and views
    each("View UnsafeView", reshape_rule)
    each("Expand", expand_rule)
    each("Permute", permute_rule)
    each("Transpose", dims("dim0", "dim1", view=True))
    each("T", t_rule)
    each("Squeeze", squeeze_all_rule)
    each("SqueezeDim", dims("dim", view=True))
    each("SqueezeDims", dims("dim", view=True))
    each("Unsqueeze", dims("dim", rank_plus=1, view=True))
    each("Tril Triu", elementwise)
    each("Flip", dims("dims"))
    each("Repeat", repeat_rule)
    each("SplitViews SplitWithSizesViews UnbindViews", dims("dim", view=True))
    each("Cat", dims("dim", multi_input=True))
    each("Stack", dims("dim", rank_plus=1, multi_input=True))
    each("Diagonal", dims("dim1", "dim2", view=True))
    each("SumToSize CopySlicesView AsStridedView DiagonalScatter", loop)
    each("AsStrided", as_strided_rule)
    # indexing
    each("Index Slice Select UnsqueezeIndex AliasIndex IndexAdvanced", index)
    each("IndexPut IndexPutAdvanced IndexPutAdvancedThroughExpand", (loop, inplace_index))
    each("IndexPutZeros ScatterAlong ScatterAdd Gather", loop)
    # reductions
    each("SumDim MeanDim ProdDim Amax Amin Logsumexp VectorNorm Var Std Cumsum Cumprod Softmax LogSoftmax MaxDim "
         "MinDim", dims("dim"))
    each("Sum", reduce_all(ops["SumDim"][0]))
    each("Mean", reduce_all(ops["MeanDim"][0]))
    each("Prod", reduce_all(ops["ProdDim"][0]))
    each("MaxAll", reduce_all(ops["Amax"][0]))
    each("MinAll", reduce_all(ops["Amin"][0]))
    # products
    each("Matmul Mm Bmm Dot Mv Vdot", matmul)
    each("SharedMatmul", loop)
    _SHARED_MATMUL[:] = ops["SharedMatmul"]
    each("SqueezeMatmul", dims("dim"))
    # complex
    each("Conj ConjPhysical Angle Sgn ComplexFromParts Polar", elementwise)
    each("RealView ImagView ViewAsReal ViewAsComplex", elementwise_view)
    # sorting (ops/sorting.py): per sample (the selecting ops compute their indices per slice)
    each("_Selecting Sort SortStable Topk Kthvalue MedianDim NanmedianDim Mode Cummax Cummin MedianAll NanmedianAll "
         "Logcumsumexp Nansum VarMean StdMean", loop)
    declare(table)


# ---- the rules of single ops ------------------------------------------------------------------
def where(op, inputs, batched, options, level):
    """where(cond, a, b) / masked_fill: the condition may be batched too (its tensor is an option)."""
    cond_t = options.get("cond_t")
    if cond_t is not None:
        c, cb = level.unwrap(cond_t)
    else:
        c, cb = _make_tensor(options["cond"]), False
    n = builtins.max([logical_ndim(c, cb)] + [logical_ndim(x, b) for x, b in zip(inputs, batched)])
    c = pad_to(c, cb, n)
    a, b = (pad_to(x, bt, n) for x, bt in zip(inputs, batched))
    if level.is_batched(c):     # a condition batched at an outer level: where() dispatches it there
        return _pub("where")(c, a, b)
    kw = dict(options)
    kw["cond"] = c._data
    kw["cond_t"] = c
    return apply_op(op, (a, b), kw)


def as_strided_rule(op, inputs, batched, options, level):
    """as_strided addresses a sample's memory by strides and offset, which the batch changes
    (torch.vmap accepts it only where they line up); refused rather than read wrongly."""
    raise RuntimeError("vmap: as_strided on a batched tensor is not supported by pyautograd's vmap (its sizes, "
                       "strides and storage offset address one sample's memory). Use view/reshape/expand/unfold "
                       "instead, or call as_strided outside of vmap.")


def reshape_rule(op, inputs, batched, options, level):
    x = inputs[0]
    shape = tuple(options["shape"])
    out = _pub("reshape")(x, (level.size,) + shape)
    return out


def expand_rule(op, inputs, batched, options, level):
    shape = tuple(options["shape"])
    x = pad_to(inputs[0], True, len(shape))
    return _as_view(apply_op(op, (x,), {"shape": (level.size,) + shape}), inputs[0])


def permute_rule(op, inputs, batched, options, level):
    nd = logical_ndim(inputs[0], True)
    d = tuple(options["dims"])
    return _as_view(apply_op(op, inputs, {"dims": (0,) + tuple((i % nd) + 1 for i in d)}) if nd else
                    inputs[0].view_as(inputs[0]), inputs[0])


def t_rule(op, inputs, batched, options, level):
    x = inputs[0]
    if logical_ndim(x, True) < 2:
        return x.view_as(x)
    return _pub("transpose")(x, 1, 2)


def squeeze_all_rule(op, inputs, batched, options, level):
    x = inputs[0]
    d = tuple(i + 1 for i, s in enumerate(tuple(x.shape)[1:]) if s == 1)
    if not d:
        return x.view_as(x)
    return _pub("squeeze")(x, d)


def repeat_rule(op, inputs, batched, options, level):
    reps = tuple(options["repeats"])
    x = pad_to(inputs[0], True, len(reps))
    return apply_op(op, (x,), {"repeats": (1,) + reps})


_declare_families()


# ---- ops/scatter.py: index writes (scatter, index_add, put, index_put, ...) and reads
# (index_select, take, masked_select, diag_embed): the per-sample loop (their coordinates are
# computed per sample by the public functions)
_SCATTER_FAMILY = ("ScatterInto ScatterValue ScatterAddInto ScatterReduceInto IndexAddInto IndexCopyInto "
                   "IndexFillValue IndexFillTensor MaskedScatterInto PutInto IndexPutInto IndexSelect MaskedSelect Take "
                   "TakeAlongDim DiagEmbed").split()
declare({op: loop for op in ALL_OPS if op.__name__ in _SCATTER_FAMILY and op.__module__ == "pyautograd.ops.scatter"})


# ---- torch.linalg's decompositions (ops/decomp.py): batched over leading dims by themselves ------
def matrices(op, inputs, batched, options, level):
    """An op on batches of matrices: the batch dim is one more leading dim; the operands of a
    two-operand op (solve, whose batch dims broadcast) are lined up by their logical rank."""
    if len(inputs) > 1:
        n = builtins.max(logical_ndim(x, b) for x, b in zip(inputs, batched))
        inputs = tuple(pad_to(x, b, n) for x, b in zip(inputs, batched))
    return apply_op(op, inputs, options or None)


declare({op: matrices for op in ALL_OPS if op.__module__.endswith("ops.decomp")})


# ---- ops/combine.py: rot90 and narrow_copy move their dims; cdist batches over leading dims by
# itself; roll (its flattened form rolls across the sample), block_diag, cross and dist: per sample
def _roll_rule(op, inputs, batched, options, level):
    if options["dims"]:
        return dims("dims")(op, inputs, batched, options, level)
    return loop(op, inputs, batched, options, level)


_COMBINE = {"Roll": _roll_rule, "Rot90": dims("dims"), "NarrowCopy": dims("dim"), "Cdist": matrices,
            "BlockDiag": loop, "LinalgCross": loop, "Dist": loop, "Heaviside": elementwise}
declare({op: _COMBINE[op.__name__] for op in ALL_OPS if op.__module__ == "pyautograd.ops.combine"})
