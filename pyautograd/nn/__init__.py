"""torch.nn: modules, parameters, functional ops, losses and initialisers."""
# `X as X`: a re-export for type checkers (pyright treats a plain import in a typed package as private)
from .parameter import Parameter as Parameter
from .modules import *  # noqa: F401,F403
from ._conv_modules import *  # noqa: F401,F403
from . import functional, init, parameter, modules, utils
from ._pool_modules import *  # noqa: F401,F403
from ._act_modules import *  # noqa: F401,F403
from ._norm_modules import *  # noqa: F401,F403
from ._containers import *  # noqa: F401,F403
from ._lazy import *  # noqa: F401,F403
from ._rnn import *  # noqa: F401,F403
from ._transformer_modules import *  # noqa: F401,F403
from .parameter import UninitializedParameter as UninitializedParameter, UninitializedBuffer as UninitializedBuffer
