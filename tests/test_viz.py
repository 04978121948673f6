"""pyautograd.viz: the seed tutorials' graphs as Mermaid and DOT text (golden outputs, checked by
eye against the tutorials' hand-drawn graphs: seed 002's y = x^3 + x^2 and y = sin(x)/x, seed
003's y = (x+1)(x+2), seed 000's d = 2 sin(a) + 1), gradients on the edges, rendering through
Graphviz's dot (skipped without it), a 10,000-node graph, make_dot, errors."""
import math
import os
import shutil
import subprocess
import sys
import types

import pytest

import pyautograd as torch
from pyautograd import viz

HAVE_DOT = shutil.which("dot") is not None

# ---- golden outputs ----------------------------------------------------------------------------
SEED003_MERMAID = (
    'flowchart TB\n'
    '    n0["y = MulBackward0<br/>() float32<br/>= 12"]\n'
    '    n1["a = AddBackward0<br/>() float32<br/>= 3"]\n'
    '    n2["b = AddBackward0<br/>() float32<br/>= 4"]\n'
    '    n3["x<br/>() float32<br/>= 2"]\n'
    '    n0 -->|"∂y/∂a = b = 4"| n1\n'
    '    n0 -->|"∂y/∂b = a = 3"| n2\n'
    '    n1 -->|"∂a/∂x = 1"| n3\n'
    '    n2 -->|"∂b/∂x = 1"| n3\n'
    '    classDef root fill:#d9f2b4,stroke:#4d7a1a\n'
    '    classDef leaf fill:#cfe3ff,stroke:#2d5fa3\n'
    '    classDef module fill:#f3e3c3,stroke:#8a6414\n'
    '    class n0 root\n'
    '    class n3 leaf\n'
)

SEED003_DOT_GRADS = (
    'digraph autograd {\n'
    '    rankdir=TB;\n'
    '    node [shape=box, fontname="Helvetica", fontsize=11];\n'
    '    edge [fontname="Helvetica", fontsize=10];\n'
    '    n0 [label="y = MulBackward0\\n() float32\\n= 12", style=filled, fillcolor="#d9f2b4"];\n'
    '    n1 [label="a = AddBackward0\\n() float32\\n= 3"];\n'
    '    n2 [label="b = AddBackward0\\n() float32\\n= 4"];\n'
    '    n3 [label="x\\n() float32\\n= 2", style=filled, fillcolor="#cfe3ff"];\n'
    '    n0 -> n1 [label="∂y/∂a = b = 4\\ngrad 4"];\n'
    '    n0 -> n2 [label="∂y/∂b = a = 3\\ngrad 3"];\n'
    '    n1 -> n3 [label="∂a/∂x = 1\\ngrad 4"];\n'
    '    n2 -> n3 [label="∂b/∂x = 1\\ngrad 3"];\n'
    '}\n'
)

SEED002_CUBIC_MERMAID = (
    'flowchart TB\n'
    '    n0["y = AddBackward0<br/>() float32<br/>= 12"]\n'
    '    n1["u = PowBackward0<br/>() float32<br/>= 8"]\n'
    '    n2["v = PowBackward0<br/>() float32<br/>= 4"]\n'
    '    n3["x<br/>() float32<br/>= 2"]\n'
    '    n0 -->|"∂y/∂u = 1<br/>grad 1"| n1\n'
    '    n0 -->|"∂y/∂v = 1<br/>grad 1"| n2\n'
    '    n1 -->|"∂u/∂x = 3·x^2 = 12<br/>grad 12"| n3\n'
    '    n2 -->|"∂v/∂x = 2·x = 4<br/>grad 4"| n3\n'
    '    classDef root fill:#d9f2b4,stroke:#4d7a1a\n'
    '    classDef leaf fill:#cfe3ff,stroke:#2d5fa3\n'
    '    classDef module fill:#f3e3c3,stroke:#8a6414\n'
    '    class n0 root\n'
    '    class n3 leaf\n'
)

