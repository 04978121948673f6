"""inference_mode and inference tensors, as PyTorch 2.13 (texts recorded from torch). One
difference, on purpose: torch applies an in-place change to an inference tensor outside the mode
and then raises; pyautograd raises and changes nothing."""
import pytest

import pyautograd as T

ERR_INPLACE = ("Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone to get a "
               "normal tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 for more details.")
ERR_SAVE = ("Inference tensors cannot be saved for backward. Please do not use Tensors created in inference mode in "
            "computation tracked by autograd. To work around this, you can make a clone to get a normal tensor and "
            "use it in autograd, or use `torch.no_grad()` instead of `torch.inference_mode()`.")
ERR_RG = "Setting requires_grad=True on inference tensor outside InferenceMode is not allowed."
ERR_VIEW = ("A view was created in inference mode and is being modified inplace in normal mode. Given that this use "
            "case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and "
            "the inplace either both inside the inference_mode block (if you don't want the inplace to be tracked) or "
            "both outside (if you want the inplace to be tracked).")


def _inference_tensor():
    with T.inference_mode():
        return T.ones(3)


def test_tensors_made_inside_are_inference_tensors():
    with T.inference_mode():
        a = T.ones(3)
        assert a.is_inference() and not a.requires_grad and T.is_inference(a)
        assert T.is_inference_mode_enabled() and not T.is_grad_enabled()
        assert a.view(3).is_inference() and (a * 2).is_inference()
        with T.inference_mode(False):
            assert not T.is_inference_mode_enabled() and T.is_grad_enabled()
            assert not T.ones(2).is_inference()
    assert not T.is_inference_mode_enabled() and T.is_grad_enabled()
    assert not T.ones(3).is_inference() and not (a * 2).is_inference() and not a.clone().is_inference()
    assert a.detach().is_inference() and a.data.is_inference()

    @T.inference_mode()
    def f(z):
        return z * 2
    x = T.ones(3, requires_grad=True)
    assert f(x).is_inference() and not f(x).requires_grad
    with T.inference_mode():
        lin = T.nn.Linear(3, 2)
        y = lin(T.ones(3))
    assert y.is_inference() and lin.weight.is_inference()


def test_torchs_errors_outside_the_mode_and_nothing_changes():
    a = _inference_tensor()
    for f in (lambda: a.add_(1), lambda: a.zero_(), lambda: a.fill_(2), lambda: a.copy_(T.zeros(3)),
              lambda: a.uniform_(), lambda: a.__setitem__(0, 5.0), lambda: a.mul_(T.ones(3)),
              lambda: a.__iadd__(1.0), lambda: a[0].fill_(2), lambda: a.expand(2, 3).zero_()):
        with pytest.raises(RuntimeError) as e:
            f()
        assert str(e.value) == ERR_INPLACE
        assert a.tolist() == [1.0, 1.0, 1.0]
    with pytest.raises(RuntimeError, match="^Inference tensors do not track version counter.$"):
        a._version
    for f in (lambda: a.requires_grad_(), lambda: setattr(a, "requires_grad", True)):
        with pytest.raises(RuntimeError) as e:
            f()
        assert str(e.value) == ERR_RG
    a.requires_grad_(False)
    x = T.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError) as e:
        (x * a).sum().backward()        # a is saved for x's gradient
    assert str(e.value) == ERR_SAVE
    (x + a).sum().backward()            # nothing of a is saved
    assert x.grad.tolist() == [1.0, 1.0, 1.0]

    class Saves(T.autograd.Function):
        @staticmethod
        def forward(ctx, u, w):
            ctx.save_for_backward(w)
            return u * 1

        @staticmethod
        def backward(ctx, g):
            return g, None
    with pytest.raises(RuntimeError) as e:
        Saves.apply(x, a)
    assert str(e.value) == ERR_SAVE
    T.ones(3).copy_(a)                  # reading an inference tensor is fine


def test_inside_the_mode_and_views_of_normal_tensors():
    a = _inference_tensor()
    with T.inference_mode():
        a.add_(1)                       # allowed inside
        a.requires_grad_()
        a.requires_grad_(False)
    assert a.tolist() == [2.0, 2.0, 2.0]
    n = T.ones(3, requires_grad=True).clone()
    with T.inference_mode():
        v = n.view(3)
        assert not v.is_inference() and v.requires_grad
        n.add_(1)                       # a normal tensor changed inside: its version moves
        assert n._version == 1
    with pytest.raises(RuntimeError) as e:
        v.add_(1)
    assert str(e.value) == ERR_VIEW
    with T.no_grad():
        v.add_(1)                       # not recorded: allowed
    assert "grad_fn=<Invalid>" in repr(v)
    m = T.ones(3)
    with T.inference_mode():
        mv = m[:2]
    mv.add_(1)                          # nothing requires grad: allowed
    assert m.tolist() == [2.0, 2.0, 1.0]


def test_same_as_torch():
    torch = pytest.importorskip("torch")
    res = {}
    for L in (T, torch):
        with L.inference_mode():
            a = L.ones(3)
            b = a[1:]
            n = L.ones(2, requires_grad=True) * 2
            c = n.view(2)
        res[L] = (a.is_inference(), b.is_inference(), c.is_inference(), c.requires_grad, (a + 1).is_inference(),
                 a.detach().is_inference(), L.is_inference_mode_enabled())
    assert res[T] == res[torch]
