"""Normalisation and regularisation layers (nn/_norm.py, nn/_norm_modules.py): differential against
torch in float64 over grids of the options (values, gradients of every float input, second
derivatives, errors: type and text), finite-difference checks, running statistics in train and eval
mode after a few steps, reprs, state_dict keys and interchange with torch, dropout masks."""
import itertools
import warnings

import numpy as np
import pytest

import pyautograd as pa
import pyautograd.nn as nn
import pyautograd.nn.functional as F
from pyautograd.autograd import gradcheck, gradgradcheck


def _torch():
    return pytest.importorskip("torch")


pytestmark = pytest.mark.usefixtures("torch_one_thread")   # tests/conftest.py


def _same(ours, theirs, what, rtol=1e-10, atol=1e-12):
    o = ours.detach().numpy() if hasattr(ours, "detach") else np.asarray(ours)
    t = theirs.detach().numpy() if hasattr(theirs, "detach") else np.asarray(theirs)
    assert tuple(o.shape) == tuple(t.shape), "%s: shape %s vs torch %s" % (what, o.shape, t.shape)
    np.testing.assert_allclose(o, t, rtol=rtol, atol=atol, equal_nan=True, err_msg=what)


def _call(f, *args):
    try:
        return f(*args), None
    except Exception as e:     # noqa: BLE001 (the error itself is compared)
        return None, e


def _differential(fn, arrays, what, second=True, grad_fn=False, seed=0, text=lambda s: s):
    """fn(lib, *tensors) with lib pyautograd or torch, the float arrays as leaves requiring grad:
    the error (type and text) or the values, the gradients of <out, w> w.r.t. every float leaf, and
    the second derivatives of <grads, v> w.r.t. the leaves and w."""
    torch = _torch()
    libs = []
    for lib in (pa, torch):
        ts = [lib.tensor(a, requires_grad=a.dtype.kind == "f") if isinstance(a, np.ndarray) else a for a in arrays]
        libs.append((lib, ts))
    (_, xs), (_, txs) = libs
    ours, err = _call(fn, pa, *xs)
    theirs, terr = _call(fn, torch, *txs)
    if terr is not None:
        assert err is not None, "%s: torch raised %r, we did not" % (what, terr)
        assert type(err) is type(terr) and text(str(err)) == str(terr), "%s: %r vs torch %r" % (what, err, terr)
        return None
    assert err is None, "%s: %r (torch did not raise)" % (what, err)
    _same(ours, theirs, what)
    if grad_fn:
        assert type(ours.grad_fn).__name__ == type(theirs.grad_fn).__name__, what
    leaves = [x for x in xs if isinstance(x, pa.Tensor) and x.requires_grad]
    tleaves = [x for x in txs if isinstance(x, torch.Tensor) and x.requires_grad]
    if not tleaves or not theirs.requires_grad:
        return ours
    rng = np.random.default_rng(seed + 7)
    wa = rng.standard_normal(tuple(theirs.shape))
    w, tw = pa.tensor(wa, requires_grad=True), torch.tensor(wa, requires_grad=True)
    gs = pa.autograd.grad((ours * w).sum(), leaves, create_graph=True, allow_unused=True)
    tgs = torch.autograd.grad((theirs * tw).sum(), tleaves, create_graph=True, allow_unused=True,
                              materialize_grads=True)
    gs = [pa.zeros_like(x) if g is None else g for g, x in zip(gs, leaves)]
    for i, (g, tg) in enumerate(zip(gs, tgs)):
        _same(g, tg, "%s grad %d" % (what, i), rtol=1e-9, atol=1e-10)
    if second:
        vs = [rng.standard_normal(tuple(t.shape)) for t in tgs]
        s = sum((g * pa.tensor(v)).sum() for g, v in zip(gs, vs) if g.requires_grad)
        ts = sum((g * torch.tensor(v)).sum() for g, v in zip(tgs, vs) if g.requires_grad)
        if not isinstance(ts, int):
            assert not isinstance(s, int), what
            gg = pa.autograd.grad(s, leaves + [w], allow_unused=True)
            tgg = torch.autograd.grad(ts, tleaves + [tw], allow_unused=True, materialize_grads=True)
            for i, (o, t, x) in enumerate(zip(gg, tgg, leaves + [w])):
                _same(pa.zeros_like(x) if o is None else o, t, "%s second derivative %d" % (what, i),
                      rtol=1e-8, atol=1e-9)
    return ours


