"""torch.func.functional_call and torch.func.stack_module_state: run a module with other
parameters and buffers (its own are put back afterwards), and stack the states of copies of a
model along a new leading dimension (for ensembling)."""
from collections.abc import Sequence

from .._tensor import Tensor
from .._ops import stack
from ..nn.modules import Module

__all__ = ["functional_call", "stack_module_state"]

_MISSING = object()


def _swap_tensor(module, name, value):
    """Put `value` (a tensor, None or _MISSING: remove) at module.<name>; return what was there."""
    if value is not _MISSING and value is not None and not isinstance(value, Tensor):
        raise TypeError("%s is not an instance of torch.Tensor" % (value,))
    if "." in name:
        raise KeyError('tensor name can\'t contain "."')
    if name == "":
        raise KeyError('tensor name can\'t be empty string ""')
    for store in (module._parameters, module._buffers):
        if name in store:
            orig = store[name]
            if value is _MISSING:
                del store[name]
            else:
                store[name] = value
            return orig
    orig = getattr(module, name) if hasattr(module, name) else _MISSING
    if orig is not _MISSING and orig is not None and not isinstance(orig, Tensor):
        raise TypeError("attribute `%s`: %s is not an instance of torch.Tensor" % (name, orig))
    if value is not _MISSING:
        setattr(module, name, value)
    elif hasattr(module, name):
        delattr(module, name)
    return orig


def _swap(module, name, value):
    prefix, _, attr = name.rpartition(".")
    return _swap_tensor(module.get_submodule(prefix) if prefix else module, attr, value)


def _named_tensors(module):
    named = dict(module.named_parameters(remove_duplicate=False))
    named.update(module.named_buffers(remove_duplicate=False))
    return named


def _untie(module, values):
    """torch's _untie_named_tensors_map: a value given for one name of tied tensors goes to all."""
    groups = {}
    for name, t in _named_tensors(module).items():
        groups.setdefault(id(t), set()).add(name)
    tied = {n: g for g in groups.values() if len(g) > 1 for n in g}
    given = [n for n in values if n in tied]
    for name in given:
        names = tied[name]
        if len(names.intersection(given)) > 1 and len({id(values[n]) for n in names if n in values}) != 1:
            raise ValueError("functional_call got multiple values for keys %s, which are tied. Consider using "
                             "tie_weights=False" % sorted(names))
    untied = dict(values)
    for name in given:
        for other in tied[name]:
            untied[other] = values[name]
    return untied


def _check_strict(module, values):
    valid = set(_named_tensors(module))
    missing, unexpected = sorted(valid - set(values)), sorted(set(values) - valid)
    msgs = []
    if unexpected:
        msgs.append("Unexpected key(s): %s." % ", ".join(map(repr, unexpected)))
    if missing:
        msgs.append("Missing key(s): %s." % ", ".join(map(repr, missing)))
    if msgs:
        raise RuntimeError("Error(s) in reparametrizing for %s:\n\t%s" % (module._get_name(), "\n\t".join(msgs)))


def _swap_all(module, values):
    """Swap every named value in; on an error put back what was swapped. Returns the originals."""
    orig = {}
    try:
        for name, t in values.items():
            orig[name] = _swap(module, name, t)
    except Exception:
        for name, t in orig.items():
            _swap(module, name, t)
        raise
    return orig


def _merge_dicts(dicts):
    if isinstance(dicts, dict):
        return dicts
    if isinstance(dicts, Sequence) and not isinstance(dicts, str):
        if not all(isinstance(d, dict) for d in dicts):
            raise ValueError("Expected all elements of parameter_and_buffer_dicts to be dictionaries")
        counts = {}
        for d in dicts:
            for k in d:
                counts[k] = counts.get(k, 0) + 1
        repeated = [k for k, n in counts.items() if n > 1]
        if repeated:
            raise ValueError("%s appeared in multiple dictionaries; behavior of functional call is ambiguous"
                             % repeated)
        return {k: v for d in dicts for k, v in d.items()}
    raise ValueError("Expected parameter_and_buffer_dicts to be a dict, or a list/tuple of dicts, but got %s"
                     % type(dicts))


def functional_call(module, parameter_and_buffer_dicts, args=None, kwargs=None, *, tie_weights=True, strict=False):
    """torch.func.functional_call: module(*args, **kwargs) with the named parameters and buffers
    replaced by the given tensors (a dict, or a tuple/list of dicts with distinct keys). With
    tie_weights a value given for one of tied names (the same tensor under several names) is used
    for all of them; strict requires exactly the module's names. The module's own tensors are put
    back afterwards; a name the forward rebinds updates the given dict (as torch)."""
    values = _merge_dicts(parameter_and_buffer_dicts)
    if kwargs is None:
        kwargs = {}
    if args is None:
        args = ()
    elif not isinstance(args, tuple):
        args = (args,)
    untied = _untie(module, values) if tie_weights else values
    if strict:
        _check_strict(module, untied)
    orig = {}
    try:
        orig = _swap_all(module, untied)
        return module(*args, **kwargs)
    finally:
        new = _swap_all(module, orig)
        values.update({k: new[k] for k in values if k in new and new[k] is not _MISSING})


def _stacked_leaf(tensors, name):
    all_rg = all(t.requires_grad for t in tensors)
    if not all_rg and any(t.requires_grad for t in tensors):
        raise RuntimeError("Expected %s from each model to have the same .requires_grad" % name)
    result = stack(tensors)
    if all_rg:
        result = result.detach().requires_grad_()
    return result


def stack_module_state(models):
    """torch.func.stack_module_state: (params, buffers), each name's tensors of the models stacked
    along a new dim 0 (stacked parameters are new leaves that require grad)."""
    if len(models) == 0:
        raise RuntimeError("stack_module_state: Expected at least one model, got 0.")
    if not (all(m.training for m in models) or all(not m.training for m in models)):
        raise RuntimeError("stack_module_state: Expected all models to have the same training/eval mode.")
    typ = type(models[0])
    if not all(type(m) is typ for m in models):
        raise RuntimeError("stack_module_state: Expected all models to be of the same class.")
    all_params = [dict(m.named_parameters()) for m in models]
    params = {k: _stacked_leaf(tuple(p[k] for p in all_params), k) for k in all_params[0]}
    all_buffers = [dict(m.named_buffers()) for m in models]
    buffers = {k: _stacked_leaf(tuple(b[k] for b in all_buffers), k) for k in all_buffers[0]}
    return params, buffers
