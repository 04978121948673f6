"""Adamax (Kingma & Ba, 2014, the infinity-norm variant of Adam)."""
import numpy as np

from ._common import check_unsupported, check_nonneg
from ._kernels import scalar_state, lerp_, effective_grad, bump_all
from .optimizer import Optimizer, _zeros_state

__all__ = ["Adamax"]


def check_betas(betas):
    if not 0.0 <= betas[0] < 1.0:
        raise ValueError("Invalid beta parameter at index 0: %s" % (betas[0],))
    if not 0.0 <= betas[1] < 1.0:
        raise ValueError("Invalid beta parameter at index 1: %s" % (betas[1],))


class Adamax(Optimizer):
    """Adamax: Adam's variant with an infinity norm in place of the second moment.

    Each step ``t``, for each parameter ``p`` with gradient ``g`` (plus ``weight_decay * p`` if set)::

        m = beta1 * m + (1 - beta1) * g
        u = max(beta2 * u, abs(g) + eps)
        p = p - lr / (1 - beta1**t) * m / u

    Args:
        params: an iterable of parameters, or of dicts each defining a parameter group (its own
            options, e.g. ``{"params": [...], "lr": 0.01}``).
        lr: learning rate (default 2e-3).
        betas: ``(beta1, beta2)`` (default (0.9, 0.999)).
        eps: added to the norm (default 1e-8).
        weight_decay: L2 penalty (default 0).
        maximize: maximize the objective (the gradient's sign is flipped) instead of minimizing it.

    Example::

        >>> w = pa.tensor([1.0], requires_grad=True)
        >>> opt = pa.optim.Adamax([w], lr=0.1)
        >>> (w ** 2).sum().backward()          # gradient 2 * w = 2
        >>> opt.step()
        >>> w
        tensor([0.9000], requires_grad=True)
    """

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, foreach=None, *,
                 maximize=False, differentiable=False, capturable=False):
        check_nonneg(lr, "learning rate")
        check_nonneg(eps, "epsilon value")
        check_betas(betas)
        check_nonneg(weight_decay, "weight_decay value")
        check_unsupported(differentiable, capturable)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, foreach=foreach, maximize=maximize,
                        differentiable=differentiable, capturable=capturable)
        super().__init__(params, defaults)

    def step(self, closure=None):
        loss = self._eval_closure(closure)
        for group in self.param_groups:
            lr, (beta1, beta2), eps = group["lr"], group["betas"], group["eps"]
            for p in group["params"]:
                if p._grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = scalar_state(0.0)
                    state["exp_avg"] = _zeros_state(p)
                    state["exp_inf"] = _zeros_state(p)
                state["step"]._data += 1
                step = float(state["step"]._data)
                g = effective_grad(p, group["maximize"], group["weight_decay"])
                exp_avg, exp_inf = state["exp_avg"]._data, state["exp_inf"]._data
                lerp_(exp_avg, g, 1 - beta1)
                exp_inf *= beta2
                np.maximum(exp_inf, np.abs(g) + eps, out=exp_inf)
                clr = lr / (1 - beta1 ** step)
                p._data += -clr * exp_avg / exp_inf
                bump_all(p, state)
        return loss
