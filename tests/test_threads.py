"""Backward passes running in several threads at once (PyTorch allows it): no lost gradient
updates into a shared leaf, and no state of one pass leaking into another."""
import sys
import threading

import numpy as np
import pytest

import pyautograd as torch

N_THREADS = 16


@pytest.fixture
def fast_switching():
    """Switch threads often, so that passes interleave inside a short test."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old)


def _run_threads(target, n=N_THREADS):
    errors = []
    start = threading.Barrier(n)

    def run(k):
        try:
            start.wait()
            target(k)
        except BaseException as e:      # reported by the main thread
            errors.append(e)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def test_backward_into_one_shared_leaf_loses_no_update(fast_switching):
    # np.add(grad, g, out=grad) releases the GIL on a large array: without a lock per leaf
    # two threads read the same old .grad and one update is lost
    x = torch.zeros(500_000, dtype=torch.float64, requires_grad=True)
    for rep in range(3):
        x.grad = None

        def work(k):
            for _ in range(3):
                (x * float(k + 1)).sum().backward()

        _run_threads(work)
        expected = 3.0 * sum(range(1, N_THREADS + 1))
        g = x.grad.numpy()
        assert np.all(g == expected), (rep, float(g.min()), float(g.max()), expected)


def test_backward_into_shared_non_leaf_input_loses_no_update(fast_switching):
    x = torch.zeros(200_000, dtype=torch.float64, requires_grad=True)
    h = x * 1.0
    h.retain_grad()

    def work(k):
        for _ in range(3):
            (h * 2.0).sum().backward(retain_graph=True, inputs=[x])

    _run_threads(work)
    assert np.all(x.grad.numpy() == 2.0 * 3 * N_THREADS)


def _f(v):
    # broadcasting in forward: backward must reduce with sum_to, which reads the batch flag
    return (v[:, None] * torch.ones(3, 4, dtype=torch.float64)).sum(1) * 2.0


def test_batched_pass_beside_plain_backward(fast_switching):
    # the batched-pass flag (grad_batch_ndim) is per pass: a jacobian(vectorize=True) in some
    # threads must not change the shapes a plain backward in other threads reduces to
    from pyautograd.autograd.functional import jacobian
    v0 = torch.arange(3, dtype=torch.float64)
    expected_jac = 8.0 * np.eye(3)

    def work(k):
        for _ in range(15):
            if k % 2:
                J = jacobian(_f, v0, vectorize=True)
                assert J.shape == (3, 3) and np.array_equal(J.numpy(), expected_jac), J
            else:
                v = torch.arange(3, dtype=torch.float64, requires_grad=True)
                y = v
                for _ in range(20):
                    y = _f(y) * 0.125           # each pass long enough to be interleaved
                y.sum().backward()
                assert v.grad.shape == (3,) and np.array_equal(v.grad.numpy(), np.ones(3)), v.grad

    _run_threads(work)


def test_grad_batch_ndim_is_per_thread():
    from pyautograd import _core
    seen = []
    inside = threading.Event()
    release = threading.Event()
    x = torch.ones(2, dtype=torch.float64, requires_grad=True)

    def hook(g):
        seen.append(("batched", _core.grad_batch_ndim()))
        inside.set()
        release.wait(10)
        return g

    y = x * 2.0
    y.register_hook(hook)
    t = threading.Thread(target=lambda: torch.autograd.grad(
        y.sum(), x, torch.ones(4, dtype=torch.float64), is_grads_batched=True))
    t.start()
    assert inside.wait(10)
    seen.append(("other thread", _core.grad_batch_ndim()))
    release.set()
    t.join()
    assert seen == [("batched", 1), ("other thread", 0)]


def test_overlapping_passes_restore_the_garbage_collector(fast_switching):
    import gc
    assert gc.isenabled()

    def work(k):
        x = torch.ones(1000, requires_grad=True)
        for _ in range(20):
            (x * 2.0).sum().backward()

    _run_threads(work)
    assert gc.isenabled()
