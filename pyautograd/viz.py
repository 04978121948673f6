"""pyautograd.viz: the backward graph of a tensor as a picture, with its derivatives on the edges::

    to_mermaid(y, ...) / to_dot(y, ...)   the graph's text (Mermaid flowchart / Graphviz DOT)
    graph(y, ...)                         an object that shows itself in Jupyter (SVG through `dot`,
                                          else the Mermaid text as Markdown)
    draw(y, "graph.svg", ...)             an SVG / PNG / PDF file through Graphviz's `dot` program
    make_dot(y, params=...)               torchviz's function: a graphviz.Digraph (needs the
                                          `graphviz` Python package)

One box per grad_fn (op name, output shape and dtype, the value when it is small and known: the
root's, a leaf's, or one of the caller's variables) and per leaf; one edge per input of a node,
labelled with the local derivative: its value where the node's rule applied to ones gives it
(a node with a one-element output, or an elementwise op), else its formula (FORMULAS in
pyautograd/autograd/explain.py, keyed by grad_fn name). Local derivative values need the graph's
saved tensors: after a backward() without retain_graph only the formulas are left.

Gradients: a leaf's ``.grad`` is shown whenever it is set (after the user's backward()). With
grads=True (or grads=<gradient of y>) the gradient that flowed along every edge is recorded by
one dedicated backward pass (autograd.grad with retain_graph=True and a post hook on every node;
no .grad is changed), seeded with ones for a non-scalar y, and shown on the edges. This needs the
graph's saved tensors, so draw before calling backward() or keep them with retain_graph=True.

Names: the boxes are named after the caller's variables that hold the graph's tensors (``names=
{name: tensor}`` to choose, names=False for generated names x1.., v1..).

The graph is walked without recursion, so deep graphs (10,000 nodes and more) render as fast as
their text can be built."""
import shutil
import subprocess
import sys

import numpy as np

from . import _core
from .autograd.explain import (Graph, as_roots, fmt_shape, fmt_value, formula, local_values, name_nodes, record,
                               frame_names, output_name)
from .nn import Module

try:        # optional: only make_dot needs the graphviz Python package
    import graphviz
except ImportError:
    graphviz = None

__all__ = ["to_mermaid", "to_dot", "graph", "draw", "make_dot", "GraphView"]

_FORMATS = ("svg", "png", "pdf")


# ---- the picture's content, format-free ------------------------------------------------------
class _Picture:
    """boxes: [(id, [lines], kind)] with kind "root", "leaf", "node" or "module"; edges:
    [(src, dst, [lines])] in the backward direction (from a node to its input)."""

    def __init__(self, boxes, edges):
        self.boxes = boxes
        self.edges = edges


def _tensors_by_node(graph, names, frame):
    """node -> a tensor holding its output (the roots, the leaves, the caller's variables)."""
    out = {}
    if names is None:
        pool = [v for _, v in frame_names(frame).values()]
    elif names is False:
        pool = []
    else:
        pool = list(names.values())
    for t in list(graph.roots) + pool:
        key = t.grad_fn if t.grad_fn is not None else (t._grad_edge()[0] if t.requires_grad else None)
        if key is not None and (t.grad_fn is None or t.output_nr == 0):
            out.setdefault(key, t)
    for node in graph.leaf_nodes:
        if node.variable is not None:
            out.setdefault(node, node.variable)
    return out


def _collapse_groups(graph, collapse):
    """node -> group index, groups: [(name, module)]. A module's box holds the nodes with an edge
    into one of its parameters (and those parameters) and every node on a path between two of
    them: the part of the graph its forward built (a parameter-free module has no box)."""
    if collapse is None:
        return {}, []
    if isinstance(collapse, Module):
        groups = [(type(collapse).__name__, collapse)]
    else:
        groups = list(collapse.items())
    owner = {}
    # inputs before the nodes using them: a node is made after the nodes of its inputs, so its
    # sequence number is larger (a leaf's accumulator has -1)
    inputs_first = sorted(graph.nodes, key=lambda n: n.seq)
    children = {}
    for p, _, c, _ in graph.edges:
        children.setdefault(p, []).append(c)
    for g, (_, module) in enumerate(groups):
        params = {id(p) for p in module.parameters()}
        members = {n for n in graph.leaf_nodes if n.variable is not None and id(n.variable) in params}
        seeds = {p for p, _, c, _ in graph.edges if c in members}
        # reaches: the nodes with a path to a seed; reached: those a seed has a path to (no recursion)
        reaches = set(seeds)
        for n in inputs_first:
            if any(c in reaches for c in children.get(n, ())):
                reaches.add(n)
        reached = set(seeds)
        stack = list(seeds)
        while stack:
            n = stack.pop()
            for c in children.get(n, ()):
                if c not in reached:
                    reached.add(c)
                    stack.append(c)
        members |= seeds | (reaches & reached)
        for n in members:
            owner.setdefault(n, g)
    return owner, groups


