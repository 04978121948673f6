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
    """An averaging function for ``AveragedModel(multi_avg_fn=...)``: an exponential moving average, in place.

    The returned ``fn(ema_params, current_params, num_averaged)`` updates each tensor of the list
    ``ema_params`` to ``decay * ema + (1 - decay) * current`` (a lerp, on the data: no gradient).

    Args:
        decay: the EMA decay, in [0, 1] (default 0.999).

    Example::

        >>> ema, current = [pa.tensor([1.0])], [pa.tensor([2.0])]
        >>> pa.optim.swa_utils.get_ema_multi_avg_fn(0.9)(ema, current, pa.tensor(1))
        >>> ema
        [tensor([1.1000])]
    """
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
    """An averaging function for ``AveragedModel(multi_avg_fn=...)``: the equal-weight running mean, in place.

    The returned ``fn(averaged_params, current_params, num_averaged)`` updates each tensor of the list
    ``averaged_params`` to ``avg + (current - avg) / (num_averaged + 1)`` (on the data: no gradient).

    Example::

        >>> avg, current = [pa.tensor([1.0])], [pa.tensor([4.0])]
        >>> pa.optim.swa_utils.get_swa_multi_avg_fn()(avg, current, pa.tensor(2))   # mean of 1, 1, 4
        >>> avg
        [tensor([2.])]
    """

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
    """An averaging function for ``AveragedModel(avg_fn=...)``: one step of an exponential moving average.

    The returned ``fn(ema_param, current_param, num_averaged)`` returns
    ``decay * ema_param + (1 - decay) * current_param`` (computed under no_grad).

    Args:
        decay: the EMA decay, in [0, 1] (default 0.999).

    Example::

        >>> ema_fn = pa.optim.swa_utils.get_ema_avg_fn(0.9)
        >>> ema_fn(pa.tensor([1.0]), pa.tensor([2.0]), 1)
        tensor([1.1000])
    """
    _check_decay(decay)

    def ema_update(ema_param, current_param, num_averaged):
        with no_grad():
            return decay * ema_param + (1 - decay) * current_param
    return ema_update


def get_swa_avg_fn():
    """An averaging function for ``AveragedModel(avg_fn=...)``: one step of the equal-weight running mean.

    The returned ``fn(averaged_param, current_param, num_averaged)`` returns
    ``averaged_param + (current_param - averaged_param) / (num_averaged + 1)`` (computed under no_grad).

    Example::

        >>> swa_fn = pa.optim.swa_utils.get_swa_avg_fn()
        >>> swa_fn(pa.tensor([1.0]), pa.tensor([4.0]), pa.tensor(2))    # mean of 1, 1, 4
        tensor([2.])
    """

    def swa_update(averaged_param, current_param, num_averaged):
        with no_grad():
            return averaged_param + (current_param - averaged_param) / (num_averaged + 1)
    return swa_update


class AveragedModel(Module):
    """A copy of ``model`` holding the average of its parameters over time (stochastic weight averaging, or an EMA).

    ``update_parameters(model)`` folds the model's current parameters (and buffers, with
    ``use_buffers=True``) into the average: the first call copies them, later ones apply ``avg_fn``
    (per tensor) or ``multi_avg_fn`` (per list of tensors), by default the equal-weight running mean;
    without ``use_buffers`` the buffers are copied as they are. ``n_averaged`` counts the updates.
    Calling the ``AveragedModel`` runs the averaged copy (``self.module``). The averaging happens on
    the data, outside autograd.

    Args:
        model: the module to average (deep-copied).
        device: if given, the copy is moved there.
        avg_fn: ``fn(averaged_param, current_param, num_averaged)`` returning the new average.
        multi_avg_fn: ``fn(averaged_list, current_list, num_averaged)`` updating the lists in place
            (e.g. ``get_ema_multi_avg_fn(0.999)``).
        use_buffers: average the buffers too (default False).

    Example::

        >>> model = nn.Linear(1, 1, bias=False)
        >>> swa = pa.optim.swa_utils.AveragedModel(model)
        >>> for value in [1.0, 2.0, 6.0]:
        ...     with pa.no_grad():
        ...         _ = model.weight.fill_(value)
        ...     swa.update_parameters(model)
        >>> swa.module.weight
        Parameter containing:
        tensor([[3.]], requires_grad=True)
        >>> swa.n_averaged
        tensor(3)
        >>> swa(pa.tensor([[1.0]]))
        tensor([[3.]], grad_fn=<MmBackward0>)
    """

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
    """Recomputes the BatchNorm running statistics of ``model`` with one pass over ``loader``.

    Used after stochastic weight averaging, whose averaged weights do not match the running
    statistics. Each BatchNorm's statistics are reset and then accumulated as an equal-weight
    average over the batches (``momentum=None`` during the pass, restored afterwards); the model runs
    in training mode under no_grad and gets its mode back at the end. A batch that is a list or tuple
    contributes its first element. Does nothing if the model has no BatchNorm.

    Args:
        loader: an iterable of batches (a ``DataLoader``, say).
        model: the model.
        device: if given, each batch is moved there first.

    Example::

        >>> model = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
        >>> with pa.no_grad():
        ...     _ = model[0].weight.copy_(pa.eye(2))
        ...     _ = model[0].bias.zero_()
        >>> loader = [pa.tensor([[1.0, 2.0], [3.0, 6.0]]), pa.tensor([[5.0, 10.0], [7.0, 14.0]])]
        >>> pa.optim.swa_utils.update_bn(loader, model)
        >>> model[1].running_mean              # the mean over both batches
        tensor([4., 8.])
    """
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
    """The SWA schedule: anneals each group's lr to ``swa_lr`` over ``anneal_epochs`` steps, then holds it.

    At step ``t`` the lr is ``swa_lr * a + lr_0 * (1 - a)``, where ``lr_0`` is the lr the annealing
    started from and ``a = anneal(min(1, t / anneal_epochs))``, ``anneal`` being
    ``(1 - cos(pi * x)) / 2`` (``"cos"``) or ``x`` (``"linear"``).

    Args:
        optimizer: the wrapped optimizer.
        swa_lr: the final learning rate, a number or one per group.
        anneal_epochs: steps of the annealing (default 10).
        anneal_strategy: ``"cos"`` (default) or ``"linear"``.
        last_epoch: index of the last epoch (default -1).

    Example::

        >>> w = pa.zeros(1, requires_grad=True)
        >>> opt = pa.optim.SGD([w], lr=1.0)
        >>> sched = pa.optim.swa_utils.SWALR(opt, swa_lr=0.1, anneal_epochs=3, anneal_strategy="linear")
        >>> lrs = []
        >>> for epoch in range(4):
        ...     opt.step()
        ...     sched.step()
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        >>> lrs
        [0.7, 0.4, 0.1, 0.1]
    """

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
