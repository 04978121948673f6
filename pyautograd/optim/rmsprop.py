"""RMSprop (with alpha, centered, momentum, weight decay, maximize)."""
import numpy as np

from ._common import check_unsupported, check_nonneg
from .optimizer import Optimizer, _grad_array, _zeros_state, _step_tensor

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    """v = alpha * v + (1 - alpha) * g^2; p -= lr * g / (sqrt(v - mean(g)^2 if centered) + eps)."""

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False,
                 capturable=False, foreach=None, maximize=False, differentiable=False):
        check_nonneg(lr, "learning rate")
        check_nonneg(eps, "epsilon value")
        check_nonneg(momentum, "momentum value")
        check_nonneg(weight_decay, "weight_decay value")
        check_nonneg(alpha, "alpha value")
        check_unsupported(differentiable, capturable)
        defaults = dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps, centered=centered,
                        weight_decay=weight_decay, capturable=capturable, foreach=foreach, maximize=maximize,
                        differentiable=differentiable)
        super().__init__(params, defaults)

    def step(self, closure=None):
        loss = self._eval_closure(closure)
        for group in self.param_groups:
            lr, alpha, eps = group["lr"], group["alpha"], group["eps"]
            wd, momentum, centered, maximize = (group["weight_decay"], group["momentum"], group["centered"],
                                                group["maximize"])
            for p in group["params"]:
                if p._grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = _step_tensor()
                    state["square_avg"] = _zeros_state(p)
                    if momentum > 0:
                        state["momentum_buffer"] = _zeros_state(p)
                    if centered:
                        state["grad_avg"] = _zeros_state(p)
                d = p._data
                g = _grad_array(p, maximize)
                state["step"]._data += 1
                if wd != 0:
                    g = g + wd * d
                sq = state["square_avg"]._data
                sq *= alpha
                sq += (1 - alpha) * g * g
                if centered:
                    ga = state["grad_avg"]._data
                    ga += (1 - alpha) * (g - ga)          # lerp_(g, 1 - alpha)
                    avg = np.sqrt(sq + -1 * ga * ga)      # addcmul(ga, ga, value=-1).sqrt_()
                else:
                    avg = np.sqrt(sq)
                avg += eps
                if momentum > 0:
                    buf = state["momentum_buffer"]._data
                    buf *= momentum
                    buf += g / avg                        # addcdiv_(g, avg)
                    d += -lr * buf
                else:
                    d += (-lr * g) / avg                  # addcdiv_(g, avg, value=-lr)
                p._bump_version()
                for k in state:
                    state[k]._bump_version()
        return loss
