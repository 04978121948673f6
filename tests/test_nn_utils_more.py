"""ParameterList / ParameterDict (nn/_containers.py), Module's state_dict machinery and lookup
methods (nn/modules.py), nn.utils.parametrize, parametrizations.weight_norm / spectral_norm and
nn.utils.fusion: differential against torch (reprs, state_dict keys, values after loading torch's
state_dict, gradients through parametrizations, errors)."""
import numpy as np
import pytest

import pyautograd as pa
import pyautograd.nn as nn
from pyautograd.nn.utils import parametrize, parametrizations


def _torch():
    return pytest.importorskip("torch")


pytestmark = pytest.mark.usefixtures("torch_one_thread")   # tests/conftest.py


def _err(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return type(e).__name__, str(e)
    return None


def _load_from_torch(ours, theirs):
    ours.load_state_dict({k: pa.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})


def _close(a, b, tol=1e-12):
    np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=tol, atol=tol)


# ---------------------------------------------------------------- containers --
def test_parameter_list_as_torch():
    torch = _torch()
    a = np.ones((2, 3), np.float32)
    ol = nn.ParameterList([nn.Parameter(pa.tensor(a)), pa.zeros(3, dtype=pa.float64), 5])
    tl = torch.nn.ParameterList([torch.nn.Parameter(torch.tensor(a)), torch.zeros(3, dtype=torch.float64), 5])
    assert repr(ol) == repr(tl)
    assert list(ol.state_dict()) == list(tl.state_dict()) == ["0", "1"]
    assert type(ol[1]).__name__ == "Parameter" and ol[1].requires_grad
    assert repr(ol[0:2]) == repr(tl[0:2]) and repr(ol[::-1]) == repr(tl[::-1])
    assert ol[2] == 5 and ol[-1] == 5
    ol.append(pa.zeros(1)), tl.append(torch.zeros(1))
    ol.extend([pa.zeros(2, 2)]), tl.extend([torch.zeros(2, 2)])
    ol += [pa.zeros(4)]
    tl += [torch.zeros(4)]
    ol[0] = pa.ones(1)
    tl[0] = torch.ones(1)
    assert repr(ol) == repr(tl) and len(ol) == len(tl) == 6
    assert [n for n, _ in ol.named_parameters()] == [n for n, _ in tl.named_parameters()]
    assert [type(p).__name__ for p in ol] == [type(p).__name__ for p in tl]
    assert repr(nn.ParameterList()) == repr(torch.nn.ParameterList())
    assert _err(lambda: ol[10]) == _err(lambda: tl[10])
    assert _err(lambda: ol.extend(pa.zeros(2))) == _err(lambda: tl.extend(torch.zeros(2)))
    assert _err(lambda: ol(1)) == _err(lambda: tl(1))
    assert "0" not in dir(ol)


def test_parameter_dict_as_torch():
    torch = _torch()
    od = nn.ParameterDict({"b": pa.ones(2), "a": nn.Parameter(pa.zeros(1, 2)), "c": "s"})
    td = torch.nn.ParameterDict({"b": torch.ones(2), "a": torch.nn.Parameter(torch.zeros(1, 2)), "c": "s"})
    assert repr(od) == repr(td)
    assert list(od.keys()) == list(td.keys()) and list(od.state_dict()) == list(td.state_dict())
    assert type(od["b"]).__name__ == "Parameter"
    od["z"] = pa.zeros(3, dtype=pa.float64)
    td["z"] = torch.zeros(3, dtype=torch.float64)
    od.update([("y", pa.zeros(1))]), td.update([("y", torch.zeros(1))])
    assert repr(od) == repr(td)
    assert od.pop("b").shape == td.pop("b").shape
    assert od.popitem()[0] == td.popitem()[0]
    assert od.get("nope", 3) == 3 and "a" in od and list(reversed(od)) == list(reversed(td))
    assert od.setdefault("q", None) is None and td.setdefault("q", None) is None
    assert repr(od | nn.ParameterDict({"w": pa.zeros(1)})) == repr(td | torch.nn.ParameterDict({"w": torch.zeros(1)}))
    assert repr(od.copy()) == repr(td.copy())
    assert list(od.fromkeys(["x", "y"])) == list(td.fromkeys(["x", "y"]))
    assert _err(lambda: od["zz"]) == _err(lambda: td["zz"])
    assert _err(lambda: od[1]) == _err(lambda: td[1])
    assert _err(lambda: od.update([("a",)])) == _err(lambda: td.update([("a",)]))
    assert _err(lambda: od.update(3)) == _err(lambda: td.update(3))
    od.clear(), td.clear()
    assert repr(od) == repr(td) == "ParameterDict()"


