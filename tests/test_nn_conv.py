"""Convolutions, transposed convolutions, F.pad, unfold / fold and their modules, against PyTorch
(float64): values, grad_fn names, gradients of every input, second derivatives, forward mode,
errors; finite-difference checks; module init, repr and state_dict interchange."""
import warnings

import numpy as np
import pytest

import pyautograd as P
import pyautograd.nn.functional as PF

torch = pytest.importorskip("torch")
TF = torch.nn.functional


def _pair(shapes, seed=0):
    rng = np.random.default_rng(seed)
    arrays = [rng.standard_normal(s) for s in shapes]
    return ([P.tensor(a, requires_grad=True) for a in arrays],
            [torch.tensor(a, requires_grad=True) for a in arrays])


def _np(t):
    return None if t is None else t.detach().numpy()


def _compare(fn_p, fn_t, shapes, seed=0, second=True):
    """Values, grad_fn names, first gradients (create_graph) and the second derivatives of the
    gradients' squared norm, ours vs PyTorch."""
    ps, ts = _pair(shapes, seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yp, yt = fn_p(*ps), fn_t(*ts)
    assert tuple(yp.shape) == tuple(yt.shape)
    np.testing.assert_allclose(_np(yp), _np(yt), rtol=1e-10, atol=1e-10)
    assert type(yp.grad_fn).__name__ == type(yt.grad_fn).__name__
    g = np.random.default_rng(seed + 1).standard_normal(tuple(yt.shape))
    gp = P.autograd.grad(yp, ps, P.tensor(g), create_graph=True)
    gt = torch.autograd.grad(yt, ts, torch.tensor(g), create_graph=True)
    for a, b in zip(gp, gt):
        np.testing.assert_allclose(_np(a), _np(b), rtol=1e-10, atol=1e-10)
    if not second:
        return
    sp = sum((a * a).sum() for a in gp)
    st = sum((a * a).sum() for a in gt)
    if not sp.requires_grad:      # a linear op: its gradient does not depend on the inputs
        return
    g2p = P.autograd.grad(sp, ps, allow_unused=True)
    g2t = torch.autograd.grad(st, ts, allow_unused=True)
    for a, b in zip(g2p, g2t):
        a = np.zeros(1) if a is None else _np(a)
        b = np.zeros(1) if b is None else _np(b)
        np.testing.assert_allclose(a + 0 * b, b + 0 * a, rtol=1e-9, atol=1e-9)


# ---- conv: a grid of options -------------------------------------------------------------------
CONV_CASES = [
    # (nd, input shape, weight shape, options)
    (2, (2, 4, 6, 5), (6, 4, 3, 3), {}),
    (2, (2, 4, 7, 6), (6, 2, 3, 2), dict(stride=2, padding=(1, 2), dilation=(2, 1), groups=2)),
    (2, (2, 4, 7, 6), (6, 4, 2, 3), dict(padding="same")),
    (2, (2, 4, 7, 6), (6, 4, 3, 3), dict(padding="same", dilation=2)),
    (2, (2, 4, 5, 5), (6, 4, 3, 3), dict(padding="valid", stride=(2, 1))),
    (2, (1, 4, 5, 6), (8, 1, 3, 3), dict(groups=4, padding=1)),            # depthwise
    (2, (4, 5, 6), (3, 4, 2, 2), dict(stride=2)),                           # unbatched
    (2, (2, 3, 8, 7), (4, 3, 3, 3), dict(stride=3, padding=1)),             # trailing elements dropped
    (1, (2, 3, 9), (4, 3, 3), dict(stride=2, padding=1, dilation=2)),
    (1, (4, 9), (8, 1, 3), dict(stride=3, groups=4)),
    (1, (2, 4, 8), (4, 4, 4), dict(padding="same")),
    (3, (1, 2, 4, 5, 3), (3, 2, 2, 3, 2), dict(padding=1, stride=(1, 2, 1))),
    (3, (2, 4, 3, 4, 4), (4, 2, 2, 2, 3), dict(groups=2, padding="same")),
    (3, (2, 3, 4, 4), (2, 2, 1, 2, 2), dict(dilation=(1, 2, 1))),         # unbatched 3-D
]


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("case", range(len(CONV_CASES)))
def test_conv_vs_torch(case, bias):
    nd, xs, ws, opts = CONV_CASES[case]
    name = "conv%dd" % nd
    shapes = [xs, ws] + ([(ws[0],)] if bias else [])
    _compare(lambda *a: getattr(PF, name)(*a, **opts), lambda *a: getattr(TF, name)(*a, **opts), shapes, seed=case)


TRANSPOSE_CASES = [
    (2, (2, 4, 3, 4), (4, 3, 3, 2), dict(stride=2, padding=1, output_padding=1, groups=2)),
    (2, (2, 3, 4, 4), (3, 2, 3, 3), {}),
    (2, (3, 4, 4), (3, 2, 2, 3), dict(stride=(2, 3), dilation=(2, 1), output_padding=(1, 0))),   # unbatched
    (2, (1, 4, 3, 3), (4, 1, 3, 3), dict(groups=4, padding=2)),                                  # depthwise
    (1, (2, 3, 4), (3, 2, 3), dict(stride=3, dilation=2)),
    (1, (2, 2, 5), (2, 3, 4), dict(stride=2, padding=1, output_padding=1)),
    (3, (1, 2, 3, 3, 2), (2, 2, 2, 3, 2), dict(stride=2, padding=(0, 1, 0))),
    (3, (2, 4, 2, 3, 2), (4, 1, 2, 2, 2), dict(groups=2, dilation=2, output_padding=1)),
]


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("case", range(len(TRANSPOSE_CASES)))
def test_conv_transpose_vs_torch(case, bias):
    nd, xs, ws, opts = TRANSPOSE_CASES[case]
    name = "conv_transpose%dd" % nd
    cout = ws[1] * opts.get("groups", 1)
    shapes = [xs, ws] + ([(cout,)] if bias else [])
    _compare(lambda *a: getattr(PF, name)(*a, **opts), lambda *a: getattr(TF, name)(*a, **opts), shapes, seed=case)


def test_conv_gradcheck_and_gradgradcheck():
    rng = np.random.default_rng(3)
    x = P.tensor(rng.standard_normal((1, 2, 5, 4)), requires_grad=True)
    w = P.tensor(rng.standard_normal((4, 1, 2, 3)), requires_grad=True)
    b = P.tensor(rng.standard_normal(4), requires_grad=True)
    f = lambda x, w, b: PF.conv2d(x, w, b, stride=(2, 1), padding=1, dilation=(1, 2), groups=2)
    assert P.autograd.gradcheck(f, (x, w, b))
    assert P.autograd.gradgradcheck(f, (x, w, b))
    wt = P.tensor(rng.standard_normal((2, 3, 2, 2)), requires_grad=True)
    g = lambda x, w: PF.conv_transpose2d(x, w, stride=2, output_padding=1)
    assert P.autograd.gradcheck(g, (x, wt))
    assert P.autograd.gradgradcheck(g, (x, wt))


@pytest.mark.parametrize("transposed", [False, True])
def test_conv_jvp_vs_torch(transposed):
    rng = np.random.default_rng(5)
    xs, ws = ((2, 4, 5, 5), (4, 2, 3, 3))
    arrays = [rng.standard_normal(s) for s in (xs, ws, (4,) if not transposed else (4,))]
    tangents = [rng.standard_normal(a.shape) for a in arrays]
    name = "conv_transpose2d" if transposed else "conv2d"
    opts = dict(stride=2, padding=1, groups=2) if not transposed else dict(stride=2, padding=1, groups=2,
                                                                           output_padding=1)
    fp = lambda x, w, b: getattr(PF, name)(x, w, b, **opts)
    ft = lambda x, w, b: getattr(TF, name)(x, w, b, **opts)
    outp, jp = P.func.jvp(fp, tuple(P.tensor(a) for a in arrays), tuple(P.tensor(t) for t in tangents))
    outt, jt = torch.func.jvp(ft, tuple(torch.tensor(a) for a in arrays), tuple(torch.tensor(t) for t in tangents))
    np.testing.assert_allclose(outp.numpy(), outt.numpy(), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(jp.numpy(), jt.numpy(), rtol=1e-10, atol=1e-10)


def test_conv_vmap_matches_loop():
    rng = np.random.default_rng(6)
    x = P.tensor(rng.standard_normal((3, 2, 2, 5, 5)))
    w = P.tensor(rng.standard_normal((4, 2, 3, 3)))
    out = P.func.vmap(lambda x: PF.conv2d(x, w, padding=1))(x)
    for i in range(3):
        np.testing.assert_allclose(out[i].numpy(), PF.conv2d(x[i], w, padding=1).numpy())


def test_float32_conv():
    rng = np.random.default_rng(7)
    x, w = rng.standard_normal((2, 3, 6, 6)).astype(np.float32), rng.standard_normal((4, 3, 3, 3)).astype(np.float32)
    yp = PF.conv2d(P.tensor(x), P.tensor(w), padding=1)
    yt = TF.conv2d(torch.tensor(x), torch.tensor(w), padding=1)
    assert yp.dtype == P.float32
    np.testing.assert_allclose(yp.numpy(), yt.numpy(), rtol=1e-5, atol=1e-5)


def test_integer_and_empty_batch_conv():
    rng = np.random.default_rng(9)
    x, w = rng.integers(-5, 5, (2, 3, 5, 5)), rng.integers(-5, 5, (4, 3, 2, 2))
    yp = PF.conv2d(P.tensor(x), P.tensor(w), stride=2, padding=1)
    yt = TF.conv2d(torch.tensor(x), torch.tensor(w), stride=2, padding=1)
    assert yp.dtype == P.int64
    np.testing.assert_array_equal(yp.numpy(), yt.numpy())
    _compare(lambda x, w: PF.conv2d(x, w, padding=1), lambda x, w: TF.conv2d(x, w, padding=1),
             [(0, 3, 5, 5), (4, 3, 3, 3)])


# ---- errors ------------------------------------------------------------------------------------
def _errors_match(fp, ft):
    with pytest.raises(Exception) as et:
        ft(torch)
    with pytest.raises(Exception) as ep:
        fp(P)
    assert type(ep.value).__name__ == type(et.value).__name__
    assert str(ep.value) == str(et.value)


def _conv_args(T, xs=(2, 4, 5, 5), ws=(6, 4, 3, 3), dtype=None):
    x = T.zeros(xs, dtype=T.float64)
    w = T.zeros(ws, dtype=T.float64 if dtype is None else dtype)
    return x, w


ERROR_CASES = [
    lambda T: T.nn.functional.conv2d(*_conv_args(T, ws=(6, 3, 3, 3))),                      # wrong channels
    lambda T: T.nn.functional.conv2d(*_conv_args(T, ws=(6, 4, 7, 7))),                      # kernel too big
    lambda T: T.nn.functional.conv2d(*_conv_args(T, ws=(6, 2, 3, 3)), groups=3),            # channels vs groups
    lambda T: T.nn.functional.conv2d(*_conv_args(T, ws=(6, 1, 3, 3)), groups=4),            # groups vs out
    lambda T: T.nn.functional.conv2d(*_conv_args(T), padding="same", stride=2),
    lambda T: T.nn.functional.conv2d(*_conv_args(T), padding="foo"),
    lambda T: T.nn.functional.conv2d(*_conv_args(T, xs=(5, 5))),
    lambda T: T.nn.functional.conv1d(*_conv_args(T)),
    lambda T: T.nn.functional.conv2d(*_conv_args(T), bias=T.zeros(5, dtype=T.float64)),
    lambda T: T.nn.functional.conv2d(*_conv_args(T), stride=0),
    lambda T: T.nn.functional.conv2d(*_conv_args(T), padding=-1),
    lambda T: T.nn.functional.conv2d(*_conv_args(T), dilation=0),
    lambda T: T.nn.functional.conv2d(*_conv_args(T), groups=0),
    lambda T: T.nn.functional.conv2d(*_conv_args(T), stride=(1, 1, 1)),
    lambda T: T.nn.functional.conv2d(*_conv_args(T), padding=(1, 2, 3)),
    lambda T: T.nn.functional.conv2d(*_conv_args(T, dtype=T.float32)),
    lambda T: T.nn.functional.conv2d(*_conv_args(T, ws=(6, 4, 3))),                         # weight rank
    lambda T: T.nn.functional.conv2d(*_conv_args(T, ws=(6, 4, 3, 3, 3))),
    lambda T: T.nn.functional.conv2d(*_conv_args(T, ws=(0, 4, 3, 3))),
    lambda T: T.nn.functional.conv2d(*_conv_args(T), T.zeros(6)),                            # bias dtype
    lambda T: T.nn.functional.conv_transpose2d(T.zeros(1, 4, 1, 1), T.zeros(4, 2, 1, 1), padding=1),
    lambda T: T.nn.functional.conv_transpose2d(*_conv_args(T, ws=(3, 2, 3, 3))),
    lambda T: T.nn.functional.conv_transpose2d(*_conv_args(T, ws=(4, 2, 3, 3)), stride=2, output_padding=2),
    lambda T: T.nn.functional.conv_transpose2d(*_conv_args(T, ws=(4, 2, 3, 3)), padding="same"),
    lambda T: T.nn.functional.conv_transpose2d(*_conv_args(T, ws=(4, 2, 3, 3)), groups=3),
    lambda T: T.nn.functional.pad(T.zeros(2, 4, 5, 5), (1, 1, 1)),
    lambda T: T.nn.functional.pad(T.zeros(2, 4, 5, 5), (1, 1), mode="reflect"),
    lambda T: T.nn.functional.pad(T.zeros(2, 4, 5, 5), (5, 5, 1, 1), mode="reflect"),
    lambda T: T.nn.functional.pad(T.zeros(2, 4, 5, 5), (1,) * 10),
    lambda T: T.nn.functional.pad(T.zeros(2, 4, 5, 5), (-3, -3)),
    lambda T: T.nn.functional.pad(T.zeros(2, 4, 5, 5), (1, 1), mode="foo"),
    lambda T: T.nn.functional.pad(T.zeros(2, 4, 5, 5), (1, 1, 1, 1), mode="reflect", value=2),
    lambda T: T.nn.functional.pad(T.zeros(2, 4, 5, 5), (6, 6, 1, 1), mode="circular"),
    lambda T: T.nn.functional.pad(T.zeros(2, 0, 3, 3), (1, 1, 1, 1), mode="replicate"),
    lambda T: T.nn.functional.pad(T.zeros(1, 0, 2, 2, 1), (1, -2, -2, 1, -2, 1)),             # crop past the end
    lambda T: T.nn.functional.pad(T.zeros(2, 4, 1, 1), (-1, -2, 1, 3), mode="reflect"),         # Argument #6
    lambda T: T.nn.functional.pad(T.zeros(2, 3, 4), (-2, -2), mode="replicate"),
    lambda T: T.nn.functional.pad(T.zeros(3, 3, 2), (-2, -2, -1, -2), mode="replicate"),
    lambda T: T.nn.functional.pad(T.zeros(2, 4, 1, 2), (3, 3, 0, -2), mode="replicate"),
    lambda T: T.nn.functional.pad(T.zeros(1, 3, 1), (0, -2), mode="circular"),
    lambda T: T.nn.functional.pad(T.zeros(1, 3, 1), (3, 1, -2, -2), mode="circular"),
    lambda T: T.nn.functional.pad(T.zeros(2, 1, 2, 1), (0, -2, 0, 3, 1, 1), mode="circular"),
    lambda T: T.nn.functional.unfold(T.zeros(2, 4, 5, 5), 7),
    lambda T: T.nn.functional.unfold(T.zeros(2, 4, 5, 5, 5), 3),
    lambda T: T.nn.functional.fold(T.zeros(2, 35, 9), (5, 5), 3),
    lambda T: T.nn.functional.fold(T.zeros(2, 36, 8), (5, 5), 3),
    lambda T: T.nn.functional.fold(T.zeros(2, 36, 9, 1), (5, 5), 3),
]


@pytest.mark.parametrize("case", range(len(ERROR_CASES)))
def test_errors_as_torch(case):
    f = ERROR_CASES[case]
    _errors_match(f, f)


# ---- pad, unfold, fold -------------------------------------------------------------------------
PAD_CASES = [
    ((2, 3, 4, 5), (1, 2, 2, 0)),
    ((2, 3, 5), (2, -1)),
    ((3, 5), (2, 3)),
    ((2, 3, 4, 5, 3), (1, 1, 1, 1, 1, 2)),
    ((2, 3, 4, 5), (-1, 2, 0, 1)),
]


@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
@pytest.mark.parametrize("case", range(len(PAD_CASES)))
def test_pad_vs_torch(case, mode):
    shape, amounts = PAD_CASES[case]
    fp = lambda x: PF.pad(x, amounts, mode=mode)
    ft = lambda x: TF.pad(x, amounts, mode=mode)
    if mode == "circular":      # PyTorch builds it of slice copies (CopySlices): compare values and gradients
        ps, ts = _pair([shape])
        np.testing.assert_allclose(_np(fp(*ps)), _np(ft(*ts)))
        g = np.random.default_rng(1).standard_normal(tuple(ft(*ts).shape))
        np.testing.assert_allclose(_np(P.autograd.grad(fp(*ps), ps, P.tensor(g))[0]),
                                   _np(torch.autograd.grad(ft(*ts), ts, torch.tensor(g))[0]))
        return
    _compare(fp, ft, [shape])


def test_pad_empty_results_as_torch():
    for shape, amounts, mode in (((1, 2, 3, 1), (2, -2, 0, 0), "replicate"), ((1, 2, 3, 3), (-1, -2, 0, 0), "circular"),
                                 ((1, 2, 3, 2), (-1, -1, -1, 1), "reflect"), ((2, 3), (-2, -1), "constant")):
        x = np.zeros(shape)
        assert tuple(PF.pad(P.tensor(x), amounts, mode=mode).shape) == tuple(TF.pad(torch.tensor(x), amounts,
                                                                                     mode=mode).shape)


def test_circular_pad_refuses_what_torch_leaves_undefined():
    """A circular pad wider than what the other side's crop leaves: PyTorch copies cells it has not
    written yet (uninitialised memory, or values whose gradient is not the wrap's); refused."""
    with pytest.raises(RuntimeError, match="Negative padding value is resulting in an empty dimension"):
        PF.pad(P.zeros(1, 1, 2), (2, -2), mode="circular")
    with pytest.raises(RuntimeError, match="Padding value causes wrapping around more than once"):
        PF.pad(P.zeros(1, 2, 3), (3, -2), mode="circular")


def test_pad_constant_value_and_crop():
    _compare(lambda x: PF.pad(x, (1, 1, -1, 2, 0, 1), value=2.5), lambda x: TF.pad(x, (1, 1, -1, 2, 0, 1), value=2.5),
             [(2, 3, 4, 5)])
    _compare(lambda x: PF.pad(x, (2, 1)), lambda x: TF.pad(x, (2, 1)), [(4,)])


def test_pad_second_derivative_through_a_product():
    _compare(lambda x, y: PF.pad(x * y, (1, 2, 2, 1), mode="reflect") ** 2,
             lambda x, y: TF.pad(x * y, (1, 2, 2, 1), mode="reflect") ** 2, [(2, 3, 4, 5), (2, 3, 4, 5)])
    _compare(lambda x, y: PF.pad(x * y, (1, 2), mode="replicate") ** 2,
             lambda x, y: TF.pad(x * y, (1, 2), mode="replicate") ** 2, [(2, 3, 4), (2, 3, 4)])


@pytest.mark.parametrize("opts", [dict(kernel_size=3), dict(kernel_size=(2, 3), dilation=(1, 2), padding=1, stride=2)])
def test_unfold_fold_vs_torch(opts):
    _compare(lambda x: PF.unfold(x, **opts), lambda x: TF.unfold(x, **opts), [(2, 3, 5, 6)])
    _compare(lambda x: PF.unfold(x, **opts), lambda x: TF.unfold(x, **opts), [(3, 5, 6)])
    n = TF.unfold(torch.zeros(1, 3, 5, 6), **opts).shape
    _compare(lambda x: PF.fold(x, (5, 6), **opts), lambda x: TF.fold(x, (5, 6), **opts), [tuple(n)])
    _compare(lambda x: PF.fold(x, (5, 6), **opts), lambda x: TF.fold(x, (5, 6), **opts), [tuple(n)[1:]])
    _compare(lambda x, y: PF.fold(PF.unfold(x * y, **opts), (5, 6), **opts) ** 2,
             lambda x, y: TF.fold(TF.unfold(x * y, **opts), (5, 6), **opts) ** 2, [(2, 3, 5, 6), (2, 3, 5, 6)])


def test_pad_unfold_gradcheck():
    rng = np.random.default_rng(8)
    x = P.tensor(rng.standard_normal((1, 2, 4, 5)), requires_grad=True)
    for mode in ("constant", "reflect", "replicate", "circular"):
        assert P.autograd.gradcheck(lambda x: PF.pad(x, (1, 2, 2, 1), mode=mode) ** 2, (x,))
        assert P.autograd.gradgradcheck(lambda x: PF.pad(x, (1, 2, 2, 1), mode=mode) ** 2, (x,))
    assert P.autograd.gradgradcheck(lambda x: PF.unfold(x, 2, stride=2, padding=1) ** 2, (x,))


# ---- modules -----------------------------------------------------------------------------------
MODULE_CASES = [
    ("Conv2d", (4, 6, 3), {}, (2, 4, 6, 5)),
    ("Conv2d", (4, 6, (3, 2)), dict(stride=2, padding=1, dilation=2, groups=2, bias=False, padding_mode="reflect"),
     (2, 4, 7, 8)),
    ("Conv2d", (4, 4, 3), dict(padding=2, padding_mode="circular", groups=4), (4, 6, 5)),
    ("Conv2d", (3, 2, (2, 3)), dict(padding="same", padding_mode="replicate"), (2, 3, 5, 5)),
    ("Conv1d", (2, 4, 3), dict(padding="same"), (3, 2, 7)),
    ("Conv1d", (2, 4, 4), dict(padding="same", padding_mode="circular"), (3, 2, 7)),
    ("Conv1d", (2, 4, 3), dict(padding=1, padding_mode="reflect"), (2, 5)),
    ("Conv3d", (2, 3, 2), dict(padding="valid", padding_mode="replicate"), (1, 2, 3, 4, 3)),
    ("Conv3d", (2, 3, 3), dict(padding=(1, 0, 2), padding_mode="replicate"), (1, 2, 3, 4, 3)),
    ("ConvTranspose2d", (4, 6, 3), dict(stride=2, output_padding=1), (2, 4, 3, 3)),
    ("ConvTranspose1d", (3, 2, 3), dict(stride=2, padding=1), (2, 3, 4)),
    ("ConvTranspose3d", (2, 2, 2), dict(groups=2, dilation=2), (1, 2, 2, 3, 2)),
    ("Unfold", (3,), {}, (2, 3, 5, 5)),
    ("Fold", ((4, 5), 2), {}, (2, 12, 12)),
    ("ZeroPad2d", (2,), {}, (2, 3, 3, 4)),
    ("ZeroPad1d", (1,), {}, (2, 3, 3)),
    ("ConstantPad1d", ((1, 2), 3.5), {}, (2, 3, 4)),
    ("ConstantPad2d", ((1, 0, 2, -1), 1.5), {}, (2, 3, 4)),
    ("ConstantPad3d", (1, 0.0), {}, (1, 2, 3, 4, 2)),
    ("ReflectionPad1d", ((2, 1),), {}, (2, 3, 4)),
    ("ReflectionPad2d", (1,), {}, (2, 3, 3, 4)),
    ("ReflectionPad3d", (1,), {}, (1, 2, 3, 4, 2)),
    ("ReplicationPad1d", ((1, 2),), {}, (2, 3, 4)),
    ("ReplicationPad2d", ((1, 2, 0, 3),), {}, (2, 3, 3, 4)),
    ("ReplicationPad3d", (1,), {}, (1, 2, 3, 4, 2)),
    ("CircularPad1d", (1,), {}, (2, 3, 4)),
    ("CircularPad2d", (1,), {}, (2, 3, 3, 4)),
    ("CircularPad3d", ((1, 0, 1, 2, 0, 1),), {}, (1, 2, 3, 4, 2)),
]


@pytest.mark.parametrize("case", range(len(MODULE_CASES)))
def test_module_init_repr_state_dict_and_outputs(case):
    name, args, kw, xshape = MODULE_CASES[case]
    torch.manual_seed(0)
    mt = getattr(torch.nn, name)(*args, **kw).double()
    P.manual_seed(0)
    mp = getattr(P.nn, name)(*args, **kw).double()
    assert repr(mp) == repr(mt)
    st, sp = mt.state_dict(), mp.state_dict()
    assert list(st) == list(sp)
    for k in st:        # the default init draws PyTorch's numbers for the same seed
        assert tuple(sp[k].shape) == tuple(st[k].shape)
        np.testing.assert_array_equal(sp[k].numpy(), st[k].numpy())
    # a PyTorch state_dict (other values) loads into ours and gives the same outputs and gradients
    with torch.no_grad():
        for p in mt.parameters():
            p.normal_()
    mp.load_state_dict({k: P.tensor(v.numpy()) for k, v in mt.state_dict().items()})
    x = np.random.default_rng(case).standard_normal(xshape)
    xp, xt = P.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    yp, yt = mp(xp), mt(xt)
    np.testing.assert_allclose(yp.detach().numpy(), yt.detach().numpy(), rtol=1e-10, atol=1e-10)
    (yp ** 2).sum().backward()
    (yt ** 2).sum().backward()
    np.testing.assert_allclose(xp.grad.numpy(), xt.grad.numpy(), rtol=1e-10, atol=1e-10)
    for (k, a), (_, b) in zip(mp.named_parameters(), mt.named_parameters()):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-10, atol=1e-10, err_msg=k)


@pytest.mark.parametrize("output_size", [None, (7, 8), [2, 6, 8, 7]])
def test_conv_transpose_output_size(output_size):
    torch.manual_seed(1)
    mt = torch.nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1).double()
    P.manual_seed(1)
    mp = P.nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1).double()
    x = np.random.default_rng(0).standard_normal((2, 4, 4, 4))
    yt = mt(torch.tensor(x), output_size=output_size)
    yp = mp(P.tensor(x), output_size=output_size)
    np.testing.assert_allclose(yp.detach().numpy(), yt.detach().numpy(), rtol=1e-10, atol=1e-10)


