"""Tensor.register_post_accumulate_grad_hook and the Module hooks (forward pre/post with kwargs,
always_call, prepend; full backward and backward pre-hooks; hooks of every module), as torch 2.13:
the scenario below prints the same lines in both libraries."""
import subprocess
import sys
import textwrap

import pytest

import pyautograd as T
import pyautograd.nn as nn


def test_post_accumulate_grad_hook():
    x = T.ones(2, requires_grad=True)
    calls = []
    h = x.register_post_accumulate_grad_hook(lambda p: calls.append(p.grad.tolist()))
    (x * 3).sum().backward()
    (x * 2).sum().backward()
    assert calls == [[3.0, 3.0], [5.0, 5.0]]
    T.autograd.grad((x * 2).sum(), x)           # autograd.grad accumulates nothing: no call
    assert len(calls) == 2
    h.remove()
    (x * 2).sum().backward()
    assert len(calls) == 2
    with pytest.raises(RuntimeError, match="^post accumulate grad hooks cannot be registered on non-leaf tensors$"):
        (x * 2).register_post_accumulate_grad_hook(lambda p: None)
    with pytest.raises(RuntimeError, match="^cannot register a hook on a tensor that doesn't require gradient$"):
        T.ones(2).register_post_accumulate_grad_hook(lambda p: None)
    y = T.ones(2, requires_grad=True)
    y.register_post_accumulate_grad_hook(lambda p: 5)
    with pytest.raises(TypeError, match="^expected Variable, but hook returned 'int'$"):
        (y * 2).sum().backward()
    z = T.ones(2, requires_grad=True)
    z.register_post_accumulate_grad_hook(lambda p: p.grad.mul_(0))
    with pytest.raises(RuntimeError, match="^Tensor post accumulate grad hooks should return None.$"):
        (z * 2).sum().backward()
    order = []
    w = T.tensor(2.0, requires_grad=True)      # the 0-d fast path of backward too
    w.register_hook(lambda g: order.append("pre"))
    w.register_post_accumulate_grad_hook(lambda p: order.append(("post", p.grad.item())))
    (w * w * 3).backward()
    assert order == ["pre", ("post", 12.0)]


def test_full_backward_hooks_see_and_replace_gradients():
    T.manual_seed(0)
    lin = nn.Linear(3, 2)
    seen = []
    lin.register_full_backward_pre_hook(lambda m, go: seen.append(("pre", [tuple(g.shape) for g in go])))
    lin.register_full_backward_hook(lambda m, gi, go: seen.append(("full", [None if g is None else tuple(g.shape)
                                                                             for g in gi], [tuple(g.shape) for g in go])))
    x = T.randn(4, 3, requires_grad=True)
    lin(x).sum().backward()
    assert seen == [("pre", [(4, 2)]), ("full", [(4, 3)], [(4, 2)])]
    seen.clear()
    lin(T.randn(4, 3)).sum().backward()        # no input requires grad: grad_input is (None,)
    assert seen == [("pre", [(4, 2)]), ("full", [None], [(4, 2)])]
    zeroing = nn.Linear(3, 2)
    zeroing.register_full_backward_hook(lambda m, gi, go: (gi[0] * 0,))
    x2 = T.randn(4, 3, requires_grad=True)
    zeroing(x2).sum().backward()
    assert x2.grad.abs().sum().item() == 0
    doubling = nn.Linear(3, 2)
    doubling.register_full_backward_pre_hook(lambda m, go: (go[0] * 2,))
    x3 = T.randn(4, 3, requires_grad=True)
    doubling(x3).sum().backward()
    assert T.allclose(x3.grad, 2 * doubling.weight.sum(0).expand(4, 3))
    assert T.allclose(doubling.weight.grad, 2 * x3.sum(0).expand(2, 3))


SCENARIO = textwrap.dedent('''
    import sys
    if sys.argv[1] == "pa":
        import pyautograd
        pyautograd.install_as_torch()        # the same text below runs on pyautograd
    import torch, torch.nn as nn
    from torch.nn.modules.module import (register_module_forward_hook, register_module_forward_pre_hook,
                                         register_module_full_backward_hook)
    import warnings
    warnings.simplefilter("ignore")
    torch.manual_seed(0)
    log = []
    x = torch.randn(4, 3, requires_grad=True)
    lin = nn.Linear(3, 2)
    lin.register_forward_hook(lambda m, a, k, r: log.append(("fwd", len(a), sorted(k))), with_kwargs=True)
    lin(x); print(log); log.clear()
    hb = lin.register_forward_pre_hook(lambda m, a, k: 3, with_kwargs=True)
    try:
        lin(x)
    except Exception as e:
        print(type(e).__name__, e)
    hb.remove()
    class M(nn.Module):
        def forward(self, a):
            raise ValueError("boom")
    m = M()
    m.register_forward_hook(lambda *a: log.append("always"), always_call=True)
    m.register_forward_hook(lambda *a: log.append("not"))
    try:
        m(1)
    except ValueError as e:
        print("raised", e, log)
    log.clear()
    g = register_module_forward_pre_hook(lambda mod, a: log.append(("gpre", type(mod).__name__)))
    lin2 = nn.Linear(3, 1)
    lin2.register_forward_pre_hook(lambda mod, a: log.append("lpre"))
    lin2(x); print(log); g.remove(); log.clear()
    gf = register_module_forward_hook(lambda mod, a, r: log.append(("gfwd", type(mod).__name__)))
    lin2(x); print(log); gf.remove(); log.clear()
    lin3 = nn.Linear(3, 1)
    lin3.register_forward_pre_hook(lambda m, a: log.append(1))
    lin3.register_forward_pre_hook(lambda m, a: log.append(0), prepend=True)
    lin3(x); print(log); log.clear()
    seq = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
    gh = register_module_full_backward_hook(lambda mod, gi, go: log.append(type(mod).__name__))
    seq(x).sum().backward(); print(log); gh.remove(); log.clear()
    lin6 = nn.Linear(3, 2)
    lin6.register_forward_pre_hook(lambda m, a, k: ((a[0] * 0,), k), with_kwargs=True)
    print(abs(float(lin6(x).sum() - lin6.bias.sum() * 4)) < 1e-5)
    lin7 = nn.Linear(3, 2)
    lin7.register_forward_hook(lambda m, a, r: r * 0)
    print(float(lin7(x).abs().sum()))
''')


def test_module_hooks_as_torch(tmp_path):
    torch = pytest.importorskip("torch")  # noqa: F841
    script = tmp_path / "hooks.py"
    script.write_text(SCENARIO)
    env = {"PYTHONPATH": ":".join(p for p in sys.path if p)}
    outs = [subprocess.run([sys.executable, str(script), lib], capture_output=True, text=True, env=env)
            for lib in ("pa", "torch")]
    for o in outs:
        assert o.returncode == 0, o.stderr[-2000:]
    assert outs[0].stdout == outs[1].stdout
    assert "forward pre-hook must return None or a tuple of (new_args, new_kwargs), but got 3." in outs[0].stdout
