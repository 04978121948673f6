"""Memory and robustness: deep graphs build, backpropagate and free without recursion; graphs are
freed by reference counting alone (no cycles, no gc.collect()); saved tensors go after backward."""
import gc
import os
import subprocess
import sys
import textwrap
import weakref

import pytest

import pyautograd as torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def no_gc():
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# the pyautograd this test process imported (a checkout's, or an installed wheel's): the child uses it
PKG_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(torch.__file__)))


def _run(code, timeout=600):
    env = dict(os.environ, PYTHONPATH=PKG_PARENT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                         timeout=timeout, env=env, cwd=os.path.dirname(PKG_PARENT))
    assert out.returncode == 0, "exit %d\n%s\n%s" % (out.returncode, out.stdout, out.stderr[-3000:])
    return out.stdout


def test_million_op_chain_builds_backpropagates_and_frees():
    """1,000,000 nodes: no RecursionError in backward, no stack overflow when the chain is freed
    (with or without a backward pass), and every node is gone afterwards."""
    out = _run("""
        import gc, sys
        sys.setrecursionlimit(1000)     # the default: nothing may recurse over the graph
        gc.disable()                    # reference counting alone frees the graph
        import pyautograd as torch
        N = 1_000_000
        start = torch._live_nodes()
        x = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
        y = x
        for _ in range(N):
            y = y * 1.000001
        assert torch._live_nodes() - start == N + 1, torch._live_nodes()
        y.backward()
        assert abs(x.grad.item() - 1.000001 ** N) < 1e-9, x.grad
        del y
        assert torch._live_nodes() == start + 0, torch._live_nodes()
        # freed without ever running backward (saved tensors still held)
        y = x
        for _ in range(N):
            y = y.sin()
        del y
        assert torch._live_nodes() == start, torch._live_nodes()
        print("ok")
    """)
    assert out.strip() == "ok"


def test_deep_chain_of_multi_input_nodes_frees():
    """Chains through tuples of edges (binary ops whose both inputs are deep) also free iteratively."""
    out = _run("""
        import gc
        gc.disable()
        import pyautograd as torch
        start = torch._live_nodes()
        x = torch.ones(2, requires_grad=True)
        y = x
        for i in range(300_000):
            y = y + x if i % 2 else y * x
        del y
        assert torch._live_nodes() == start, torch._live_nodes()
        print("ok")
    """)
    assert out.strip() == "ok"


def test_graph_freed_without_gc(no_gc):
    start = torch._live_nodes()
    x = torch.ones(3, requires_grad=True)
    a = x.sin()
    b = a.exp()
    c = (b * a).sum()
    refs = [weakref.ref(o) for o in (a, b, c, a.grad_fn, b.grad_fn, c.grad_fn)]
    assert torch._live_nodes() - start == 5           # Sin, Exp, Mul, Sum + x's AccumulateGrad
    del a, b, c
    assert all(r() is None for r in refs)
    assert torch._live_nodes() == start


def test_graph_freed_after_backward_without_gc(no_gc):
    start = torch._live_nodes()
    x = torch.ones(3, requires_grad=True)
    y = (x.sin() * x.cos()).sum()
    node = weakref.ref(y.grad_fn)
    y.backward()
    del y
    assert node() is None and torch._live_nodes() == start
    assert x.grad is not None and x.grad.grad_fn is None


def test_saved_tensors_freed_after_backward(no_gc):
    x = torch.ones(3, requires_grad=True)
    a = x * 2
    y = (a * a).sum()                  # MulBackward0 saves `a`
    saved = weakref.ref(a)
    del a
    assert saved() is not None         # held by the graph for backward
    y.backward()
    assert saved() is None             # released by backward (no retain_graph)
    assert x.grad.tolist() == [8.0, 8.0, 8.0]


def test_saved_tensors_kept_with_retain_graph(no_gc):
    x = torch.ones(3, requires_grad=True)
    a = x * 2
    y = (a * a).sum()
    saved = weakref.ref(a)
    del a
    y.backward(retain_graph=True)
    assert saved() is not None
    y.backward()
    assert saved() is None
    assert x.grad.tolist() == [16.0, 16.0, 16.0]
    del y


def test_training_loop_memory_is_flat(no_gc):
    start = torch._live_nodes()
    w = torch.zeros(4, requires_grad=True)
    data = torch.arange(4.0)
    for _ in range(200):
        loss = ((w * data).sum() - 3.0) ** 2
        loss.backward()
        with torch.no_grad():
            w -= 0.01 * w.grad
        w.grad = None
    del loss
    assert torch._live_nodes() <= start + 1            # at most w's AccumulateGrad (weakly held)


def test_create_graph_cycle_broken_by_resetting_grad():
    """backward(create_graph=True) makes x.grad reference x's graph (as PyTorch warns); resetting
    .grad to None breaks the cycle."""
    import warnings
    gc.collect()
    start = torch._live_nodes()
    x = torch.tensor(2.0, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (x * x * x).backward(create_graph=True)
    assert torch._live_nodes() > start
    x.grad = None
    assert torch._live_nodes() == start


# ---- built-in nodes outside the cyclic GC (src/_core/node.pxi: _untrack_node) -------------------
def _collected(make_cycle):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x.sin() * 2).exp()
    make_cycle(x, y)
    r = weakref.ref(y)
    del y
    gc.collect()
    return r() is None


def test_builtin_nodes_are_outside_the_cyclic_gc():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x.sin() * 2).exp()
    assert not gc.is_tracked(y.grad_fn)
    assert not gc.is_tracked(y.grad_fn.next_functions[0][0])


def test_cycles_through_a_node_that_user_code_makes_are_collected():
    def attr(x, y):
        y.grad_fn.foo = y

    def metadata(x, y):
        y.grad_fn.metadata["y"] = y

    def node_hook(x, y):
        y.grad_fn.register_hook(lambda gi, go: y)

    def node_prehook(x, y):
        y.grad_fn.register_prehook(lambda go: y)

    def tensor_hook(x, y):
        y.register_hook(lambda g: y)

    for make in (attr, metadata, node_hook, node_prehook, tensor_hook):
        assert _collected(make), make.__name__


def test_create_graph_cycle_through_the_gradient_is_collected():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    (x * x).sum().backward(create_graph=True)      # x.grad's graph saves x: x -> grad -> node -> x
    assert gc.is_tracked(x.grad.grad_fn)
    r = weakref.ref(x)
    del x
    gc.collect()
    assert r() is None
