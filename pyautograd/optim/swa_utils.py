"""torch.optim.swa_utils: stochastic weight averaging and EMA of a model's parameters (AveragedModel),
the SWA learning-rate schedule (SWALR) and recomputing BatchNorm statistics (update_bn)."""
import itertools
import math
import warnings
from copy import deepcopy

import numpy as np

from .._core import TensorBase
from .._tensor import tensor
from .._dtype import int64
from ..grad_mode import no_grad
from ..nn import _norm_modules
from ..nn.modules import Module
from ._kernels import lerp_
from .lr_scheduler import LRScheduler, _format_param

__all__ = ["AveragedModel", "update_bn", "SWALR", "get_ema_multi_avg_fn", "get_swa_multi_avg_fn",
           "get_ema_avg_fn", "get_swa_avg_fn"]


def _check_decay(decay):
    if decay < 0.0 or decay > 1.0:
        raise ValueError("Invalid decay value %s provided. Please provide a value in [0,1] range." % (decay,))


def _is_float(t):
    return t._data.dtype.kind in "fc"


def _weight(value):
    """A lerp weight given as a 0-d tensor (1 / (n_averaged + 1) in the default float dtype) or a number."""
    return float(value._data) if isinstance(value, TensorBase) else float(value)


def _write(t, values):
    t._data[...] = values
    t._bump_version()


def get_ema_multi_avg_fn(decay=0.999):
    """In place on lists: ema = lerp(ema, current, 1 - decay)."""
    _check_decay(decay)

    def ema_update(ema_param_list, current_param_list, _):
        if _is_float(ema_param_list[0]):
            for p_ema, p_model in zip(ema_param_list, current_param_list):
                lerp_(p_ema._data, p_model._data, 1 - decay)
                p_ema._bump_version()
        else:
            for p_ema, p_model in zip(ema_param_list, current_param_list):
                _write(p_ema, p_ema._data * decay + p_model._data * (1 - decay))
    return ema_update


def get_swa_multi_avg_fn():
    """In place on lists: the running mean, avg = lerp(avg, current, 1 / (n_averaged + 1))."""

    def swa_update(averaged_param_list, current_param_list, num_averaged):
        if _is_float(averaged_param_list[0]):
            with no_grad():
                weight = _weight(1 / (num_averaged + 1))
            for p_avg, p_model in zip(averaged_param_list, current_param_list):
                lerp_(p_avg._data, p_model._data, weight)
                p_avg._bump_version()
        else:
            n = _weight(num_averaged)
            for p_avg, p_model in zip(averaged_param_list, current_param_list):
                diff = p_model._data - p_avg._data
                if isinstance(num_averaged, TensorBase):
                    _write(p_avg, p_avg._data + diff / (n + 1))
                else:
                    _write(p_avg, p_avg._data + diff * (1.0 / (num_averaged + 1)))
    return swa_update


def get_ema_avg_fn(decay=0.999):
    """Returns decay * ema + (1 - decay) * current."""
    _check_decay(decay)

    def ema_update(ema_param, current_param, num_averaged):
        with no_grad():
            return decay * ema_param + (1 - decay) * current_param
    return ema_update


def get_swa_avg_fn():
    """Returns the running mean avg + (current - avg) / (n_averaged + 1)."""

    def swa_update(averaged_param, current_param, num_averaged):
        with no_grad():
            return averaged_param + (current_param - averaged_param) / (num_averaged + 1)
    return swa_update


class AveragedModel(Module):
    """A copy of ``model`` whose parameters (and buffers, with use_buffers=True) are the average
    (by default the equal-weight SWA mean, or avg_fn / multi_avg_fn) of the values passed to
    update_parameters(); n_averaged counts the updates."""

    def __init__(self, model, device=None, avg_fn=None, multi_avg_fn=None, use_buffers=False):
        super().__init__()
        if avg_fn is not None and multi_avg_fn is not None:
            raise AssertionError("Only one of avg_fn and multi_avg_fn should be provided")
        self.module = deepcopy(model)
        if device is not None:
            self.module = self.module.to(device)
        self.register_buffer("n_averaged", tensor(0, dtype=int64))
        self.avg_fn = avg_fn
        self.multi_avg_fn = multi_avg_fn
        self.use_buffers = use_buffers

    def forward(self, *args, **kwargs):
        return self.module(*args, **kwargs)

    def update_parameters(self, model):
        if self.use_buffers:
            self_params = itertools.chain(self.module.parameters(), self.module.buffers())
            model_params = itertools.chain(model.parameters(), model.buffers())
        else:
            self_params, model_params = self.parameters(), model.parameters()
        averaged, current = [], []
        first = int(self.n_averaged._data) == 0
        for p_avg, p_model in zip(self_params, model_params):
            averaged.append(p_avg.detach())
            current.append(p_model.detach())
            if first:
                _write(p_avg, p_model._data)
        if not first:
            if self.avg_fn is not None and self.multi_avg_fn is None:
                for p_avg, p_model in zip(averaged, current):
                    _write(p_avg, self.avg_fn(p_avg, p_model, self.n_averaged)._data)
            else:
                # tensors of one dtype go together to multi_avg_fn, as torch groups them by dtype
                groups = {}
                for p_avg, p_model in zip(averaged, current):
                    entry = groups.setdefault(p_avg._data.dtype, ([], []))
                    entry[0].append(p_avg)
                    entry[1].append(p_model)
                for group_avg, group_model in groups.values():
                    if self.multi_avg_fn is not None:
                        self.multi_avg_fn(group_avg, group_model, self.n_averaged)
                    else:
                        # torch's CPU path: the running mean written as avg + (current - avg) / (n + 1)
                        n = int(self.n_averaged._data)
                        for p_avg, p_model in zip(group_avg, group_model):
                            diff = p_model._data - p_avg._data
                            _write(p_avg, p_avg._data + diff / np.array(n + 1, dtype=np.int64))
        if not self.use_buffers:
            for b_swa, b_model in zip(self.module.buffers(), model.buffers()):
                _write(b_swa, b_model._data)
        self.n_averaged._data += 1
        self.n_averaged._bump_version()


