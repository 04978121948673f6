"""pyautograd.nn: modules, parameters, init, functional and losses.

Behaviour tests run everywhere; differential tests against PyTorch (values, gradients and
second derivatives of every loss and option) run when torch is installed.
"""
import copy
import math
import warnings
from collections import OrderedDict

import numpy as np
import pytest

import pyautograd as pt
from pyautograd import nn
from pyautograd.nn import functional as F


@pytest.fixture
def torch():
    return pytest.importorskip("torch")


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 4)
        self.act = nn.ReLU()
        self.block = nn.Sequential(nn.Linear(4, 4), nn.Tanh())
        self.head = nn.Linear(4, 2, bias=False)
        self.register_buffer("running", pt.zeros(4))
        self.register_buffer("scratch", pt.ones(1), persistent=False)

    def forward(self, x):
        return self.head(self.block(self.act(self.fc1(x))))


# ------------------------------------------------------------ Module basics --
def test_registration_and_traversal():
    m = Net()
    names = [n for n, _ in m.named_parameters()]
    assert names == ["fc1.weight", "fc1.bias", "block.0.weight", "block.0.bias", "head.weight"]
    assert len(list(m.parameters())) == 5
    assert all(isinstance(p, nn.Parameter) and p.requires_grad for p in m.parameters())
    assert [n for n, _ in m.named_children()] == ["fc1", "act", "block", "head"]
    assert [n for n, _ in m.named_modules()] == ["", "fc1", "act", "block", "block.0", "block.1", "head"]
    assert len(list(m.modules())) == 7
    assert [n for n, _ in m.named_buffers()] == ["running", "scratch"]
    assert list(m.state_dict().keys()) == ["running", "fc1.weight", "fc1.bias", "block.0.weight",
                                           "block.0.bias", "head.weight"]
    assert m.head.bias is None
    assert m.get_submodule("block.0") is m.block[0]
    assert m.get_parameter("block.0.bias") is m.block[0].bias


def test_shared_parameters_are_listed_once():
    lin = nn.Linear(2, 2)
    seq = nn.Sequential(lin, nn.ReLU(), lin)
    assert len(list(seq.parameters())) == 2
    assert len(list(seq.named_parameters(remove_duplicate=False))) == 4


def test_setattr_rules():
    m = nn.Linear(2, 3)
    with pytest.raises(TypeError, match=r"cannot assign 'torch.FloatTensor' as parameter 'weight' "
                                        r"\(torch.nn.Parameter or None expected\)"):
        m.weight = pt.zeros(3, 2)
    m.bias = None
    assert m.bias is None and "bias" in m._parameters
    m.extra = nn.Parameter(pt.ones(1))
    assert "extra" in dict(m.named_parameters())
    del m.extra
    assert "extra" not in dict(m.named_parameters())
    with pytest.raises(AttributeError, match="'Linear' object has no attribute 'zzz'"):
        m.zzz

    class Bad(nn.Module):
        def __init__(self):
            self.w = nn.Parameter(pt.ones(1))

    with pytest.raises(AttributeError, match="before Module.__init__"):
        Bad()
    with pytest.raises(ValueError, match="non-leaf"):
        m.register_parameter("p", _nonleaf_param())


def _nonleaf_param():
    p = nn.Parameter(pt.ones(2))
    q = p * 2
    q.__class__ = nn.Parameter
    return q


def test_call_runs_forward_and_hooks():
    m = nn.Linear(2, 2)
    seen = []
    h1 = m.register_forward_pre_hook(lambda mod, args: seen.append("pre"))
    h2 = m.register_forward_hook(lambda mod, args, out: out * 0)
    out = m(pt.ones(1, 2))
    assert seen == ["pre"] and out.abs().sum().item() == 0
    h1.remove()
    h2.remove()
    assert m(pt.ones(1, 2)).abs().sum().item() != 0


def test_train_eval_and_dropout():
    pt.manual_seed(0)
    m = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5))
    assert m.training and m[1].training
    m.eval()
    assert not m.training and not m[1].training
    x = pt.ones(200, 4)
    assert pt.equal(m[1](x), x)
    m.train()
    y = m[1](x)
    vals = set(np.unique(y.numpy()).tolist())
    assert vals <= {0.0, 2.0} and vals == {0.0, 2.0}
    frac = (y == 0).float().mean().item()
    assert 0.4 < frac < 0.6
    assert pt.equal(F.dropout(x, 1.0), pt.zeros(200, 4))
    assert F.dropout(x, 0.0) is x
    with pytest.raises(ValueError, match="dropout probability has to be between 0 and 1, but got 1.5"):
        nn.Dropout(1.5)
    xr = pt.ones(3, requires_grad=True)
    F.dropout(xr, 0.5).sum().backward()
    assert set(xr.grad.tolist()) <= {0.0, 2.0}


def test_zero_grad():
    m = nn.Linear(2, 1)
    m(pt.ones(3, 2)).sum().backward()
    assert m.weight.grad is not None
    m.zero_grad(set_to_none=False)
    assert m.weight.grad is not None and m.weight.grad.abs().sum().item() == 0
    m(pt.ones(3, 2)).sum().backward()
    m.zero_grad()
    assert m.weight.grad is None and m.bias.grad is None


def test_state_dict_roundtrip_and_errors():
    pt.manual_seed(1)
    a, b = Net(), Net()
    sd = a.state_dict()
    assert all(not v.requires_grad for v in sd.values())
    assert b.load_state_dict(sd).__repr__() == "<All keys matched successfully>"
    x = pt.randn(5, 3)
    assert pt.equal(a(x), b(x))
    assert "scratch" not in sd
    lin = nn.Linear(2, 3)
    before = lin.weight.detach().clone()
    with pytest.raises(RuntimeError) as e:
        lin.load_state_dict({"weight": pt.zeros(3, 2), "foo": pt.zeros(1)})
    assert str(e.value) == ('Error(s) in loading state_dict for Linear:\n\tMissing key(s) in state_dict: "bias". '
                            '\n\tUnexpected key(s) in state_dict: "foo". ')
    # torch copies the entries that matched before it raises (the load is not atomic)
    assert pt.equal(lin.weight, pt.zeros(3, 2)) and not pt.equal(before, pt.zeros(3, 2))
    with pytest.raises(RuntimeError) as e:
        lin.load_state_dict({"weight": pt.zeros(2, 2), "bias": pt.zeros(3)})
    assert str(e.value) == ("Error(s) in loading state_dict for Linear:\n\tsize mismatch for weight: copying a param "
                            "with shape torch.Size([2, 2]) from checkpoint, the shape in current model is "
                            "torch.Size([3, 2]).")
    r = lin.load_state_dict({"weight": pt.zeros(3, 2), "foo": pt.ones(1)}, strict=False)
    assert r.missing_keys == ["bias"] and r.unexpected_keys == ["foo"]
    assert lin.weight.abs().sum().item() == 0 and lin.weight.requires_grad
    with pytest.raises(TypeError, match="Expected state_dict to be dict-like"):
        lin.load_state_dict([1, 2])


