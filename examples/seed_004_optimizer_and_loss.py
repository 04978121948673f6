"""Seed 004: Pytorch 疑案之 — how optimizers and loss functions are tied together:
what backward(), zero_grad() and step() do.

The tutorial's code was not preserved in the seed text; this follows its prose:
f(x) = x^3 with f'(4) = 48, backward twice with retain_graph (gradients add up),
zero_grad() clearing them, and SGD steps on a hand-written function and on
nn.MSELoss with weights and bias. Runs with `import pyautograd as torch`.
"""

import pyautograd as torch

nn, optim = torch.nn, torch.optim

# f(x) = x^3, f'(4) = 3 * 4^2 = 48
x = torch.tensor([4.0], requires_grad=True)
f = x ** 3
f.backward()
print(x.grad)  # tensor([48.])

# backward() on a leaf itself: d x / d x = 1
r = torch.tensor([2.0], requires_grad=True)
r.backward()
print(r.grad)  # tensor([1.])

# a second backward through the same graph needs retain_graph=True; .grad accumulates
x = torch.tensor([4.0], requires_grad=True)
f = x ** 3
f.backward(retain_graph=True)
print(x.grad)  # tensor([48.])
f.backward()
print(x.grad)  # tensor([96.])
try:
    f.backward()
except RuntimeError as e:
    print("RuntimeError:", str(e).split(".")[0] + ".")

# zero_grad(): an optimizer clears the .grad of the tensors it was given
x = torch.tensor([4.0], requires_grad=True)
optimizer = optim.SGD([x], lr=0.01)
f = x ** 3
f.backward()
print(x.grad)  # tensor([48.])
optimizer.zero_grad()
print(x.grad)  # None (set_to_none=True is the default)

# step(): x <- x - lr * x.grad
x = torch.tensor([4.0], requires_grad=True)
optimizer = optim.SGD([x], lr=0.01)
f = x ** 3
f.backward()
optimizer.step()
print(x)  # 4 - 0.01 * 48 = 3.52

# our own function with an optimizer: minimise (x - 3)^2 from x = 0
x = torch.tensor([0.0], requires_grad=True)
optimizer = optim.SGD([x], lr=0.1)
for step in range(50):
    optimizer.zero_grad()
    loss = (x - 3) ** 2
    loss.backward()
    optimizer.step()
print(x)  # close to 3

# a packaged loss: nn.MSELoss; its "variables" are the weights and the bias
inputs = torch.tensor([[1.0], [2.0], [3.0], [4.0]])
targets = torch.tensor([[3.0], [5.0], [7.0], [9.0]])  # y = 2x + 1
weights = torch.tensor([[0.0]], requires_grad=True)
bias = torch.tensor([0.0], requires_grad=True)
loss_fn = nn.MSELoss()
optimizer = optim.SGD([weights, bias], lr=0.05)
for epoch in range(1000):
    optimizer.zero_grad()
    pred = inputs @ weights + bias
    loss = loss_fn(pred, targets)
    loss.backward()
    optimizer.step()
print(weights, bias)  # close to 2 and 1
print(loss.grad_fn, loss.item() < 1e-6)