def _randn(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


def _grid(**axes):
    names = list(axes)
    for values in itertools.product(*axes.values()):
        yield dict(zip(names, values))


# ------------------------------------------------------------------ batch_norm --
@pytest.mark.parametrize("shape", [(4, 3), (3, 3, 5), (2, 3, 4, 3), (2, 3, 2, 3, 2)])
def test_batch_norm_functional_grid(shape):
    c = shape[1]
    for i, o in enumerate(_grid(training=[True, False], affine=[True, False], stats=[True, False],
                                momentum=[0.1, 0.5])):
        arrays = [_randn(*shape, seed=i)]
        if o["affine"]:
            arrays += [_randn(c, seed=i + 1), _randn(c, seed=i + 2)]
        rm, rv = _randn(c, seed=i + 3), np.abs(_randn(c, seed=i + 4)) + 0.5
        state = {}

        def fn(lib, x, *wb, _o=o):
            m = v = None
            if _o["stats"]:
                m, v = lib.tensor(rm.copy()), lib.tensor(rv.copy())
                state[lib.__name__] = (m, v)
            return lib.nn.functional.batch_norm(x, m, v, *wb, training=_o["training"], momentum=_o["momentum"])
        _differential(fn, arrays, "batch_norm %s %r" % (shape, o), second=(i % 3 == 0), seed=i, grad_fn=True)
        if o["stats"]:
            (m, v), (tm, tv) = state["pyautograd"], state["torch"]
            _same(m, tm, "running_mean")
            _same(v, tv, "running_var")


def test_batch_norm_errors():
    torch = _torch()
    cases = [((2, 3, 4), 4, 3, True, 1e-5), ((1, 3), 3, 3, True, 1e-5), ((3,), 3, 3, False, 1e-5),
             ((2, 3), 3, 3, True, 0.0), ((2, 3), 3, 3, False, -1.0), ((2, 3), 3, 2, True, 1e-5),
             ((1, 3, 1, 1), 3, 3, True, 1e-5)]
    for shape, nm, nv, training, eps in cases:
        def fn(lib, x, _nm=nm, _nv=nv, _t=training, _e=eps):
            return lib.nn.functional.batch_norm(x, lib.zeros(_nm, dtype=lib.float64), lib.ones(_nv, dtype=lib.float64),
                                                training=_t, eps=_e)
        _differential(fn, [_randn(*shape)], "batch_norm error %r" % (shape,))
    # eval mode without running stats
    with pytest.raises(RuntimeError):
        F.batch_norm(pa.randn(2, 3), None, None, training=False)
    assert torch is not None


@pytest.mark.parametrize("cls,shape", [("BatchNorm1d", (4, 3)), ("BatchNorm1d", (3, 3, 4)),
                                       ("BatchNorm2d", (2, 3, 4, 3)), ("BatchNorm3d", (2, 3, 2, 3, 2))])
def test_batch_norm_module_running_stats(cls, shape):
    torch = _torch()
    for opts in _grid(momentum=[0.1, None, 0.7], affine=[True, False], track_running_stats=[True, False]):
        m = getattr(nn, cls)(3, **opts).double()
        t = getattr(torch.nn, cls)(3, **opts).double()
        assert repr(m) == repr(t)
        assert list(m.state_dict()) == list(t.state_dict())
        for step in range(3):
            a = _randn(*shape, seed=step) * (step + 1) + step
            x, tx = pa.tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)
            o, to = m(x), t(tx)
            _same(o, to, "%s %r step %d" % (cls, opts, step))
            g, = pa.autograd.grad(o.pow(3).sum(), x)
            tg, = torch.autograd.grad(to.pow(3).sum(), tx)
            _same(g, tg, "%s grad" % cls, rtol=1e-9, atol=1e-10)
        for k, v in t.state_dict().items():
            _same(m.state_dict()[k], v, "%s %r %s" % (cls, opts, k))
            assert str(m.state_dict()[k].dtype) == str(v.dtype), k
        m.eval()
        t.eval()
        a = _randn(*shape, seed=9)
        _same(m(pa.tensor(a)), t(torch.tensor(a)), "%s eval" % cls)
        if opts["track_running_stats"]:
            assert int(m.num_batches_tracked) == 3
            m.reset_running_stats()
            assert int(m.num_batches_tracked) == 0 and float(m.running_var.sum()) == 3


def test_batch_norm_module_state_dict_from_torch():
    torch = _torch()
    t = torch.nn.BatchNorm2d(3).double()
    for s in range(2):
        t(torch.tensor(_randn(2, 3, 4, 4, seed=s)))
    with torch.no_grad():
        t.weight.uniform_()
        t.bias.uniform_()
    t.eval()
    m = nn.BatchNorm2d(3).double()
    m.load_state_dict({k: pa.tensor(v.numpy()) for k, v in t.state_dict().items()})
    m.eval()
    a = _randn(2, 3, 4, 4, seed=5)
    _same(m(pa.tensor(a)), t(torch.tensor(a)), "loaded BatchNorm2d")


def test_batch_norm_module_dim_errors():
    torch = _torch()
    for cls, shapes in (("BatchNorm1d", [(3,), (2, 3, 4, 5)]), ("BatchNorm2d", [(2, 3, 4), (2, 3, 4, 5, 6)]),
                        ("BatchNorm3d", [(2, 3, 4, 5)])):
        for shape in shapes:
            m, t = getattr(nn, cls)(3), getattr(torch.nn, cls)(3)
            with pytest.raises(ValueError) as e:
                m(pa.zeros(shape))
            with pytest.raises(ValueError) as te:
                t(torch.zeros(shape))
            assert str(e.value) == str(te.value)
    m, t = nn.BatchNorm1d(3), torch.nn.BatchNorm1d(3)
    _differential(lambda lib, x: (m if lib is pa else t)(x), [_randn(1, 3).astype(np.float32)], "one value")


def test_batch_norm_gradcheck():
    x = pa.tensor(_randn(3, 2, 3), requires_grad=True)
    w = pa.tensor(_randn(2, seed=1), requires_grad=True)
    b = pa.tensor(_randn(2, seed=2), requires_grad=True)
    f = lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True)  # noqa: E731
    assert gradcheck(f, (x, w, b))
    assert gradgradcheck(f, (x, w, b))


