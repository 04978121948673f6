"""torch.func's API: grad, grad_and_value, vjp, jvp, linearize, jacrev, jacfwd, hessian, vmap,
functional_call, stack_module_state.

    from pyautograd.func import grad, jacrev, hessian
    grad(lambda x: (x ** 3).sum())(x)      # 3 x^2
    hessian(lambda x: x.tanh().pow(2).sum())(x)
    vmap(grad(loss), in_dims=(None, 0, 0))(w, xs, ys)   # per-sample gradients
"""
from ._transforms import grad, grad_and_value, vjp, jacrev
from ._vmap import vmap
from ._forward import jvp, linearize, jacfwd, hessian
from ._functional_call import functional_call, stack_module_state

__all__ = ["grad", "grad_and_value", "vjp", "jvp", "linearize", "jacrev", "jacfwd", "hessian", "vmap", "functional_call", "stack_module_state"]
