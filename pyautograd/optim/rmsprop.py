"""RMSprop (with alpha, centered, momentum, weight decay, maximize)."""
import numpy as np

from ._common import check_unsupported, check_nonneg
from .optimizer import Optimizer, _blocks, _grad_block, _zeros_state, _step_tensor

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    """RMSprop: the gradient divided by a running root mean square of recent gradients.

    Each step, for each parameter ``p`` with gradient ``g`` (plus ``weight_decay * p`` if set)::

        v = alpha * v + (1 - alpha) * g**2
        avg = sqrt(v - mean_g**2) + eps if centered else sqrt(v) + eps
              (centered: mean_g = alpha * mean_g + (1 - alpha) * g)
        b = momentum * b + g / avg;  p = p - lr * b     (momentum > 0)
        p = p - lr * g / avg                            (momentum == 0)

    Args:
        params: an iterable of parameters, or of dicts each defining a parameter group (its own
            options, e.g. ``{"params": [...], "lr": 0.01}``).
        lr: learning rate (default 1e-2).
        alpha: smoothing constant (default 0.99).
        eps: added to the denominator (default 1e-8).
        weight_decay: L2 penalty (default 0).
        momentum: momentum factor (default 0).
        centered: normalize by an estimate of the gradient's variance.
        maximize: maximize the objective (the gradient's sign is flipped) instead of minimizing it.

    Example::

        >>> w = pa.tensor([1.0], requires_grad=True)
        >>> opt = pa.optim.RMSprop([w], lr=0.01)
        >>> (w ** 2).sum().backward()          # gradient 2 * w = 2
        >>> opt.step()
        >>> w
        tensor([0.9000], requires_grad=True)
    """

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
                state["step"]._data += 1
                arrays = (d, p._grad._data, state["square_avg"]._data)
                if centered:
                    arrays += (state["grad_avg"]._data,)
                if momentum > 0:
                    arrays += (state["momentum_buffer"]._data,)
                for blk in _blocks(arrays, 2):
                    dc, gc, sqc = blk[:3]
                    t1, t2 = blk[-2:]
                    gc = _grad_block(gc, dc, t1, t2, maximize, wd)
                    np.multiply(sqc, alpha, out=sqc)      # sq.mul_(alpha).addcmul_(g, g, 1 - alpha)
                    np.multiply(gc, 1 - alpha, out=t2)
                    np.multiply(t2, gc, out=t2)
                    np.add(sqc, t2, out=sqc)
                    if centered:
                        gac = blk[3]
                        np.subtract(gc, gac, out=t2)      # ga.lerp_(g, 1 - alpha)
                        np.multiply(t2, 1 - alpha, out=t2)
                        np.add(gac, t2, out=gac)
                        np.multiply(gac, -1, out=t2)      # avg = sq.addcmul(ga, ga, value=-1).sqrt_()
                        np.multiply(t2, gac, out=t2)
                        np.add(sqc, t2, out=t2)
                        np.sqrt(t2, out=t2)
                    else:
                        np.sqrt(sqc, out=t2)
                    np.add(t2, eps, out=t2)               # avg += eps
                    if momentum > 0:
                        bc = blk[-3]
                        np.multiply(bc, momentum, out=bc)  # buf.mul_(momentum).addcdiv_(g, avg)
                        np.divide(gc, t2, out=t1)
                        np.add(bc, t1, out=bc)
                        np.multiply(bc, -lr, out=t1)      # p.add_(buf, alpha=-lr)
                    else:
                        np.multiply(gc, -lr, out=t1)      # p.addcdiv_(g, avg, value=-lr)
                        np.divide(t1, t2, out=t1)
                    np.add(dc, t1, out=dc)
                p._bump_version()
                for k in state:
                    state[k]._bump_version()
        return loss