SEED002_CUBIC_DOT = (
    'digraph autograd {\n'
    '    rankdir=TB;\n'
    '    node [shape=box, fontname="Helvetica", fontsize=11];\n'
    '    edge [fontname="Helvetica", fontsize=10];\n'
    '    n0 [label="y = AddBackward0\\n() float32\\n= 12", style=filled, fillcolor="#d9f2b4"];\n'
    '    n1 [label="u = PowBackward0\\n() float32\\n= 8"];\n'
    '    n2 [label="v = PowBackward0\\n() float32\\n= 4"];\n'
    '    n3 [label="x\\n() float32\\n= 2", style=filled, fillcolor="#cfe3ff"];\n'
    '    n0 -> n1 [label="∂y/∂u = 1"];\n'
    '    n0 -> n2 [label="∂y/∂v = 1"];\n'
    '    n1 -> n3 [label="∂u/∂x = 3·x^2 = 12"];\n'
    '    n2 -> n3 [label="∂v/∂x = 2·x = 4"];\n'
    '}\n'
)

SEED002_SINC_MERMAID = (
    'flowchart TB\n'
    '    n0["y = DivBackward0<br/>() float32<br/>= 0.4546"]\n'
    '    n1["u = SinBackward0<br/>() float32<br/>= 0.9093"]\n'
    '    n2["x<br/>() float32<br/>= 2"]\n'
    '    n0 -->|"∂y/∂u = 1/x = 0.5<br/>grad 0.5"| n1\n'
    '    n0 -->|"∂y/∂x = -u/x^2 = -0.2273<br/>grad -0.2273"| n2\n'
    '    n1 -->|"∂u/∂x = cos(x) = -0.4161<br/>grad -0.2081"| n2\n'
    '    classDef root fill:#d9f2b4,stroke:#4d7a1a\n'
    '    classDef leaf fill:#cfe3ff,stroke:#2d5fa3\n'
    '    classDef module fill:#f3e3c3,stroke:#8a6414\n'
    '    class n0 root\n'
    '    class n2 leaf\n'
)

SEED002_SINC_DOT = (
    'digraph autograd {\n'
    '    rankdir=TB;\n'
    '    node [shape=box, fontname="Helvetica", fontsize=11];\n'
    '    edge [fontname="Helvetica", fontsize=10];\n'
    '    n0 [label="y = DivBackward0\\n() float32\\n= 0.4546", style=filled, fillcolor="#d9f2b4"];\n'
    '    n1 [label="u = SinBackward0\\n() float32\\n= 0.9093"];\n'
    '    n2 [label="x\\n() float32\\n= 2", style=filled, fillcolor="#cfe3ff"];\n'
    '    n0 -> n1 [label="∂y/∂u = 1/x = 0.5"];\n'
    '    n0 -> n2 [label="∂y/∂x = -u/x^2 = -0.2273"];\n'
    '    n1 -> n2 [label="∂u/∂x = cos(x) = -0.4161"];\n'
    '}\n'
)

SEED000_MERMAID = (
    'flowchart TB\n'
    '    n0["d = AddBackward0<br/>(25,) float32"]\n'
    '    n1["c = MulBackward0<br/>(25,) float32"]\n'
    '    n2["b = SinBackward0<br/>(25,) float32"]\n'
    '    n3["a<br/>(25,) float32"]\n'
    '    n0 -->|"∂d/∂c = 1<br/>grad [1, 1, 1, …, 1, 1, 1] (25,)"| n1\n'
    '    n1 -->|"∂c/∂b = 2<br/>grad [2, 2, 2, …, 2, 2, 2] (25,)"| n2\n'
    '    n2 -->|"∂b/∂a = cos(a)<br/>grad [2, 1.9319, 1.7321, …, 1.7321, 1.9319, 2] (25,)"| n3\n'
    '    classDef root fill:#d9f2b4,stroke:#4d7a1a\n'
    '    classDef leaf fill:#cfe3ff,stroke:#2d5fa3\n'
    '    classDef module fill:#f3e3c3,stroke:#8a6414\n'
    '    class n0 root\n'
    '    class n3 leaf\n'
)