def _batchnorm_types():
    return (_norm_modules._BatchNorm,)      # BatchNorm1d/2d/3d, as torch's isinstance(m, _BatchNorm)


def update_bn(loader, model, device=None):
    """Recompute the BatchNorm running statistics of ``model`` with one pass over ``loader``: the
    statistics are reset and averaged with equal weights (momentum None), then momentum is restored."""
    momenta = {}
    for module in model.modules():
        if isinstance(module, _batchnorm_types()):
            module.reset_running_stats()
            momenta[module] = module.momentum
    if not momenta:
        return
    was_training = model.training
    model.train()
    for module in momenta:
        module.momentum = None
    try:
        with no_grad():
            for input in loader:
                if isinstance(input, (list, tuple)):
                    input = input[0]
                if device is not None:
                    input = input.to(device)
                model(input)
    finally:
        for module, momentum in momenta.items():
            module.momentum = momentum
        model.train(was_training)


class SWALR(LRScheduler):
    """Anneals each group's lr to its swa_lr over anneal_epochs steps (cos or linear), then keeps it."""

    def __init__(self, optimizer, swa_lr, anneal_epochs=10, anneal_strategy="cos", last_epoch=-1):
        swa_lrs = _format_param("swa_lr", optimizer, swa_lr)
        if anneal_strategy not in ["cos", "linear"]:
            raise ValueError("anneal_strategy must be one of 'cos' or 'linear', instead got %s" % (anneal_strategy,))
        if not isinstance(anneal_epochs, int) or anneal_epochs < 0:
            raise ValueError("anneal_epochs must be equal or greater than 0, got %s" % (anneal_epochs,))
        for value, group in zip(swa_lrs, optimizer.param_groups):
            group["swa_lr"] = value
        self._set_anneal_func(anneal_strategy)
        self.anneal_epochs = anneal_epochs
        super().__init__(optimizer, last_epoch)

    @staticmethod
    def _linear_anneal(t):
        return t

    @staticmethod
    def _cosine_anneal(t):
        return (1 - math.cos(math.pi * t)) / 2

    @staticmethod
    def _get_initial_lr(lr, swa_lr, alpha):
        if alpha == 1:
            return swa_lr
        return (lr - alpha * swa_lr) / (1 - alpha)

    def _set_anneal_func(self, anneal_strategy):
        self._anneal_strategy = anneal_strategy
        self.anneal_func = self._cosine_anneal if anneal_strategy == "cos" else self._linear_anneal

    def get_lr(self):
        if not self._get_lr_called_within_step:
            warnings.warn("To get the last learning rate computed by the scheduler, please use `get_last_lr()`.",
                          UserWarning, stacklevel=2)
        step = self._step_count - 1
        if self.anneal_epochs == 0:
            step = max(1, step)
        # recover the lr the annealing started from, then move alpha of the way to swa_lr
        prev_alpha = self.anneal_func(max(0, min(1, (step - 1) / max(1, self.anneal_epochs))))
        prev_lrs = [self._get_initial_lr(group["lr"], group["swa_lr"], prev_alpha)
                    for group in self.optimizer.param_groups]
        alpha = self.anneal_func(max(0, min(1, step / max(1, self.anneal_epochs))))
        return [group["swa_lr"] * alpha + lr * (1 - alpha) for group, lr in zip(self.optimizer.param_groups, prev_lrs)]

    def state_dict(self):
        return {key: value for key, value in self.__dict__.items() if key not in ("optimizer", "anneal_func")}

    def load_state_dict(self, state_dict):
        self.__dict__.update(state_dict)
        self._set_anneal_func(self._anneal_strategy)