# ----------------------------------------------------------- Module methods --
def _net(mod, zeros):
    class _Net(mod.Module):
        def __init__(self):
            super().__init__()
            self.lin = mod.Linear(3, 2)
            self.seq = mod.Sequential(mod.Linear(2, 2), mod.ReLU())
            self.register_buffer("scratch", zeros(1), persistent=False)
            self.register_buffer("steps", zeros(1))
    return _Net()


def _nets():
    torch = _torch()
    return _net(nn, pa.zeros), _net(torch.nn, torch.zeros)


def test_state_dict_keys_non_persistent_buffers_and_hooks():
    ours, theirs = _nets()
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert "scratch" not in ours.state_dict()
    assert list(ours.state_dict()._metadata) == list(theirs.state_dict()._metadata)
    calls = {"o": [], "t": []}
    for m, key in ((ours, "o"), (theirs, "t")):
        m.seq.register_state_dict_pre_hook(lambda mod, prefix, keep_vars, k=key: calls[k].append(("pre", prefix)))
        m.seq.register_state_dict_post_hook(lambda mod, sd, prefix, md, k=key: calls[k].append(("post", prefix,
                                                                                                 len(sd))))
        m.register_load_state_dict_pre_hook(lambda mod, sd, prefix, *a, k=key: calls[k].append(("lpre", prefix)))
        m.seq.register_load_state_dict_post_hook(lambda mod, inc, k=key: calls[k].append(("lpost", list(inc[0]))))
    ours.state_dict()
    sd_t = theirs.state_dict()
    ours.load_state_dict({k: pa.tensor(v.numpy()) for k, v in sd_t.items()})
    theirs.load_state_dict(sd_t)
    assert calls["o"] == calls["t"]
    _close(ours.lin.weight, theirs.lin.weight, 0)
    # the private post-hook may replace the root's state_dict
    h = ours._register_state_dict_hook(lambda mod, sd, prefix, md: {"x": 1})
    assert ours.state_dict() == {"x": 1}
    h.remove()
    ours.seq.register_state_dict_post_hook(lambda *a: 1)
    theirs.seq.register_state_dict_post_hook(lambda *a: 1)
    assert _err(ours.state_dict) == _err(theirs.state_dict)


def test_load_state_dict_errors_strict_and_assign():
    torch = _torch()
    ours, theirs = nn.Linear(2, 3), torch.nn.Linear(2, 3)
    for sd in ({"weight": np.zeros((3, 2)), "foo": np.zeros(1)}, {"weight": np.zeros((2, 2)), "bias": np.zeros(3)},
               {"weight": np.zeros((3, 2)), "bias": np.zeros(3), "bias.x": np.zeros(1)}):
        assert _err(lambda: ours.load_state_dict({k: pa.tensor(v) for k, v in sd.items()})) == \
            _err(lambda: theirs.load_state_dict({k: torch.tensor(v) for k, v in sd.items()}))
    assert _err(lambda: ours.load_state_dict({"weight": 1, "bias": pa.zeros(3)})).__class__ is tuple
    r1 = ours.load_state_dict({"weight": pa.ones(3, 2), "extra": pa.ones(1)}, strict=False)
    r2 = theirs.load_state_dict({"weight": torch.ones(3, 2), "extra": torch.ones(1)}, strict=False)
    assert repr(r1) == repr(r2)
    new_w = pa.full((3, 2), 2.0)
    ours.load_state_dict({"weight": new_w, "bias": pa.zeros(3)}, assign=True)
    assert type(ours.weight).__name__ == "Parameter" and ours.weight.requires_grad
    assert ours.weight._data is new_w._data
    assert _err(lambda: ours.load_state_dict([1])) is not None


def test_extra_state_and_custom_load_from_state_dict():
    torch = _torch()

    def make(mod):
        class E(mod.Module):
            def __init__(self):
                super().__init__()
                self.lin = mod.Linear(1, 1)
                self.state = {"n": 1}

            def get_extra_state(self):
                return dict(self.state)

            def set_extra_state(self, s):
                self.state = s
        return E()

    o, t = make(nn), make(torch.nn)
    assert list(o.state_dict()) == list(t.state_dict()) == ["_extra_state", "lin.weight", "lin.bias"]
    o2 = make(nn)
    o2.load_state_dict({**o.state_dict(), "_extra_state": {"n": 5}})
    assert o2.state == {"n": 5}
    assert _err(lambda: o2.load_state_dict({k: v for k, v in o.state_dict().items() if k != "_extra_state"})) == \
        _err(lambda: make(torch.nn).load_state_dict({k: v for k, v in t.state_dict().items()
                                                     if k != "_extra_state"}))
    assert _err(lambda: nn.Linear(1, 1).load_state_dict({**nn.Linear(1, 1).state_dict(), "_extra_state": 1})) == \
        _err(lambda: torch.nn.Linear(1, 1).load_state_dict({**torch.nn.Linear(1, 1).state_dict(),
                                                              "_extra_state": 1}))

    class Renamed(nn.Linear):
        # an old checkpoint's key 'w' is read as 'weight'
        def _load_from_state_dict(self, state_dict, prefix, *args):
            if prefix + "w" in state_dict:
                state_dict[prefix + "weight"] = state_dict.pop(prefix + "w")
            super()._load_from_state_dict(state_dict, prefix, *args)

    m = nn.Sequential(Renamed(2, 1))
    m.load_state_dict({"0.w": pa.ones(1, 2), "0.bias": pa.zeros(1)})
    assert m[0].weight.tolist() == [[1.0, 1.0]]


