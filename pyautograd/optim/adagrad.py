"""Adagrad (with lr_decay, initial_accumulator_value, weight decay, maximize)."""
import numpy as np

from .._core import _make_tensor
from ._common import check_unsupported, check_nonneg
from .optimizer import Optimizer, _blocks, _grad_block, _step_tensor

__all__ = ["Adagrad"]


class Adagrad(Optimizer):
    """Adagrad: per-element learning rates scaled by the accumulated sum of squared gradients.

    Each step ``t``, for each parameter ``p`` with gradient ``g`` (plus ``weight_decay * p`` if set)::

        s = s + g**2                                 (s starts at initial_accumulator_value)
        p = p - lr / (1 + (t - 1) * lr_decay) * g / (sqrt(s) + eps)

    Args:
        params: an iterable of parameters, or of dicts each defining a parameter group (its own
            options, e.g. ``{"params": [...], "lr": 0.01}``).
        lr: learning rate (default 1e-2).
        lr_decay: learning rate decay (default 0).
        weight_decay: L2 penalty (default 0).
        initial_accumulator_value: starting value of the sums of squares (default 0).
        eps: added to the denominator (default 1e-10).
        maximize: maximize the objective (the gradient's sign is flipped) instead of minimizing it.

    Example::

        >>> w = pa.tensor([1.0], requires_grad=True)
        >>> opt = pa.optim.Adagrad([w], lr=0.1)
        >>> (w ** 2).sum().backward()          # gradient 2 * w = 2
        >>> opt.step()
        >>> w
        tensor([0.9000], requires_grad=True)
    """

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10,
                 foreach=None, *, maximize=False, differentiable=False, fused=None):
        check_nonneg(lr, "learning rate")
        check_nonneg(lr_decay, "lr_decay value")
        check_nonneg(weight_decay, "weight_decay value")
        check_nonneg(initial_accumulator_value, "initial_accumulator_value value")
        check_nonneg(eps, "epsilon value")
        check_unsupported(differentiable)
        defaults = dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, foreach=foreach, maximize=maximize,
                        differentiable=differentiable, fused=fused)
        super().__init__(params, defaults)
        for group in self.param_groups:
            for p in group["params"]:
                self._init_state(p, group)

    def _init_state(self, p, group):
        state = self.state[p]
        if len(state) == 0:
            state["step"] = _step_tensor()
            state["sum"] = _make_tensor(np.full_like(p._data, group["initial_accumulator_value"]))

    def add_param_group(self, param_group):
        super().add_param_group(param_group)
        if hasattr(self, "param_groups") and len(self.param_groups) > 0 and self.state is not None:
            g = self.param_groups[-1]
            for p in g["params"]:
                self._init_state(p, g)

    def step(self, closure=None):
        loss = self._eval_closure(closure)
        for group in self.param_groups:
            lr, lr_decay, wd, eps, maximize = (group["lr"], group["lr_decay"], group["weight_decay"], group["eps"],
                                               group["maximize"])
            for p in group["params"]:
                if p._grad is None:
                    continue
                state = self.state[p]
                self._init_state(p, group)
                d = p._data
                state["step"]._data += 1
                step = float(state["step"]._data)
                clr = lr / (1 + (step - 1) * lr_decay)
                for dc, gc, sc, t1, t2 in _blocks((d, p._grad._data, state["sum"]._data), 2):
                    gc = _grad_block(gc, dc, t1, t2, maximize, wd)
                    np.multiply(gc, gc, out=t2)           # sum.addcmul_(g, g, value=1) (1 * g is g)
                    np.add(sc, t2, out=sc)
                    np.sqrt(sc, out=t2)                   # std = sum.sqrt() + eps
                    np.add(t2, eps, out=t2)
                    np.multiply(gc, -clr, out=t1)         # p.addcdiv_(g, std, value=-clr)
                    np.divide(t1, t2, out=t1)
                    np.add(dc, t1, out=dc)
                p._bump_version()
                for k in state:
                    state[k]._bump_version()
        return loss