def test_load_state_dict_bumps_version_and_keeps_parameter_objects():
    lin = nn.Linear(2, 2)
    w = lin.weight
    v = w._version
    lin.load_state_dict({"weight": pt.ones(2, 2), "bias": pt.zeros(2)})
    assert lin.weight is w and w._version > v
    lin.load_state_dict({"weight": pt.full((2, 2), 3.0), "bias": pt.zeros(2)}, assign=True)
    assert isinstance(lin.weight, nn.Parameter) and lin.weight[0, 0].item() == 3.0


def test_reprs():
    seq = nn.Sequential(nn.Linear(2, 16), nn.ReLU())
    assert repr(seq) == ("Sequential(\n  (0): Linear(in_features=2, out_features=16, bias=True)\n  (1): ReLU()\n)")
    p = nn.Parameter(pt.tensor([1.0, 2.0]))
    assert repr(p) == "Parameter containing:\ntensor([1., 2.], requires_grad=True)"
    ml = nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2), nn.Tanh()])
    assert repr(ml) == ("ModuleList(\n  (0-1): 2 x Linear(in_features=2, out_features=2, bias=True)\n"
                        "  (2): Tanh()\n)")
    assert repr(nn.Dropout(0.2)) == "Dropout(p=0.2, inplace=False)"
    assert repr(nn.Softmax(dim=1)) == "Softmax(dim=1)"
    assert repr(nn.Flatten()) == "Flatten(start_dim=1, end_dim=-1)"
    assert repr(nn.CrossEntropyLoss()) == "CrossEntropyLoss()"
    assert repr(nn.ReLU(inplace=True)) == "ReLU(inplace=True)"


def test_sequential_container():
    a, b, c = nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)
    s = nn.Sequential(a, b)
    assert len(s) == 2 and s[0] is a and s[-1] is b
    s.append(c)
    assert len(s) == 3 and s[2] is c
    sl = s[1:]
    assert isinstance(sl, nn.Sequential) and list(sl) == [b, c]
    with pytest.raises(IndexError, match="index 5 is out of range"):
        s[5]
    out = s(pt.ones(4, 2))
    assert out.shape == (4, 1)
    od = nn.Sequential(OrderedDict([("lin", nn.Linear(2, 2)), ("act", nn.Tanh())]))
    assert [n for n, _ in od.named_parameters()] == ["lin.weight", "lin.bias"]
    del s[1]
    assert len(s) == 2 and list(s._modules) == ["0", "1"]


def test_modulelist_and_moduledict():
    ml = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
    assert len(ml) == 3 and len(list(ml.parameters())) == 6
    ml.append(nn.ReLU())
    assert isinstance(ml[-1], nn.ReLU)
    assert isinstance(ml[:2], nn.ModuleList) and len(ml[:2]) == 2
    md = nn.ModuleDict({"a": nn.Linear(1, 1)})
    assert "a" in md and [n for n, _ in md.named_parameters()] == ["a.weight", "a.bias"]


def test_apply_requires_grad_and_dtype():
    m = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.Tanh(), nn.ReLU()), nn.Linear(2, 1))
    seen = []
    m.apply(lambda mod: seen.append(repr(mod).split("(")[0] + str(getattr(mod, "out_features", ""))))
    assert seen == ["Linear2", "Tanh", "ReLU", "Sequential", "Linear1", "Sequential"]
    del m[1]
    m.requires_grad_(False)
    assert not any(p.requires_grad for p in m.parameters())
    m.requires_grad_()
    w = m[0].weight
    m.double()
    assert m[0].weight is w and w.dtype == pt.float64
    assert m(pt.ones(1, 2, dtype=pt.float64)).dtype == pt.float64
    m.to(pt.float32)
    assert w.dtype == pt.float32
    m.float()
    with pytest.raises(TypeError):
        m.to(pt.int64)


def test_deepcopy_module():
    m = nn.Sequential(nn.Linear(2, 2))
    m2 = copy.deepcopy(m)
    assert isinstance(m2[0].weight, nn.Parameter)
    assert m2[0].weight is not m[0].weight and pt.equal(m2[0].weight, m[0].weight)
    with pt.no_grad():
        m2[0].weight.add_(1)
    assert not pt.equal(m2[0].weight, m[0].weight)


def test_parameter_shares_data_with_tensor():
    t = pt.ones(3)
    p = nn.Parameter(t)
    assert p.is_leaf and p.requires_grad and isinstance(p, pt.Tensor)
    t.add_(1)
    assert p[0].item() == 2.0
    assert not nn.Parameter(pt.ones(1), requires_grad=False).requires_grad
    assert type(p * 2) is pt.Tensor


# ---------------------------------------------------------------- Linear --
def test_linear_default_init_bounds():
    pt.manual_seed(0)
    lin = nn.Linear(50, 400)
    bound = 1 / math.sqrt(50)
    w = lin.weight.detach().numpy()
    b = lin.bias.detach().numpy()
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.95 * bound
    assert np.abs(b).max() <= bound and np.abs(b).max() > 0.9 * bound
    assert abs(w.std() - bound / math.sqrt(3)) < 0.01  # uniform(-a, a) has std a / sqrt(3)


def test_linear_shapes_and_errors():
    lin = nn.Linear(3, 2)
    assert lin(pt.ones(3)).shape == (2,)
    assert lin(pt.ones(4, 5, 3)).shape == (4, 5, 2)
    assert lin(pt.ones(4, 3)).grad_fn.name() == "AddmmBackward0"
    with pytest.raises(RuntimeError, match=r"mat1 and mat2 shapes cannot be multiplied \(4x2 and 3x2\)"):
        lin(pt.ones(4, 2))