MODULE_ERRORS = [
    lambda T: T.nn.Conv2d(4, 6, 3, groups=0),
    lambda T: T.nn.Conv2d(4, 6, 3, groups=3),
    lambda T: T.nn.Conv2d(4, 6, 3, groups=4),
    lambda T: T.nn.Conv2d(4, 6, 3, padding="full"),
    lambda T: T.nn.Conv2d(4, 6, 3, padding="same", stride=2),
    lambda T: T.nn.Conv2d(4, 6, 3, padding_mode="mirror"),
    lambda T: T.nn.ConvTranspose2d(4, 6, 3, padding_mode="reflect"),
    lambda T: T.nn.ConvTranspose2d(4, 6, 3, stride=2)(T.zeros(1, 4, 3, 3), output_size=(9, 9)),
    lambda T: T.nn.ConvTranspose2d(4, 6, 3, stride=2)(T.zeros(1, 4, 3, 3), output_size=(7,)),
    lambda T: T.nn.ConvTranspose2d(4, 6, 3, stride=2)(T.zeros(1, 4, 3, 3), output_size=[6, 7]),
    lambda T: T.nn.Conv2d(4, 6, 3)(T.zeros(1, 3, 5, 5)),
]


@pytest.mark.parametrize("case", range(len(MODULE_ERRORS)))
def test_module_errors_as_torch(case):
    f = MODULE_ERRORS[case]
    _errors_match(f, f)


