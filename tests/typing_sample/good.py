"""A typed program over pyautograd: mypy and pyright must accept it without an error
(tests/test_typing.py). Each annotation pins what the stubs give."""
from typing import Optional

import pyautograd as torch
import pyautograd.nn as nn

x: torch.Tensor = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y: torch.Tensor = x.sin()
z: torch.Tensor = torch.exp(x) * 2 + x @ x - 1.0 / x
w: torch.Tensor = (x ** 2).sum(dim=0, keepdim=True).mean()
g: Optional[torch.Tensor] = x.grad
w.backward()
if x.grad is not None:
    step: torch.Tensor = x.grad * 0.1
with torch.no_grad():
    x -= 0.1 * x
flag: bool = x.requires_grad and x.is_leaf
n: int = x.dim() + x.numel() + x.ndim
shape: torch.Size = x.shape
first: int = x.shape[0]
dt: torch.dtype = x.dtype
cmp: torch.Tensor = x > 0
v: torch.Tensor = x.detach().clone().to(torch.float32).view(3, 1)
parts = torch.split(x, 1)
value = x.sum().item()
out = nn.Linear(3, 2)(x)
