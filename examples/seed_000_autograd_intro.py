"""Seed 000: "pytorch 的自动求导功能简介" (after PyTorch's autogradyt tutorial).

Every example of the tutorial, run with `import pyautograd as torch`. The random inputs are
seeded: torch.rand / torch.randn give PyTorch's values, so the whole output is PyTorch's.
"""
import math

import pyautograd as torch

torch.manual_seed(0)

# 3. A simple example: the derivative of sin(x) over one period
print("== 3. a simple example ==")
a = torch.linspace(0., 2. * math.pi, steps=25, requires_grad=True)
print(a)
b = torch.sin(a)
print(b)
c = 2 * b
print(c)
d = c + 1
print(d)
out = d.sum()
print(out)
print('d:')
print(d.grad_fn)
print(d.grad_fn.next_functions)
print(d.grad_fn.next_functions[0][0].next_functions)
print(d.grad_fn.next_functions[0][0].next_functions[0][0].next_functions)
print(d.grad_fn.next_functions[0][0].next_functions[0][0].next_functions[0][0].next_functions)
print('\nc:')
print(c.grad_fn)
print('\nb:')
print(b.grad_fn)
print('\na:')
print(a.grad_fn)
out.backward()
print(a.grad)                      # 2*cos(a)
try:                               # plotting needs NumPy arrays: detach() first
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    plt.plot(a.detach(), b.detach())
    plt.plot(a.detach(), a.grad.detach())
    plt.close("all")
except ImportError:
    pass

# 5. Turning autograd off and on
print("\n== 5. turning autograd off and on ==")
a = torch.ones(2, 3, requires_grad=True)
print(a)
b1 = 2 * a
print(b1)
a.requires_grad = False
b2 = 2 * a
print(b2)

a = torch.ones(2, 3, requires_grad=True) * 2
b = torch.ones(2, 3, requires_grad=True) * 3
c1 = a + b
print(c1)
with torch.no_grad():
    c2 = a + b
print(c2)
c3 = a * b
print(c3)


def add_tensors1(x, y):
    return x + y


@torch.no_grad()
def add_tensors2(x, y):
    return x + y


a = torch.ones(2, 3, requires_grad=True) * 2
b = torch.ones(2, 3, requires_grad=True) * 3
c1 = add_tensors1(a, b)
print(c1)
c2 = add_tensors2(a, b)
print(c2)

x = torch.rand(5, requires_grad=True)
y = x.detach()
print(x)
print(y)

# 6. Autograd and in-place operations
print("\n== 6. in-place operations ==")
a = torch.linspace(0., 2. * math.pi, steps=25, requires_grad=True)
try:
    torch.sin_(a)
except RuntimeError as e:
    print("RuntimeError:", e)

# 8. Advanced: backward(v) computes a vector-Jacobian product
print("\n== 8. backward with a vector ==")
x = torch.randn(3, requires_grad=True)   # same values as PyTorch after torch.manual_seed(0)
y = x * 2
n = 1
while y.data.norm() < 1000:
    y = y * 2
    n += 1
print(y)
v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
y.backward(v)
print(x.grad)                      # 2**n * v, e.g. tensor([2.0480e+02, 2.0480e+03, 2.0480e-01]) when n == 11
print(torch.allclose(x.grad, 2.0 ** n * v))

# the same gradient from a scalar loss: sum(y * v)
x2 = x.detach().requires_grad_()
y2 = x2 * 2 ** n
loss = (y2 * v).sum()
loss.backward()
print(torch.equal(x2.grad, x.grad))

# 9. The high-level API: torch.autograd.functional
print("\n== 9. high-level API ==")


def exp_adder(x, y):
    return 2 * x.exp() + 3 * y


inputs = (torch.tensor([0.5]), torch.tensor([0.25]))
print(torch.autograd.functional.jacobian(exp_adder, inputs))
inputs = (torch.tensor([0.0, 0.5, 1.0]), torch.tensor([1.0, 2.0, 3.0]))
print(torch.autograd.functional.jacobian(exp_adder, inputs))


def pow_reducer(x):
    return x.pow(3).sum()


print(torch.autograd.functional.hessian(pow_reducer, torch.tensor([1.0, 2.0])))


def do_some_doubling(x):
    y = x * 2
    while y.data.norm() < 1000:
        y = y * 2
    return y


inputs = torch.tensor([1.0, -2.0, 0.5])
my_gradients = torch.tensor([0.1, 1.0, 0.0001])
print(torch.autograd.functional.vjp(do_some_doubling, inputs, v=my_gradients))