def test_lenet_style_training_step():
    """A small CNN (conv, relu, pad, conv, linear) trained one SGD step gives PyTorch's loss and weights."""
    def build(T):
        T.manual_seed(0)
        return T.nn.Sequential(T.nn.Conv2d(1, 4, 5, padding=2), T.nn.ReLU(), T.nn.ReflectionPad2d(1),
                               T.nn.Conv2d(4, 6, 3, stride=2), T.nn.Flatten(), T.nn.Linear(6 * 8 * 8, 10)).double()
    x = np.random.default_rng(0).standard_normal((3, 1, 16, 16))
    y = np.array([1, 4, 7])
    results = []
    for T in (P, torch):
        net = build(T)
        opt = T.optim.SGD(net.parameters(), lr=0.1)
        loss = T.nn.functional.cross_entropy(net(T.tensor(x)), T.tensor(y))
        loss.backward()
        opt.step()
        results.append((loss.item(), [p.detach().numpy().copy() for p in net.parameters()]))
    assert abs(results[0][0] - results[1][0]) < 1e-10
    for a, b in zip(results[0][1], results[1][1]):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-10)


@pytest.mark.parametrize("name,opts,wshape", [("conv2d", dict(padding=1, stride=2, groups=2), (4, 1, 2, 3)),
                                              ("conv_transpose2d", dict(stride=2, output_padding=1), (2, 3, 2, 2))])