# ------------------------------------------------------------------ init --
def test_init_functions():
    pt.manual_seed(0)
    w = nn.Parameter(pt.empty(200, 100))
    nn.init.xavier_uniform_(w)
    a = math.sqrt(6.0 / 300)
    assert w.abs().max().item() <= a and w.abs().max().item() > 0.95 * a
    nn.init.xavier_normal_(w, gain=2.0)
    assert abs(w.std().item() - 2.0 * math.sqrt(2.0 / 300)) < 0.01
    nn.init.kaiming_normal_(w, mode="fan_out", nonlinearity="relu")
    assert abs(w.std().item() - math.sqrt(2.0 / 200)) < 0.01
    nn.init.kaiming_uniform_(w, nonlinearity="relu")
    assert w.abs().max().item() <= math.sqrt(6.0 / 100)
    nn.init.constant_(w, 0.5)
    assert (w == 0.5).all()
    nn.init.zeros_(w)
    assert w.abs().sum().item() == 0
    nn.init.ones_(w)
    assert (w == 1).all()
    nn.init.uniform_(w, -0.1, 0.1)
    assert w.abs().max().item() <= 0.1
    nn.init.normal_(w, 3.0, 0.5)
    assert abs(w.mean().item() - 3.0) < 0.05
    assert w.requires_grad and w.is_leaf and w.grad_fn is None
    assert nn.init.calculate_gain("relu") == math.sqrt(2)
    assert nn.init.calculate_gain("tanh") == 5.0 / 3
    assert nn.init.calculate_gain("leaky_relu", 0.2) == math.sqrt(2 / 1.04)
    with pytest.raises(ValueError, match="Unsupported nonlinearity foo"):
        nn.init.calculate_gain("foo")
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        nn.init.xavier_uniform_(pt.zeros(3))
    with pytest.raises(ValueError, match="Mode fan_x not supported"):
        nn.init.kaiming_uniform_(w, mode="fan_x")


# ------------------------------------------------------------ activations --
def test_activation_modules():
    x = pt.tensor([[-1.0, 0.0, 2.0]])
    assert nn.ReLU()(x).tolist() == [[0.0, 0.0, 2.0]]
    assert np.allclose(nn.Tanh()(x).numpy(), np.tanh(x.numpy()))
    assert np.allclose(nn.Sigmoid()(x).numpy(), 1 / (1 + np.exp(-x.numpy())))
    assert np.allclose(nn.Softmax(dim=1)(x).sum(1).numpy(), 1)
    assert np.allclose(nn.LogSoftmax(dim=1)(x).exp().sum(1).numpy(), 1)
    assert nn.Identity()(x) is x
    assert nn.Flatten()(pt.ones(2, 3, 4)).shape == (2, 12)
    assert np.allclose(nn.LeakyReLU(0.1)(x).numpy(), [[-0.1, 0.0, 2.0]])
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmax"):
        F.softmax(x)
    y = pt.tensor([-1.0, 2.0])
    nn.ReLU(inplace=True)(y)
    assert y.tolist() == [0.0, 2.0]