def test_submodule_parameter_buffer_lookup():
    ours, theirs = _nets()
    for target in ("lin", "seq.0", "seq.1", "", "nope", "seq.5", "lin.weight"):
        r1, r2 = _err(lambda: ours.get_submodule(target)), _err(lambda: theirs.get_submodule(target))
        assert r1 == r2, target
        if r1 is None:
            assert type(ours.get_submodule(target)).__name__ == type(theirs.get_submodule(target)).__name__
    for target in ("lin.weight", "seq.0.bias", "lin.nope", "steps", "nope.x"):
        assert _err(lambda: ours.get_parameter(target)) == _err(lambda: theirs.get_parameter(target)), target
    for target in ("steps", "scratch", "lin.weight", "nope"):
        assert _err(lambda: ours.get_buffer(target)) == _err(lambda: theirs.get_buffer(target)), target
    assert ours.get_buffer("scratch") is ours.scratch
    torch = _torch()
    for target, mo, mt in (("seq.1", nn.Tanh(), torch.nn.Tanh()), ("", nn.Tanh(), torch.nn.Tanh()),
                           ("lin.weight", nn.Tanh(), torch.nn.Tanh()), ("steps", nn.Tanh(), torch.nn.Tanh()),
                           ("seq.0", 3, 3)):
        assert _err(lambda: ours.set_submodule(target, mo)) == _err(lambda: theirs.set_submodule(target, mt))
    assert _err(lambda: ours.set_submodule("new", nn.Tanh(), strict=True)) == \
        _err(lambda: theirs.set_submodule("new", torch.nn.Tanh(), strict=True))
    assert repr(ours) == repr(theirs)


def test_named_modules_memo_prefix_duplicates_and_to_empty():
    torch = _torch()
    for mod in (nn, torch.nn):
        shared = mod.Linear(1, 1)
        m = mod.Sequential(shared, mod.Sequential(shared, mod.ReLU()))
        names = [n for n, _ in m.named_modules(prefix="root")]
        dup = [n for n, _ in m.named_modules(remove_duplicate=False)]
        memo = set()
        list(m[1].named_modules(memo))
        after = [n for n, _ in m.named_modules(memo)]
        if mod is nn:
            ours = (names, dup, after)
        else:
            assert ours == (names, dup, after)
    m = nn.Linear(2, 3)
    w = m.weight
    m.to_empty(device="cpu")
    assert m.weight is w and tuple(w.shape) == (3, 2)
    v = nn.Sequential(nn.Linear(1, 1))
    v.to_empty(device=None, recurse=False)


# -------------------------------------------------------------- parametrize --
def _symmetric(mod):
    class Symmetric(mod.Module):
        def forward(self, X):
            return X.triu() + X.triu(1).transpose(-1, -2)

        def right_inverse(self, A):
            return A.triu()
    return Symmetric()


def _scale(mod):
    class Scale(mod.Module):
        def forward(self, X):
            return 2 * X
    return Scale()


def _pair(mod):
    class Pair(mod.Module):
        def forward(self, a, b):
            return a + b

        def right_inverse(self, X):
            return X * 0.25, X * 0.75
    return Pair()


