"""Stochastic gradient descent (with momentum, dampening, Nesterov, weight decay, maximize)."""
import numpy as np

from .._core import _make_tensor
from ._common import check_unsupported, check_nonneg
from .optimizer import Optimizer, required, _grad_array

__all__ = ["SGD"]


class SGD(Optimizer):
    """PyTorch's SGD: v = mu * v + (1 - dampening) * g; p -= lr * (g + mu * v if nesterov else v)."""

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, *,
                 maximize=False, foreach=None, differentiable=False, fused=None):
        if lr is not required:
            check_nonneg(lr, "learning rate")
        check_nonneg(momentum, "momentum value")
        check_nonneg(weight_decay, "weight_decay value")
        check_unsupported(differentiable)
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                        nesterov=nesterov, maximize=maximize, foreach=foreach, differentiable=differentiable,
                        fused=fused)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("nesterov", False)
            group.setdefault("maximize", False)

    def step(self, closure=None):
        loss = self._eval_closure(closure)
        for group in self.param_groups:
            lr, momentum, dampening = group["lr"], group["momentum"], group["dampening"]
            wd, nesterov, maximize = group["weight_decay"], group["nesterov"], group["maximize"]
            for p in group["params"]:
                if p._grad is None:
                    continue
                d = p._data
                g = _grad_array(p, maximize)
                if wd != 0:
                    g = g + wd * d
                if momentum != 0:
                    state = self.state[p]
                    buf_t = state.get("momentum_buffer")
                    if buf_t is None:
                        buf_t = _make_tensor(np.array(g, dtype=d.dtype, copy=True))
                        state["momentum_buffer"] = buf_t
                    else:
                        buf = buf_t._data
                        buf *= momentum
                        buf += (1 - dampening) * g
                        buf_t._bump_version()
                    g = g + momentum * buf_t._data if nesterov else buf_t._data
                d += -lr * g
                p._bump_version()
        return loss
