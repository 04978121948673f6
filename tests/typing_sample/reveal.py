"""What the type checkers infer for pyautograd's common expressions (tests/test_typing.py reads
the revealed types; this file is not run)."""
import pyautograd as torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
reveal_type(x)  # Tensor
reveal_type(x.sin())  # Tensor
reveal_type(torch.sin(x))  # Tensor
reveal_type(x + x)  # Tensor
reveal_type(2 * x)  # Tensor
reveal_type(x.grad)  # Tensor | None
reveal_type(x.sum(dim=0))  # Tensor
reveal_type(x.shape)  # Size
reveal_type(x.is_leaf)  # bool
reveal_type(x.dim())  # int
reveal_type(x.backward())  # None
