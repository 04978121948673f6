"""Seed 002: 计算图与反向传播 (computation graphs; paths to a variable add up).

The tutorial's code, run with `import pyautograd as torch`, plus its two graphs
y = x^3 + x^2 and y = sin(x) / x checked against the hand-derived gradients.
"""

import pyautograd as torch

x = torch.arange(4, dtype=torch.float32)  # tensor([0., 1., 2., 3.])
print(x)
# ask autograd to record: x gets a .grad attribute for future gradients
# (same as passing requires_grad=True when creating x)
print(x.requires_grad_(True))  # tensor([0., 1., 2., 3.], requires_grad=True)
y = 2 * torch.dot(x, x)  # tensor(28., grad_fn=<MulBackward0>)
print(y)
y.backward()
print(x.grad)  # tensor([ 0.,  4.,  8., 12.])
print(x.grad == 4 * x)  # tensor([True, True, True, True])

# y = u + v with u = x^3, v = x^2: the two paths to x add up, dy/dx = 3x^2 + 2x
x = torch.tensor(2.0, requires_grad=True)
u = x ** 3
v = x ** 2
y = u + v
y.backward()
print(x.grad)  # tensor(16.)

# y = u / x with u = sin(x): dy/dx = cos(x)/x - sin(x)/x^2
x = torch.tensor(2.0, requires_grad=True)
u = torch.sin(x)
y = u / x
y.backward()
print(x.grad)
print(torch.allclose(x.grad, torch.cos(x) / x - torch.sin(x) / x ** 2))
