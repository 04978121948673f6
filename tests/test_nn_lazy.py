"""Lazy modules (nn/_lazy.py, UninitializedParameter / UninitializedBuffer in nn/parameter.py):
shape inference on the first call, the class becoming its cls_to_become, state_dict of uninitialized
parameters and loading one into a lazy module, reprs and errors, against torch."""
import warnings

import numpy as np
import pytest

import pyautograd as pa
import pyautograd.nn as nn
from pyautograd.nn.parameter import UninitializedParameter, UninitializedBuffer, is_lazy


def _torch():
    return pytest.importorskip("torch")


pytestmark = pytest.mark.usefixtures("torch_one_thread")   # tests/conftest.py


def _both(name, *args, **kwargs):
    torch = _torch()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return getattr(nn, name)(*args, **kwargs), getattr(torch.nn, name)(*args, **kwargs)


def _err(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return type(e).__name__, str(e)
    return None


LAZY = [("LazyLinear", (3,), {}, (2, 5)),
        ("LazyLinear", (4,), {"bias": False}, (3, 2, 6)),
        ("LazyConv1d", (4, 3), {}, (2, 3, 7)),
        ("LazyConv1d", (4, 3), {"padding": 1, "groups": 2, "bias": False}, (2, 6, 7)),
        ("LazyConv2d", (4, 3), {"stride": 2}, (1, 2, 6, 5)),
        ("LazyConv2d", (2, (2, 3)), {"padding_mode": "reflect", "padding": 1}, (3, 6, 5)),
        ("LazyConv3d", (2, 2), {}, (1, 3, 4, 4, 3)),
        ("LazyConvTranspose1d", (4, 3), {"stride": 2, "output_padding": 1}, (2, 3, 5)),
        ("LazyConvTranspose2d", (4, 3), {"groups": 2}, (1, 4, 4, 3)),
        ("LazyConvTranspose3d", (2, 2), {"bias": False}, (1, 3, 3, 3, 2)),
        ("LazyBatchNorm1d", (), {}, (4, 3)),
        ("LazyBatchNorm1d", (), {"momentum": None}, (4, 3, 2)),
        ("LazyBatchNorm2d", (), {"affine": False}, (2, 3, 4, 4)),
        ("LazyBatchNorm3d", (), {"track_running_stats": False}, (2, 2, 3, 3, 2)),
        ("LazyInstanceNorm1d", (), {}, (2, 3, 5)),
        ("LazyInstanceNorm2d", (), {"affine": False, "track_running_stats": False}, (2, 3, 4, 4)),
        ("LazyInstanceNorm3d", (), {"eps": 1e-3}, (1, 2, 3, 3, 3))]


@pytest.mark.parametrize("name,args,kwargs,shape", LAZY)
def test_lazy_module_infers_shapes_becomes_its_class_and_matches_torch(name, args, kwargs, shape):
    torch = _torch()
    ours, theirs = _both(name, *args, **kwargs)
    assert repr(ours) == repr(theirs)
    nothing_to_infer = (name, kwargs) == ("LazyInstanceNorm2d", {"affine": False, "track_running_stats": False})
    assert ours.has_uninitialized_params() == theirs.has_uninitialized_params() == (not nothing_to_infer)
    assert [(k, repr(v)) for k, v in ours.state_dict().items()] == \
        [(k, repr(v)) for k, v in theirs.state_dict().items()]
    x = np.random.default_rng(0).standard_normal(shape)
    ours.double(), theirs.double()
    ty = theirs(torch.tensor(x))
    # the same values once torch's initialised parameters are loaded: first materialize ours by the call
    oy = ours(pa.tensor(x))
    assert type(ours).__name__ == type(theirs).__name__ == name[4:]
    assert repr(ours) == repr(theirs)
    assert not any(is_lazy(p) for p in ours.parameters())
    assert not hasattr(ours, "_initialize_hook") and not hasattr(ours, "_load_hook")
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert [tuple(v.shape) for v in ours.state_dict().values()] == \
        [tuple(v.shape) for v in theirs.state_dict().values()]
    ours.load_state_dict({k: pa.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})
    oy = ours(pa.tensor(x))
    np.testing.assert_allclose(oy.detach().numpy(), ty.detach().numpy(), rtol=1e-12, atol=1e-12)
    assert oy.dtype == pa.float64


@pytest.mark.parametrize("name,args,kwargs,shape", LAZY[:1] + LAZY[2:3] + LAZY[7:8] + LAZY[10:11])
def test_loading_a_state_dict_materializes_a_lazy_module(name, args, kwargs, shape):
    torch = _torch()
    ours, theirs = _both(name, *args, **kwargs)
    x = np.random.default_rng(1).standard_normal(shape)
    src = getattr(torch.nn, name[4:])
    ref = theirs.double()
    ref(torch.tensor(x))  # materialized by a call: the reference's state_dict
    sd = ref.state_dict()
    fresh_ours, fresh_theirs = _both(name, *args, **kwargs)
    fresh_ours.double(), fresh_theirs.double()   # a lazy parameter takes the dtype, stays uninitialized
    assert fresh_ours.weight.dtype == pa.float64 and is_lazy(fresh_ours.weight)
    r1 = fresh_ours.load_state_dict({k: pa.tensor(v.numpy()) for k, v in sd.items()})
    r2 = fresh_theirs.load_state_dict(sd)
    assert repr(r1) == repr(r2)
    # still the lazy class (torch's): the class changes on the first call
    assert type(fresh_ours).__name__ == type(fresh_theirs).__name__ == name
    assert repr(fresh_ours) == repr(fresh_theirs)
    assert not fresh_ours.has_uninitialized_params()
    oy, ty = fresh_ours(pa.tensor(x)), fresh_theirs(torch.tensor(x))
    assert type(fresh_ours).__name__ == type(fresh_theirs).__name__ == src.__name__
    assert repr(fresh_ours) == repr(fresh_theirs)
    np.testing.assert_allclose(oy.detach().numpy(), ty.detach().numpy(), rtol=1e-12, atol=1e-12)


def test_lazy_instance_norm_loaded_from_a_state_dict_keeps_num_features_0_as_torch():
    # torch infers num_features only in the first call's initialize_parameters, which a load has made
    # a no-op: the loaded InstanceNorm then refuses its input (BatchNorm does not check num_features)
    torch = _torch()
    x = np.random.default_rng(2).standard_normal((2, 3, 5))
    ref = torch.nn.LazyInstanceNorm1d().double()
    ref(torch.tensor(x))
    ours, theirs = _both("LazyInstanceNorm1d")
    ours.double(), theirs.double()
    ours.load_state_dict({k: pa.tensor(v.numpy()) for k, v in ref.state_dict().items()})
    theirs.load_state_dict(ref.state_dict())
    assert repr(ours) == repr(theirs)
    assert _err(lambda: ours(pa.tensor(x))) == _err(lambda: theirs(torch.tensor(x))) == \
        ("ValueError", "expected input's size at dim=1 to match num_features (0), but got: 3.")


def test_gradients_after_materialization():
    torch = _torch()
    ours, theirs = _both("LazyLinear", 2)
    x = np.random.default_rng(2).standard_normal((3, 4)).astype(np.float32)
    ours(pa.tensor(x)), theirs(torch.tensor(x, dtype=torch.float32))
    ours.load_state_dict({k: pa.tensor(v.numpy()) for k, v in theirs.state_dict().items()})
    (ours(pa.tensor(x, dtype=pa.float32)) ** 2).sum().backward()
    (theirs(torch.tensor(x, dtype=torch.float32)) ** 2).sum().backward()
    for (n1, p1), (n2, p2) in zip(ours.named_parameters(), theirs.named_parameters()):
        assert n1 == n2 and type(p1).__name__ == type(p2).__name__ == "Parameter"
        np.testing.assert_allclose(p1.grad.numpy(), p2.grad.numpy(), rtol=1e-5, atol=1e-6)


def test_uninitialized_parameter_and_buffer():
    torch = _torch()
    for cls, tcls in ((UninitializedParameter, torch.nn.UninitializedParameter),
                      (UninitializedBuffer, torch.nn.UninitializedBuffer)):
        a, b = cls(), tcls()
        assert repr(a) == repr(b)
        assert a.requires_grad == b.requires_grad
        assert str(a.dtype) == str(b.dtype)
        assert _err(lambda: a.shape) == _err(lambda: b.shape)
        assert is_lazy(a)
        a.materialize((2, 3), dtype=pa.float64)
        b.materialize((2, 3), dtype=torch.float64)
        assert type(a).__name__ == type(b).__name__
        assert tuple(a.shape) == tuple(b.shape) and str(a.dtype) == str(b.dtype)
        assert not is_lazy(a)
    p = UninitializedParameter(requires_grad=False, dtype=pa.float64)
    assert not p.requires_grad and p.dtype == pa.float64
    assert nn.UninitializedParameter is UninitializedParameter


def test_lazy_errors_as_torch():
    torch = _torch()
    ours, theirs = _both("LazyConv2d", 4, 3)
    assert _err(lambda: ours(pa.zeros(2, 3))) == _err(lambda: theirs(torch.zeros(2, 3)))
    ours, theirs = _both("LazyConv1d", 4, 3, groups=2)
    assert _err(lambda: ours(pa.zeros(1, 3, 5))) == _err(lambda: theirs(torch.zeros(1, 3, 5)))
    # an uninitialized parameter does not load into an initialized module
    o, t = _both("LazyLinear", 3)
    assert _err(lambda: nn.Linear(2, 3).load_state_dict(o.state_dict())) == \
        _err(lambda: torch.nn.Linear(2, 3).load_state_dict(t.state_dict()))
    # a module that leaves a parameter uninitialized
    class Half(nn.modules.Module):
        pass

    class Bad(nn.LazyModuleMixin, nn.Linear):
        def __init__(self):
            super().__init__(0, 0, False)
            self.weight = UninitializedParameter()

        def initialize_parameters(self, x):
            pass

    class TBad(torch.nn.modules.lazy.LazyModuleMixin, torch.nn.Linear):
        def __init__(self):
            super().__init__(0, 0, False)
            self.weight = torch.nn.UninitializedParameter()

        def initialize_parameters(self, x):
            pass

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tb = TBad()
    assert _err(lambda: Bad()(pa.zeros(2))) == ("RuntimeError", "module Bad has not been fully initialized")
    assert _err(lambda: tb(torch.zeros(2))) == ("RuntimeError", "module TBad has not been fully initialized")


def test_loaded_lazy_linear_checks_the_input_width():
    torch = _torch()
    o, t = _both("LazyLinear", 3)
    o.load_state_dict(nn.Linear(4, 3).state_dict())
    t.load_state_dict(torch.nn.Linear(4, 3).state_dict())
    assert _err(lambda: o(pa.zeros(2, 5))) == _err(lambda: t(torch.zeros(2, 5)))