def test_register_parametrization_keys_values_gradients_and_removal():
    torch = _torch()
    ours, theirs = nn.Linear(3, 3).double(), torch.nn.Linear(3, 3).double()
    _load_from_torch(ours, theirs)
    parametrize.register_parametrization(ours, "weight", _symmetric(nn))
    torch.nn.utils.parametrize.register_parametrization(theirs, "weight", _symmetric(torch.nn))
    parametrize.register_parametrization(ours, "weight", _scale(nn))
    torch.nn.utils.parametrize.register_parametrization(theirs, "weight", _scale(torch.nn))
    assert repr(ours) == repr(theirs)
    assert type(ours).__name__ == type(theirs).__name__ == "ParametrizedLinear"
    assert list(ours.state_dict()) == list(theirs.state_dict())
    _close(ours.weight, theirs.weight)
    _close(ours.parametrizations.weight.original, theirs.parametrizations.weight.original)
    x = np.random.default_rng(0).standard_normal((4, 3))
    (ours(pa.tensor(x)) ** 2).sum().backward()
    (theirs(torch.tensor(x)) ** 2).sum().backward()
    _close(ours.parametrizations.weight.original.grad, theirs.parametrizations.weight.original.grad)
    # setting the tensor goes through right_inverse (Scale has none: torch's error)
    assert _err(lambda: setattr(ours, "weight", pa.ones(3, 3, dtype=pa.float64))) == \
        _err(lambda: setattr(theirs, "weight", torch.ones(3, 3, dtype=torch.float64)))
    assert parametrize.is_parametrized(ours) and parametrize.is_parametrized(ours, "weight")
    assert not parametrize.is_parametrized(ours, "bias")
    assert parametrize.type_before_parametrizations(ours) is nn.Linear
    with parametrize.cached():
        assert ours.weight is ours.weight
    assert ours.weight is not ours.weight
    orig = ours.parametrizations.weight.original
    parametrize.remove_parametrizations(ours, "weight", leave_parametrized=True)
    torch.nn.utils.parametrize.remove_parametrizations(theirs, "weight", leave_parametrized=True)
    assert type(ours) is nn.Linear and repr(ours) == repr(theirs)
    assert ours.weight is orig
    _close(ours.weight, theirs.weight)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert _err(lambda: parametrize.remove_parametrizations(ours, "weight")).__class__ is tuple


def test_parametrization_with_several_originals_and_right_inverse():
    torch = _torch()
    ours, theirs = nn.Linear(2, 2).double(), torch.nn.Linear(2, 2).double()
    _load_from_torch(ours, theirs)
    parametrize.register_parametrization(ours, "weight", _pair(nn))
    torch.nn.utils.parametrize.register_parametrization(theirs, "weight", _pair(torch.nn))
    assert list(ours.state_dict()) == list(theirs.state_dict())
    _close(ours.parametrizations.weight.original1, theirs.parametrizations.weight.original1)
    ours.weight = pa.ones(2, 2, dtype=pa.float64)
    theirs.weight = torch.ones(2, 2, dtype=torch.float64)
    _close(ours.parametrizations.weight.original0, theirs.parametrizations.weight.original0)
    assert _err(lambda: parametrize.remove_parametrizations(ours, "weight", leave_parametrized=False)) == \
        _err(lambda: torch.nn.utils.parametrize.remove_parametrizations(theirs, "weight", leave_parametrized=False))
    parametrize.remove_parametrizations(ours, "weight")
    torch.nn.utils.parametrize.remove_parametrizations(theirs, "weight")
    _close(ours.weight, theirs.weight)


def test_parametrization_errors_as_torch():
    torch = _torch()

    def make(mod, kind):
        class P(mod.Module):
            def forward(self, X):
                if kind == "shape":
                    return X[0]
                if kind == "dtype":
                    return X.double()
                return 1

            def right_inverse(self, X):
                return X
        return P()

    for kind in ("shape", "dtype", "notensor"):
        assert _err(lambda: parametrize.register_parametrization(nn.Linear(2, 2), "weight", make(nn, kind))) == \
            _err(lambda: torch.nn.utils.parametrize.register_parametrization(torch.nn.Linear(2, 2), "weight",
                                                                              make(torch.nn, kind))), kind
    m = parametrize.register_parametrization(nn.Linear(2, 2), "weight", make(nn, "shape"), unsafe=True)
    assert tuple(m.weight.shape) == (2,)
    a = _err(lambda: parametrize.register_parametrization(nn.Linear(2, 2), "nope", _scale(nn)))
    b = _err(lambda: torch.nn.utils.parametrize.register_parametrization(torch.nn.Linear(2, 2), "nope",
                                                                          _scale(torch.nn)))
    assert a == b


# ------------------------------------------------------- weight_norm / spectral_norm --
@pytest.mark.parametrize("dim", [0, 1, None, -1])
def test_weight_norm_parametrization_matches_torch(dim):
    torch = _torch()
    ours, theirs = nn.Conv1d(3, 4, 2).double(), torch.nn.Conv1d(3, 4, 2).double()
    _load_from_torch(ours, theirs)
    parametrizations.weight_norm(ours, dim=dim)
    torch.nn.utils.parametrizations.weight_norm(theirs, dim=dim)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert [tuple(v.shape) for v in ours.state_dict().values()] == \
        [tuple(v.shape) for v in theirs.state_dict().values()]
    _close(ours.parametrizations.weight.original0, theirs.parametrizations.weight.original0)
    theirs.parametrizations.weight.original0.data.mul_(1.5)
    _load_from_torch(ours, theirs)
    x = np.random.default_rng(1).standard_normal((2, 3, 5))
    oy, ty = ours(pa.tensor(x)), theirs(torch.tensor(x))
    _close(oy, ty)
    oy.sum().backward(), ty.sum().backward()
    for i in (0, 1):
        _close(getattr(ours.parametrizations.weight, "original%d" % i).grad,
               getattr(theirs.parametrizations.weight, "original%d" % i).grad, 1e-10)
    assert repr(ours) == repr(theirs)


