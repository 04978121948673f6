"""pyautograd.optim: optimizers and schedulers.

Differential tests (torch installed) feed identical parameters and gradients to both
libraries and compare every step, for every option; behaviour tests run everywhere.
"""
import copy
import math
import warnings

import numpy as np
import pytest

import pyautograd as pt
from pyautograd import nn, optim


@pytest.fixture
def torch():
    return pytest.importorskip("torch")


OPT_CASES = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.5}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.05, "momentum": 0.5, "weight_decay": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.01, "maximize": True, "nesterov": True}),
    ("Adam", {}),
    ("Adam", {"lr": 0.01, "amsgrad": True}),
    ("Adam", {"lr": 0.01, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.01, "maximize": True}),
    ("Adam", {"lr": 0.02, "betas": (0.8, 0.9), "eps": 1e-6, "amsgrad": True, "weight_decay": 0.05,
              "maximize": True}),
    ("AdamW", {}),
    ("AdamW", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.1}),
    ("AdamW", {"lr": 0.01, "maximize": True, "weight_decay": 0.0}),
    ("RMSprop", {}),
    ("RMSprop", {"centered": True}),
    ("RMSprop", {"momentum": 0.9}),
    ("RMSprop", {"lr": 0.005, "alpha": 0.9, "centered": True, "momentum": 0.5, "weight_decay": 0.1}),
    ("RMSprop", {"maximize": True, "eps": 1e-4}),
    ("Adagrad", {}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.1}),
    ("Adagrad", {"initial_accumulator_value": 0.5, "eps": 1e-6}),
    ("Adagrad", {"weight_decay": 0.1, "maximize": True}),
]

SHAPES = [(3, 4), (4,), ()]


def _run_steps(lib, name, opts, dtype, steps=10, groups=False, grads_seed=0):
    rng = np.random.default_rng(1234)
    init = [rng.normal(size=s).astype(dtype) for s in SHAPES]
    params = [lib.tensor(a.copy(), requires_grad=True) for a in init]
    if groups:
        spec = [{"params": params[:2]}, {"params": params[2:], "lr": 0.003}]
    else:
        spec = params
    opt = getattr(lib.optim, name)(spec, **opts)
    grng = np.random.default_rng(grads_seed)
    history = []
    for _ in range(steps):
        for p, s in zip(params, SHAPES):
            p.grad = lib.tensor(grng.normal(size=s).astype(dtype))
        opt.step()
        history.append([p.detach().numpy().copy() for p in params])
    return history, opt, params


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name,opts", OPT_CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(OPT_CASES)])
def test_optimizer_matches_torch_step_by_step(torch, name, opts, dtype):
    h_t, o_t, _ = _run_steps(torch, name, opts, dtype)
    h_p, o_p, _ = _run_steps(pt, name, opts, dtype)
    rtol, atol = (1e-6, 1e-6) if dtype == np.float32 else (1e-13, 1e-14)
    for step, (a, b) in enumerate(zip(h_p, h_t)):
        for i, (x, y) in enumerate(zip(a, b)):
            assert x.dtype == y.dtype
            np.testing.assert_allclose(x, y, rtol=rtol, atol=atol, err_msg="step %d param %d" % (step, i))
    sd_t, sd_p = o_t.state_dict(), o_p.state_dict()
    assert sd_p["param_groups"] == sd_t["param_groups"]
    assert sd_p["state"].keys() == sd_t["state"].keys()
    for k in sd_t["state"]:
        st, sp = sd_t["state"][k], sd_p["state"][k]
        assert list(sp.keys()) == list(st.keys())
        for key in st:
            assert sp[key].dtype == pt.tensor(st[key].numpy()).dtype
            np.testing.assert_allclose(sp[key].numpy(), st[key].numpy(), rtol=rtol, atol=atol)
    assert repr(o_p) == repr(o_t)