# ----------------------------------------------------------------- losses --
def test_loss_errors():
    x = pt.randn(3, 4)
    with pytest.raises(IndexError, match="Target 5 is out of bounds."):
        F.cross_entropy(x, pt.tensor([0, 1, 5]))
    with pytest.raises(ValueError, match=r"Expected input batch_size \(3\) to match target batch_size \(2\)."):
        F.cross_entropy(x, pt.tensor([0, 1]))
    with pytest.raises(RuntimeError, match="expected target dtype to be Long or Byte, but got Float"):
        F.cross_entropy(x, pt.tensor([0.0, 1.0, 1.0]))
    with pytest.raises(RuntimeError, match="ignore_index is not supported for floating point target"):
        F.cross_entropy(x, pt.rand(3, 4), ignore_index=1)
    with pytest.raises(RuntimeError, match="weight tensor should be defined either for all 4 classes"):
        F.cross_entropy(x, pt.tensor([0, 1, 2]), weight=pt.ones(3))
    with pytest.raises(ValueError, match="bad is not a valid value for reduction"):
        F.cross_entropy(x, pt.tensor([0, 1, 2]), reduction="bad")
    with pytest.raises(RuntimeError, match="label_smoothing must be between 0.0 and 1.0. Got: 1.5"):
        F.cross_entropy(x, pt.tensor([0, 1, 2]), label_smoothing=1.5)
    with pytest.warns(UserWarning, match=r"Using a target size \(torch.Size\(\[4\]\)\) that is different to the "
                                         r"input size \(torch.Size\(\[3, 4\]\)\)"):
        F.mse_loss(x, pt.randn(4))
    with pytest.raises(RuntimeError, match="The size of tensor a \\(4\\) must match the size of tensor b \\(5\\)"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            F.mse_loss(x, pt.randn(5))
    with pytest.raises(ValueError, match="is different to the input size .* is deprecated"):
        F.binary_cross_entropy(pt.rand(3), pt.rand(3, 1))
    with pytest.raises(RuntimeError, match="all elements of input should be between 0 and 1"):
        F.binary_cross_entropy(pt.tensor([1.5]), pt.rand(1))
    with pytest.raises(ValueError, match=r"Target size \(torch.Size\(\[3, 1\]\)\) must be the same as input size"):
        F.binary_cross_entropy_with_logits(pt.rand(3), pt.rand(3, 1))
    with pytest.raises(RuntimeError, match="smooth_l1_loss does not support negative values for beta."):
        F.smooth_l1_loss(x, x, beta=-1)
    with pytest.raises(RuntimeError, match="huber_loss does not support non-positive values for delta."):
        F.huber_loss(x, x, delta=0)
    assert math.isnan(F.cross_entropy(x, pt.tensor([-100, -100, -100])).item())


def test_loss_values_by_hand():
    x = pt.tensor([[2.0, 0.0], [0.0, 1.0]], requires_grad=True)
    t = pt.tensor([0, 1])
    loss = nn.CrossEntropyLoss()(x, t)
    expect = np.mean([-2 + np.log(np.exp(2) + 1), -1 + np.log(1 + np.e)])
    assert abs(loss.item() - expect) < 1e-6
    assert loss.grad_fn.name() == "NllLossBackward0"
    loss.backward()
    p = np.exp(x.detach().numpy()) / np.exp(x.detach().numpy()).sum(1, keepdims=True)
    assert np.allclose(x.grad.numpy(), (p - np.eye(2)) / 2, atol=1e-6)
    m = nn.MSELoss()(pt.tensor([1.0, 2.0]), pt.tensor([0.0, 0.0]))
    assert m.item() == 2.5
    assert nn.L1Loss(reduction="sum")(pt.tensor([1.0, -2.0]), pt.zeros(2)).item() == 3.0
    h = nn.HuberLoss(delta=1.0)(pt.tensor([0.5, 3.0]), pt.zeros(2))
    assert abs(h.item() - (0.125 + 2.5) / 2) < 1e-7
    s = nn.SmoothL1Loss(beta=2.0)(pt.tensor([1.0, 3.0]), pt.zeros(2))
    assert abs(s.item() - (0.25 + 2.0) / 2) < 1e-7
    b = nn.BCEWithLogitsLoss()(pt.tensor([0.0]), pt.tensor([1.0]))
    assert abs(b.item() - math.log(2)) < 1e-7
    big = F.binary_cross_entropy_with_logits(pt.tensor([-200.0, 200.0]), pt.tensor([1.0, 0.0]),
                                             reduction="none")
    assert np.allclose(big.detach().numpy(), [200.0, 200.0])  # stable: no inf/nan
    assert F.binary_cross_entropy(pt.tensor([0.0]), pt.tensor([1.0])).item() == 100.0  # log clamped at -100


def test_loss_second_derivative_matches_finite_differences():
    pt.manual_seed(3)
    x = pt.randn(4, 3, dtype=pt.float64, requires_grad=True)
    t = pt.tensor([0, 2, 1, 2])
    v = pt.randn(4, 3, dtype=pt.float64)

    def gv(xx):
        xx = xx.detach().requires_grad_()
        g, = pt.autograd.grad(F.cross_entropy(xx, t, label_smoothing=0.1), xx)
        return (g * v).sum().item()

    g, = pt.autograd.grad(F.cross_entropy(x, t, label_smoothing=0.1), x, create_graph=True)
    hv, = pt.autograd.grad((g * v).sum(), x)
    eps = 1e-6
    num = np.zeros((4, 3))
    for i in range(4):
        for j in range(3):
            xp = x.detach().clone()
            xm = x.detach().clone()
            xp[i, j] += eps
            xm[i, j] -= eps
            num[i, j] = (gv(xp) - gv(xm)) / (2 * eps)
    assert np.allclose(hv.numpy(), num, atol=1e-6)


# ---------------------------------------------------- differential vs torch --
def _to_torch(torch, x, requires_grad=False):
    if x is None:
        return None
    t = torch.from_numpy(np.array(x))
    if requires_grad:
        t.requires_grad_(True)
    return t


def _to_pt(x, requires_grad=False):
    if x is None:
        return None
    t = pt.tensor(np.array(x))
    if requires_grad:
        t.requires_grad_(True)
    return t


def _case_data(kind, rng, dtype):
    if kind == "reg":
        return rng.normal(size=(4, 3)).astype(dtype), rng.normal(size=(4, 3)).astype(dtype), True
    if kind == "reg_close":  # many |d| below beta/delta
        x = rng.normal(size=(5, 3)).astype(dtype)
        return x, (x + 0.8 * rng.normal(size=(5, 3))).astype(dtype), True
    if kind == "prob":
        return rng.uniform(0.05, 0.95, size=(4, 3)).astype(dtype), rng.uniform(0, 1, size=(4, 3)).astype(dtype), True
    if kind == "logit":
        return (3 * rng.normal(size=(4, 3))).astype(dtype), rng.uniform(0, 1, size=(4, 3)).astype(dtype), True
    if kind == "cls":
        return rng.normal(size=(5, 4)).astype(dtype), np.array([0, 3, 1, 1, 2]), False
    if kind == "cls_ignore":
        return rng.normal(size=(5, 4)).astype(dtype), np.array([0, -100, 1, 3, -100]), False
    if kind == "cls_ignore1":
        return rng.normal(size=(5, 4)).astype(dtype), np.array([0, 1, 1, 3, 2]), False
    if kind == "cls_nd":
        return rng.normal(size=(2, 4, 3)).astype(dtype), np.array([[0, 3, 1], [2, 2, 0]]), False
    if kind == "cls_1d":
        return rng.normal(size=(4,)).astype(dtype), np.array(2), False
    if kind == "cls_prob":
        x = rng.normal(size=(5, 4)).astype(dtype)
        p = rng.uniform(size=(5, 4))
        return x, (p / p.sum(1, keepdims=True)).astype(dtype), True
    if kind == "logp":
        x = rng.normal(size=(5, 4))
        return (x - np.log(np.exp(x).sum(1, keepdims=True))).astype(dtype), np.array([0, 3, 1, 1, 2]), False
    raise ValueError(kind)


W4 = [0.5, 2.0, 1.0, 0.25]
LOSS_CASES = [
    ("mse_loss", "reg", {}),
    ("l1_loss", "reg", {}),
    ("smooth_l1_loss", "reg_close", {"beta": 0.5}),
    ("smooth_l1_loss", "reg_close", {}),
    ("smooth_l1_loss", "reg", {"beta": 0.0}),
    ("huber_loss", "reg_close", {"delta": 0.7}),
    ("huber_loss", "reg_close", {}),
    ("binary_cross_entropy", "prob", {}),
    ("binary_cross_entropy", "prob", {"weight": [0.5, 1.0, 2.0]}),
    ("binary_cross_entropy_with_logits", "logit", {}),
    ("binary_cross_entropy_with_logits", "logit", {"weight": [0.5, 1.0, 2.0]}),
    ("binary_cross_entropy_with_logits", "logit", {"pos_weight": [3.0, 1.0, 0.5]}),
    ("binary_cross_entropy_with_logits", "logit", {"pos_weight": [3.0, 1.0, 0.5], "weight": [[2.0], [1.0], [0.5],
                                                                                            [1.0]]}),
    ("cross_entropy", "cls", {}),
    ("cross_entropy", "cls", {"weight": W4}),
    ("cross_entropy", "cls_ignore", {}),
    ("cross_entropy", "cls_ignore", {"weight": W4}),
    ("cross_entropy", "cls_ignore1", {"ignore_index": 1}),
    ("cross_entropy", "cls", {"label_smoothing": 0.2}),
    ("cross_entropy", "cls", {"label_smoothing": 0.1, "weight": W4}),
    ("cross_entropy", "cls_ignore", {"label_smoothing": 0.3, "weight": W4}),
    ("cross_entropy", "cls_ignore", {"label_smoothing": 0.3}),
    ("cross_entropy", "cls_nd", {"weight": W4, "label_smoothing": 0.1}),
    ("cross_entropy", "cls_1d", {}),
    ("cross_entropy", "cls_1d", {"label_smoothing": 0.2}),
    ("cross_entropy", "cls_prob", {}),
    ("cross_entropy", "cls_prob", {"weight": W4}),
    ("cross_entropy", "cls_prob", {"label_smoothing": 0.25, "weight": W4}),
    ("nll_loss", "logp", {}),
    ("nll_loss", "logp", {"weight": W4}),
    ("nll_loss", "cls_ignore", {"weight": W4, "ignore_index": -100}),
    ("nll_loss", "cls_nd", {}),
]


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("name,kind,opts", LOSS_CASES, ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(LOSS_CASES)])
def test_loss_matches_torch(torch, name, kind, opts, reduction):
    rng = np.random.default_rng(abs(hash((name, kind, str(opts)))) % 2 ** 32)
    x, t, target_grad = _case_data(kind, rng, np.float64)
    up = rng.normal(size=np.shape(x) if reduction == "none" and name not in ("cross_entropy", "nll_loss") else ())
    v = rng.normal(size=np.shape(x))
    results = []
    for lib, conv in ((torch, lambda a, rg=False: _to_torch(torch, a, rg)), (pt, _to_pt)):
        xi = conv(x, True)
        ti = conv(t, target_grad)
        kw = {k: (conv(np.array(val, dtype=np.float64)) if k in ("weight", "pos_weight") else val)
              for k, val in opts.items()}
        fn = getattr(lib.nn.functional, name)
        out = fn(xi, ti, reduction=reduction, **kw)
        upt = conv(np.broadcast_to(up, tuple(out.shape)).copy()) if out.dim() else conv(np.array(1.0))
        s = (out * upt).sum()
        inputs = [xi, ti] if target_grad else [xi]
        grads = lib.autograd.grad(s, inputs, create_graph=True)
        gx = grads[0]
        if gx.requires_grad:  # the gradient may not depend on the input at all (l1, nll)
            second = lib.autograd.grad((gx * conv(v)).sum(), inputs, allow_unused=True)
        else:
            second = [None] * len(inputs)
        second = [np.zeros(np.shape(a)) if g is None else g.detach().numpy(force=True)
                  for g, a in zip(second, [x, t])]
        results.append((out.detach().numpy(), [g.detach().numpy(force=True) for g in grads], second,
                        type(out.grad_fn).__name__ if lib is torch else out.grad_fn.name()))
    (o1, g1, s1, n1), (o2, g2, s2, n2) = results
    np.testing.assert_allclose(o2, o1, rtol=1e-10, atol=1e-12)
    for a, b in zip(g2, g1):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    for a, b in zip(s2, s1):
        np.testing.assert_allclose(a, b, rtol=1e-8, atol=1e-10)
    if name in ("mse_loss", "smooth_l1_loss", "huber_loss", "binary_cross_entropy",
                "binary_cross_entropy_with_logits", "nll_loss") and opts.get("beta", 1) != 0 \
            and "weight" not in opts or (name == "cross_entropy" and not opts and kind == "cls"):
        assert n2 == n1


