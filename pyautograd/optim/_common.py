"""Checks shared by the optimizers."""


def check_unsupported(differentiable=False, capturable=False):
    if differentiable:
        raise ValueError("differentiable=True is not supported: pyautograd's optimizers update parameters in "
                         "place outside the graph")
    if capturable:
        raise ValueError("capturable=True is not supported: it only applies to CUDA graph capture")


def check_nonneg(value, what):
    if not 0.0 <= value:
        raise ValueError("Invalid %s: %s" % (what, value))