@pytest.mark.parametrize("name", ["SGD", "Adam", "RMSprop", "Adagrad"])
def test_param_groups_match_torch(torch, name):
    opts = {"lr": 0.01, "momentum": 0.9} if name in ("SGD", "RMSprop") else {"lr": 0.01}
    h_t, _, _ = _run_steps(torch, name, opts, np.float64, groups=True)
    h_p, _, _ = _run_steps(pt, name, opts, np.float64, groups=True)
    for a, b in zip(h_p, h_t):
        for x, y in zip(a, b):
            np.testing.assert_allclose(x, y, rtol=1e-13, atol=1e-14)


def test_training_with_closure_matches_torch(torch):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(32, 3))
    y = (X @ np.array([1.0, -2.0, 0.5]) > 0).astype(np.int64)
    results = []
    for lib in (torch, pt):
        lib.manual_seed(0)
        model = lib.nn.Sequential(lib.nn.Linear(3, 8), lib.nn.Tanh(), lib.nn.Linear(8, 2)).double()
        results.append(model)
    _copy = [(a, b) for a, b in zip(results[0].parameters(), results[1].parameters())]
    with pt.no_grad():
        for a, b in _copy:
            b.copy_(pt.tensor(a.detach().numpy()))
    losses = []
    for lib, model in zip((torch, pt), results):
        opt = lib.optim.Adam(model.parameters(), lr=0.05, amsgrad=True)
        xs, ys = lib.tensor(X), lib.tensor(y)
        seq = []
        for _ in range(15):
            def closure():
                opt.zero_grad()
                loss = lib.nn.functional.cross_entropy(model(xs), ys)
                loss.backward()
                return loss
            seq.append(opt.step(closure).item())
        losses.append(seq)
    np.testing.assert_allclose(losses[1], losses[0], rtol=1e-10)


SCHEDULERS = [
    ("StepLR", {"step_size": 3, "gamma": 0.5}),
    ("ExponentialLR", {"gamma": 0.9}),
    ("CosineAnnealingLR", {"T_max": 5, "eta_min": 0.01}),
    ("CosineAnnealingLR", {"T_max": 7}),
    ("MultiStepLR", {"milestones": [2, 5, 5, 11], "gamma": 0.5}),
]


@pytest.mark.parametrize("name,opts", SCHEDULERS)
def test_schedulers_match_torch(torch, name, opts):
    seqs = []
    for lib in (torch, pt):
        p = lib.zeros(2, requires_grad=True)
        opt = lib.optim.SGD([p], lr=0.1)
        sched = getattr(lib.optim.lr_scheduler, name)(opt, **opts)
        seq = []
        for _ in range(25):
            opt.step()
            sched.step()
            seq.append((sched.get_last_lr()[0], opt.param_groups[0]["lr"]))
        seqs.append((seq, sched.state_dict()))
    np.testing.assert_allclose(np.array(seqs[1][0]), np.array(seqs[0][0]), rtol=1e-12, atol=1e-15)
    assert seqs[1][1] == seqs[0][1]


# ------------------------------------------------------------- behaviour --
def _quadratic_params():
    return [pt.tensor([1.0, -2.0], requires_grad=True), pt.tensor(3.0, requires_grad=True)]


@pytest.mark.parametrize("name,opts", [("SGD", {"lr": 0.1, "momentum": 0.9}), ("Adam", {"lr": 0.1}),
                                       ("AdamW", {"lr": 0.1}), ("RMSprop", {"lr": 0.05}),
                                       ("Adagrad", {"lr": 0.5})])
def test_optimizers_minimise_a_quadratic(name, opts):
    params = _quadratic_params()
    opt = getattr(optim, name)(params, **opts)
    for _ in range(200):
        opt.zero_grad()
        loss = sum((p ** 2).sum() for p in params)
        loss.backward()
        opt.step()
    assert all(p.abs().max().item() < 0.1 for p in params)


def test_step_updates_in_place_and_bumps_version():
    p = pt.ones(3, requires_grad=True)
    data_id = id(p._data)
    opt = optim.SGD([p], lr=0.5)
    p.grad = pt.ones(3)
    v = p._version
    opt.step()
    assert id(p._data) == data_id and p._version > v
    assert p.tolist() == [0.5, 0.5, 0.5]
    assert p.is_leaf and p.requires_grad