@pytest.mark.parametrize("name", ["mse_loss", "l1_loss", "huber_loss"])
@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_weighted_pointwise_losses_match_torch(torch, name, reduction):
    rng = np.random.default_rng(5)
    x, t, w = rng.normal(size=(4, 3)), rng.normal(size=(4, 3)), rng.uniform(size=(4, 3))
    out = []
    for lib, conv in ((torch, lambda a, rg=False: _to_torch(torch, a, rg)), (pt, _to_pt)):
        xi, ti = conv(x, True), conv(t, True)
        loss = getattr(lib.nn.functional, name)(xi, ti, reduction=reduction, weight=conv(w))
        gx, gt = lib.autograd.grad(loss.sum(), [xi, ti])
        out.append([loss.detach().numpy(), gx.numpy(), gt.numpy()])
    for a, b in zip(out[1], out[0]):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)
    with pytest.raises(ValueError, match="Weights and input must have the same size."):
        getattr(F, name)(pt.tensor(x), pt.tensor(t), weight=pt.ones(3))


@pytest.mark.parametrize("name", ["mse_loss", "cross_entropy", "binary_cross_entropy_with_logits"])
def test_loss_float32_matches_torch(torch, name):
    rng = np.random.default_rng(0)
    kind = {"mse_loss": "reg", "cross_entropy": "cls", "binary_cross_entropy_with_logits": "logit"}[name]
    x, t, _ = _case_data(kind, rng, np.float32)
    a = getattr(torch.nn.functional, name)(_to_torch(torch, x), _to_torch(torch, t))
    b = getattr(F, name)(_to_pt(x), _to_pt(t))
    assert b.dtype == pt.float32
    np.testing.assert_allclose(b.numpy(), a.numpy(), rtol=1e-6)


def test_loss_modules_match_functional(torch):
    rng = np.random.default_rng(1)
    x, t, _ = _case_data("cls_ignore", rng, np.float64)
    w = np.array(W4)
    a = torch.nn.CrossEntropyLoss(weight=torch.tensor(w), label_smoothing=0.1)(_to_torch(torch, x), _to_torch(torch, t))
    b = nn.CrossEntropyLoss(weight=pt.tensor(w), label_smoothing=0.1)(_to_pt(x), _to_pt(t))
    np.testing.assert_allclose(b.item(), a.item(), rtol=1e-12)
    x2, t2, _ = _case_data("logit", rng, np.float64)
    pw = np.array([2.0, 1.0, 0.5])
    a = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(pw), reduction="sum")(_to_torch(torch, x2),
                                                                                  _to_torch(torch, t2))
    b = nn.BCEWithLogitsLoss(pos_weight=pt.tensor(pw), reduction="sum")(_to_pt(x2), _to_pt(t2))
    np.testing.assert_allclose(b.item(), a.item(), rtol=1e-12)
    assert repr(nn.BCEWithLogitsLoss()) == repr(torch.nn.BCEWithLogitsLoss())


def _copy_weights(tm, pm):
    for (n1, p1), (n2, p2) in zip(tm.named_parameters(), pm.named_parameters()):
        assert n1 == n2
        with pt.no_grad():
            p2.copy_(pt.tensor(p1.detach().numpy()))