# ---------------------------------------------------------------- group_norm --
@pytest.mark.parametrize("shape,groups", [((2, 6), 3), ((2, 6, 4), 2), ((3, 4, 2, 3), 4), ((2, 4, 2, 2, 2), 1),
                                          ((2, 6, 3), 4), ((1, 3, 1), 3)])
def test_group_norm_grid(shape, groups):
    c = shape[1]
    for i, (affine, bias, eps) in enumerate(itertools.product([True, False], [True, False], [1e-5, 0.1])):
        arrays = [_randn(*shape, seed=i)]
        if affine:
            arrays.append(_randn(c, seed=i + 1))
            arrays.append(_randn(c, seed=i + 2) if bias else None)

        def fn(lib, x, *wb, _eps=eps):
            return lib.nn.functional.group_norm(x, groups, *wb, eps=_eps)
        _differential(fn, arrays, "group_norm %s %d" % (shape, groups), second=(i % 2 == 0), seed=i, grad_fn=True)


def test_group_norm_errors_and_module():
    torch = _torch()
    _differential(lambda lib, x: lib.nn.functional.group_norm(x, 2), [_randn(4)], "1d")
    _differential(lambda lib, x, w: lib.nn.functional.group_norm(x, 3, w), [_randn(2, 6, 3), _randn(5)], "w")
    _differential(lambda lib, x, w, b: lib.nn.functional.group_norm(x, 3, w, b),
                  [_randn(2, 6, 3), _randn(6), _randn(4)], "b")
    for opts in ({}, {"affine": False}, {"bias": False}, {"eps": 0.1}):
        m, t = nn.GroupNorm(2, 4, **opts).double(), torch.nn.GroupNorm(2, 4, **opts).double()
        assert repr(m) == repr(t)
        assert list(m.state_dict()) == list(t.state_dict())
        with torch.no_grad():
            for p in t.parameters():
                p.uniform_()
        m.load_state_dict({k: pa.tensor(v.numpy()) for k, v in t.state_dict().items()})
        a = _randn(3, 4, 5)
        _same(m(pa.tensor(a)), t(torch.tensor(a)), "GroupNorm %r" % opts)
    with pytest.raises(ValueError) as e:
        nn.GroupNorm(3, 4)
    with pytest.raises(ValueError) as te:
        torch.nn.GroupNorm(3, 4)
    assert str(e.value) == str(te.value)
    x = pa.tensor(_randn(2, 4, 3), requires_grad=True)
    w = pa.tensor(_randn(4, seed=1), requires_grad=True)
    assert gradcheck(lambda x, w: F.group_norm(x, 2, w), (x, w))
    assert gradgradcheck(lambda x, w: F.group_norm(x, 2, w), (x, w))


# ------------------------------------------------------------- instance_norm --
@pytest.mark.parametrize("shape", [(2, 3, 5), (3, 2, 3, 4), (2, 2, 2, 3, 2), (2, 3, 1)])
def test_instance_norm_functional_grid(shape):
    c = shape[1]
    for i, o in enumerate(_grid(use_input_stats=[True, False], affine=[True, False], stats=[True, False])):
        arrays = [_randn(*shape, seed=i)]
        if o["affine"]:
            arrays += [_randn(c, seed=i + 1), _randn(c, seed=i + 2)]
        rm, rv = _randn(c, seed=i + 3), np.abs(_randn(c, seed=i + 4)) + 0.5
        state = {}

        def fn(lib, x, *wb, _o=o):
            m = v = None
            if _o["stats"]:
                m, v = lib.tensor(rm.copy()), lib.tensor(rv.copy())
                state[lib.__name__] = (m, v)
            return lib.nn.functional.instance_norm(x, m, v, *wb, use_input_stats=_o["use_input_stats"],
                                                   momentum=0.3)
        if _differential(fn, arrays, "instance_norm %s %r" % (shape, o), second=(i % 3 == 0), seed=i,
                         grad_fn=True) is not None \
                and o["stats"]:
            (m, v), (tm, tv) = state["pyautograd"], state["torch"]
            _same(m, tm, "running_mean")
            _same(v, tv, "running_var")


@pytest.mark.parametrize("cls,shapes", [("InstanceNorm1d", [(2, 3, 5), (3, 5)]),
                                        ("InstanceNorm2d", [(2, 3, 4, 3), (3, 4, 3)]),
                                        ("InstanceNorm3d", [(2, 3, 2, 3, 2), (3, 2, 2, 3)])])
