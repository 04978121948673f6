"""Grad modes: no_grad, enable_grad, set_grad_enabled, inference_mode — as context managers,
decorators with and without parentheses, plain calls; thread-local like PyTorch."""
import threading

import pytest

import pyautograd as torch


def _records():
    x = torch.ones(2, requires_grad=True)
    return (x * 2).requires_grad


def test_no_grad_context():
    x = torch.ones(2, requires_grad=True)
    with torch.no_grad():
        assert not torch.is_grad_enabled()
        y = x * 2
    assert torch.is_grad_enabled()
    assert y.grad_fn is None and not y.requires_grad and y.is_leaf


def test_no_grad_restores_after_exception():
    with pytest.raises(ValueError):
        with torch.no_grad():
            raise ValueError
    assert torch.is_grad_enabled()


def test_nested_modes():
    with torch.no_grad():
        with torch.enable_grad():
            assert _records()
            with torch.set_grad_enabled(False):
                assert not _records()
            assert _records()
        assert not _records()
    assert _records()


def test_decorators_with_and_without_parentheses():
    @torch.no_grad()
    def f1():
        return _records()

    @torch.no_grad
    def f2():
        return _records()

    @torch.enable_grad()
    def g1():
        return _records()

    @torch.enable_grad
    def g2():
        return _records()

    @torch.set_grad_enabled(False)
    def h():
        return _records()

    assert torch.is_grad_enabled()          # making the decorators changed nothing
    assert f1() is False and f2() is False and h() is False
    assert torch.is_grad_enabled()
    with torch.no_grad():
        assert g1() is True and g2() is True
        assert not torch.is_grad_enabled()
    assert f1.__name__ == "f1" and f2.__name__ == "f2"


def test_decorated_generator():
    @torch.no_grad()
    def gen():
        for _ in range(2):
            yield torch.is_grad_enabled()

    assert list(gen()) == [False, False]
    assert torch.is_grad_enabled()


def test_set_grad_enabled_plain_call():
    try:
        torch.set_grad_enabled(False)
        assert not torch.is_grad_enabled() and not _records()
        torch.set_grad_enabled(True)
        assert torch.is_grad_enabled() and _records()
    finally:
        torch.set_grad_enabled(True)


def test_set_grad_enabled_context_restores_previous():
    with torch.no_grad():
        with torch.set_grad_enabled(True):
            assert torch.is_grad_enabled()
        assert not torch.is_grad_enabled()


def test_inference_mode():
    x = torch.ones(2, requires_grad=True)
    assert not torch.is_inference_mode_enabled()
    with torch.inference_mode():
        assert not torch.is_grad_enabled() and torch.is_inference_mode_enabled()
        y = x * 2
        with torch.inference_mode(False):
            assert not torch.is_inference_mode_enabled() and torch.is_grad_enabled()
        assert torch.is_inference_mode_enabled() and not torch.is_grad_enabled()
    assert not y.requires_grad and not torch.is_inference_mode_enabled()
    with torch.inference_mode(False):
        assert torch.is_grad_enabled()

    @torch.inference_mode()
    def f():
        return _records()
    assert f() is False and torch.is_grad_enabled()


def test_autograd_namespace_exposes_the_modes():
    assert torch.autograd.no_grad is torch.no_grad
    assert torch.autograd.set_grad_enabled is torch.set_grad_enabled


def test_grad_mode_is_thread_local():
    """A thread does not see another thread's no_grad (and starts with grad enabled)."""
    inside = threading.Event()
    release = threading.Event()
    seen = {}

    def other():
        inside.wait(10)
        seen["enabled"] = torch.is_grad_enabled()
        seen["records"] = _records()
        with torch.no_grad():
            release.set()
            seen["other_no_grad"] = not torch.is_grad_enabled()

    t = threading.Thread(target=other)
    t.start()
    with torch.no_grad():
        inside.set()
        release.wait(10)
        t.join(10)
        assert not torch.is_grad_enabled()   # the other thread's exit from no_grad did not leak here
    assert torch.is_grad_enabled()
    assert seen == {"enabled": True, "records": True, "other_no_grad": True}


def test_no_grad_in_thread_does_not_affect_main():
    done = threading.Event()

    def other():
        torch.set_grad_enabled(False)
        done.set()

    t = threading.Thread(target=other)
    t.start()
    t.join(10)
    assert done.is_set() and torch.is_grad_enabled() and _records()


def test_backward_inside_no_grad_still_computes_gradients():
    x = torch.tensor(3., requires_grad=True)
    y = x * x
    with torch.no_grad():
        y.backward()
    assert x.grad.item() == 6.0


def test_set_grad_enabled_repr_as_pytorch():
    try:
        assert repr(torch.set_grad_enabled(False)) == "torch.autograd.grad_mode.set_grad_enabled(mode=False)"
    finally:
        torch.set_grad_enabled(True)
