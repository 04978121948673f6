"""`python -m pyautograd`: the seed tutorials' main examples, as an interactive session.

Every line runs as written with `import pyautograd as torch`; what it prints is what PyTorch prints.
"""
import code
import sys
import warnings

import pyautograd

SESSIONS = [
    ("Gradients of y = 2 x.x (seed 001, d2l 'automatic differentiation')", """
import pyautograd as torch
x = torch.arange(4.0, requires_grad=True)
y = 2 * torch.dot(x, x)
y
y.backward()
x.grad
x.grad == 4 * x
"""),
    ("backward() and autograd.grad() on y = (x+1)(x+2) at x = 2 (seed 003)", """
x = torch.tensor(2., requires_grad=True)
y = torch.mul(torch.add(x, 1), torch.add(x, 2))
y.backward()
x.grad
x.is_leaf, y.is_leaf, y.grad_fn
x = torch.tensor(2., requires_grad=True)
torch.autograd.grad(outputs=(x + 1) * (x + 2), inputs=x)
"""),
    ("Second derivatives of z = x*x*y, and accumulation (seed 003)", """
x = torch.tensor(2.).requires_grad_()
y = torch.tensor(3.).requires_grad_()
z = x * x * y
grad_x = torch.autograd.grad(outputs=z, inputs=x, create_graph=True)
grad_x
torch.autograd.grad(outputs=grad_x, inputs=x)
z = x * x * y
z.backward(create_graph=True)
x.grad
x.grad.backward()
x.grad
"""),
    ("The graph of d = 2 sin(a) + 1 and a vector-Jacobian product (seed 000)", """
import math
a = torch.linspace(0., 2. * math.pi, steps=5, requires_grad=True)
d = 2 * torch.sin(a) + 1
d
d.grad_fn
d.grad_fn.next_functions
d.grad_fn.next_functions[0][0].next_functions
d.sum().backward()
a.grad
x = torch.tensor([0.6, -0.3, 0.7], requires_grad=True)
y = x * 2048
y.backward(torch.tensor([0.1, 1.0, 0.0001]))
x.grad
"""),
    ("Turning autograd off (seed 000)", """
a = torch.ones(2, 3, requires_grad=True) * 2
with torch.no_grad():
    c = a + a

c
a.detach().requires_grad
"""),
    ("Misuse gets PyTorch's errors (seeds 000, 003)", """
torch.tensor([1., 2.], requires_grad=True).sin_()
(torch.tensor([1., 2.], requires_grad=True) + 1).backward()
x = torch.tensor(2., requires_grad=True)
z = x.exp()
z.backward()
z.backward()
"""),
    ("An optimizer and a loss (seed 004)", """
w = torch.tensor([[0.0]], requires_grad=True)
b = torch.tensor([0.0], requires_grad=True)
opt = torch.optim.SGD([w, b], lr=0.05)
loss_fn = torch.nn.MSELoss()
inputs, targets = torch.tensor([[1.], [2.], [3.], [4.]]), torch.tensor([[3.], [5.], [7.], [9.]])
for step in range(1000):
    opt.zero_grad()
    loss = loss_fn(inputs @ w + b, targets)
    loss.backward()
    opt.step()

w, b
"""),
]


class _Session(code.InteractiveInterpreter):
    def showtraceback(self):
        # a tutorial-style one-line error instead of a full traceback
        exc = sys.exc_info()[1]
        text = str(exc)
        if len(text) > 160:
            text = text[:157] + "..."
        self.write("%s: %s\n" % (type(exc).__name__, text))

    def write(self, data):
        sys.stdout.write(data)


def main():
    shell = _Session({"__name__": "__demo__"})
    print("pyautograd %s: PyTorch's autograd API over NumPy (import pyautograd as torch)" % pyautograd.__version__)
    for title, src in SESSIONS:
        if "torch.optim" in src and not hasattr(getattr(pyautograd, "optim", None), "SGD"):
            continue
        print("\n# " + title)
        block = []
        for line in src.strip("\n").split("\n"):
            if block or line.endswith(":"):
                # a compound statement: collect it up to the blank line that ends it
                block.append(line)
                if line.strip():
                    print(("... " if len(block) > 1 else ">>> ") + line)
                    continue
                source, block = "\n".join(block) + "\n", []
            else:
                print(">>> " + line)
                source = line
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                shell.runsource(source, symbol="single")


if __name__ == "__main__":
    main()