def _picture(y, frame, fname, *, show_saved=False, collapse=None, max_value_elements=8, grads=False, names=None):
    roots = as_roots(y, fname)
    graph = Graph(roots)
    label = name_nodes(graph, names, frame)
    tensors = _tensors_by_node(graph, names, frame)
    owner, groups = _collapse_groups(graph, collapse)
    root_set = {n for n, _ in graph.root_nodes}
    fv = lambda a: fmt_value(a, max_value_elements)   # noqa: E731
    flowed = {}
    if grads is not False and grads is not None:
        seed = None if grads is True else ((grads,) if isinstance(grads, _core.TensorBase) else tuple(grads))
        steps, _ = record(graph, None, seed)
        for node, _, gins in steps:
            for i, g in enumerate(gins):
                if g is not None:
                    flowed[(node, i)] = g
    ids = {}
    boxes = []
    for g, (gname, module) in enumerate(groups):
        if any(v == g for v in owner.values()):
            bid = "m%d" % g
            n_params = sum(1 for _ in module.parameters())
            boxes.append((bid, ["%s (%s)" % (gname, type(module).__name__),
                                "%d parameter%s" % (n_params, "" if n_params == 1 else "s")], "module"))
    for k, node in enumerate(graph.nodes):
        if node in owner:
            ids[node] = "m%d" % owner[node]
            continue
        ids[node] = "n%d" % k
        leaf = isinstance(node, _core.AccumulateGrad)
        lines = [label[node] if leaf else "%s = %s" % (label[node], node.name())]
        for nr, m in enumerate(graph.meta.get(node) or ()):
            if m is not None:
                several = len(graph.meta[node]) > 1
                lines.append("%s %s" % (fmt_shape(m[0]), _dtype_name(m[1])) + (" [%d]" % nr if several else ""))
        t = tensors.get(node)
        if t is not None and t.numel() <= max_value_elements:
            lines.append("= " + fv(t._data))
        if leaf and t is not None and t.grad is not None:
            lines.append("grad = " + fv(t.grad._data))
        if show_saved and not leaf:
            lines += _saved_lines(node, max_value_elements)
        boxes.append((ids[node], lines, "root" if node in root_set else "leaf" if leaf else "node"))
    edges = []
    seen_pairs = set()
    values = {}
    for p, i, c, nr in graph.edges:
        src, dst = ids[p], ids[c]
        if src == dst:
            continue
        if p in owner or c in owner:      # an edge into or out of a module's box: structure only
            if (src, dst) not in seen_pairs:
                seen_pairs.add((src, dst))
                g = flowed.get((p, i))
                edges.append((src, dst, [] if g is None else ["grad " + fv(g)]))
            continue
        if p not in values:
            values[p] = local_values(p, graph)
        v = values[p][i]
        f = formula(p, i, label)
        text = "∂%s/∂%s" % (label[p], output_name(label, c, nr))
        if f is not None:
            text += " = " + f
        if v is not None and v.size <= max_value_elements and fv(v) != f:
            text += " = " + fv(v)
        lines = [text]
        g = flowed.get((p, i))
        if g is not None:
            lines.append("grad " + fv(g))
        edges.append((src, dst, lines))
    return _Picture(boxes, edges)


_DTYPE_NAMES = {}


def _dtype_name(dtype):
    name = _DTYPE_NAMES.get(dtype)
    if name is None:
        name = _DTYPE_NAMES[dtype] = dtype.name
    return name


def _saved_lines(node, max_value_elements):
    """The node's saved tensors (by their _saved_ names) and saved options."""
    out = []
    try:
        saved = node.saved_tensors
    except RuntimeError:
        return ["saved: freed (backward ran without retain_graph)"]
    names = getattr(node.op, "saved_names", None) or ("self", "other", "third")
    for i, t in enumerate(saved):
        if t is None:
            continue
        key = names[i] if i < len(names) else str(i)
        text = "saved %s: %s %s" % (key, fmt_shape(t.shape), t._data.dtype)
        if t.numel() <= max_value_elements:
            text += " = " + fmt_value(t._data, max_value_elements)
        out.append(text)
    for key, v in sorted((node._options or {}).items()):
        out.append("saved %s: %s" % (key, v))
    return out


