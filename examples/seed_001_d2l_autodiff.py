"""Seed 001: 李沐《动手学深度学习》5 — 自动微分 (automatic differentiation).

The tutorial's code, run with `import pyautograd as torch`.
"""

import pyautograd as torch

torch.manual_seed(0)

# y = 2 x^T x, differentiated with respect to x
x = torch.arange(4.0)
print(x)
x.requires_grad = True  # same as x = torch.arange(4.0, requires_grad=True)
print(x.grad)
y = 2 * torch.dot(x, x)
print(y)
y.backward()
print(x.grad)

# gradients accumulate: clear them before computing new ones
x.grad.zero_()
y = x.sum()
y.backward()
print(x.grad)

# backward of a non-scalar: sum first
x.grad.zero_()
y = x * x
y.sum().backward()
print(x.grad)

# detach() moves a computation out of the graph (u shares y's memory)
x.grad.zero_()
y = x * x
u = y.detach()
z = u * x
z.sum().backward()
print(x.grad == u)  # the chain rule is cut at u
# the original y is unaffected
x.grad.zero_()
y.sum().backward()
print(x.grad == 2 * x)


# Python control flow is recorded as it runs
def f(a):
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c


a = torch.randn(size=(), requires_grad=True)
d = f(a)
d.backward()
print(a.grad == d / a)