def test_instance_norm_modules(cls, shapes):
    torch = _torch()
    for opts in _grid(affine=[False, True], track_running_stats=[False, True], momentum=[0.1, None]):
        m, t = getattr(nn, cls)(3, **opts).double(), getattr(torch.nn, cls)(3, **opts).double()
        assert repr(m) == repr(t)
        assert list(m.state_dict()) == list(t.state_dict())
        for step, shape in enumerate(shapes * 2):
            a = _randn(*shape, seed=step) * (step + 1)
            x, tx = pa.tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)
            o, to = m(x), t(tx)
            _same(o, to, "%s %r" % (cls, opts))
            g, = pa.autograd.grad(o.pow(3).sum(), x)
            tg, = torch.autograd.grad(to.pow(3).sum(), tx)
            _same(g, tg, "%s grad" % cls, rtol=1e-9, atol=1e-10)
        for k, v in t.state_dict().items():
            _same(m.state_dict()[k], v, k)
        m.eval()
        t.eval()
        a = _randn(*shapes[0], seed=11)
        _same(m(pa.tensor(a)), t(torch.tensor(a)), "%s eval" % cls)
    # wrong dims, wrong channel count (an error when affine, a warning otherwise)
    bad = {"InstanceNorm1d": (5,), "InstanceNorm2d": (2, 3), "InstanceNorm3d": (2, 3, 4)}[cls]
    with pytest.raises(ValueError) as e:
        getattr(nn, cls)(3)(pa.zeros(bad))
    with pytest.raises(ValueError) as te:
        getattr(torch.nn, cls)(3)(torch.zeros(bad))
    assert str(e.value) == str(te.value)
    wrong = (2, 4) + shapes[0][2:]
    with pytest.raises(ValueError) as e:
        getattr(nn, cls)(3, affine=True)(pa.zeros(wrong))
    with pytest.raises(ValueError) as te:
        getattr(torch.nn, cls)(3, affine=True)(torch.zeros(wrong))
    assert str(e.value) == str(te.value)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        getattr(nn, cls)(3)(pa.randn(wrong))
    with warnings.catch_warnings(record=True) as tw:
        warnings.simplefilter("always")
        getattr(torch.nn, cls)(3)(torch.randn(wrong))
    assert [str(x.message) for x in w] == [str(x.message) for x in tw]


def test_instance_norm_gradcheck():
    x = pa.tensor(_randn(2, 2, 4), requires_grad=True)
    w = pa.tensor(_randn(2, seed=1), requires_grad=True)
    f = lambda x, w: F.instance_norm(x, weight=w)  # noqa: E731
    assert gradcheck(f, (x, w))
    assert gradgradcheck(f, (x, w))


# ------------------------------------------------------------------- rms_norm --
@pytest.mark.parametrize("shape,ns", [((2, 5), (5,)), ((2, 3, 4), (3, 4)), ((3, 4), 4), ((2, 3), (4,)),
                                      ((2, 3, 4), (2, 4))])
def test_rms_norm_grid(shape, ns):
    wshape = (ns,) if isinstance(ns, int) else ns
    for i, (weighted, eps) in enumerate(itertools.product([True, False], [None, 1e-3])):
        arrays = [_randn(*shape, seed=i)] + ([_randn(*wshape, seed=i + 1)] if weighted else [])

        def fn(lib, x, *w, _eps=eps):
            return lib.nn.functional.rms_norm(x, ns, *w, eps=_eps)
        _differential(fn, arrays, "rms_norm %s %r" % (shape, ns), grad_fn=True, seed=i)
    # float32 with eps=None: the dtype's epsilon
    a = (_randn(3, 4) * 1e-4).astype(np.float32)
    torch = _torch()
    _same(F.rms_norm(pa.tensor(a), (4,)), torch.nn.functional.rms_norm(torch.tensor(a), (4,)), "f32",
          rtol=1e-6, atol=1e-6)
    _differential(lambda lib, x, w: lib.nn.functional.rms_norm(x, (4,), w), [_randn(3, 4), _randn(3)], "w shape")


def test_rms_norm_module():
    torch = _torch()
    for args, opts in (((4,), {}), ((4,), {"eps": 1e-3}), (([3, 4],), {"elementwise_affine": False})):
        m, t = nn.RMSNorm(*args, **opts).double(), torch.nn.RMSNorm(*args, **opts).double()
        assert repr(m) == repr(t)
        assert list(m.state_dict()) == list(t.state_dict())
        with torch.no_grad():
            for p in t.parameters():
                p.uniform_()
        m.load_state_dict({k: pa.tensor(v.numpy()) for k, v in t.state_dict().items()})
        a = _randn(2, 3, 4)
        _same(m(pa.tensor(a)), t(torch.tensor(a)), "RMSNorm")
    x = pa.tensor(_randn(2, 4), requires_grad=True)
    assert gradcheck(lambda x: F.rms_norm(x, (4,)), (x,))
    assert gradgradcheck(lambda x: F.rms_norm(x, (4,)), (x,))


# ------------------------------------------------------------------ normalize --
@pytest.mark.parametrize("shape", [(3, 4), (2, 3, 4), (5,)])
def test_normalize_grid(shape):
    for i, (p, dim, eps) in enumerate(itertools.product([2.0, 1.0, 3.0, float("inf")], [0, 1, -1, 3],
                                                        [1e-12, 0.5])):
        def fn(lib, x, _p=p, _dim=dim, _eps=eps):
            return lib.nn.functional.normalize(x, _p, _dim, _eps)
        _differential(fn, [_randn(*shape, seed=i)], "normalize %s %r" % (shape, (p, dim, eps)), grad_fn=True,
                      second=(i % 2 == 0), seed=i)


def test_normalize_out_and_zero_rows():
    torch = _torch()
    a = _randn(3, 4)
    a[1] = 0
    _differential(lambda lib, x: lib.nn.functional.normalize(x), [a], "zero row")
    out, tout = pa.empty(3, 4, dtype=pa.float64), torch.empty(3, 4, dtype=torch.float64)
    F.normalize(pa.tensor(a), out=out)
    torch.nn.functional.normalize(torch.tensor(a), out=tout)
    _same(out, tout, "out=")
    x = pa.tensor(_randn(2, 3), requires_grad=True)
    assert gradcheck(lambda x: F.normalize(x, dim=0), (x,))