def test_complex_conv_gradients_vs_torch(name, opts, wshape):
    """Complex values: the vjps pair g with the conjugate of the other operand (at every order)."""
    rng = np.random.default_rng(11)
    arrays = [rng.standard_normal(s) + 1j * rng.standard_normal(s) for s in ((1, 2, 4, 5), wshape)]
    ps = [P.tensor(a, requires_grad=True) for a in arrays]
    ts = [torch.tensor(a, requires_grad=True) for a in arrays]
    yp, yt = getattr(PF, name)(*ps, **opts), getattr(TF, name)(*ts, **opts)
    np.testing.assert_allclose(_np(yp), _np(yt), rtol=1e-10, atol=1e-10)
    g = rng.standard_normal(tuple(yt.shape)) + 1j * rng.standard_normal(tuple(yt.shape))
    gp = P.autograd.grad(yp, ps, P.tensor(g), create_graph=True)
    gt = torch.autograd.grad(yt, ts, torch.tensor(g), create_graph=True)
    for a, b in zip(gp, gt):
        np.testing.assert_allclose(_np(a), _np(b), rtol=1e-10, atol=1e-10)
    sp = sum((a * a.conj()).real.sum() for a in gp)
    st = sum((a * a.conj()).real.sum() for a in gt)
    for a, b in zip(P.autograd.grad(sp, ps), torch.autograd.grad(st, ts)):
        np.testing.assert_allclose(_np(a), _np(b), rtol=1e-9, atol=1e-9)


def test_per_sample_gradients_vs_torch_func():
    """vmap(grad) over a conv + pad + unfold model (the batching rules of every op here)."""
    rng = np.random.default_rng(12)
    x = rng.standard_normal((3, 2, 5, 5))
    w = rng.standard_normal((4, 2, 3, 3))

    def make(T):
        F = T.nn.functional

        def loss(w, x):
            y = F.conv2d(F.pad(x[None], (1, 1, 0, 2), mode="reflect"), w, stride=(1, 2))
            return (F.unfold(y, 2) ** 2).sum()
        return T.func.vmap(T.func.grad(loss), in_dims=(None, 0))
    gp = make(P)(P.tensor(w), P.tensor(x))
    gt = make(torch)(torch.tensor(w), torch.tensor(x))
    np.testing.assert_allclose(gp.numpy(), gt.numpy(), rtol=1e-10, atol=1e-10)
