"""autograd.explain: the backward pass as the seed tutorials derive it (golden text checked by
eye: seed 003's dy/dx = 4 + 3 = 7, seed 002's two graphs, seed 000's d = 2 sin(a) + 1), in the
engine's order, with the numbers computed by the real backward rules; vectors, elision, errors."""
import math

import numpy as np
import pytest

import pyautograd as torch
from pyautograd.autograd import explain, Explanation

SEED003_EXPLAIN = (
    "backward pass of y, in the engine's order:\n"
    'step 1: y = MulBackward0(a, b)\n'
    '  seed ∂y/∂y = 1\n'
    '  ∂y/∂a = b = 4   sends 1 · 4 = 4 to a\n'
    '  ∂y/∂b = a = 3   sends 1 · 3 = 3 to b\n'
    'step 2: b = AddBackward0(x, const)\n'
    '  incoming ∂y/∂b = 3\n'
    '  ∂b/∂x = 1   sends ∂y/∂b · ∂b/∂x = 3 · 1 = 3 to x\n'
    'step 3: a = AddBackward0(x, const)\n'
    '  incoming ∂y/∂a = 4\n'
    '  ∂a/∂x = 1   sends ∂y/∂a · ∂a/∂x = 4 · 1 = 4 to x\n'
    'result (the total derivative is the sum over paths):\n'
    '  ∂y/∂x = 4 + 3 = 7   (sum over 2 paths)'
)

SEED003_MARKDOWN = (
    "**backward pass of y, in the engine's order:**\n"
    '\n'
    '**step 1: y = MulBackward0(a, b)**\n'
    '\n'
    '- `seed ∂y/∂y = 1`\n'
    '- `∂y/∂a = b = 4   sends 1 · 4 = 4 to a`\n'
    '- `∂y/∂b = a = 3   sends 1 · 3 = 3 to b`\n'
    '\n'
    '**step 2: b = AddBackward0(x, const)**\n'
    '\n'
    '- `incoming ∂y/∂b = 3`\n'
    '- `∂b/∂x = 1   sends ∂y/∂b · ∂b/∂x = 3 · 1 = 3 to x`\n'
    '\n'
    '**step 3: a = AddBackward0(x, const)**\n'
    '\n'
    '- `incoming ∂y/∂a = 4`\n'
    '- `∂a/∂x = 1   sends ∂y/∂a · ∂a/∂x = 4 · 1 = 4 to x`\n'
    '\n'
    '**result (the total derivative is the sum over paths):**\n'
    '\n'
    '- `∂y/∂x = 4 + 3 = 7   (sum over 2 paths)`'
)

SEED003_LATEX = (
    '\\begin{aligned}\n'
    "\\text{backward pass of y, in the engine's order:} \\\\\n"
    '\\text{step 1: y = MulBackward0(a, b)} \\\\\n'
    '\\quad \\text{seed }\\frac{\\partial y}{\\partial y} = 1 \\\\\n'
    '\\quad \\frac{\\partial y}{\\partial a} = b = 4\\text{   sends }1  \\cdot  4 = 4\\text{ to a} \\\\\n'
    '\\quad \\frac{\\partial y}{\\partial b} = a = 3\\text{   sends }1  \\cdot  3 = 3\\text{ to b} \\\\\n'
    '\\text{step 2: b = AddBackward0(x, const)} \\\\\n'
    '\\quad \\text{incoming }\\frac{\\partial y}{\\partial b} = 3 \\\\\n'
    '\\quad \\frac{\\partial b}{\\partial x} = 1\\text{   sends }\\frac{\\partial y}{\\partial b}  \\cdot  \\frac{\\partial b}{\\partial x} = 3  \\cdot  1 = 3\\text{ to x} \\\\\n'
    '\\text{step 3: a = AddBackward0(x, const)} \\\\\n'
    '\\quad \\text{incoming }\\frac{\\partial y}{\\partial a} = 4 \\\\\n'
    '\\quad \\frac{\\partial a}{\\partial x} = 1\\text{   sends }\\frac{\\partial y}{\\partial a}  \\cdot  \\frac{\\partial a}{\\partial x} = 4  \\cdot  1 = 4\\text{ to x} \\\\\n'
    '\\text{result (the total derivative is the sum over paths):} \\\\\n'
    '\\quad \\frac{\\partial y}{\\partial x} = 4 + 3 = 7\\text{   (sum over 2 paths)} \\\\\n'
    '\\end{aligned}'
)