# --------------------------------------------------------- local_response_norm --
@pytest.mark.parametrize("shape", [(2, 5, 4), (2, 6, 3, 3), (1, 4, 2, 2, 3), (2, 3)])
def test_local_response_norm_grid(shape):
    for i, (size, alpha, beta, k) in enumerate(itertools.product([1, 2, 3, 4], [1e-4, 0.5], [0.75, 1.5],
                                                                 [1.0, 2.0])):
        if i % 3:
            continue

        def fn(lib, x, _s=size, _a=alpha, _b=beta, _k=k):
            return lib.nn.functional.local_response_norm(x, _s, _a, _b, _k)
        _differential(fn, [_randn(*shape, seed=i)], "lrn %s %r" % (shape, (size, alpha, beta, k)), grad_fn=True,
                      second=(i % 2 == 0), seed=i)


def test_local_response_norm_module():
    torch = _torch()
    m, t = nn.LocalResponseNorm(3, alpha=0.2), torch.nn.LocalResponseNorm(3, alpha=0.2)
    assert repr(m) == repr(t)
    a = _randn(2, 4, 3)
    _same(m(pa.tensor(a)), t(torch.tensor(a)), "LocalResponseNorm")
    x = pa.tensor(_randn(1, 4, 3), requires_grad=True)
    assert gradcheck(lambda x: F.local_response_norm(x, 3, 0.5), (x,))


# -------------------------------------------------------------------- dropout --
_DROPOUTS = [("dropout1d", (3, 4, 5)), ("dropout1d", (4, 5)), ("dropout2d", (2, 3, 4, 4)), ("dropout2d", (3, 4, 5)),
             ("dropout3d", (2, 3, 2, 2, 2)), ("dropout3d", (3, 2, 2, 2)), ("alpha_dropout", (4, 5)),
             ("feature_alpha_dropout", (3, 4, 2)), ("feature_alpha_dropout", (3, 4))]


@pytest.mark.parametrize("name,shape", _DROPOUTS)
def test_dropout_masks_match_torch(name, shape):
    """For the same seed, the mask (the scalar-p bernoulli stream over the noise's shape) and so the
    values and gradients are torch's."""
    torch = _torch()
    for p in (0.0, 0.3, 0.5, 1.0):
        a = _randn(*shape)
        x, tx = pa.tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)
        pa.manual_seed(3)
        torch.manual_seed(3)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            o = getattr(F, name)(x, p, True)
            to = getattr(torch.nn.functional, name)(tx, p, True)
        _same(o, to, "%s p=%s" % (name, p))
        if p not in (0.0,):
            assert type(o.grad_fn).__name__ == type(to.grad_fn).__name__, name
        g, = pa.autograd.grad(o.sum(), x)
        tg, = torch.autograd.grad(to.sum(), tx)
        _same(g, tg, "%s grad" % name)
        # not training: the input's values (the input itself when batched)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _same(getattr(F, name)(x, p, False), tx, name + " eval")
    with pytest.raises(ValueError) as e:
        getattr(F, name)(pa.zeros(shape), 1.5)
    with pytest.raises(ValueError) as te:
        getattr(torch.nn.functional, name)(torch.zeros(shape), 1.5)
    assert str(e.value) == str(te.value)