@pytest.mark.parametrize("shape", [(5, 3), (3,), (2, 4, 3)])
def test_linear_sequential_match_torch(torch, shape):
    torch.manual_seed(0)
    tm = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.ReLU(), torch.nn.Linear(8, 8), torch.nn.Tanh(),
                             torch.nn.Linear(8, 2, bias=False), torch.nn.Sigmoid())
    pm = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 2, bias=False),
                       nn.Sigmoid())
    assert repr(pm) == repr(tm)
    _copy_weights(tm, pm)
    x = np.random.default_rng(0).normal(size=shape).astype(np.float32)
    xt, xp = _to_torch(torch, x, True), _to_pt(x, True)
    ot, op = tm(xt), pm(xp)
    np.testing.assert_allclose(op.detach().numpy(), ot.detach().numpy(), rtol=1e-5, atol=1e-6)
    assert op.grad_fn.name() == type(ot.grad_fn).__name__
    mid_t, mid_p = tm[0](xt), pm[0](xp)
    assert mid_p.grad_fn.name() == type(mid_t.grad_fn).__name__
    (ot ** 2).sum().backward()
    (op ** 2).sum().backward()
    np.testing.assert_allclose(xp.grad.numpy(), xt.grad.numpy(), rtol=1e-5, atol=1e-6)
    for (n, a), (_, b) in zip(tm.named_parameters(), pm.named_parameters()):
        np.testing.assert_allclose(b.grad.numpy(), a.grad.numpy(), rtol=1e-5, atol=1e-6, err_msg=n)
    assert list(pm.state_dict().keys()) == list(tm.state_dict().keys())


def test_linear_double_backward_matches_torch(torch):
    rng = np.random.default_rng(2)
    W, b, x = rng.normal(size=(3, 4)), rng.normal(size=3), rng.normal(size=(5, 4))
    out = []
    for lib, conv in ((torch, lambda a: _to_torch(torch, a, True)), (pt, lambda a: _to_pt(a, True))):
        Wi, bi, xi = conv(W), conv(b), conv(x)
        y = lib.nn.functional.linear(xi, Wi, bi)
        gx, gW = lib.autograd.grad((y.tanh() ** 2).sum(), [xi, Wi], create_graph=True)
        h = lib.autograd.grad((gx ** 2).sum() + (gW ** 3).sum(), [xi, Wi, bi])
        out.append([t.detach().numpy() for t in (y, gx, gW) + tuple(h)])
    for a, b_ in zip(out[1], out[0]):
        np.testing.assert_allclose(a, b_, rtol=1e-10, atol=1e-12)


def test_init_gain_matches_torch(torch):
    for nl, param in [("linear", None), ("sigmoid", None), ("tanh", None), ("relu", None), ("leaky_relu", None),
                      ("leaky_relu", 0.3), ("selu", None)]:
        assert nn.init.calculate_gain(nl, param) == torch.nn.init.calculate_gain(nl, param)


def test_module_reprs_match_torch(torch):
    pairs = [
        (nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.2), nn.Softmax(dim=1), nn.Flatten(), nn.Identity(),
                       nn.Tanh(), nn.LogSoftmax(1), nn.CrossEntropyLoss(), nn.MSELoss(reduction="sum"),
                       nn.BCEWithLogitsLoss(), nn.SmoothL1Loss(), nn.HuberLoss(), nn.ModuleList([nn.Sigmoid()]),
                       nn.LeakyReLU(0.2), nn.NLLLoss(), nn.BCELoss(), nn.L1Loss()),
         torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Dropout(0.2), torch.nn.Softmax(dim=1),
                             torch.nn.Flatten(), torch.nn.Identity(), torch.nn.Tanh(), torch.nn.LogSoftmax(1),
                             torch.nn.CrossEntropyLoss(), torch.nn.MSELoss(reduction="sum"),
                             torch.nn.BCEWithLogitsLoss(), torch.nn.SmoothL1Loss(), torch.nn.HuberLoss(),
                             torch.nn.ModuleList([torch.nn.Sigmoid()]), torch.nn.LeakyReLU(0.2), torch.nn.NLLLoss(),
                             torch.nn.BCELoss(), torch.nn.L1Loss())),
        (nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2), nn.ReLU()]),
         torch.nn.ModuleList([torch.nn.Linear(2, 2), torch.nn.Linear(2, 2), torch.nn.ReLU()])),
    ]
    for a, b in pairs:
        assert repr(a) == repr(b)


# ------------------------------------------- NumPy references (run without torch) --
def _np_log_softmax(x, axis=1):
    m = x.max(axis=axis, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=axis, keepdims=True))


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_cross_entropy_numpy_reference(reduction, smoothing):
    rng = np.random.default_rng(7)
    x = rng.normal(size=(6, 4))
    t = np.array([0, 3, -100, 1, 2, 3])
    w = np.array([0.5, 2.0, 1.0, 0.25])
    logp = _np_log_softmax(x)
    valid = t != -100
    ts = np.where(valid, t, 0)
    wt = w[ts] * valid
    nll = -logp[np.arange(6), ts] * wt
    smooth = -(logp * w).sum(1) * valid
    if reduction == "none":
        ref = (1 - smoothing) * nll + smoothing / 4 * smooth
    elif reduction == "sum":
        ref = (1 - smoothing) * nll.sum() + smoothing / 4 * smooth.sum()
    else:
        ref = (1 - smoothing) * nll.sum() / wt.sum() + smoothing / 4 * smooth.sum() / wt.sum()
    out = F.cross_entropy(pt.tensor(x), pt.tensor(t), weight=pt.tensor(w), reduction=reduction,
                          label_smoothing=smoothing)
    np.testing.assert_allclose(out.numpy(), ref, rtol=1e-12)


def test_cross_entropy_probability_target_numpy_reference():
    rng = np.random.default_rng(8)
    x = rng.normal(size=(5, 3))
    p = rng.uniform(size=(5, 3))
    p /= p.sum(1, keepdims=True)
    w = np.array([1.0, 2.0, 0.5])
    ref = -(_np_log_softmax(x) * p * w).sum() / 5
    out = F.cross_entropy(pt.tensor(x), pt.tensor(p), weight=pt.tensor(w))
    np.testing.assert_allclose(out.item(), ref, rtol=1e-12)