def test_weight_norm_loads_a_legacy_state_dict():
    torch = _torch()
    legacy = torch.nn.utils.weight_norm(torch.nn.Linear(3, 2).double())
    ours = parametrizations.weight_norm(nn.Linear(3, 2).double())
    ours.load_state_dict({k: pa.tensor(v.detach().numpy()) for k, v in legacy.state_dict().items()})
    _close(ours.weight, legacy.weight)


@pytest.mark.parametrize("make,shape,kw", [
    ("Linear", (4, 3), {}), ("Conv2d", (3, 2, 2), {"n_power_iterations": 3}),
    ("ConvTranspose1d", (3, 2, 2), {}), ("Linear", (3, 5), {"dim": 1, "eps": 1e-6})])
def test_spectral_norm_parametrization_matches_torch(make, shape, kw):
    torch = _torch()
    args = (shape[1], shape[0]) if make == "Linear" else shape
    ours, theirs = getattr(nn, make)(*args).double(), getattr(torch.nn, make)(*args).double()
    parametrizations.spectral_norm(ours, **kw)
    torch.nn.utils.parametrizations.spectral_norm(theirs, **kw)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert [tuple(v.shape) for v in ours.state_dict().values()] == \
        [tuple(v.shape) for v in theirs.state_dict().values()]
    _load_from_torch(ours, theirs)     # torch's original weight and u, v buffers
    in_ch = args[0] if make != "Linear" else args[0]
    x = np.random.default_rng(2).standard_normal((2, in_ch) + ((4, 4) if make == "Conv2d" else
                                                                (4,) if make == "ConvTranspose1d" else ()))
    for train in (True, True, False):
        ours.train(train), theirs.train(train)
        oy, ty = ours(pa.tensor(x)), theirs(torch.tensor(x))
        _close(oy, ty, 1e-10)
        _close(ours.parametrizations.weight[0]._u, theirs.parametrizations.weight[0]._u, 1e-10)
    (oy ** 2).sum().backward(), (ty ** 2).sum().backward()
    _close(ours.parametrizations.weight.original.grad, theirs.parametrizations.weight.original.grad, 1e-9)


def test_spectral_norm_errors():
    torch = _torch()
    for kw in ({"dim": 3}, {"n_power_iterations": 0}):
        assert _err(lambda: parametrizations.spectral_norm(nn.Linear(2, 2), **kw)) == \
            _err(lambda: torch.nn.utils.parametrizations.spectral_norm(torch.nn.Linear(2, 2), **kw))
    assert _err(lambda: parametrizations.spectral_norm(nn.ReLU())) == \
        _err(lambda: torch.nn.utils.parametrizations.spectral_norm(torch.nn.ReLU()))
    # a 1-d weight is just normalized
    o = nn.Module()
    o.w = nn.Parameter(pa.tensor([3.0, 4.0]))
    parametrizations.spectral_norm(o, "w")
    assert o.w.tolist() == pytest.approx([0.6, 0.8])


# ------------------------------------------------------------------ fusion --
def test_fuse_conv_and_linear_with_batch_norm():
    torch = _torch()
    rng = np.random.default_rng(3)
    for transpose in (False, True):
        conv_o = (nn.ConvTranspose1d if transpose else nn.Conv1d)(3, 4, 2).double().eval()
        conv_t = (torch.nn.ConvTranspose1d if transpose else torch.nn.Conv1d)(3, 4, 2).double().eval()
        bn_o, bn_t = nn.BatchNorm1d(4).double().eval(), torch.nn.BatchNorm1d(4).double().eval()
        bn_t.running_mean.normal_(), bn_t.running_var.uniform_(0.5, 2), bn_t.weight.data.normal_()
        _load_from_torch(conv_o, conv_t), _load_from_torch(bn_o, bn_t)
        fo = nn.utils.fuse_conv_bn_eval(conv_o, bn_o, transpose=transpose)
        ft = torch.nn.utils.fuse_conv_bn_eval(conv_t, bn_t, transpose=transpose)
        assert fo is not conv_o and type(fo) is type(conv_o)
        x = rng.standard_normal((2, 3, 5))
        _close(fo(pa.tensor(x)), ft(torch.tensor(x)))
        _close(fo(pa.tensor(x)), bn_o(conv_o(pa.tensor(x))), 1e-10)
        assert type(fo.weight).__name__ == "Parameter" and fo.weight.grad_fn is None
    lin_o, lin_t = nn.Linear(3, 4).double().eval(), torch.nn.Linear(3, 4).double().eval()
    bn_o, bn_t = nn.BatchNorm1d(4).double().eval(), torch.nn.BatchNorm1d(4).double().eval()
    bn_t.running_mean.normal_()
    _load_from_torch(lin_o, lin_t), _load_from_torch(bn_o, bn_t)
    x = rng.standard_normal((2, 3))
    _close(nn.utils.fuse_linear_bn_eval(lin_o, bn_o)(pa.tensor(x)),
           torch.nn.utils.fuse_linear_bn_eval(lin_t, bn_t)(torch.tensor(x)))
    assert _err(lambda: nn.utils.fuse_linear_bn_eval(lin_o, nn.BatchNorm1d(3).eval())) == \
        _err(lambda: torch.nn.utils.fuse_linear_bn_eval(lin_t, torch.nn.BatchNorm1d(3).eval()))
    assert _err(lambda: nn.utils.fuse_linear_bn_eval(lin_o.train(), bn_o)) == \
        _err(lambda: torch.nn.utils.fuse_linear_bn_eval(lin_t.train(), bn_t))


