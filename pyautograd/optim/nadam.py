"""NAdam (Dozat, 2016): Adam with Nesterov momentum and a momentum-decay schedule."""
import numpy as np

from ._common import check_unsupported, check_nonneg
from ._kernels import scalar_state, lerp_, effective_grad, bump_all
from .adamax import check_betas
from .optimizer import Optimizer, _zeros_state

__all__ = ["NAdam"]


class NAdam(Optimizer):
    """NAdam (Dozat, 2016): Adam with Nesterov momentum, the momentum factor warmed up over the steps.

    Each step ``t``, for each parameter ``p`` with gradient ``g`` (plus ``weight_decay * p`` if set,
    or decoupled as in AdamW with ``decoupled_weight_decay=True``), ``m`` and ``v`` as in Adam::

        mu_t = beta1 * (1 - 0.5 * 0.96**(t * momentum_decay))
        p = p - lr * ((1 - mu_t) / (1 - prod(mu_1..mu_t)) * g
                      + mu_{t+1} / (1 - prod(mu_1..mu_{t+1})) * m) / (sqrt(v / (1 - beta2**t)) + eps)

    Args:
        params: an iterable of parameters, or of dicts each defining a parameter group (its own
            options, e.g. ``{"params": [...], "lr": 0.01}``).
        lr: learning rate (default 2e-3).
        betas: ``(beta1, beta2)`` (default (0.9, 0.999)).
        eps: added to the denominator (default 1e-8).
        weight_decay: weight decay (default 0).
        momentum_decay: the ``psi`` of the momentum schedule (default 4e-3).
        decoupled_weight_decay: decay the weights directly, as AdamW.
        maximize: maximize the objective (the gradient's sign is flipped) instead of minimizing it.

    Example::

        >>> w = pa.tensor([1.0], requires_grad=True)
        >>> opt = pa.optim.NAdam([w], lr=0.1)
        >>> (w ** 2).sum().backward()          # gradient 2 * w = 2
        >>> opt.step()
        >>> w
        tensor([0.8944], requires_grad=True)
    """

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3,
                 decoupled_weight_decay=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False):
        check_nonneg(lr, "learning rate")
        check_nonneg(eps, "epsilon value")
        check_betas(betas)
        check_nonneg(weight_decay, "weight_decay value")
        check_nonneg(momentum_decay, "momentum_decay value")
        check_unsupported(differentiable, capturable)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, momentum_decay=momentum_decay,
                        decoupled_weight_decay=decoupled_weight_decay, maximize=maximize, foreach=foreach,
                        capturable=capturable, differentiable=differentiable)
        super().__init__(params, defaults)

    def step(self, closure=None):
        loss = self._eval_closure(closure)
        for group in self.param_groups:
            lr, (beta1, beta2), eps = group["lr"], group["betas"], group["eps"]
            wd, psi = group["weight_decay"], group["momentum_decay"]
            decoupled = group.get("decoupled_weight_decay", False)
            for p in group["params"]:
                if p._grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = scalar_state(0.0)
                    state["mu_product"] = scalar_state(1.0)
                    state["exp_avg"] = _zeros_state(p)
                    state["exp_avg_sq"] = _zeros_state(p)
                state["step"]._data += 1
                step = float(state["step"]._data)
                bias_correction2 = 1 - beta2 ** step
                if decoupled and wd != 0:
                    p._data *= 1 - lr * wd
                    g = effective_grad(p, group["maximize"], 0)
                else:
                    g = effective_grad(p, group["maximize"], wd)
                mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * psi))
                mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * psi))
                # the product is kept in the scalar dtype (float32 by default) and read back, as in torch
                mu_product_t = state["mu_product"]
                mu_product_t._data[...] = mu_product_t._data * mu
                mu_product = float(mu_product_t._data)
                exp_avg, exp_avg_sq = state["exp_avg"]._data, state["exp_avg_sq"]._data
                lerp_(exp_avg, g, 1 - beta1)
                exp_avg_sq *= beta2
                exp_avg_sq += (1 - beta2) * g * g
                denom = np.sqrt(exp_avg_sq / bias_correction2)
                denom += eps
                mu_product_next = mu_product * mu_next
                p._data += (-lr * (1.0 - mu) / (1.0 - mu_product)) * g / denom
                p._data += (-lr * mu_next / (1.0 - mu_product_next)) * exp_avg / denom
                bump_all(p, state)
        return loss