@pytest.mark.parametrize("name,shape", _DROPOUTS)
def test_dropout_inplace(name, shape):
    torch = _torch()
    a = _randn(*shape)
    x, tx = pa.tensor(a), torch.tensor(a)
    pa.manual_seed(5)
    torch.manual_seed(5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        o = getattr(F, name)(x, 0.4, True, True)
        to = getattr(torch.nn.functional, name)(tx, 0.4, True, True)
    _same(o, to, name + " inplace")
    _same(x, tx, name + " inplace input")
    assert tuple(x.shape) == tuple(tx.shape)


def test_dropout_channels_whole_and_warnings():
    torch = _torch()
    pa.manual_seed(0)
    o = F.dropout2d(pa.ones(4, 8, 3, 3), 0.5).numpy()
    per_channel = o.reshape(4, 8, 9)
    assert ((per_channel == 0).all(-1) | (per_channel == 2).all(-1)).all()
    assert (per_channel == 0).any() and (per_channel == 2).any()
    for name, shape in (("dropout1d", (5,)), ("dropout1d", (2, 3, 4, 5))):
        with pytest.raises(RuntimeError) as e:
            getattr(F, name)(pa.zeros(shape))
        with pytest.raises(RuntimeError) as te:
            getattr(torch.nn.functional, name)(torch.zeros(shape))
        assert str(e.value) == str(te.value)
    for name, shape in (("dropout2d", (2, 3)), ("dropout2d", (2, 3, 4)), ("dropout3d", (2, 3, 4))):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            getattr(F, name)(pa.zeros(shape))
        with warnings.catch_warnings(record=True) as tw:
            warnings.simplefilter("always")
            getattr(torch.nn.functional, name)(torch.zeros(shape))
        assert [str(x.message) for x in w] == [str(x.message) for x in tw]


def test_alpha_dropout_statistics():
    """Mean and variance of SELU-normalised input stay about 0 and 1."""
    pa.manual_seed(1)
    o = F.alpha_dropout(pa.randn(200000, dtype=pa.float64), 0.2, True).numpy()
    assert abs(o.mean()) < 0.02 and abs(o.var() - 1) < 0.02


@pytest.mark.parametrize("cls,shape", [("Dropout1d", (3, 4, 5)), ("Dropout2d", (2, 3, 4, 4)),
                                       ("Dropout3d", (2, 3, 2, 2, 2)), ("AlphaDropout", (4, 5)),
                                       ("FeatureAlphaDropout", (3, 4, 2))])
def test_dropout_modules(cls, shape):
    torch = _torch()
    for opts in ({}, {"p": 0.2}, {"p": 0.7, "inplace": True}):
        m, t = getattr(nn, cls)(**opts), getattr(torch.nn, cls)(**opts)
        assert repr(m) == repr(t)
        assert m.state_dict() == {} and len(t.state_dict()) == 0
        a = _randn(*shape)
        pa.manual_seed(2)
        torch.manual_seed(2)
        _same(m(pa.tensor(a)), t(torch.tensor(a)), cls)
        m.eval()
        t.eval()
        _same(m(pa.tensor(a)), t(torch.tensor(a)), cls + " eval")
    with pytest.raises(ValueError) as e:
        getattr(nn, cls)(-0.1)
    with pytest.raises(ValueError) as te:
        getattr(torch.nn, cls)(-0.1)
    assert str(e.value) == str(te.value)


# ------------------------------------------------------------------- bilinear --
@pytest.mark.parametrize("s1,s2,w", [((3, 2), (3, 4), (5, 2, 4)), ((2, 3, 2), (2, 3, 3), (4, 2, 3)), ((2,), (3,), (2, 2, 3)),
                                     ((3, 2), (2, 4), (5, 2, 4)), ((3, 2), (3, 4), (5, 3, 4)),
                                     ((3, 2), (3, 4), (5, 2, 3)), ((3, 2), (3, 2, 4), (5, 2, 4))])
def test_bilinear_grid(s1, s2, w):
    for with_bias in (True, False):
        bshape = (w[0],) if s1 != (3, 2) or s2 != (3, 4) or w != (5, 2, 4) or not with_bias else (5,)
        arrays = [_randn(*s1), _randn(*s2, seed=1), _randn(*w, seed=2)] + ([_randn(*bshape, seed=3)] if with_bias else [])
        _differential(lambda lib, *a: lib.nn.functional.bilinear(*a), arrays, "bilinear %r" % ((s1, s2, w),),
                      grad_fn=True)
    _differential(lambda lib, *a: lib.nn.functional.bilinear(*a),
                  [_randn(3, 2), _randn(3, 4), _randn(5, 2, 4), _randn(4)], "bias size")


def test_bilinear_module():
    torch = _torch()
    for bias in (True, False):
        m, t = nn.Bilinear(2, 3, 4, bias=bias).double(), torch.nn.Bilinear(2, 3, 4, bias=bias).double()
        assert repr(m) == repr(t)
        assert list(m.state_dict()) == list(t.state_dict())
        assert tuple(m.weight.shape) == tuple(t.weight.shape)
        assert float(m.weight.abs().max()) <= 1 / np.sqrt(2)
        m.load_state_dict({k: pa.tensor(v.numpy()) for k, v in t.state_dict().items()})
        a, b = _randn(5, 2), _randn(5, 3, seed=1)
        _same(m(pa.tensor(a), pa.tensor(b)), t(torch.tensor(a), torch.tensor(b)), "Bilinear")
    x1 = pa.tensor(_randn(2, 2), requires_grad=True)
    x2 = pa.tensor(_randn(2, 3, seed=1), requires_grad=True)
    wt = pa.tensor(_randn(2, 2, 3, seed=2), requires_grad=True)
    assert gradcheck(F.bilinear, (x1, x2, wt))
    assert gradgradcheck(F.bilinear, (x1, x2, wt))


# ---------------------------------------------------------- embedding max_norm --
@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.0, float("inf")])
def test_embedding_max_norm(norm_type):
    torch = _torch()
    wa = _randn(6, 3) * 2
    idx = np.array([[0, 2, 2], [5, 1, 0]])
    for max_norm in (0.5, 1.5, 100.0):
        w, tw = pa.tensor(wa.copy(), requires_grad=True), torch.tensor(wa.copy(), requires_grad=True)
        o = F.embedding(pa.tensor(idx), w, max_norm=max_norm, norm_type=norm_type)
        to = torch.nn.functional.embedding(torch.tensor(idx), tw, max_norm=max_norm, norm_type=norm_type)
        _same(o, to, "embedding max_norm")
        _same(w, tw, "renormalised weight")
        g, = pa.autograd.grad((o * o).sum(), w)
        tg, = torch.autograd.grad((to * to).sum(), tw)
        _same(g, tg, "embedding max_norm grad")
    m, t = nn.Embedding(6, 3, max_norm=1.0, norm_type=norm_type), torch.nn.Embedding(6, 3, max_norm=1.0,
                                                                                        norm_type=norm_type)
    assert repr(m) == repr(t)
    m.load_state_dict({k: pa.tensor(v.numpy()) for k, v in t.state_dict().items()})
    _same(m(pa.tensor(idx)), t(torch.tensor(idx)), "Embedding(max_norm)")
    _same(m.weight, t.weight, "Embedding(max_norm) weight")