SEED002_CUBIC_EXPLAIN = (
    "backward pass of y, in the engine's order:\n"
    'step 1: y = AddBackward0(u, v)\n'
    '  seed ∂y/∂y = 1\n'
    '  ∂y/∂u = 1   sends 1 · 1 = 1 to u\n'
    '  ∂y/∂v = 1   sends 1 · 1 = 1 to v\n'
    'step 2: v = PowBackward0(x)\n'
    '  incoming ∂y/∂v = 1\n'
    '  ∂v/∂x = 2·x = 4   sends ∂y/∂v · ∂v/∂x = 1 · 4 = 4 to x\n'
    'step 3: u = PowBackward0(x)\n'
    '  incoming ∂y/∂u = 1\n'
    '  ∂u/∂x = 3·x^2 = 12   sends ∂y/∂u · ∂u/∂x = 1 · 12 = 12 to x\n'
    'result (the total derivative is the sum over paths):\n'
    '  ∂y/∂x = 12 + 4 = 16   (sum over 2 paths)'
)

SEED002_SINC_EXPLAIN = (
    "backward pass of y, in the engine's order:\n"
    'step 1: y = DivBackward0(u, x)\n'
    '  seed ∂y/∂y = 1\n'
    '  ∂y/∂u = 1/x = 0.5   sends 1 · 0.5 = 0.5 to u\n'
    '  ∂y/∂x = -u/x^2 = -0.2273   sends 1 · (-0.2273) = -0.2273 to x\n'
    'step 2: u = SinBackward0(x)\n'
    '  incoming ∂y/∂u = 0.5\n'
    '  ∂u/∂x = cos(x) = -0.4161   sends ∂y/∂u · ∂u/∂x = 0.5 · (-0.4161) = -0.2081 to x\n'
    'result (the total derivative is the sum over paths):\n'
    '  ∂y/∂x = -0.2081 + (-0.2273) = -0.4354   (sum over 2 paths)'
)

SEED000_EXPLAIN = (
    "backward pass of d (seeded with ones: the gradient of d.sum()), in the engine's order:\n"
    'step 1: d = AddBackward0(c, const), shape (25,)\n'
    '  seed ∂d/∂d = [1, 1, 1, …, 1, 1, 1] (25,)\n'
    '  ∂d/∂c = 1   sends [1, 1, 1, …, 1, 1, 1] (25,) to c\n'
    'step 2: c = MulBackward0(b, 2), shape (25,)\n'
    '  incoming ∂d/∂c = [1, 1, 1, …, 1, 1, 1] (25,)\n'
    '  ∂c/∂b = 2   sends ∂d/∂c ⊙ ∂c/∂b = [2, 2, 2, …, 2, 2, 2] (25,) to b\n'
    'step 3: b = SinBackward0(a), shape (25,)\n'
    '  incoming ∂d/∂b = [2, 2, 2, …, 2, 2, 2] (25,)\n'
    '  ∂b/∂a = cos(a)   sends ∂d/∂b ⊙ ∂b/∂a = [2, 1.9319, 1.7321, …, 1.7321, 1.9319, 2] (25,) to a\n'
    'result (the total derivative is the sum over paths):\n'
    '  ∂d/∂a = [2, 1.9319, 1.7321, …, 1.7321, 1.9319, 2] (25,)'
)


def seed003():
    x = torch.tensor(2.0, requires_grad=True)
    a = torch.add(x, 1)
    b = torch.add(x, 2)
    y = torch.mul(a, b)
    return x, a, b, y


def test_seed003_derivation():
    x, a, b, y = seed003()
    e = explain(y)
    assert isinstance(e, Explanation)
    assert str(e) == SEED003_EXPLAIN
    assert "∂y/∂a = b = 4" in str(e) and "∂y/∂b = a = 3" in str(e) and "∂y/∂x = 4 + 3 = 7" in str(e)
    assert e.markdown() == SEED003_MARKDOWN
    assert e.latex() == SEED003_LATEX
    assert e._repr_markdown_() == SEED003_MARKDOWN


def test_explain_keeps_the_graph_and_leaves_grad_alone():
    x, a, b, y = seed003()
    explain(y)
    explain(y)
    assert x.grad is None
    y.backward()
    assert float(x.grad) == 7.0
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        explain(y)


def test_seed002_cubic():
    x = torch.tensor(2.0, requires_grad=True)
    u = x ** 3
    v = x ** 2
    y = u + v
    assert str(explain(y)) == SEED002_CUBIC_EXPLAIN


def test_seed002_sinc():
    x = torch.tensor(2.0, requires_grad=True)
    u = torch.sin(x)
    y = u / x
    assert str(explain(y)) == SEED002_SINC_EXPLAIN


def test_seed000_two_sin_plus_one():
    a = torch.linspace(0.0, 2.0 * math.pi, steps=25, requires_grad=True)
    b = torch.sin(a)
    c = 2 * b
    d = c + 1
    assert str(explain(d)) == SEED000_EXPLAIN


def test_steps_follow_the_engines_order():
    # independent branches: the engine runs the most recently created node first
    x = torch.tensor(1.0, requires_grad=True)
    p = x * 3
    q = x.exp()
    r = x.sin()
    s = p + q + r
    text = str(explain(s))
    heads = [line for line in text.splitlines() if line.startswith("step ")]
    order = [h.split(" = ")[0].split(": ")[1] for h in heads]
    assert order[-3:] == ["r", "q", "p"]
    assert "∂s/∂x = 3 + 2.7183 + 0.5403 = 6.2586   (sum over 3 paths)" in text