SEED000_DOT = (
    'digraph autograd {\n'
    '    rankdir=TB;\n'
    '    node [shape=box, fontname="Helvetica", fontsize=11];\n'
    '    edge [fontname="Helvetica", fontsize=10];\n'
    '    n0 [label="d = AddBackward0\\n(25,) float32", style=filled, fillcolor="#d9f2b4"];\n'
    '    n1 [label="c = MulBackward0\\n(25,) float32"];\n'
    '    n2 [label="b = SinBackward0\\n(25,) float32"];\n'
    '    n3 [label="a\\n(25,) float32", style=filled, fillcolor="#cfe3ff"];\n'
    '    n0 -> n1 [label="∂d/∂c = 1"];\n'
    '    n1 -> n2 [label="∂c/∂b = 2"];\n'
    '    n2 -> n3 [label="∂b/∂a = cos(a)"];\n'
    '}\n'
)


def seed003():
    x = torch.tensor(2.0, requires_grad=True)
    a = torch.add(x, 1)
    b = torch.add(x, 2)
    y = torch.mul(a, b)
    return x, a, b, y


def test_seed003_mermaid():
    x, a, b, y = seed003()
    assert viz.to_mermaid(y) == SEED003_MERMAID


def test_seed003_dot_with_the_gradients_on_the_edges():
    x, a, b, y = seed003()
    assert viz.to_dot(y, grads=True) == SEED003_DOT_GRADS
    assert x.grad is None           # the recording pass leaves .grad alone
    y.backward()                    # ... and keeps the graph
    assert float(x.grad) == 7.0


def test_seed002_cubic():
    x = torch.tensor(2.0, requires_grad=True)
    u = x ** 3
    v = x ** 2
    y = u + v
    assert viz.to_mermaid(y, grads=True) == SEED002_CUBIC_MERMAID
    assert viz.to_dot(y) == SEED002_CUBIC_DOT


def test_seed002_sinc():
    x = torch.tensor(2.0, requires_grad=True)
    u = torch.sin(x)
    y = u / x
    assert viz.to_mermaid(y, grads=True) == SEED002_SINC_MERMAID
    assert viz.to_dot(y) == SEED002_SINC_DOT


def test_seed000_two_sin_plus_one():
    a = torch.linspace(0.0, 2.0 * math.pi, steps=25, requires_grad=True)
    b = torch.sin(a)
    c = 2 * b
    d = c + 1
    assert viz.to_mermaid(d, grads=True) == SEED000_MERMAID
    assert viz.to_dot(d) == SEED000_DOT


# ---- options -----------------------------------------------------------------------------------
def test_forward_direction_reverses_the_arrows():
    x, a, b, y = seed003()
    back = viz.to_mermaid(y)
    fwd = viz.to_mermaid(y, direction="forward")
    assert '    n0 -->|"∂y/∂a = b = 4"| n1' in back
    assert '    n1 -->|"∂y/∂a = b = 4"| n0' in fwd
    assert "n1 -> n0" in viz.to_dot(y, direction="forward")
    with pytest.raises(ValueError, match="direction"):
        viz.to_mermaid(y, direction="up")


def test_after_backward_leaves_show_grad_and_edges_keep_their_formulas():
    x, a, b, y = seed003()
    y.backward()
    text = viz.to_mermaid(y)
    assert 'n3["x<br/>() float32<br/>= 2<br/>grad = 7"]' in text
    assert '|"∂y/∂a = b"|' in text        # the saved tensors are freed: the formula stays
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        viz.to_mermaid(y, grads=True)


def test_names_given_or_generated():
    x, a, b, y = seed003()
    text = viz.to_mermaid(y, names={"out": y, "inp": x})
    assert '["out = MulBackward0' in text and '["inp<br/>' in text
    assert "∂out/∂v1 = v2 = 4" in text
    text = viz.to_mermaid(y, names=False)
    assert '["v1 = MulBackward0' in text and '["x1<br/>' in text


