"""Seed 003: PyTorch求导相关 — backward() vs autograd.grad(), retain_graph,
create_graph and higher-order derivatives, gradient accumulation.

The tutorial's code, run with `import pyautograd as torch`.
"""

import pyautograd as torch


def section(title):
    print("\n== %s ==" % title)


section("backward()")
x = torch.tensor(2., requires_grad=True)
a = torch.add(x, 1)
b = torch.add(x, 2)
y = torch.mul(a, b)
y.backward()
print(x.grad)
print("requires_grad: ", x.requires_grad, a.requires_grad, b.requires_grad, y.requires_grad)
print("is_leaf: ", x.is_leaf, a.is_leaf, b.is_leaf, y.is_leaf)
import warnings  # noqa: E402 - reading .grad of a non-leaf warns, as in PyTorch
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    print("grad: ", x.grad, a.grad, b.grad, y.grad)

section("autograd.grad()")
x = torch.tensor(2., requires_grad=True)
a = torch.add(x, 1)
b = torch.add(x, 2)
y = torch.mul(a, b)
grad = torch.autograd.grad(outputs=y, inputs=x)
print(grad[0])

section("first derivatives")
x = torch.tensor(2., requires_grad=True)
y = torch.tensor(3., requires_grad=True)
z = x * x * y
z.backward()
print(x.grad, y.grad)

x = torch.tensor(2.).requires_grad_()
y = torch.tensor(3.).requires_grad_()
z = x * x * y
grad_x = torch.autograd.grad(outputs=z, inputs=x)
print(grad_x[0])

section("retain_graph=True")
x = torch.tensor(2.).requires_grad_()
y = torch.tensor(3.).requires_grad_()
z = x * x * y
grad_x = torch.autograd.grad(outputs=z, inputs=x, retain_graph=True)
grad_y = torch.autograd.grad(outputs=z, inputs=y)
print(grad_x[0], grad_y[0])

section("second derivative without create_graph: an error")
x = torch.tensor(2.).requires_grad_()
y = torch.tensor(3.).requires_grad_()
z = x * x * y
grad_x = torch.autograd.grad(outputs=z, inputs=x, retain_graph=True)
try:
    grad_xx = torch.autograd.grad(outputs=grad_x, inputs=x)
except RuntimeError as e:
    print("RuntimeError:", e)

section("autograd.grad() + autograd.grad()")
x = torch.tensor(2.).requires_grad_()
y = torch.tensor(3.).requires_grad_()
z = x * x * y
grad_x = torch.autograd.grad(outputs=z, inputs=x, create_graph=True)
grad_xx = torch.autograd.grad(outputs=grad_x, inputs=x)
print(grad_xx[0])

section("autograd.grad() + backward()")
x = torch.tensor(2.).requires_grad_()
y = torch.tensor(3.).requires_grad_()
z = x * x * y
grad = torch.autograd.grad(outputs=z, inputs=x, create_graph=True)
grad[0].backward()
print(x.grad)

section("backward() + autograd.grad()")
x = torch.tensor(2.).requires_grad_()
y = torch.tensor(3.).requires_grad_()
z = x * x * y
z.backward(create_graph=True)
grad_xx = torch.autograd.grad(outputs=x.grad, inputs=x)
print(grad_xx[0])

section("backward() + backward(): gradients accumulate (12 + 6 = 18)")
x = torch.tensor(2.).requires_grad_()
y = torch.tensor(3.).requires_grad_()
z = x * x * y
z.backward(create_graph=True)  # x.grad = 12
x.grad.backward()
print(x.grad)

section("clear the first gradient first: 6")
x = torch.tensor(2.).requires_grad_()
y = torch.tensor(3.).requires_grad_()
z = x * x * y
z.backward(create_graph=True)
x.grad.data.zero_()
x.grad.backward()
print(x.grad)

section("vector outputs")
x = torch.tensor([1., 2.]).requires_grad_()
y = x + 1
try:
    y.backward()
except RuntimeError as e:
    print("RuntimeError:", e)

x = torch.tensor([1., 2.]).requires_grad_()
y = x * x
y.sum().backward()
print(x.grad)
