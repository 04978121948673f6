"""torch.func's API over pyautograd's reverse mode: grad, grad_and_value, vjp, jacrev, hessian,
functional_call, stack_module_state.

    from pyautograd.func import grad, jacrev, hessian
    grad(lambda x: (x ** 3).sum())(x)      # 3 x^2
    hessian(lambda x: x.tanh().pow(2).sum())(x)

Forward mode (jvp, jacfwd, linearize) and vmap come with pyautograd's forward-mode AD."""
from ._transforms import grad, grad_and_value, vjp, jacrev, hessian
from ._functional_call import functional_call, stack_module_state

__all__ = ["grad", "grad_and_value", "vjp", "jacrev", "hessian", "functional_call", "stack_module_state"]