def test_show_saved():
    x, a, b, y = seed003()
    text = viz.to_dot(y, show_saved=True)
    assert "saved self: () float32 = 3\\nsaved other: () float32 = 4" in text
    p = x ** 3
    assert "saved exponent: 3" in viz.to_dot(p, show_saved=True)


def test_values_and_formulas_for_vectors():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    s = torch.sin(x)
    m = torch.matmul(torch.ones(2, 3), s)
    text = viz.to_mermaid(m, grads=True)
    # elementwise: the Jacobian's diagonal; a matrix product: its formula and the VJP that flowed
    assert "∂s/∂x = cos(x) = [0.5403, -0.4161, -0.99]" in text
    assert "grad [2, 2, 2]" in text
    assert "∂m/∂s" in text


def test_a_node_with_several_outputs():
    x = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    parts = x.unbind()
    y = parts[0] * parts[1]
    text = viz.to_mermaid(y, grads=True)
    assert 'n1["v1 = UnbindBackward0<br/>() float32 [0]<br/>() float32 [1]"]' in text
    assert 'n0 -->|"∂y/∂v1[0] = v1[1] = 2<br/>grad 2"| n1' in text
    assert 'n1 -->|"∂v1/∂x<br/>grad [2, 1, 0, 0]"| n2' in text


def test_a_custom_function_and_create_graph():
    class Square(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, g):
            x, = ctx.saved_tensors
            return 2 * x * g

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = Square.apply(x).sum()
    text = viz.to_mermaid(y, grads=True)
    # no formula for a custom rule: the edge shows what the rule sent
    assert '["v1 = SquareBackward<br/>(2,) float32"]' in text
    assert 'n1 -->|"∂v1/∂x<br/>grad [2, 4]"| n2' in text
    g, = torch.autograd.grad((x ** 3).sum(), x, create_graph=True)
    text = viz.to_mermaid(g.sum(), grads=True)
    assert text.count("-->") >= 3 and "∂" in text


def test_tuple_of_outputs_and_a_leaf_root():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    p = x * 2
    q = x.exp()
    text = viz.to_mermaid((p, q))
    assert text.count("class n0,n1 root") == 1 and "n0 -->" in text and "n1 -->" in text
    text = viz.to_mermaid(x)
    assert 'n0["x<br/>(2,) float32<br/>= [1, 2]"]' in text and "-->" not in text


def test_collapse_a_module_into_one_box():
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 1))
    out = net(torch.randn(2, 3)).sum()
    full = viz.to_mermaid(out)
    assert "AddmmBackward0" in full and "net.0.weight" in full
    one = viz.to_mermaid(out, collapse=net)
    assert 'm0[["Sequential (Sequential)<br/>4 parameters"]]' in one
    assert "Addmm" not in one and "ReluBackward0" not in one
    two = viz.to_mermaid(out, collapse={"fc1": net[0], "fc2": net[2]})
    assert 'm0[["fc1 (Linear)' in two and 'm1[["fc2 (Linear)' in two
    assert "ReluBackward0" in two and "Addmm" not in two
    assert "n0 --> m1" in two and "--> m0" in two


def test_a_10000_node_graph_renders():
    x = torch.tensor(0.5, requires_grad=True)
    h = x
    for k in range(10000):
        h = torch.sin(h) if k % 2 else h * 1.0001
    text = viz.to_mermaid(h)
    assert text.count("-->") == 10000
    assert viz.to_dot(h).count(" -> ") == 10000
    assert viz.to_dot(h, grads=True).count("\\ngrad ") == 10000