def test_vectors_show_shapes_and_elementwise_products():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * x
    text = str(explain(y))
    assert "(seeded with ones: the gradient of y.sum())" in text
    assert "step 1: y = MulBackward0(x, x), shape (3,)" in text
    assert "∂y/∂x = x = [1, 2, 3]   sends [1, 1, 1] ⊙ [1, 2, 3] = [1, 2, 3] to x" in text
    assert "∂y/∂x = [1, 2, 3] + [1, 2, 3] = [2, 4, 6]   (sum over 2 paths)" in text


def test_vector_jacobian_products_for_matrix_ops():
    w = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], requires_grad=True)
    v = torch.tensor([1.0, -1.0], requires_grad=True)
    m = torch.mv(w, v)
    loss = m.sum()
    text = str(explain(loss))
    assert "step 2: m = MvBackward0(w, v), shape (3,)" in text
    assert "∂loss/∂m = 1 = [1, 1, 1]   sends 1 · [1, 1, 1] = [1, 1, 1] to m" in text
    assert "∂m/∂w = g ⊗ v   sends vjp = [[1, -1], [1, -1], [1, -1]] to w" in text
    assert "∂m/∂v = wᵀ g   sends vjp = [9, 12] to v" in text
    grads = torch.autograd.grad(loss, (w, v), retain_graph=True)
    big = torch.mv(torch.ones(4, 3, requires_grad=True), torch.ones(3))
    assert "∂big/∂x1 = g ⊗ const   sends vjp = <(4, 3) float32> to x1" in str(explain(big, names={"big": big}))
    data = torch.ones(3)
    big = torch.mv(torch.ones(4, 3, requires_grad=True), data)
    assert "∂big/∂x1 = g ⊗ data   sends vjp" in str(explain(big))     # the caller's name for the data
    assert "∂loss/∂v = [9, 12]" in text
    np.testing.assert_allclose(grads[1].numpy(), [9.0, 12.0])


def test_several_outputs_add_up():
    x = torch.tensor([2.0, 3.0], requires_grad=True)
    p = x * 2
    q = x.exp().sum()
    text = str(explain((p, q)))
    assert text.splitlines()[0] == "backward pass of L = sum(p) + q, in the engine's order:"
    assert text.splitlines()[-1] == "  ∂L/∂x = [2, 2] + [7.3891, 20.0855] = [9.3891, 22.0855]   (sum over 2 paths)"


def test_a_node_with_several_outputs():
    x = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    parts = x.unbind()
    y = parts[0] * parts[1]
    text = str(explain(y))
    assert "step 1: y = MulBackward0(v1[0], v1[1])" in text
    assert "∂y/∂v1[0] = v1[1] = 2   sends 1 · 2 = 2 to v1[0]" in text
    assert "  incoming ∂y/∂v1[0] = 2\n  incoming ∂y/∂v1[1] = 1\n" in text
    assert "∂v1/∂x = (the rule of UnbindBackward0)   sends vjp = [2, 1, 0, 0] to x" in text


def test_inputs_and_grad_outputs():
    x, a, b, y = seed003()
    text = str(explain(y, inputs=[a]))
    assert "∂y/∂a = 4" in text.splitlines()[-1]
    assert "step 2" not in text         # the pass stops at a
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    text = str(explain(y, grad_outputs=torch.tensor([1.0, 10.0])))
    assert "seeded" not in text and text.splitlines()[-1] == "  ∂y/∂x = [3, 30]"


def test_long_graphs_are_elided_in_the_middle():
    x = torch.tensor(0.5, requires_grad=True)
    h = x
    for _ in range(100):
        h = torch.sin(h)
    text = str(explain(h, max_steps=10))
    assert "  ... 90 steps elided ..." in text
    assert "step 5:" in text and "step 6:" not in text and "step 96:" in text and "step 100:" in text
    grad, = torch.autograd.grad(h, x)
    assert text.splitlines()[-1] == "  ∂h/∂x = %s" % np.format_float_positional(
        float(grad), precision=4, trim="-")


def test_names():
    x, a, b, y = seed003()
    text = str(explain(y, names={"out": y, "inp": x}))
    assert "∂out/∂inp = 4 + 3 = 7" in text
    text = str(explain(y, names=False))
    assert "step 1: v1 = MulBackward0(v2, v3)" in text and "∂v1/∂x1 = 4 + 3 = 7" in text


def test_a_tensor_without_graph_is_refused_as_torch_does():
    with pytest.raises(RuntimeError, match="^element 0 of tensors does not require grad and does not have a grad_fn$"):
        explain(torch.ones(3))
    with pytest.raises(TypeError, match=r"^explain\(\): expected a Tensor or a tuple of Tensors, got float$"):
        explain(3.0)
