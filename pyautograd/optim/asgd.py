"""ASGD: averaged stochastic gradient descent (Polyak & Juditsky, 1992)."""
import numpy as np

from ._common import check_unsupported, check_nonneg
from ._kernels import scalar_state, set_scalar_state, effective_grad, bump_all
from .optimizer import Optimizer, _zeros_state

__all__ = ["ASGD"]


class ASGD(Optimizer):
    """Averaged stochastic gradient descent (Polyak & Juditsky, 1992).

    Each step ``t``, for each parameter ``p`` with gradient ``g`` (plus ``weight_decay * p`` if set)::

        p = p * (1 - lambd * eta) - eta * g
        ax = ax + mu * (p - ax)       (the average, kept in state["ax"]; ax = p until step t0 + 1)
        eta = lr / (1 + lambd * lr * t)**alpha,  mu = 1 / max(1, t - t0)

    ``eta`` and ``mu`` are kept in the default float dtype, as in PyTorch.

    Args:
        params: an iterable of parameters, or of dicts each defining a parameter group (its own
            options, e.g. ``{"params": [...], "lr": 0.01}``).
        lr: learning rate (default 1e-2).
        lambd: decay term (default 1e-4).
        alpha: power of the eta update (default 0.75).
        t0: step at which averaging starts (default 1e6).
        weight_decay: L2 penalty (default 0).
        maximize: maximize the objective (the gradient's sign is flipped) instead of minimizing it.

    Example::

        >>> w = pa.tensor([1.0], requires_grad=True)
        >>> opt = pa.optim.ASGD([w], lr=0.1)
        >>> (w ** 2).sum().backward()          # gradient 2 * w = 2
        >>> opt.step()
        >>> w
        tensor([0.8000], requires_grad=True)
    """

    def __init__(self, params, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0, foreach=None,
                 maximize=False, differentiable=False, capturable=False):
        check_nonneg(lr, "learning rate")
        check_nonneg(weight_decay, "weight_decay value")
        check_unsupported(differentiable, capturable)
        defaults = dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0, weight_decay=weight_decay, foreach=foreach,
                        maximize=maximize, differentiable=differentiable, capturable=capturable)
        super().__init__(params, defaults)

    def step(self, closure=None):
        loss = self._eval_closure(closure)
        for group in self.param_groups:
            lr, lambd, alpha, t0 = group["lr"], group["lambd"], group["alpha"], group["t0"]
            for p in group["params"]:
                if p._grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = scalar_state(0.0)
                    state["eta"] = scalar_state(lr)
                    state["mu"] = scalar_state(1.0)
                    state["ax"] = _zeros_state(p)
                state["step"]._data += 1
                step = float(state["step"]._data)
                g = effective_grad(p, group["maximize"], group["weight_decay"])
                eta = float(state["eta"]._data)
                mu = float(state["mu"]._data)
                p._data *= 1 - lambd * eta
                p._data += -eta * g
                ax = state["ax"]._data
                if mu != 1:
                    ax += (p._data - ax) * mu
                else:
                    ax[...] = p._data
                set_scalar_state(state["eta"], lr / ((1 + lambd * lr * step) ** alpha))
                set_scalar_state(state["mu"], 1 / max(1, step - t0))
                bump_all(p, state)
        return loss