# ---- Mermaid ---------------------------------------------------------------------------------
def _mermaid_text(s):
    return s.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def _mermaid(pic, direction):
    out = ["flowchart TB"]
    for bid, lines, kind in pic.boxes:
        text = "<br/>".join(_mermaid_text(s) for s in lines)
        out.append('    %s%s' % (bid, ('[["%s"]]' if kind == "module" else '["%s"]') % text))
    for src, dst, lines in pic.edges:
        a, b = (src, dst) if direction == "backward" else (dst, src)
        if lines:
            out.append('    %s -->|"%s"| %s' % (a, "<br/>".join(_mermaid_text(s) for s in lines), b))
        else:
            out.append("    %s --> %s" % (a, b))
    out.append("    classDef root fill:#d9f2b4,stroke:#4d7a1a")
    out.append("    classDef leaf fill:#cfe3ff,stroke:#2d5fa3")
    out.append("    classDef module fill:#f3e3c3,stroke:#8a6414")
    for kind in ("root", "leaf", "module"):
        members = [bid for bid, _, k in pic.boxes if k == kind]
        if members:
            out.append("    class %s %s" % (",".join(members), kind))
    return "\n".join(out) + "\n"


def _check_direction(direction):
    if direction not in ("backward", "forward"):
        raise ValueError("direction must be 'backward' or 'forward', got %r" % (direction,))


def to_mermaid(y, *, direction="backward", show_saved=False, collapse=None, max_value_elements=8,
               grads=False, names=None):
    """The Mermaid flowchart text of y's backward graph.

    direction: "backward" draws arrows from each node to its inputs (the way gradients flow),
    "forward" from the inputs to the node. show_saved: list each node's saved tensors. collapse:
    a Module (or dict name -> Module) whose part of the graph becomes one box. grads: True (or a
    gradient for y) to show the gradient on every edge (see the module docstring). names: dict
    name -> tensor for the boxes' names (default: the caller's variables; False: generated
    names). max_value_elements: the largest tensor whose values are shown.

    Example::

        >>> from pyautograd import viz
        >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
        >>> y = (x * 2).sum()
        >>> print(viz.to_mermaid(y))
        flowchart TB
            n0["y = SumBackward0<br/>() float32<br/>= 6"]
            n1["v1 = MulBackward0<br/>(2,) float32"]
            n2["x<br/>(2,) float32<br/>= [1, 2]"]
            n0 -->|"∂y/∂v1 = 1 = [1, 1]"| n1
            n1 -->|"∂v1/∂x = 2 = [2, 2]"| n2
            classDef root fill:#d9f2b4,stroke:#4d7a1a
            classDef leaf fill:#cfe3ff,stroke:#2d5fa3
            classDef module fill:#f3e3c3,stroke:#8a6414
            class n0 root
            class n2 leaf
    """
    _check_direction(direction)
    pic = _picture(y, sys._getframe(1), "to_mermaid", show_saved=show_saved, collapse=collapse,
                   max_value_elements=max_value_elements, grads=grads, names=names)
    return _mermaid(pic, direction)


# ---- DOT -------------------------------------------------------------------------------------
def _dot_text(s):
    return s.replace("\\", "\\\\").replace('"', '\\"')


_DOT_STYLE = {"root": 'style=filled, fillcolor="#d9f2b4"', "leaf": 'style=filled, fillcolor="#cfe3ff"',
              "module": 'style="filled,rounded", fillcolor="#f3e3c3"', "node": ""}


def _dot(pic, direction):
    out = ["digraph autograd {",
           "    rankdir=TB;",
           '    node [shape=box, fontname="Helvetica", fontsize=11];',
           '    edge [fontname="Helvetica", fontsize=10];']
    for bid, lines, kind in pic.boxes:
        style = _DOT_STYLE[kind]
        out.append('    %s [label="%s"%s];' % (bid, "\\n".join(_dot_text(s) for s in lines),
                                               ", " + style if style else ""))
    for src, dst, lines in pic.edges:
        a, b = (src, dst) if direction == "backward" else (dst, src)
        if lines:
            out.append('    %s -> %s [label="%s"];' % (a, b, "\\n".join(_dot_text(s) for s in lines)))
        else:
            out.append("    %s -> %s;" % (a, b))
    out.append("}")
    return "\n".join(out) + "\n"


