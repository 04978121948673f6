"""Seed 000's example drawn: d = 2 sin(a) + 1 on a = linspace(0, 2π, 25), the graph the
tutorial walks by hand through d.grad_fn.next_functions.

    python examples/seed000_graph.py [output folder]

writes seed000_graph.mmd (a Mermaid flowchart: paste it into any Mermaid viewer, GitHub renders
it in Markdown), seed000_graph.svg when Graphviz's dot is installed, and prints the backward pass
step by step (pyautograd.autograd.explain)."""
import math
import pathlib
import shutil
import sys

import pyautograd as torch
from pyautograd import viz
from pyautograd.autograd import explain

out_dir = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
out_dir.mkdir(parents=True, exist_ok=True)

a = torch.linspace(0.0, 2.0 * math.pi, steps=25, requires_grad=True)
b = torch.sin(a)
c = 2 * b
d = c + 1

(out_dir / "seed000_graph.mmd").write_text(viz.to_mermaid(d, grads=True), encoding="utf-8")
print("wrote", out_dir / "seed000_graph.mmd")
if shutil.which("dot"):
    print("wrote", viz.draw(d, out_dir / "seed000_graph.svg", grads=True))
print(explain(d))
