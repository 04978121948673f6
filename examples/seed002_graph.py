"""Seed 002's two graphs drawn with their local derivatives: y = x^3 + x^2 (two paths to x add
up: 3x^2 + 2x) and y = sin(x)/x (a direct edge and one through u = sin x), at x = 2.

    python examples/seed002_graph.py [output folder]

writes seed002_graph_1.mmd / seed002_graph_2.mmd (Mermaid flowcharts, as the tutorial draws),
the .svg pictures when Graphviz's dot is installed, and prints both backward passes."""
import pathlib
import shutil
import sys

import pyautograd as torch
from pyautograd import viz
from pyautograd.autograd import explain

out_dir = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
out_dir.mkdir(parents=True, exist_ok=True)

# y = u + v with u = x^3, v = x^2
x = torch.tensor(2.0, requires_grad=True)
u = x ** 3
v = x ** 2
y = u + v
(out_dir / "seed002_graph_1.mmd").write_text(viz.to_mermaid(y, grads=True), encoding="utf-8")
print("wrote", out_dir / "seed002_graph_1.mmd")
if shutil.which("dot"):
    print("wrote", viz.draw(y, out_dir / "seed002_graph_1.svg", grads=True))
print(explain(y))

# y = u / x with u = sin(x)
x = torch.tensor(2.0, requires_grad=True)
u = torch.sin(x)
y = u / x
(out_dir / "seed002_graph_2.mmd").write_text(viz.to_mermaid(y, grads=True), encoding="utf-8")
print("wrote", out_dir / "seed002_graph_2.mmd")
if shutil.which("dot"):
    print("wrote", viz.draw(y, out_dir / "seed002_graph_2.svg", grads=True))
print(explain(y))
