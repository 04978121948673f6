"""torch.nn: modules, parameters, functional ops, losses and initialisers."""
from .parameter import Parameter
from .modules import *  # noqa: F401,F403
from ._conv_modules import *  # noqa: F401,F403
from .modules import (Module, Sequential, ModuleList, ModuleDict, Linear, Identity, Flatten, Unflatten, ReLU,
                      LayerNorm, Embedding,
                      LeakyReLU, ELU, Softplus, SiLU, Tanh, Sigmoid, Softmax, LogSoftmax, Dropout, MSELoss, L1Loss,
                      CrossEntropyLoss, NLLLoss, BCELoss, BCEWithLogitsLoss, SmoothL1Loss, HuberLoss)
from . import functional, init, parameter, modules, utils
from ._pool_modules import *  # noqa: F401,F403
from ._act_modules import *  # noqa: F401,F403
from ._norm_modules import *  # noqa: F401,F403
from ._containers import *  # noqa: F401,F403
from ._lazy import *  # noqa: F401,F403
from ._rnn import *  # noqa: F401,F403
from ._transformer_modules import *  # noqa: F401,F403
from .parameter import UninitializedParameter, UninitializedBuffer