INPLACE_CASES = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.1, "maximize": True}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.3}),
    ("Adam", {"lr": 0.1}),
    ("Adam", {"lr": 0.1, "amsgrad": True, "weight_decay": 0.1, "maximize": True}),
    ("AdamW", {"lr": 0.1}),
    ("AdamW", {"lr": 0.1, "amsgrad": True, "maximize": True}),
    ("RMSprop", {"lr": 0.1}),
    ("RMSprop", {"lr": 0.1, "centered": True, "momentum": 0.5, "weight_decay": 0.1, "maximize": True}),
    ("Adagrad", {"lr": 0.1}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.1, "weight_decay": 0.1, "maximize": True}),
]
INPLACE_IDS = ["%s-%d" % (n, i) for i, (n, _) in enumerate(INPLACE_CASES)]


@pytest.mark.parametrize("name,opts", INPLACE_CASES, ids=INPLACE_IDS)
def test_every_optimizer_updates_parameters_and_state_in_place(name, opts):
    """step() writes into the parameters' own arrays (same ndarray, new values), bumps each
    parameter's version, and keeps updating the same state arrays."""
    params = [pt.tensor(np.linspace(-1, 1, 12).reshape(3, 4), requires_grad=True),
              pt.tensor(0.5, requires_grad=True)]
    opt = getattr(optim, name)(params, **opts)
    state_arrays = None
    for step in range(3):
        arrays = [p._data for p in params]
        before = [a.copy() for a in arrays]
        versions = [p._version for p in params]
        for p in params:
            p.grad = pt.ones_like(p) * 0.25
        opt.step()
        for p, a, b, v in zip(params, arrays, before, versions):
            assert p._data is a
            assert not np.array_equal(a, b)
            assert p._version > v
            assert p.is_leaf and p.requires_grad and p.grad_fn is None
        now = {(i, k): t._data for i, p in enumerate(params) for k, t in opt.state[p].items()}
        if state_arrays is not None:
            assert now.keys() == state_arrays.keys()
            assert all(now[k] is state_arrays[k] for k in now)
        state_arrays = now


@pytest.mark.parametrize("name,opts", INPLACE_CASES, ids=INPLACE_IDS)
def test_backward_after_step_on_a_saved_parameter_raises(name, opts):
    """A graph that saved a parameter sees step()'s in-place update at backward (version check)."""
    w = pt.tensor([1.0, -2.0, 3.0], requires_grad=True)
    loss = (w * w).sum()
    loss.backward(retain_graph=True)
    opt = getattr(optim, name)([w], **opts)
    opt.step()
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        loss.backward()


@pytest.mark.parametrize("name,opts", INPLACE_CASES, ids=INPLACE_IDS)
def test_blocked_update_is_bitwise_the_whole_array_update(monkeypatch, name, opts):
    """Large parameters are updated block by block through small scratch buffers; the result is
    bit for bit the whole-array result (also for non-contiguous and expanded gradients)."""
    from pyautograd.optim import optimizer as optimizer_module

    def run(block):
        monkeypatch.setattr(optimizer_module, "_BLOCK", block)
        rng = np.random.default_rng(5)
        params = [pt.tensor(rng.normal(size=s), requires_grad=True) for s in [(10, 5), (23,), (6, 4)]]
        opt = getattr(optim, name)(params, **opts)
        for step in range(4):
            for p in params:
                p.grad = pt.tensor(rng.normal(size=p.shape))
            if step == 1:
                params[2].grad = pt.tensor(rng.normal(size=(4, 6))).t()     # not contiguous
            if step == 2:
                params[1].grad = pt.tensor([0.3], dtype=pt.float64).expand(23)  # stride 0
            opt.step()
        return [p.detach().numpy().copy() for p in params] + [
            t.numpy().copy() for p in params for t in opt.state[p].values()]

    whole, blocked = run(1 << 20), run(7)
    assert len(whole) == len(blocked)
    for a, b in zip(whole, blocked):
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes()


def test_params_without_grad_are_skipped():
    a, b = pt.ones(2, requires_grad=True), pt.ones(2, requires_grad=True)
    opt = optim.Adam([a, b], lr=0.1)
    a.grad = pt.ones(2)
    opt.step()
    assert b.tolist() == [1.0, 1.0] and a.tolist() != [1.0, 1.0]
    assert len(opt.state) == 1


