"""Seed 003's hand derivation done by the library: y = (x+1)(x+2) at x = 2, with a = x + 1 and
b = x + 2: dy/da = b = 4, dy/db = a = 3, and dy/dx = 4 + 3 = 7 (the two paths add up).

    python examples/seed003_graph.py [output folder]

writes seed003_graph.mmd (Mermaid), seed003_graph.svg when Graphviz's dot is installed, and
prints the derivation (pyautograd.autograd.explain) next to what y.backward() gives."""
import pathlib
import shutil
import sys

import pyautograd as torch
from pyautograd import viz
from pyautograd.autograd import explain

out_dir = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
out_dir.mkdir(parents=True, exist_ok=True)

x = torch.tensor(2.0, requires_grad=True)
a = torch.add(x, 1)
b = torch.add(x, 2)
y = torch.mul(a, b)

(out_dir / "seed003_graph.mmd").write_text(viz.to_mermaid(y, grads=True), encoding="utf-8")
print("wrote", out_dir / "seed003_graph.mmd")
if shutil.which("dot"):
    print("wrote", viz.draw(y, out_dir / "seed003_graph.svg", grads=True))
print(explain(y))
y.backward()
print("y.backward() gives x.grad =", x.grad)