# ---- rendering ---------------------------------------------------------------------------------
@pytest.mark.skipif(not HAVE_DOT, reason="Graphviz's dot is not installed")
def test_draw_svg_and_png(tmp_path):
    x, a, b, y = seed003()
    path = viz.draw(y, tmp_path / "g.svg", grads=True)
    svg = path.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "∂y/∂a = b = 4" in svg and "MulBackward0" in svg
    png = viz.draw(y, tmp_path / "g.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    view = viz.graph(y)
    assert "<svg" in view._repr_svg_()
    assert "<svg" in view._repr_mimebundle_()["image/svg+xml"]


def test_draw_without_dot_names_the_program(monkeypatch, tmp_path):
    x, a, b, y = seed003()
    monkeypatch.setattr(viz.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match=r"'dot'.*apt install graphviz"):
        viz.draw(y, tmp_path / "g.svg")
    assert not (tmp_path / "g.svg").exists()
    view = viz.graph(y)
    assert view._repr_svg_() is None
    bundle = view._repr_mimebundle_()
    assert "image/svg+xml" not in bundle
    assert bundle["text/markdown"] == "```mermaid\n" + SEED003_MERMAID + "```\n"


def test_draw_format_errors(tmp_path):
    x, a, b, y = seed003()
    with pytest.raises(ValueError, match="format"):
        viz.draw(y, tmp_path / "g.txt")
    with pytest.raises(ValueError, match="format"):
        viz.draw(y, tmp_path / "g", format="gif")


def test_graph_view_texts():
    x, a, b, y = seed003()
    view = viz.graph(y)
    assert view.mermaid == SEED003_MERMAID == str(view)
    assert view.dot == viz.to_dot(y)
    assert repr(view) == "<GraphView: 4 boxes, 4 edges>"


# ---- make_dot ----------------------------------------------------------------------------------
class _FakeDigraph:
    def __init__(self, **attrs):
        self.attrs = attrs
        self.nodes = {}
        self.edges = []

    def node(self, name, label=None, **attrs):
        self.nodes[name] = (label, attrs)

    def edge(self, a, b, **attrs):
        self.edges.append((a, b))


def test_make_dot_needs_the_graphviz_package(monkeypatch):
    x, a, b, y = seed003()
    monkeypatch.setattr(viz, "graphviz", None)
    with pytest.raises(ImportError, match="pip install graphviz"):
        viz.make_dot(y)


def test_make_dot_builds_torchvizs_graph(monkeypatch):
    monkeypatch.setattr(viz, "graphviz", types.SimpleNamespace(Digraph=_FakeDigraph))
    lin = torch.nn.Linear(2, 1)
    out = lin(torch.ones(3, 2)).sum()
    g = viz.make_dot(out, params=dict(lin.named_parameters()), show_attrs=True, show_saved=True)
    labels = [label for label, _ in g.nodes.values()]
    assert "weight\n (1, 2)" in labels and "bias\n (1)" in labels     # torchviz writes sizes so
    assert any(label.startswith("SumBackward0") for label in labels)
    assert any(label.startswith("AddmmBackward0") for label in labels)
    assert ("()", {"fillcolor": "darkolivegreen1"}) in g.nodes.values()
    assert any(attrs.get("fillcolor") == "orange" for _, attrs in g.nodes.values())   # saved tensors
    # edges go from an input to the node using it (torchviz's direction)
    sum_id = str(id(out.grad_fn))
    assert (str(id(out.grad_fn.next_functions[0][0])), sum_id) in g.edges


@pytest.mark.skipif(viz.graphviz is None, reason="the graphviz Python package is not installed")
def test_make_dot_real_graphviz():
    x, a, b, y = seed003()
    g = viz.make_dot(y)
    assert "MulBackward0" in g.source


# ---- errors ------------------------------------------------------------------------------------
def test_a_tensor_without_graph_is_refused_as_torch_does():
    t = torch.ones(2)
    with pytest.raises(RuntimeError, match="^element 0 of tensors does not require grad and does not have a grad_fn$"):
        viz.to_mermaid(t)
    x = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="^element 1 of tensors does not require grad"):
        viz.to_dot((x * 2, t))
    with pytest.raises(TypeError):
        viz.to_mermaid([x, 3])
    with pytest.raises(TypeError, match=r"^to_dot\(\): expected a Tensor or a tuple of Tensors, got int$"):
        viz.to_dot(3)