def test_zero_grad():
    p = pt.ones(2, requires_grad=True)
    opt = optim.SGD([p], lr=0.1)
    (p * 2).sum().backward()
    opt.zero_grad(set_to_none=False)
    assert p.grad.tolist() == [0.0, 0.0]
    opt.zero_grad()
    assert p.grad is None


def test_closure_runs_with_grad_enabled():
    p = pt.ones(2, requires_grad=True)
    opt = optim.SGD([p], lr=0.1)

    def closure():
        assert pt.is_grad_enabled()
        opt.zero_grad()
        loss = (p ** 2).sum()
        loss.backward()
        return loss

    with pt.no_grad():
        loss = opt.step(closure)
    assert loss.item() == 2.0 and np.allclose(p.detach().numpy(), [0.8, 0.8])


def test_constructor_errors():
    p = pt.zeros(2, requires_grad=True)
    with pytest.raises(ValueError, match="Invalid learning rate: -1"):
        optim.SGD([p], lr=-1)
    with pytest.raises(ValueError, match="Nesterov momentum requires a momentum and zero dampening"):
        optim.SGD([p], lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match="Invalid beta parameter at index 0: 1.0"):
        optim.Adam([p], betas=(1.0, 0.9))
    with pytest.raises(ValueError, match="Invalid beta parameter at index 1: -0.1"):
        optim.Adam([p], betas=(0.9, -0.1))
    with pytest.raises(ValueError, match="Invalid epsilon value: -1"):
        optim.RMSprop([p], eps=-1)
    with pytest.raises(ValueError, match="Invalid lr_decay value: -0.5"):
        optim.Adagrad([p], lr_decay=-0.5)
    with pytest.raises(ValueError, match="optimizer got an empty parameter list"):
        optim.SGD([], lr=0.1)
    with pytest.raises(TypeError, match="params argument given to the optimizer should be an iterable of Tensors "
                                        "or dicts, but got torch.FloatTensor"):
        optim.SGD(p, lr=0.1)
    with pytest.raises(ValueError, match="can't optimize a non-leaf Tensor"):
        optim.SGD([p * 2], lr=0.1)
    with pytest.raises(TypeError, match="optimizer can only optimize Tensors"):
        optim.SGD([1.0], lr=0.1)
    with pytest.warns(UserWarning, match="duplicate parameters"):
        optim.SGD([p, p], lr=0.1)
    with pytest.raises(ValueError, match="differentiable=True is not supported"):
        optim.Adam([p], differentiable=True)


def test_add_param_group():
    a, b = pt.zeros(2, requires_grad=True), pt.zeros(3, requires_grad=True)
    opt = optim.SGD([a], lr=0.1, momentum=0.9)
    opt.add_param_group({"params": b, "lr": 0.01})
    assert len(opt.param_groups) == 2
    assert opt.param_groups[1]["lr"] == 0.01 and opt.param_groups[1]["momentum"] == 0.9
    with pytest.raises(ValueError, match="some parameters appear in more than one parameter group"):
        opt.add_param_group({"params": [a]})
    with pytest.raises(TypeError, match="ordered collections"):
        opt.add_param_group({"params": {pt.zeros(1, requires_grad=True)}})
    ada = optim.Adagrad([a], initial_accumulator_value=0.3)
    ada.add_param_group({"params": [b]})
    assert np.allclose(ada.state[b]["sum"].numpy(), 0.3) and ada.state[b]["sum"].dtype == pt.float32


def test_repr():
    opt = optim.SGD([pt.zeros(2, requires_grad=True)], lr=0.1)
    assert repr(opt) == ("SGD (\nParameter Group 0\n    dampening: 0\n    differentiable: False\n    foreach: None\n"
                         "    fused: None\n    lr: 0.1\n    maximize: False\n    momentum: 0\n    nesterov: False\n"
                         "    weight_decay: 0\n)")