def to_dot(y, *, direction="backward", show_saved=False, collapse=None, max_value_elements=8,
           grads=False, names=None):
    """The Graphviz DOT text of y's backward graph (the options of to_mermaid).

    Render it with Graphviz (``dot -Tsvg``), or let draw() do it.

    Example::

        >>> from pyautograd import viz
        >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
        >>> y = (x * 2).sum()
        >>> print(viz.to_dot(y))
        digraph autograd {
            rankdir=TB;
            node [shape=box, fontname="Helvetica", fontsize=11];
            edge [fontname="Helvetica", fontsize=10];
            n0 [label="y = SumBackward0\\n() float32\\n= 6", style=filled, fillcolor="#d9f2b4"];
            n1 [label="v1 = MulBackward0\\n(2,) float32"];
            n2 [label="x\\n(2,) float32\\n= [1, 2]", style=filled, fillcolor="#cfe3ff"];
            n0 -> n1 [label="∂y/∂v1 = 1 = [1, 1]"];
            n1 -> n2 [label="∂v1/∂x = 2 = [2, 2]"];
        }
    """
    _check_direction(direction)
    pic = _picture(y, sys._getframe(1), "to_dot", show_saved=show_saved, collapse=collapse,
                   max_value_elements=max_value_elements, grads=grads, names=names)
    return _dot(pic, direction)


# ---- rendering through dot -------------------------------------------------------------------
def _dot_program():
    exe = shutil.which("dot")
    if exe is None:
        raise RuntimeError("pyautograd.viz needs the Graphviz program 'dot' to render SVG/PNG/PDF, and it "
                           "was not found on PATH. Install Graphviz (Debian/Ubuntu: apt install graphviz; "
                           "macOS: brew install graphviz; conda: conda install graphviz), or use "
                           "to_mermaid() / to_dot() for the text.")
    return exe


def _render(dot_text, fmt):
    res = subprocess.run([_dot_program(), "-T" + fmt], input=dot_text.encode("utf-8"),
                         capture_output=True, check=False)
    if res.returncode != 0:
        raise RuntimeError("dot failed (exit %d): %s" % (res.returncode, res.stderr.decode("utf-8", "replace")))
    return res.stdout


def _format_of(path, format):
    if format is None:
        suffix = str(path).rpartition(".")[2].lower() if "." in str(path) else ""
        format = suffix
    if format not in _FORMATS:
        raise ValueError("draw(): cannot tell the format of %r: give a path ending in .svg, .png or .pdf, "
                         "or format='svg' / 'png' / 'pdf'" % (str(path),))
    return format


class GraphView:
    """y's graph: .mermaid and .dot texts, .svg() and .save(path) (through Graphviz's dot);
    shows itself in Jupyter (an SVG through Graphviz's dot when it is installed, else the Mermaid
    flowchart as Markdown). str() is the Mermaid text. What graph() returns.

    Example::

        >>> from pyautograd import viz
        >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
        >>> view = viz.graph((x * 2).sum())
        >>> view
        <GraphView: 3 boxes, 2 edges>
        >>> print(view.mermaid.splitlines()[0])
        flowchart TB
        >>> print(view.dot.splitlines()[0])
        digraph autograd {
    """

    def __init__(self, picture, direction="backward"):
        self._picture = picture
        self.direction = direction

    @property
    def mermaid(self):
        return _mermaid(self._picture, self.direction)

    @property
    def dot(self):
        return _dot(self._picture, self.direction)

    def svg(self):
        return _render(self.dot, "svg").decode("utf-8")

    def save(self, path, format=None):
        data = _render(self.dot, _format_of(path, format))
        with open(path, "wb") as f:
            f.write(data)
        return path

    def _repr_svg_(self):
        return self.svg() if shutil.which("dot") else None

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/plain": repr(self), "text/markdown": "```mermaid\n" + self.mermaid + "```\n"}
        if shutil.which("dot"):
            bundle["image/svg+xml"] = self.svg()
        return bundle

    def __repr__(self):
        return "<GraphView: %d boxes, %d edges>" % (len(self._picture.boxes), len(self._picture.edges))

    def __str__(self):
        return self.mermaid


def graph(y, *, direction="backward", show_saved=False, collapse=None, max_value_elements=8, grads=False,
          names=None):
    """y's graph as a GraphView (the options of to_mermaid): in Jupyter, the last expression of a
    cell shows the picture.

    Example::

        >>> from pyautograd import viz
        >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
        >>> viz.graph(x.exp().sum(), direction="forward")
        <GraphView: 3 boxes, 2 edges>
    """
    _check_direction(direction)
    pic = _picture(y, sys._getframe(1), "graph", show_saved=show_saved, collapse=collapse,
                   max_value_elements=max_value_elements, grads=grads, names=names)
    return GraphView(pic, direction)


