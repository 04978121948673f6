"""vmap of every op against the per-sample loop, generated from OP_SPECS (tests/op_specs.py).

For every op, variant (base, 0-d, broadcast, non-contiguous) and batching pattern (every input
mapped; one input mapped and the others shared; the first input mapped over its last dim), the
vmapped op must give the stacked per-sample results (values and dtypes) and the same gradients
with respect to every input (mapped or shared) as the loop. The loop is the definition of vmap,
so a batching rule that broadcasts wrongly, moves a dim wrongly or reads a sample's stand-in
values fails here."""
import numpy as np
import pytest

import pyautograd as T
from pyautograd.func import vmap
from pyautograd.ops.batching import rule_for
from pyautograd.ops._registry import ALL_OPS
from op_specs import OP_SPECS, make_arrays
from test_ops_grad import _outputs

B = 3


def _patterns(shapes):
    n = len(shapes)
    yield "all", (0,) * n
    if n > 1:
        for i in range(n):
            yield "only%d" % i, tuple(0 if j == i else None for j in range(n))
    if shapes and len(shapes[0]) >= 1:
        yield "last", (-1,) + (0,) * (n - 1)


# view_as_complex needs a last dim of stride 1, which a batch mapped over the last dim breaks:
# torch.vmap raises there too
_NO_LAST = {"view_as_complex"}


def _cases():
    for spec in OP_SPECS:
        variants = [(v, s, nc) for v, s, nc in spec.variants()]
        if spec.empty is not None:
            variants.append(("empty", spec.empty, False))
        for vname, shapes, nc in variants:
            for pname, dims in _patterns(shapes):
                if pname == "last" and spec.name in _NO_LAST:
                    continue
                yield pytest.param(spec, shapes, nc, dims, id="%s-%s-%s" % (spec.name, vname, pname))


CASES = list(_cases())


def _batched_inputs(spec, shapes, nc, dims):
    """Per-input: the array given to vmap (with the batch at its in_dim) and the B samples."""
    per_sample = [make_arrays(spec, shapes, seed) for seed in range(B)]
    given, samples = [], []
    for k, d in enumerate(dims):
        if d is None:
            given.append(per_sample[0][k])
            samples.append([per_sample[0][k]] * B)
        else:
            stacked = np.stack([per_sample[b][k] for b in range(B)], axis=d if d >= 0 else len(shapes[k]) + 1 + d)
            given.append(stacked)
            samples.append([per_sample[b][k] for b in range(B)])
    return given, samples


def _tensor(a, nc, requires_grad=True):
    if nc and a.ndim >= 2 and 0 not in a.shape:
        t = T.tensor(np.ascontiguousarray(a.swapaxes(-1, -2))).transpose(-1, -2)
        leaf = t
    else:
        leaf = t = T.tensor(a)
    return t, leaf


def _float(o):
    return o.dtype.is_floating_point or o.dtype.is_complex


@pytest.mark.parametrize("spec,shapes,nc,dims", CASES)
def test_vmap_matches_loop(spec, shapes, nc, dims):
    given, samples = _batched_inputs(spec, shapes, nc, dims)
    # the loop
    loop_leaves = [T.tensor(a, requires_grad=True) for a in given]
    loop_outs = []
    for b in range(B):
        xs = []
        for leaf, d in zip(loop_leaves, dims):
            xs.append(leaf if d is None else leaf.select(d, b))
        loop_outs.append(_outputs(spec.fn(T, *xs)))
    expected = [T.stack([o[k] for o in loop_outs]) for k in range(len(loop_outs[0]))]
    # vmap
    leaves = []
    inputs = []
    for a in given:
        t, leaf = _tensor(a, nc)
        leaf.requires_grad_()
        leaves.append(leaf)
        inputs.append(t)
    if spec.name.startswith("as_strided"):
        with pytest.raises(RuntimeError, match="as_strided on a batched tensor is not supported"):
            vmap(lambda *xs: spec.fn(T, *xs), in_dims=dims)(*inputs)
        return
    try:
        got = vmap(lambda *xs: spec.fn(T, *xs), in_dims=dims)(*inputs)
    except RuntimeError as e:
        # an in-place op writing a mapped value into a tensor that is not mapped: torch's error
        assert dims[0] is None and "doesn't match the broadcast shape" in str(e), (spec.name, str(e))
        return
    got = _outputs(got)
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert g.dtype == e.dtype, spec.name
        assert tuple(g.shape) == tuple(e.shape), spec.name
        np.testing.assert_allclose(g.detach().numpy(), e.detach().numpy(), rtol=1e-10, atol=1e-12, err_msg=spec.name)
    # gradients with respect to every input, mapped or shared
    rng = np.random.default_rng(7)
    pairs = [(g, e) for g, e in zip(got, expected) if _float(g) and g.requires_grad and g.numel()]
    if not pairs:
        return
    ws = [T.tensor(rng.standard_normal(tuple(g.shape))) for g, _ in pairs]
    lg = sum(((g * w).sum() for (g, _), w in zip(pairs, ws)), T.tensor(0.0))
    le = sum(((e * w).sum() for (_, e), w in zip(pairs, ws)), T.tensor(0.0))
    ggot = T.autograd.grad(lg, leaves, allow_unused=True)
    gexp = T.autograd.grad(le, loop_leaves, allow_unused=True)
    for a, b in zip(ggot, gexp):
        if b is None:
            assert a is None or not a.abs().sum().item()
            continue
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-10, atol=1e-12, err_msg=spec.name)


def test_every_op_declares_a_batching_rule():
    missing = [op.__name__ for op in ALL_OPS if getattr(op, "batch", None) is None]
    assert not missing, "ops without a batching rule declaration: %s" % missing
    assert rule_for(ALL_OPS[0]) is not None


def _torch_cases():
    for spec in OP_SPECS:
        if spec.name.startswith("as_strided"):
            continue
        for pname, dims in _patterns(spec.shapes):
            if pname in ("all", "only0", "last") and not (pname == "last" and spec.name in _NO_LAST):
                yield pytest.param(spec, dims, id="%s-%s" % (spec.name, pname))


@pytest.mark.parametrize("spec,dims", list(_torch_cases()))
def test_vmap_matches_torch_func_vmap(spec, dims):
    """The same vmapped op in torch.func (values, dtypes, shapes), where torch's vmap takes it."""
    torch = pytest.importorskip("torch")
    given, _ = _batched_inputs(spec, spec.shapes, False, dims)
    try:
        want = torch.func.vmap(lambda *xs: spec.fn(torch, *xs), in_dims=dims)(*[torch.tensor(a) for a in given])
    except Exception as e:      # an op torch's vmap refuses (in-place on an unmapped tensor, ...)
        pytest.skip("torch.func.vmap refuses it: %s" % str(e).splitlines()[0][:100])
    got = vmap(lambda *xs: spec.fn(T, *xs), in_dims=dims)(*[T.tensor(a) for a in given])
    got, want = _outputs(got), _outputs(want)
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert str(g.dtype) == str(w.dtype), spec.name
        assert tuple(g.shape) == tuple(w.shape), spec.name
        np.testing.assert_allclose(g.detach().numpy(), w.detach().numpy(), rtol=1e-10, atol=1e-12, err_msg=spec.name)