@pytest.mark.parametrize("name,opts", [("SGD", {"lr": 0.1, "momentum": 0.9}), ("Adam", {"amsgrad": True}),
                                       ("RMSprop", {"centered": True, "momentum": 0.5}), ("Adagrad", {})])
def test_state_dict_resume_is_exact(name, opts):
    """Stopping after 5 steps, reloading into a fresh optimizer and continuing equals an uninterrupted run."""
    full, _, _ = _run_steps(pt, name, opts, np.float64, steps=10)
    part, opt, params = _run_steps(pt, name, opts, np.float64, steps=5)
    sd = copy.deepcopy(opt.state_dict())
    fresh_params = [pt.tensor(p.detach().numpy().copy(), requires_grad=True) for p in params]
    opt2 = getattr(optim, name)(fresh_params, **opts)
    opt2.load_state_dict(sd)
    assert opt2.state[fresh_params[0]].keys() == opt.state[params[0]].keys()
    grng = np.random.default_rng(0)
    for _ in range(5):  # replay the gradients of the first 5 steps
        for s in SHAPES:
            grng.normal(size=s)
    for step in range(5):
        for p, s in zip(fresh_params, SHAPES):
            p.grad = pt.tensor(grng.normal(size=s))
        opt2.step()
        for x, y in zip(fresh_params, full[5 + step]):
            np.testing.assert_allclose(x.detach().numpy(), y, rtol=0, atol=0)


def test_load_state_dict_errors_and_dtype_cast():
    p = pt.zeros(2, requires_grad=True)
    opt = optim.Adam([p])
    p.grad = pt.ones(2)
    opt.step()
    with pytest.raises(ValueError, match="loaded state dict has a different number of parameter groups"):
        opt.load_state_dict({"state": {}, "param_groups": []})
    with pytest.raises(ValueError, match="doesn't match the size of optimizer's group"):
        sd = opt.state_dict()
        sd = {"state": {}, "param_groups": [dict(sd["param_groups"][0], params=[0, 1])]}
        opt.load_state_dict(sd)
    q = pt.zeros(2, dtype=pt.float64, requires_grad=True)
    opt2 = optim.Adam([q])
    opt2.load_state_dict(opt.state_dict())
    st = opt2.state[q]
    assert st["exp_avg"].dtype == pt.float64 and st["step"].dtype == pt.float32
    assert st["exp_avg"] is not opt.state[p]["exp_avg"]


def test_scheduler_behaviour():
    p = pt.zeros(1, requires_grad=True)
    opt = optim.SGD([p], lr=1.0)
    s = optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.1)
    lrs = []
    for _ in range(5):
        opt.step()
        s.step()
        lrs.append(s.get_last_lr()[0])
    assert np.allclose(lrs, [1.0, 0.1, 0.1, 0.01, 0.01])
    sd = s.state_dict()
    assert "optimizer" not in sd and sd["last_epoch"] == 5
    opt2 = optim.SGD([p], lr=1.0)
    s2 = optim.lr_scheduler.StepLR(opt2, step_size=2, gamma=0.1)
    s2.load_state_dict(sd)
    assert s2.last_epoch == 5 and s2.get_last_lr() == s.get_last_lr()
    c_opt = optim.SGD([p], lr=1.0)
    c = optim.lr_scheduler.CosineAnnealingLR(c_opt, T_max=10)
    for _ in range(10):
        c_opt.step()
        c.step()
    assert abs(c.get_last_lr()[0]) < 1e-12
    e_opt = optim.SGD([p], lr=2.0)
    e = optim.lr_scheduler.ExponentialLR(e_opt, gamma=0.5)
    e_opt.step()
    e.step()
    assert e_opt.param_groups[0]["lr"] == 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        e.step(3)
    assert e_opt.param_groups[0]["lr"] == 2.0 * 0.5 ** 3
    assert math.isclose(e.get_last_lr()[0], 0.25)


def test_model_training_with_module_and_optimizer():
    pt.manual_seed(0)
    model = nn.Sequential(nn.Linear(1, 16), nn.Tanh(), nn.Linear(16, 1))
    opt = optim.Adam(model.parameters(), lr=0.02)
    x = pt.linspace(-1, 1, 64).reshape(-1, 1)
    y = x ** 2
    first = None
    for _ in range(300):
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        first = first if first is not None else loss.item()
    assert loss.item() < 0.05 * first