# -------------------------------------------------------------- embedding_bag --
def _bag_case(lib, weight, idx, offsets, psw, opts):
    return lib.nn.functional.embedding_bag(lib.tensor(idx), weight, None if offsets is None else lib.tensor(offsets),
                                           per_sample_weights=psw, **opts)


@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
def test_embedding_bag_grid(mode):
    wa = _randn(7, 3)
    wa[2, 1] = wa[4, 1]          # a tie in max mode
    cases = [(np.array([[1, 2, 4], [4, 3, 2]]), None), (np.array([1, 2, 4, 4, 3, 0, 6]), np.array([0, 2, 2, 5])),
             (np.array([1, 2, 4, 4]), np.array([0, 1, 4])), (np.array([], dtype=np.int64), np.array([0, 0])),
             (np.array([[0, 2, 2]]), None)]
    for i, ((idx, offs), last, pad, with_psw) in enumerate(itertools.product(cases, [False, True], [None, 2, -3],
                                                                             [False, True])):
        if with_psw and mode != "sum" and i % 4:
            continue
        opts = {"mode": mode, "include_last_offset": last, "padding_idx": pad}
        arrays = [wa, idx, offs, _randn(*idx.shape, seed=i) if with_psw else None]

        def fn(lib, w, idx_, offs_, psw, _o=opts):
            return _bag_case(lib, w, idx_, offs_, psw, _o)
        # torch has no double backward for embedding_bag: first derivatives only
        _differential(fn, arrays, "embedding_bag %d %r" % (i, opts), second=False, seed=i, grad_fn=True)


def test_embedding_bag_errors():
    wa = _randn(5, 3)
    cases = [(np.array([1, 2]), None, {}), (np.array([[1, 2]]), np.array([0]), {}), (np.array([1, 2]), np.array([1]), {}),
             (np.array([1, 7]), np.array([0]), {}), (np.array([[[1]]]), None, {}),
             (np.array([1, 2]), np.array([0]), {"mode": "min"}), (np.array([1, 2]), np.array([0, 3]), {})]
    for idx, offs, opts in cases:
        def fn(lib, w, idx_, offs_, _o=opts):
            return _bag_case(lib, w, idx_, offs_, None, _o)
        _differential(fn, [wa, idx, offs], "embedding_bag error %r %r %r" % (idx, offs, opts), second=False,
                      text=lambda s: s.replace("pyautograd._tensor.Tensor", "torch.Tensor"))
    _differential(lambda lib, w, p: _bag_case(lib, w, np.array([1, 2]), np.array([0]), p, {"mode": "mean"}),
                  [wa, _randn(2)], "psw mean", second=False)
    _differential(lambda lib, w, p: _bag_case(lib, w, np.array([1, 2]), np.array([0]), p, {"mode": "sum"}),
                  [wa, _randn(3)], "psw shape", second=False)


def test_embedding_bag_module():
    torch = _torch()
    for opts in ({}, {"mode": "sum", "padding_idx": 1}, {"mode": "max", "max_norm": 1.0},
                 {"include_last_offset": True, "norm_type": 1.0}):
        m, t = nn.EmbeddingBag(6, 3, **opts).double(), torch.nn.EmbeddingBag(6, 3, **opts).double()
        assert repr(m) == repr(t)
        assert list(m.state_dict()) == list(t.state_dict())
        if "padding_idx" in opts:
            assert float(m.weight[1].abs().sum()) == 0
        m.load_state_dict({k: pa.tensor(v.numpy()) for k, v in t.state_dict().items()})
        idx, offs = np.array([0, 1, 3, 5, 2]), np.array([0, 2, 4])
        _same(m(pa.tensor(idx), pa.tensor(offs)), t(torch.tensor(idx), torch.tensor(offs)), "EmbeddingBag %r" % opts)
        _same(m.weight, t.weight, "EmbeddingBag weight %r" % opts)
    wa = _randn(4, 2)
    m = nn.EmbeddingBag.from_pretrained(pa.tensor(wa), mode="sum")
    t = torch.nn.EmbeddingBag.from_pretrained(torch.tensor(wa), mode="sum")
    assert repr(m) == repr(t) and m.weight.requires_grad is False
    _same(m(pa.tensor([[0, 3], [1, 1]])), t(torch.tensor([[0, 3], [1, 1]])), "from_pretrained")
    w = pa.tensor(wa, requires_grad=True)
    assert gradcheck(lambda w: F.embedding_bag(pa.tensor([0, 1, 3, 1]), w, pa.tensor([0, 1]), mode="mean"), (w,))