def test_bce_with_logits_numpy_reference_and_gradient():
    rng = np.random.default_rng(9)
    x = 4 * rng.normal(size=(4, 3))
    t = rng.uniform(size=(4, 3))
    pw = np.array([2.0, 1.0, 0.5])
    sig = 1 / (1 + np.exp(-x))
    ref = -(pw * t * np.log(sig) + (1 - t) * np.log(1 - sig))
    xi = pt.tensor(x, requires_grad=True)
    out = F.binary_cross_entropy_with_logits(xi, pt.tensor(t), pos_weight=pt.tensor(pw), reduction="none")
    np.testing.assert_allclose(out.detach().numpy(), ref, rtol=1e-10)
    out.sum().backward()
    np.testing.assert_allclose(xi.grad.numpy(), (pw * t + 1 - t) * sig - pw * t, rtol=1e-10, atol=1e-14)
    assert out.grad_fn.name() == "BinaryCrossEntropyWithLogitsBackward0"


def test_pointwise_loss_gradients_by_hand():
    x = pt.tensor([0.2, -3.0, 1.5], dtype=pt.float64, requires_grad=True)
    y = pt.zeros(3, dtype=pt.float64)
    for fn, expect in [(lambda: F.mse_loss(x, y), 2 * np.array([0.2, -3.0, 1.5]) / 3),
                       (lambda: F.l1_loss(x, y, reduction="sum"), np.array([1.0, -1.0, 1.0])),
                       (lambda: F.smooth_l1_loss(x, y, beta=0.5), np.array([0.4, -1.0, 1.0]) / 3),
                       (lambda: F.huber_loss(x, y, delta=2.0), np.array([0.2, -2.0, 1.5]) / 3)]:
        x.grad = None
        fn().backward()
        np.testing.assert_allclose(x.grad.numpy(), expect, rtol=1e-12)


# ------------------------------------------------------------------ utils --
def test_clip_grad_value_and_vectors():
    a, b = pt.ones(2, requires_grad=True), pt.ones(3, requires_grad=True)
    a.grad, b.grad = pt.tensor([5.0, -0.5]), pt.tensor([-3.0, 0.1, 2.0])
    nn.utils.clip_grad_value_([a, b], 1.0)
    assert a.grad.tolist() == [1.0, -0.5] and np.allclose(b.grad.numpy(), [-1.0, 0.1, 1.0])
    v = nn.utils.parameters_to_vector([a, b])
    assert v.shape == (5,)
    nn.utils.vector_to_parameters(pt.arange(5.0), [a, b])
    assert a.tolist() == [0.0, 1.0] and b.tolist() == [2.0, 3.0, 4.0]
    c = pt.ones(2, requires_grad=True)
    c.grad = pt.tensor([float("inf"), 1.0])
    with pytest.raises(RuntimeError, match="is non-finite, so it cannot be clipped"):
        nn.utils.clip_grad_norm_([c], 1.0, error_if_nonfinite=True)


@pytest.mark.parametrize("norm_type", [2.0, 1.0, float("inf"), 3.0])
@pytest.mark.parametrize("max_norm", [0.5, 100.0])
def test_clip_grad_norm_matches_torch(torch, norm_type, max_norm):
    rng = np.random.default_rng(4)
    gs = [rng.normal(size=s).astype(np.float32) for s in [(3, 4), (4,), ()]]
    out = []
    for lib in (torch, pt):
        ps = [lib.zeros(g.shape, requires_grad=True) for g in gs]
        for p, g in zip(ps, gs):
            p.grad = lib.tensor(g)
        total = lib.nn.utils.clip_grad_norm_(ps, max_norm, norm_type)
        out.append([total.numpy()] + [p.grad.numpy() for p in ps])
    for a, b in zip(out[1], out[0]):
        assert a.dtype == b.dtype
        np.testing.assert_allclose(a, b, rtol=1e-6)


ACTS = [("relu", {}), ("leaky_relu", {"negative_slope": 0.2}), ("elu", {"alpha": 1.5}),
        ("softplus", {"beta": 2.0, "threshold": 5.0}), ("silu", {}), ("logsigmoid", {}), ("tanh", {}),
        ("sigmoid", {})]


@pytest.mark.parametrize("name,opts", ACTS)
def test_activations_match_torch(torch, name, opts):
    x = np.concatenate([np.random.default_rng(6).normal(scale=3, size=20), [0.0, 30.0, -30.0, 2.5, -2.5]])
    v = np.random.default_rng(7).normal(size=x.shape)
    out = []
    for lib, conv in ((torch, lambda a, rg=False: _to_torch(torch, a, rg)), (pt, _to_pt)):
        xi = conv(x, True)
        y = getattr(lib.nn.functional, name)(xi, **opts)
        g, = lib.autograd.grad((y * conv(v)).sum(), xi, create_graph=True)
        h, = lib.autograd.grad((g * g).sum(), xi, allow_unused=True) if g.requires_grad else (None,)
        h = np.zeros_like(x) if h is None else h.detach().numpy()
        name_ = type(y.grad_fn).__name__ if lib is torch else y.grad_fn.name()
        out.append((y.detach().numpy(), g.detach().numpy(), h, name_))
    # PyTorch's CPU leaky_relu rounds negative_slope to float32 even for float64 tensors
    rtol = 1e-7 if name == "leaky_relu" else 1e-12
    for a, b in zip(out[1][:3], out[0][:3]):
        np.testing.assert_allclose(a, b, rtol=rtol, atol=1e-14)
    assert out[1][3] == out[0][3]


def test_activation_modules_match_torch(torch):
    x = np.linspace(-3, 3, 13)
    for pm, tm in [(nn.LeakyReLU(0.3), torch.nn.LeakyReLU(0.3)), (nn.ELU(0.5), torch.nn.ELU(0.5)),
                   (nn.Softplus(2.0, 4.0), torch.nn.Softplus(2.0, 4.0)), (nn.SiLU(), torch.nn.SiLU())]:
        assert repr(pm) == repr(tm)
        np.testing.assert_allclose(pm(_to_pt(x)).numpy(), tm(_to_torch(torch, x)).numpy(), rtol=1e-12)