def test_update_rules_by_hand():
    """First steps computed by hand (checked in CI, where torch is absent)."""
    p = pt.tensor([1.0, -1.0], dtype=pt.float64, requires_grad=True)
    opt = optim.SGD([p], lr=0.1, momentum=0.9, weight_decay=0.5)
    for _ in range(2):
        p.grad = pt.tensor([1.0, 2.0], dtype=pt.float64)
        opt.step()
    # step 1: g = [1.5, 1.5], buf = g, p = [0.85, -1.15]; step 2: g = [1.425, 1.425], buf = 0.9*1.5+1.425
    np.testing.assert_allclose(p.detach().numpy(), [0.85 - 0.1 * 2.775, -1.15 - 0.1 * 2.775], rtol=1e-14)
    q = pt.tensor([0.0, 0.0], dtype=pt.float64, requires_grad=True)
    adam = optim.Adam([q], lr=0.01)
    q.grad = pt.tensor([3.0, -0.5], dtype=pt.float64)
    adam.step()
    np.testing.assert_allclose(q.detach().numpy(), [-0.01 * 3 / (3 + 1e-8), 0.01 * 0.5 / (0.5 + 1e-8)], rtol=1e-12)
    r = pt.tensor([1.0], dtype=pt.float64, requires_grad=True)
    ada = optim.Adagrad([r], lr=0.1, initial_accumulator_value=1.0)
    r.grad = pt.tensor([2.0], dtype=pt.float64)
    ada.step()
    np.testing.assert_allclose(r.detach().numpy(), [1.0 - 0.1 * 2 / (math.sqrt(5.0) + 1e-10)], rtol=1e-14)
    s = pt.tensor([1.0], dtype=pt.float64, requires_grad=True)
    rms = optim.RMSprop([s], lr=0.01, alpha=0.9)
    s.grad = pt.tensor([2.0], dtype=pt.float64)
    rms.step()
    np.testing.assert_allclose(s.detach().numpy(), [1.0 - 0.01 * 2 / (math.sqrt(0.1 * 4) + 1e-8)], rtol=1e-14)
    w = pt.tensor([1.0], dtype=pt.float64, requires_grad=True)
    adamw = optim.AdamW([w], lr=0.1, weight_decay=0.5)
    w.grad = pt.tensor([0.0], dtype=pt.float64)
    adamw.step()
    np.testing.assert_allclose(w.detach().numpy(), [0.95], rtol=1e-14)  # decoupled decay only


class _Warmup:
    def __init__(self, n):
        self.n = n

    def __call__(self, epoch):
        return min(1.0, (epoch + 1) / self.n)


def test_lambda_lr_matches_torch(torch):
    seqs = []
    for lib in (torch, pt):
        a, b = lib.zeros(1, requires_grad=True), lib.zeros(1, requires_grad=True)
        opt = lib.optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.5}], lr=0.1)
        sched = lib.optim.lr_scheduler.LambdaLR(opt, [_Warmup(4), lambda e: 0.9 ** e])
        seq = []
        for _ in range(8):
            opt.step()
            sched.step()
            seq.append(sched.get_last_lr())
        sd = sched.state_dict()
        seqs.append((seq, sd["lr_lambdas"], sd["last_epoch"]))
    np.testing.assert_allclose(np.array(seqs[1][0]), np.array(seqs[0][0]), rtol=1e-12)
    assert seqs[1][1:] == seqs[0][1:]


def test_lambda_lr_state_roundtrip():
    p = pt.zeros(1, requires_grad=True)
    opt = optim.SGD([p], lr=1.0)
    w = _Warmup(4)
    s = optim.lr_scheduler.LambdaLR(opt, w)
    for _ in range(2):
        opt.step()
        s.step()
    sd = s.state_dict()
    assert sd["lr_lambdas"] == [{"n": 4}] and sd["last_epoch"] == 2
    w2 = _Warmup(99)
    s2 = optim.lr_scheduler.LambdaLR(optim.SGD([p], lr=1.0), w2)
    s2.load_state_dict(sd)
    assert w2.n == 4 and s2.last_epoch == 2
    with pytest.raises(ValueError, match="Expected 1 lr_lambdas, but got 2"):
        optim.lr_scheduler.LambdaLR(opt, [w, w])