# ---------------------------------------------------- legacy weight_norm / spectral_norm --
@pytest.mark.parametrize("dim", [0, 1, None])
def test_legacy_weight_norm_matches_torch(dim):
    torch = _torch()
    ours, theirs = nn.Conv1d(3, 4, 2).double(), torch.nn.Conv1d(3, 4, 2).double()
    _load_from_torch(ours, theirs)
    with pytest.warns(FutureWarning):
        nn.utils.weight_norm(ours, dim=dim)
    with pytest.warns(FutureWarning):
        torch.nn.utils.weight_norm(theirs, dim=dim)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    _close(ours.weight_g, theirs.weight_g)
    theirs.weight_g.data.mul_(2)
    _load_from_torch(ours, theirs)
    x = np.random.default_rng(4).standard_normal((2, 3, 5))
    oy, ty = ours(pa.tensor(x)), theirs(torch.tensor(x))
    _close(oy, ty)
    oy.sum().backward(), ty.sum().backward()
    _close(ours.weight_g.grad, theirs.weight_g.grad, 1e-10)
    _close(ours.weight_v.grad, theirs.weight_v.grad, 1e-10)
    assert _err(lambda: nn.utils.weight_norm(ours, dim=dim)) == _err(lambda: torch.nn.utils.weight_norm(theirs,
                                                                                                        dim=dim))
    nn.utils.remove_weight_norm(ours), torch.nn.utils.remove_weight_norm(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    _close(ours.weight, theirs.weight)
    assert _err(lambda: nn.utils.remove_weight_norm(ours)) == _err(lambda: torch.nn.utils.remove_weight_norm(theirs))


@pytest.mark.parametrize("make,args,kw", [("Linear", (3, 4), {}), ("ConvTranspose1d", (3, 2, 2), {}),
                                          ("Conv2d", (2, 3, 2), {"n_power_iterations": 2, "eps": 1e-4})])
def test_legacy_spectral_norm_matches_torch(make, args, kw):
    torch = _torch()
    ours, theirs = getattr(nn, make)(*args).double(), getattr(torch.nn, make)(*args).double()
    nn.utils.spectral_norm(ours, **kw), torch.nn.utils.spectral_norm(theirs, **kw)
    sd_t = theirs.state_dict()
    assert list(ours.state_dict()) == list(sd_t)
    assert ours.state_dict()._metadata == sd_t._metadata
    ours.load_state_dict({k: pa.tensor(v.numpy()) for k, v in sd_t.items()})
    x = np.random.default_rng(5).standard_normal((2, args[0]) + {"Linear": (), "ConvTranspose1d": (4,),
                                                                 "Conv2d": (4, 4)}[make])
    for train in (True, True, False):
        ours.train(train), theirs.train(train)
        oy, ty = ours(pa.tensor(x)), theirs(torch.tensor(x))
        _close(oy, ty, 1e-10)
        _close(ours.weight_u, theirs.weight_u, 1e-10)
    (oy ** 2).sum().backward(), (ty ** 2).sum().backward()
    _close(ours.weight_orig.grad, theirs.weight_orig.grad, 1e-9)
    assert _err(lambda: nn.utils.spectral_norm(ours)) == _err(lambda: torch.nn.utils.spectral_norm(theirs))
    nn.utils.remove_spectral_norm(ours), torch.nn.utils.remove_spectral_norm(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    _close(ours.weight, theirs.weight, 1e-10)
    assert _err(lambda: nn.utils.remove_spectral_norm(ours)) == \
        _err(lambda: torch.nn.utils.remove_spectral_norm(theirs))


# ------------------------------------------------------------ gradient clipping --
@pytest.mark.parametrize("norm_type", [2.0, 1, 3.5, float("inf"), 0, "inf"])
@pytest.mark.parametrize("foreach", [None, True, False])
def test_clip_grad_norm_and_total_norm_match_torch(norm_type, foreach):
    torch = _torch()
    rng = np.random.default_rng(6)
    grads = [rng.standard_normal(s) for s in ((3, 2), (4,), ())]
    ours = [nn.Parameter(pa.zeros(g.shape, dtype=pa.float64)) for g in grads]
    theirs = [torch.nn.Parameter(torch.zeros(g.shape, dtype=torch.float64)) for g in grads]
    for o, t, g in zip(ours, theirs, grads):
        o.grad, t.grad = pa.tensor(g), torch.tensor(g)
    assert float(nn.utils.get_total_norm([o.grad for o in ours], norm_type)) == \
        pytest.approx(float(torch.nn.utils.get_total_norm([t.grad for t in theirs], norm_type)), rel=1e-12)
    r1 = nn.utils.clip_grad_norm_(ours, 0.5, norm_type, foreach=foreach)
    r2 = torch.nn.utils.clip_grad_norm_(theirs, 0.5, norm_type, foreach=foreach)
    assert float(r1) == pytest.approx(float(r2), rel=1e-12) and r1.dtype == pa.float64
    for o, t in zip(ours, theirs):
        _close(o.grad, t.grad)
    nn.utils.clip_grads_with_norm_(ours, 0.1, r1), torch.nn.utils.clip_grads_with_norm_(theirs, 0.1, r2)
    for o, t in zip(ours, theirs):
        _close(o.grad, t.grad)


def test_clip_grad_errors_and_edge_cases():
    torch = _torch()
    p, q = nn.Parameter(pa.ones(2)), torch.nn.Parameter(torch.ones(2))
    p.grad, q.grad = pa.tensor([float("inf"), 1.0]), torch.tensor([float("inf"), 1.0])
    assert _err(lambda: nn.utils.clip_grad_norm_(p, 1.0, error_if_nonfinite=True)) == \
        _err(lambda: torch.nn.utils.clip_grad_norm_(q, 1.0, error_if_nonfinite=True))
    assert repr(nn.utils.clip_grad_norm_([nn.Parameter(pa.zeros(1))], 1.0)) == \
        repr(torch.nn.utils.clip_grad_norm_([torch.nn.Parameter(torch.zeros(1))], 1.0))
    with pytest.warns(UserWarning, match="empty generator"):
        nn.utils.clip_grad_norm_((x for x in []), 1.0)
    with pytest.warns(FutureWarning):
        nn.utils.clip_grad_norm([p], 1.0)
    p.grad, q.grad = pa.tensor([3.0, -5.0]), torch.tensor([3.0, -5.0])
    nn.utils.clip_grad_value_(p, 1.5), torch.nn.utils.clip_grad_value_(q, 1.5)
    _close(p.grad, q.grad)
    vec = nn.utils.parameters_to_vector([nn.Parameter(pa.ones(2, 2)), nn.Parameter(pa.zeros(3))])
    assert tuple(vec.shape) == (7,)


# ------------------------------------------------------------------ orthogonal --
@pytest.mark.parametrize("shape", [(3, 3), (5, 3), (3, 5), (2, 4, 4)])
@pytest.mark.parametrize("orthogonal_map", ["matrix_exp", "cayley", "householder", None])
@pytest.mark.parametrize("triv", [True, False])
def test_orthogonal_matches_torch(shape, orthogonal_map, triv):
    torch = _torch()
    ours, theirs = nn.Module(), torch.nn.Module()
    w = np.random.default_rng(7).standard_normal(shape)
    ours.weight = nn.Parameter(pa.tensor(w))
    theirs.weight = torch.nn.Parameter(torch.tensor(w))
    parametrizations.orthogonal(ours, orthogonal_map=orthogonal_map, use_trivialization=triv)
    torch.nn.utils.parametrizations.orthogonal(theirs, orthogonal_map=orthogonal_map, use_trivialization=triv)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    if shape[-1] == shape[-2] or not triv:
        # no random completion of the base: the registration itself gives torch's tensors
        for (k, a), (_, b) in zip(ours.state_dict().items(), theirs.state_dict().items()):
            _close(a, b, 1e-10)
    _load_from_torch(ours, theirs)
    _close(ours.weight, theirs.weight, 1e-12)
    (ours.weight.sin().sum()).backward(), (theirs.weight.sin().sum()).backward()
    _close(ours.parametrizations.weight.original.grad, theirs.parametrizations.weight.original.grad, 1e-11)
    q = ours.weight.detach().numpy()
    q = q if shape[-2] >= shape[-1] else np.swapaxes(q, -1, -2)
    np.testing.assert_allclose(np.swapaxes(q, -1, -2) @ q, np.broadcast_to(np.eye(q.shape[-1]),
                                                                            q.shape[:-2] + (q.shape[-1],) * 2),
                               atol=1e-12)


def test_orthogonal_errors_and_assignment():
    torch = _torch()
    for kw in ({"orthogonal_map": "nope"},):
        assert _err(lambda: parametrizations.orthogonal(nn.Linear(2, 2), **kw)) == \
            _err(lambda: torch.nn.utils.parametrizations.orthogonal(torch.nn.Linear(2, 2), **kw))
    o, t = nn.Module(), torch.nn.Module()
    o.w, t.w = nn.Parameter(pa.ones(3)), torch.nn.Parameter(torch.ones(3))
    assert _err(lambda: parametrizations.orthogonal(o, "w")) == \
        _err(lambda: torch.nn.utils.parametrizations.orthogonal(t, "w"))
    assert _err(lambda: parametrizations.orthogonal(o, "v")) is not None
    o, t = parametrizations.orthogonal(nn.Linear(3, 3).double()), \
        torch.nn.utils.parametrizations.orthogonal(torch.nn.Linear(3, 3).double())
    q = np.linalg.qr(np.random.default_rng(8).standard_normal((3, 3)))[0]
    o.weight, t.weight = pa.tensor(q), torch.tensor(q)
    _close(o.weight, t.weight, 1e-12)
    _close(o.weight, pa.tensor(q), 1e-12)
    assert _err(lambda: setattr(o, "weight", pa.zeros(2, 2, dtype=pa.float64))) == \
        _err(lambda: setattr(t, "weight", torch.zeros(2, 2, dtype=torch.float64)))


def test_containers_state_dict_interchange_with_torch():
    torch = _torch()

    def make(mod, tensor):
        class M(mod.Module):
            def __init__(self):
                super().__init__()
                self.ws = mod.ParameterList([tensor(np.zeros((2, 3))), tensor(np.zeros(3))])
                self.d = mod.ParameterDict({"scale": tensor(np.zeros(1))})

            def forward(self, x):
                return (x @ self.ws[0].T.T + self.ws[1]) * self.d["scale"]
        return M()

    ours, theirs = make(nn, pa.tensor), make(torch.nn, torch.tensor)
    for p in theirs.parameters():
        p.data.normal_()
    assert list(ours.state_dict()) == list(theirs.state_dict()) == ["ws.0", "ws.1", "d.scale"]
    _load_from_torch(ours, theirs)
    x = np.random.default_rng(9).standard_normal((4, 2))
    oy, ty = ours(pa.tensor(x)), theirs(torch.tensor(x))
    _close(oy, ty)
    oy.sum().backward(), ty.sum().backward()
    for (n1, p1), (n2, p2) in zip(ours.named_parameters(), theirs.named_parameters()):
        assert n1 == n2
        _close(p1.grad, p2.grad)
    assert repr(ours) == repr(theirs)


def test_parametrized_module_deepcopy_cache_and_pickle():
    import copy
    import pickle
    torch = _torch()
    m = parametrizations.orthogonal(nn.Linear(3, 3))
    t = torch.nn.utils.parametrizations.orthogonal(torch.nn.Linear(3, 3))
    c = copy.deepcopy(m)
    assert type(c).__name__ == type(copy.deepcopy(t)).__name__
    assert list(c.state_dict()) == list(m.state_dict())
    with parametrize.cached():
        assert m.weight is m.weight and c.weight is not m.weight
    c.parametrizations.weight.original.data.add_(1.0)
    assert float((c.weight - m.weight).abs().max()) > 0
    assert _err(lambda: pickle.dumps(m)) == _err(lambda: pickle.dumps(t))


def test_transfer_parametrizations_and_params():
    torch = _torch()
    res = []
    for mod, P, tensor in ((nn, parametrize, pa.tensor), (torch.nn, torch.nn.utils.parametrize, torch.tensor)):
        src = mod.Linear(3, 3).double()
        P.register_parametrization(src, "weight", _symmetric(mod))
        P.register_parametrization(src, "bias", _pair(mod))
        dst = P.transfer_parametrizations_and_params(src, mod.Linear(3, 3).double())
        res.append((type(dst).__name__, list(dst.state_dict()), repr(dst)))
        assert dst.parametrizations.weight.original is src.parametrizations.weight.original
        assert dst.parametrizations.bias.original1 is src.parametrizations.bias.original1
        only = P.transfer_parametrizations_and_params(src, mod.Linear(3, 3).double(), "bias")
        res.append(list(only.state_dict()))
        np.testing.assert_allclose(np.asarray(dst.weight.detach().numpy()), np.asarray(src.weight.detach().numpy()))
    assert res[:2] == res[2:]
