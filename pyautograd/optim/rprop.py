"""Rprop (resilient backpropagation, Riedmiller & Braun, 1993)."""
import numpy as np

from .._core import _make_tensor
from ._common import check_unsupported, check_nonneg
from ._kernels import scalar_state, bump_all
from .optimizer import Optimizer, _zeros_state

__all__ = ["Rprop"]


class Rprop(Optimizer):
    """Rprop (resilient backpropagation): per-element step sizes adapted from the gradient's sign only.

    Each element's step size starts at ``lr``; it is multiplied by ``etas[1]`` while the gradient keeps
    its sign and by ``etas[0]`` when the sign flips (that element then skips the step), clamped to
    ``step_sizes = (min, max)``; then ``p = p - sign(g) * step_size``.

    Args:
        params: an iterable of parameters, or of dicts each defining a parameter group (its own
            options, e.g. ``{"params": [...], "lr": 0.01}``).
        lr: initial step size (default 1e-2).
        etas: ``(decrease, increase)`` factors, ``0 < etas[0] < 1 < etas[1]`` (default (0.5, 1.2)).
        step_sizes: ``(minimum, maximum)`` step size (default (1e-6, 50)).
        maximize: maximize the objective (the gradient's sign is flipped) instead of minimizing it.

    Example::

        >>> w = pa.tensor([1.0], requires_grad=True)
        >>> opt = pa.optim.Rprop([w], lr=0.1)
        >>> (w ** 2).sum().backward()          # gradient 2 * w = 2
        >>> opt.step()
        >>> w
        tensor([0.9000], requires_grad=True)
    """

    def __init__(self, params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), *, capturable=False, foreach=None,
                 maximize=False, differentiable=False):
        check_nonneg(lr, "learning rate")
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError("Invalid eta values: %s, %s" % (etas[0], etas[1]))
        check_unsupported(differentiable, capturable)
        defaults = dict(lr=lr, etas=etas, step_sizes=step_sizes, foreach=foreach, maximize=maximize,
                        differentiable=differentiable, capturable=capturable)
        super().__init__(params, defaults)

    def load_state_dict(self, state_dict):
        super().load_state_dict(state_dict)
        for group in self.param_groups:
            for key in ("etas", "step_sizes"):
                if isinstance(group.get(key), list):
                    group[key] = tuple(group[key])

    def step(self, closure=None):
        loss = self._eval_closure(closure)
        for group in self.param_groups:
            etaminus, etaplus = group["etas"]
            step_size_min, step_size_max = group["step_sizes"]
            for p in group["params"]:
                if p._grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = scalar_state(0.0)
                    state["prev"] = _zeros_state(p)
                    state["step_size"] = _make_tensor(np.full_like(p._grad._data, group["lr"]))
                state["step"]._data += 1
                g = p._grad._data
                g = np.array(-g if group["maximize"] else g, copy=True)   # 0-d stays an array
                prev, step_size = state["prev"]._data, state["step_size"]._data
                product = g * prev
                factor = np.where(product > 0, etaplus, np.where(product < 0, etaminus, 1.0)).astype(g.dtype)
                step_size *= factor
                np.clip(step_size, step_size_min, step_size_max, out=step_size)
                # after a sign change the step is skipped and the gradient forgotten
                g[factor == g.dtype.type(etaminus)] = 0
                p._data -= np.sign(g) * step_size
                prev[...] = g
                bump_all(p, state)
        return loss