@pytest.mark.parametrize("opt_name,opts,loss_name", [
    ("Adam", {"lr": 0.01}, "cross_entropy"),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}, "cross_entropy"),
    ("RMSprop", {"lr": 0.01, "centered": True}, "mse_loss"),
    ("AdamW", {"lr": 0.01, "amsgrad": True}, "mse_loss"),
])
def test_end_to_end_training_float32_matches_torch(torch, opt_name, opts, loss_name):
    """Same init, same data, 20 steps of model + loss + optimizer in float32: same parameters."""
    rng = np.random.default_rng(11)
    X = rng.normal(size=(64, 4)).astype(np.float32)
    if loss_name == "cross_entropy":
        Y = rng.integers(0, 3, size=64)
    else:
        Y = rng.normal(size=(64, 3)).astype(np.float32)
    torch.manual_seed(0)
    tm = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))
    pm = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
    with pt.no_grad():
        for a, b in zip(tm.parameters(), pm.parameters()):
            b.copy_(pt.tensor(a.detach().numpy()))
    finals = []
    for lib, model in ((torch, tm), (pt, pm)):
        opt = getattr(lib.optim, opt_name)(model.parameters(), **opts)
        xs, ys = lib.tensor(X), lib.tensor(Y)
        losses = []
        for _ in range(20):
            opt.zero_grad()
            loss = getattr(lib.nn.functional, loss_name)(model(xs), ys)
            loss.backward()
            opt.step()
            losses.append(loss.item())
        finals.append((losses, [p.detach().numpy().copy() for p in model.parameters()]))
    np.testing.assert_allclose(finals[1][0], finals[0][0], rtol=1e-5)
    for a, b in zip(finals[1][1], finals[0][1]):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("opts", [{"patience": 2}, {"mode": "max", "factor": 0.5, "patience": 1, "cooldown": 2},
                                  {"threshold_mode": "abs", "threshold": 0.05, "patience": 0, "min_lr": 0.02},
                                  {"mode": "max", "threshold_mode": "abs", "patience": 1, "min_lr": [0.1, 0.001]}])
def test_reduce_lr_on_plateau_matches_torch(torch, opts):
    metrics = [1.0, 0.9, 0.95, 0.93, 0.92, 0.91, 0.905, 0.95, 1.2, 1.1, 0.5, 0.6, 0.7, 0.7, 0.7, 0.8, 0.9, 0.1,
               0.2, 0.3]
    seqs = []
    for lib in (torch, pt):
        a, b = lib.zeros(1, requires_grad=True), lib.zeros(1, requires_grad=True)
        opt = lib.optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.5}], lr=1.0)
        sched = lib.optim.lr_scheduler.ReduceLROnPlateau(opt, **opts)
        seq = []
        for m in metrics:
            opt.step()
            sched.step(m)
            seq.append(sched.get_last_lr())
        seqs.append((seq, sched.state_dict()))
    np.testing.assert_allclose(np.array(seqs[1][0]), np.array(seqs[0][0]), rtol=1e-15)
    assert seqs[1][1] == seqs[0][1]


def test_reduce_lr_on_plateau_errors():
    opt = optim.SGD([pt.zeros(1, requires_grad=True)], lr=1.0)
    with pytest.raises(ValueError, match="Factor should be < 1.0."):
        optim.lr_scheduler.ReduceLROnPlateau(opt, factor=1.0)
    with pytest.raises(ValueError, match="mode avg is unknown!"):
        optim.lr_scheduler.ReduceLROnPlateau(opt, mode="avg")
    with pytest.raises(ValueError, match="expected 1 min_lrs, got 2"):
        optim.lr_scheduler.ReduceLROnPlateau(opt, min_lr=[0.1, 0.2])