def test_dtype_errors_like_torch():
    with pytest.raises(RuntimeError, match="\"mse_cpu\" not implemented for 'Long'"):
        F.mse_loss(pt.tensor([1, 2]), pt.tensor([1, 3]))
    with pytest.raises(RuntimeError, match="\"huber_cpu\" not implemented for 'Long'"):
        F.huber_loss(pt.tensor([1, 2]), pt.tensor([1, 3]))
    with pytest.raises(RuntimeError, match="\"softmax_lastdim_kernel_impl\" not implemented for 'Long'"):
        F.softmax(pt.tensor([[1, 2]]), dim=1)
    with pytest.raises(RuntimeError, match="\"log_softmax_kernel_impl\" not implemented for 'Long'"):
        F.log_softmax(pt.tensor([[1, 2]]), dim=0)
    with pytest.raises(RuntimeError, match="^expected scalar type Double but found Float$"):
        F.cross_entropy(pt.tensor([[1.0, 2.0]], dtype=pt.float64), pt.tensor([1]), weight=pt.tensor([1.0, 2.0]))
    with pytest.raises(RuntimeError, match="^expected target dtype to be Long or Byte, but got Float$"):
        F.cross_entropy(pt.randn(3, 4), pt.tensor([0.0, 1.0, 1.0]))
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output type Long"):
        F.binary_cross_entropy_with_logits(pt.tensor([0.2, 0.7]), pt.tensor([0, 1]))
    with pytest.raises(RuntimeError, match="mat2 must be a matrix, got 1-D tensor"):
        F.linear(pt.ones(2, 3), pt.ones(3), pt.tensor(1.0))
    assert F.linear(pt.ones(2, 3), pt.ones(3)).tolist() == [3.0, 3.0]


# --------------------------------------------- normalization and embedding --
@pytest.mark.parametrize("shape,norm", [((4, 5), 5), ((2, 3, 4), (3, 4)), ((3, 6), 6)])
def test_layer_norm_matches_torch(torch, shape, norm):
    rng = np.random.default_rng(12)
    x = rng.normal(size=shape)
    v = rng.normal(size=shape)
    w0 = rng.normal(size=(norm,) if isinstance(norm, int) else norm)
    out = []
    for lib, conv in ((torch, lambda a, rg=False: _to_torch(torch, a, rg)), (pt, _to_pt)):
        m = lib.nn.LayerNorm(norm).double()
        with lib.no_grad():
            m.weight.copy_(conv(w0))
            m.bias.copy_(conv(np.full(m.bias.shape, 0.3)))
        xi = conv(x, True)
        y = m(xi)
        gx, gw, gb = lib.autograd.grad((y * conv(v)).sum(), [xi, m.weight, m.bias], create_graph=True)
        h, = lib.autograd.grad((gx ** 2).sum(), xi)
        out.append([t.detach().numpy() for t in (y, gx, gw, gb, h)] + [repr(m)])
    for a, b in zip(out[1][:5], out[0][:5]):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    assert out[1][5] == out[0][5]
    with pytest.raises(RuntimeError, match=r"Given normalized_shape=\[4\], expected input with shape \[\*, 4\]"):
        nn.LayerNorm(4)(pt.ones(2, 3))


@pytest.mark.parametrize("shape", [(6, 4), (5, 4, 3)])
@pytest.mark.parametrize("opts", [{}, {"momentum": None}, {"affine": False}, {"track_running_stats": False},
                                  {"momentum": 0.3, "bias": False}])
def test_batch_norm_matches_torch(torch, shape, opts):
    rng = np.random.default_rng(13)
    batches = [rng.normal(loc=1.0, scale=2.0, size=shape) for _ in range(3)]
    v = rng.normal(size=shape)
    res = []
    for lib, conv in ((torch, lambda a, rg=False: _to_torch(torch, a, rg)), (pt, _to_pt)):
        m = lib.nn.BatchNorm1d(4, **opts).double()
        rec = [repr(m), list(m.state_dict().keys())]
        for xb in batches:  # training steps update the running statistics
            xi = conv(xb, True)
            y = m(xi)
            params = [xi] + [p for p in (m.weight, m.bias) if p is not None]
            grads = lib.autograd.grad((y * conv(v)).sum(), params)
            rec += [y.detach().numpy()] + [g.numpy() for g in grads]
        rec += [b.detach().numpy().copy() for b in m.buffers()]
        m.eval()
        xi = conv(batches[0], True)
        y = m(xi)
        g, = lib.autograd.grad((y * conv(v)).sum(), xi)
        rec += [y.detach().numpy(), g.numpy()]
        res.append(rec)
    assert res[1][:2] == res[0][:2]
    assert len(res[1]) == len(res[0])
    for a, b in zip(res[1][2:], res[0][2:]):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def test_batch_norm_errors_leave_state_unchanged():
    m = nn.BatchNorm1d(4)
    with pytest.raises(ValueError, match=r"Expected more than 1 value per channel when training, got input size "
                                         r"torch.Size\(\[1, 4\]\)"):
        m(pt.randn(1, 4))
    with pytest.raises(ValueError, match="expected 2D or 3D input \\(got 4D input\\)"):
        m(pt.randn(2, 4, 3, 3))
    assert m.num_batches_tracked.item() == 0
    m.eval()
    assert m(pt.randn(1, 4)).shape == (1, 4)


def test_embedding_matches_torch(torch):
    idx = np.array([[1, 2, 4], [4, 3, 1]])
    w = np.random.default_rng(14).normal(size=(5, 3))
    v = np.random.default_rng(15).normal(size=(2, 3, 3))
    out = []
    for lib, conv in ((torch, lambda a, rg=False: _to_torch(torch, a, rg)), (pt, _to_pt)):
        m = lib.nn.Embedding(5, 3, padding_idx=1).double()
        with lib.no_grad():
            m.weight.copy_(conv(w))
        y = m(conv(idx))
        g, = lib.autograd.grad((y * conv(v)).sum() + (y ** 2).sum(), m.weight, create_graph=True)
        h, = lib.autograd.grad((g ** 2).sum(), m.weight)
        out.append([y.detach().numpy(), g.detach().numpy(), h.numpy(), repr(m),
                    type(y.grad_fn).__name__ if lib is torch else y.grad_fn.name()])
    for a, b in zip(out[1][:3], out[0][:3]):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    assert out[1][3:] == out[0][3:]
    with pytest.raises(IndexError, match="index out of range in self"):
        nn.Embedding(5, 2)(pt.tensor([5]))
    e = nn.Embedding(4, 2, padding_idx=-1)
    assert e.padding_idx == 3 and e.weight[3].abs().sum().item() == 0


def test_one_hot():
    r = F.one_hot(pt.tensor([[0, 2], [1, 1]]), 3)
    assert r.dtype == pt.int64 and r.tolist() == [[[1, 0, 0], [0, 0, 1]], [[0, 1, 0], [0, 1, 0]]]
    assert F.one_hot(pt.tensor([3])).shape == (1, 4)
    with pytest.raises(RuntimeError, match="Class values must be non-negative."):
        F.one_hot(pt.tensor([-1]))
    with pytest.raises(RuntimeError, match="Class values must be smaller than num_classes."):
        F.one_hot(pt.tensor([3]), 2)