def draw(y, path, *, format=None, direction="backward", show_saved=False, collapse=None, max_value_elements=8,
         grads=False, names=None):
    """Write y's graph to path (SVG, PNG or PDF, from the suffix or format=) through Graphviz's dot.
    Returns path. The options are to_mermaid's; without the ``dot`` program it raises
    RuntimeError saying how to install it (to_dot gives the text it would render).

    Example::

        >>> from pyautograd import viz
        >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
        >>> y = (x * 2).sum()
        >>> viz.draw(y, "graph.svg")  # doctest: +SKIP
        'graph.svg'
        >>> print(viz.to_dot(y).splitlines()[0])
        digraph autograd {
    """
    _check_direction(direction)
    fmt = _format_of(path, format)
    _dot_program()      # the missing program is named before any work
    pic = _picture(y, sys._getframe(1), "draw", show_saved=show_saved, collapse=collapse,
                   max_value_elements=max_value_elements, grads=grads, names=names)
    return GraphView(pic, direction).save(path, fmt)


# ---- torchviz's make_dot ---------------------------------------------------------------------
def make_dot(var, params=None, show_attrs=False, show_saved=False, max_attr_chars=50):
    """torchviz.make_dot: a graphviz.Digraph of var's backward graph (the graphviz Python package
    must be installed: pip install graphviz). params: dict name -> parameter, to name the leaves;
    show_attrs: list each node's saved options; show_saved: draw the saved tensors as boxes of
    their own; max_attr_chars: longest attribute text. Without the package it raises ImportError
    (to_dot and graph need nothing).

    Example (the make_dot lines need the graphviz package)::

        >>> from pyautograd import viz
        >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
        >>> g = viz.make_dot((x * 2).sum(), params={"x": x})  # doctest: +SKIP
        >>> type(g).__name__, "MulBackward0" in g.source  # doctest: +SKIP
        ('Digraph', True)
    """
    if graphviz is None:
        raise ImportError("make_dot needs the graphviz Python package: pip install graphviz "
                          "(and Graphviz's dot program to render it: apt install graphviz)")
    roots = as_roots(var, "make_dot")
    param_names = {id(v): k for k, v in (params or {}).items()}
    g = graphviz.Digraph(node_attr=dict(style="filled", shape="box", align="left", fontsize="10",
                                        ranksep="0.1", height="0.2", fontname="monospace"),
                         graph_attr=dict(size="12,12"))
    graph_ = Graph(roots)

    def size_text(shape):
        return "(" + ", ".join("%d" % s for s in shape) + ")"

    def clip(s):
        s = str(s)
        return s if len(s) <= max_attr_chars else s[:max_attr_chars - 3] + "..."

    for node in graph_.nodes:
        nid = str(id(node))
        if isinstance(node, _core.AccumulateGrad):
            v = node.variable
            name = param_names.get(id(v), "")
            g.node(nid, "%s\n %s" % (name, size_text(v.shape)) if name else size_text(v.shape),
                   fillcolor="lightblue")
            continue
        text = node.name()
        if show_attrs:
            attrs = []
            for key, val in sorted((node._options or {}).items()):
                attrs.append("%s: %s" % (key, clip(val)))
            if show_saved:
                try:
                    saved = node.saved_tensors
                except RuntimeError:
                    saved = ()
                names = getattr(node.op, "saved_names", None) or ("self", "other", "third")
                for i, t in enumerate(saved):
                    if t is not None:
                        attrs.append("%s: [saved tensor]" % (names[i] if i < len(names) else i))
            if attrs:
                text += "\n" + "-" * max(len(a) for a in attrs) + "\n" + "\n".join(attrs)
        g.node(nid, text)
        if show_saved:
            try:
                saved = node.saved_tensors
            except RuntimeError:
                saved = ()
            for t in saved:
                if t is not None:
                    sid = "%s_saved_%d" % (nid, id(t))
                    g.node(sid, size_text(t.shape), fillcolor="orange")
                    g.edge(sid, nid, dir="none")
    for p, _, c, _ in graph_.edges:
        g.edge(str(id(c)), str(id(p)))
    for t in roots:
        tid = "out_%d" % id(t)
        g.node(tid, size_text(t.shape), fillcolor="darkolivegreen1")
        node = t.grad_fn if t.grad_fn is not None else t._grad_edge()[0]
        g.edge(str(id(node)), tid)
    return g
