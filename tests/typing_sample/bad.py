"""Mistakes the stubs must let mypy and pyright find (tests/test_typing.py): each line marked
`# error` must be reported, and no other."""
import pyautograd as torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
x.nonexistent_method()  # error
count: int = x.sin()  # error
grad: torch.Tensor = x.grad  # error
flag: str = x.is_leaf  # error
torch.no_such_function(x)  # error