# ---- the examples ------------------------------------------------------------------------------
@pytest.mark.parametrize("name, pictures", [
    ("seed000_graph", ["seed000_graph"]),
    ("seed002_graph", ["seed002_graph_1", "seed002_graph_2"]),
    ("seed003_graph", ["seed003_graph"]),
])
def test_examples_write_their_pictures(tmp_path, name, pictures):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ)
    # the package as the tests import it (an installed pyautograd, or this checkout)
    env["PYTHONPATH"] = os.path.dirname(os.path.dirname(torch.__file__)) + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run([sys.executable, os.path.join(root, "examples", name + ".py"), str(tmp_path)],
                         capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    for pic in pictures:
        text = (tmp_path / (pic + ".mmd")).read_text(encoding="utf-8")
        assert text.startswith("flowchart TB\n") and "∂" in text
        assert (tmp_path / (pic + ".svg")).exists() == HAVE_DOT
    assert "result (the total derivative is the sum over paths):" in out.stdout
    if name == "seed002_graph":
        assert (tmp_path / "seed002_graph_1.mmd").read_text(encoding="utf-8") == SEED002_CUBIC_MERMAID
        assert (tmp_path / "seed002_graph_2.mmd").read_text(encoding="utf-8") == SEED002_SINC_MERMAID
    if name == "seed003_graph":
        assert "∂y/∂x = 4 + 3 = 7" in out.stdout and "x.grad = tensor(7.)" in out.stdout


def test_drawing_never_runs_a_custom_functions_backward():
    calls = []

    class Double(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            calls.append(1)
            return g * 2

    x = torch.tensor(1.0, requires_grad=True)
    y = Double.apply(x)
    viz.to_mermaid(y)
    viz.to_dot(y, show_saved=True)
    assert calls == []
    viz.to_mermaid(y, grads=True)       # the recording pass is a real backward: once
    assert calls == [1]


def test_collapse_when_a_short_path_skips_the_module():
    # x feeds the module and, directly, the output: the walk meets x's accumulator before the
    # module's nodes; the box must still hold exactly the module's part
    torch.manual_seed(0)
    lin = torch.nn.Linear(2, 2)
    x = torch.ones(2, requires_grad=True)
    h = lin(x)
    out = (h * 3).sum() + x.sum()
    text = viz.to_mermaid(out, collapse={"lin": lin})
    assert 'm0[["lin (Linear)<br/>2 parameters"]]' in text
    assert "MulBackward0" in text and '["x<br/>' in text
    assert "Addmm" not in text and "TBackward0" not in text and "lin.weight" not in text
    # the module's input and output views stay outside: they touch no parameter and lie on no
    # path between two nodes that do
    assert "n5 --> m0" in text and "m0 --> n8" in text and 'n8 -->|"∂v5/∂x = reshape"| n4' in text


@pytest.mark.parametrize("make, label", [
    (lambda x: x.log1p(), "∂y/∂x = 1/(1 + x) = 0.6667"),
    (lambda x: x.expm1(), "∂y/∂x = y + 1 = 1.6487"),
    (lambda x: x.asin(), "∂y/∂x = 1/sqrt(1 - x^2) = 1.1547"),
    (lambda x: x.rsqrt(), "∂y/∂x = -y^3/2 = -1.4142"),
    (lambda x: x.clamp(0, 1), "∂y/∂x = [0 ≤ x ≤ 1] = 1"),
    (lambda x: 2 ** x, "∂y/∂x = y·log(2) = 0.9803"),
    (lambda x: x.pow(3.0), "∂y/∂x = 3·x^2 = 0.75"),
    (lambda x: x.tanh(), "∂y/∂x = 1 - y^2 = 0.7864"),
    (lambda x: x.sigmoid(), "∂y/∂x = y·(1 - y) = 0.235"),
])
def test_formula_and_value_of_unary_ops(make, label):
    # the value is the rule's (checked against calculus here: d/dx at x = 0.5)
    x = torch.tensor(0.5, requires_grad=True)
    y = make(x)
    assert '|"%s"|' % label in viz.to_mermaid(y)
