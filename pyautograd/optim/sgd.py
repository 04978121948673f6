"""Stochastic gradient descent (with momentum, dampening, Nesterov, weight decay, maximize)."""
import numpy as np

from .._core import _make_tensor
from ._common import check_unsupported, check_nonneg
from .optimizer import Optimizer, required, _blocks, _grad_block

__all__ = ["SGD"]


class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum, Nesterov momentum and weight decay (as PyTorch's SGD).

    Each step, for each parameter ``p`` with gradient ``g`` (``-g`` if ``maximize``; plus
    ``weight_decay * p`` if set)::

        v = g                                   (first step)
        v = momentum * v + (1 - dampening) * g  (later steps; only when momentum != 0)
        g = g + momentum * v if nesterov else v
        p = p - lr * g

    Args:
        params: an iterable of parameters, or of dicts each defining a parameter group (its own
            options, e.g. ``{"params": [...], "lr": 0.01}``).
        lr: learning rate (default 1e-3).
        momentum: momentum factor (default 0).
        dampening: dampening of the momentum (default 0).
        weight_decay: L2 penalty added to the gradient (default 0).
        nesterov: use Nesterov momentum (needs momentum > 0 and dampening 0).
        maximize: maximize the objective (the gradient's sign is flipped) instead of minimizing it.

    Example::

        >>> w = pa.tensor([1.0], requires_grad=True)
        >>> opt = pa.optim.SGD([w], lr=0.1)
        >>> (w ** 2).sum().backward()          # gradient 2 * w = 2
        >>> opt.step()
        >>> w
        tensor([0.8000], requires_grad=True)
    """

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
            damp = 1 - dampening
            nscratch = 2 if (wd != 0 or momentum != 0) else 1
            for p in group["params"]:
                if p._grad is None:
                    continue
                d = p._data
                if momentum == 0:
                    buf_t, first = None, False
                    arrays = (d, p._grad._data)
                else:
                    state = self.state[p]
                    buf_t = state.get("momentum_buffer")
                    first = buf_t is None
                    if first:  # the first step's buffer is the (decayed) gradient itself
                        buf_t = _make_tensor(np.empty(d.shape, d.dtype))
                        state["momentum_buffer"] = buf_t
                    arrays = (d, p._grad._data, buf_t._data)
                for blk in _blocks(arrays, nscratch):
                    if buf_t is None:
                        dc, gc, t1 = blk[0], blk[1], blk[2]
                        t2 = blk[3] if nscratch == 2 else None
                    else:
                        dc, gc, bc, t1, t2 = blk
                    gc = _grad_block(gc, dc, t1, t2, maximize, wd)
                    if buf_t is not None:
                        if first:
                            np.copyto(bc, gc)
                        else:                              # buf = momentum * buf + (1 - dampening) * g
                            np.multiply(bc, momentum, out=bc)
                            np.multiply(gc, damp, out=t2)
                            np.add(bc, t2, out=bc)
                        if nesterov:                       # g = g + momentum * buf
                            np.multiply(bc, momentum, out=t2)
                            np.add(gc, t2, out=t1)
                            gc = t1
                        else:
                            gc = bc
                    np.multiply(gc, -lr, out=t1)           # p += -lr * g
                    np.add(dc, t1, out=dc)
                if buf_t is not None and not first:
                    buf_t._bump_version()
                p._bump_version()
        return loss
