"""Adam and AdamW (with amsgrad, weight decay, maximize)."""
import numpy as np

from ._common import check_unsupported, check_nonneg
from .optimizer import Optimizer, _blocks, _grad_block, _zeros_state, _step_tensor

__all__ = ["Adam", "AdamW"]


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2014): steps scaled by running estimates of the gradient's first and second moments.

    Each step ``t``, for each parameter ``p`` with gradient ``g`` (plus ``weight_decay * p`` if set;
    with ``decoupled_weight_decay=True`` instead ``p *= 1 - lr * weight_decay``, which is AdamW)::

        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2        (amsgrad: v_max = max(v_max, v), used instead of v)
        p = p - lr / (1 - beta1**t) * m / (sqrt(v / (1 - beta2**t)) + eps)

    Args:
        params: an iterable of parameters, or of dicts each defining a parameter group (its own
            options, e.g. ``{"params": [...], "lr": 0.01}``).
        lr: learning rate (default 1e-3).
        betas: ``(beta1, beta2)``, the moments' decay rates (default (0.9, 0.999)).
        eps: added to the denominator (default 1e-8).
        weight_decay: weight decay (default 0).
        amsgrad: use the maximum of the second moments so far (AMSGrad).
        maximize: maximize the objective (the gradient's sign is flipped) instead of minimizing it.
        decoupled_weight_decay: decay the weights directly (AdamW) instead of through the gradient.

    Example::

        >>> w = pa.tensor([1.0], requires_grad=True)
        >>> opt = pa.optim.Adam([w], lr=0.1)
        >>> (w ** 2).sum().backward()          # gradient 2 * w = 2
        >>> opt.step()
        >>> w
        tensor([0.9000], requires_grad=True)
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, *,
                 foreach=None, maximize=False, capturable=False, differentiable=False, fused=None,
                 decoupled_weight_decay=False):
        check_nonneg(lr, "learning rate")
        check_nonneg(eps, "epsilon value")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError("Invalid beta parameter at index 0: %s" % (betas[0],))
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError("Invalid beta parameter at index 1: %s" % (betas[1],))
        check_nonneg(weight_decay, "weight_decay value")
        check_unsupported(differentiable, capturable)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                        maximize=maximize, foreach=foreach, capturable=capturable, differentiable=differentiable,
                        fused=fused, decoupled_weight_decay=decoupled_weight_decay)
        super().__init__(params, defaults)

    def step(self, closure=None):
        loss = self._eval_closure(closure)
        for group in self.param_groups:
            lr, (beta1, beta2), eps = group["lr"], group["betas"], group["eps"]
            wd, amsgrad, maximize = group["weight_decay"], group["amsgrad"], group["maximize"]
            decoupled = group.get("decoupled_weight_decay", False)
            decay = 1 - lr * wd
            for p in group["params"]:
                if p._grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = _step_tensor()
                    state["exp_avg"] = _zeros_state(p)
                    state["exp_avg_sq"] = _zeros_state(p)
                    if amsgrad:
                        state["max_exp_avg_sq"] = _zeros_state(p)
                d = p._data
                step_t = state["step"]
                step_t._data += 1
                step = float(step_t._data)
                bias_correction1 = 1 - beta1 ** step
                bias_correction2 = 1 - beta2 ** step
                step_size = lr / bias_correction1
                bias_correction2_sqrt = bias_correction2 ** 0.5
                arrays = (d, p._grad._data, state["exp_avg"]._data, state["exp_avg_sq"]._data)
                if amsgrad:
                    arrays += (state["max_exp_avg_sq"]._data,)
                for blk in _blocks(arrays, 2):
                    dc, gc, mc, vc = blk[:4]
                    t1, t2 = blk[-2:]
                    if wd != 0 and decoupled:
                        np.multiply(dc, decay, out=dc)            # p *= 1 - lr * weight_decay
                        gc = _grad_block(gc, dc, t1, t2, maximize, 0)
                    else:
                        gc = _grad_block(gc, dc, t1, t2, maximize, wd)
                    np.subtract(gc, mc, out=t2)                   # m.lerp_(g, 1 - beta1)
                    np.multiply(t2, 1 - beta1, out=t2)
                    np.add(mc, t2, out=mc)
                    np.multiply(vc, beta2, out=vc)                # v.mul_(beta2).addcmul_(g, g, 1 - beta2)
                    np.multiply(gc, 1 - beta2, out=t2)
                    np.multiply(t2, gc, out=t2)
                    np.add(vc, t2, out=vc)
                    if amsgrad:
                        vmc = blk[4]
                        np.maximum(vmc, vc, out=vmc)
                        np.sqrt(vmc, out=t2)
                    else:
                        np.sqrt(vc, out=t2)
                    np.divide(t2, bias_correction2_sqrt, out=t2)  # denom
                    np.add(t2, eps, out=t2)
                    np.multiply(mc, -step_size, out=t1)           # p.addcdiv_(m, denom, -step_size)
                    np.divide(t1, t2, out=t1)
                    np.add(dc, t1, out=dc)
                p._bump_version()
                for k in state:
                    state[k]._bump_version()
        return loss


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter, 2019): ``p *= 1 - lr * weight_decay``, then Adam's update.

    Same arguments as ``Adam`` (default ``weight_decay=1e-2``); the decay does not go through the
    moment estimates.

    Example::

        >>> w = pa.tensor([1.0], requires_grad=True)
        >>> opt = pa.optim.AdamW([w], lr=0.1, weight_decay=0.1)
        >>> (w ** 2).sum().backward()          # gradient 2 * w = 2
        >>> opt.step()
        >>> w
        tensor([0.8900], requires_grad=True)
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *,
                 maximize=False, foreach=None, capturable=False, differentiable=False, fused=None):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach, maximize=maximize,
                         capturable=capturable, differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)