# ------------------------------------------------------------- forward mode --
_JVP_CASES = [
    ("batch_norm", lambda F_, x, w, b: F_.batch_norm(x, None, None, w, b, training=True), (3, 2, 4), 2),
    ("batch_norm_eval", lambda F_, x, w, b: F_.batch_norm(x, w.detach() * 0.1, b.detach().abs() + 0.5, w, b),
     (3, 2, 4), 2),
    ("group_norm_no_affine", lambda F_, x, w, b: F_.group_norm(x, 2) * w.sum() + b.sum(), (2, 4, 3), 2),
    ("group_norm", lambda F_, x, w, b: F_.group_norm(x, 2, w, b), (2, 4, 3), 4),
    ("instance_norm", lambda F_, x, w, b: F_.instance_norm(x, weight=w, bias=b), (2, 2, 5), 2),
    ("rms_norm", lambda F_, x, w, b: F_.rms_norm(x, (3,), w) + b, (2, 4, 3), 3),
    ("bilinear", lambda F_, x, w, b: F_.bilinear(x, x * 2, w.reshape(1, 1, 1).expand(1, 3, 3), b[:1]), (4, 3), 1),
    ("normalize", lambda F_, x, w, b: F_.normalize(x * w, dim=-1) + b, (2, 3), 3),
    ("local_response_norm", lambda F_, x, w, b: F_.local_response_norm(x * w.reshape(1, -1, 1), 2) + b.reshape(1, -1, 1),
     (2, 3, 2), 3),
]


@pytest.mark.parametrize("name,fn,shape,c", _JVP_CASES, ids=[c[0] for c in _JVP_CASES])
def test_forward_mode_matches_torch(name, fn, shape, c):
    torch = _torch()
    arrays = [_randn(*shape), _randn(c, seed=1), _randn(c, seed=2)]
    tangents = [_randn(*a.shape, seed=10 + i) for i, a in enumerate(arrays)]
    _, oj = pa.func.jvp(lambda *a: fn(F, *a), tuple(pa.tensor(a) for a in arrays),
                        tuple(pa.tensor(t) for t in tangents))
    _, tj = torch.func.jvp(lambda *a: fn(torch.nn.functional, *a), tuple(torch.tensor(a) for a in arrays),
                           tuple(torch.tensor(t) for t in tangents))
    _same(oj, tj, name + " jvp", rtol=1e-9, atol=1e-10)


def test_grad_fn_names_of_compositions():
    """Where torch's own result node is a view or elementwise op, ours is the same."""
    torch = _torch()
    a = _randn(2, 3, 4)
    for fn in (lambda F_, x: F_.instance_norm(x), lambda F_, x: F_.normalize(x),
               lambda F_, x: F_.local_response_norm(x, 2), lambda F_, x: F_.rms_norm(x, (4,)),
               lambda F_, x: F_.dropout2d(x, 0.5, True)):
        o = fn(F, pa.tensor(a, requires_grad=True))
        t = fn(torch.nn.functional, torch.tensor(a, requires_grad=True))
        assert type(o.grad_fn).__name__ == type(t.grad_fn).__name__


def test_float32_batch_and_group_norm():
    torch = _torch()
    a = (_randn(4, 3, 5) * 3 + 1).astype(np.float32)
    m, t = nn.BatchNorm1d(3), torch.nn.BatchNorm1d(3)
    for _ in range(2):
        _same(m(pa.tensor(a)), t(torch.tensor(a)), "f32 BatchNorm1d", rtol=1e-5, atol=1e-5)
    assert m.running_var.dtype == pa.float32
    _same(m.running_var, t.running_var, "f32 running_var", rtol=1e-6, atol=1e-6)
    _same(F.group_norm(pa.tensor(a), 3), torch.nn.functional.group_norm(torch.tensor(a), 3), "f32 group_norm",
          rtol=1e-5, atol=1e-5)
    assert F.group_norm(pa.tensor(a), 3).dtype == pa.float32


def test_inplace_dropout_on_leaf_raises_as_torch():
    torch = _torch()
    for name in ("dropout1d", "dropout2d", "alpha_dropout"):
        with pytest.raises(RuntimeError) as e:
            getattr(F, name)(pa.randn(2, 3, 4, requires_grad=True), 0.5, True, True)
        with pytest.raises(RuntimeError) as te:
            getattr(torch.nn.functional, name)(torch.randn(2, 3, 4, requires_grad=True), 0.5, True, True)
        assert str(e.value) == str(te.value)


def test_half_dropout_masks_match_torch():
    torch = _torch()
    for name in ("dropout1d", "dropout2d", "alpha_dropout", "feature_alpha_dropout"):
        torch.manual_seed(0)
        t = getattr(torch.nn.functional, name)(torch.ones(3, 5, 2, dtype=torch.float16), 0.3, True)
        pa.manual_seed(0)
        o = getattr(F, name)(pa.ones(3, 5, 2, dtype=pa.float16), 0.3, True)
        assert o.dtype == pa.float16
        np.testing.assert_array_equal(o.numpy(), t.numpy(), err_msg=name)


def test_embedding_from_pretrained_with_max_norm():
    torch = _torch()
    wa = _randn(5, 3) * 2
    m = nn.Embedding.from_pretrained(pa.tensor(wa.copy()), max_norm=1.0, padding_idx=0)
    t = torch.nn.Embedding.from_pretrained(torch.tensor(wa.copy()), max_norm=1.0, padding_idx=0)
    assert repr(m) == repr(t) and m.weight.requires_grad is False
    idx = np.array([0, 3, 3, 4])
    _same(m(pa.tensor(idx)), t(torch.tensor(idx)), "from_pretrained(max_norm)")
    _same(m.weight, t.weight, "from_pretrained(max_norm) weight")
    assert nn.Embedding.from_pretrained(pa.tensor(wa), freeze=False).weight.requires_grad
    with pytest.raises(AssertionError, match="2-dimensional"):
        nn.Embedding.from_pretrained(pa.zeros(3))
