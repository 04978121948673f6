"""Imports inside pyautograd go one way: every module imports only modules below it in LAYERS,
at module level. Read from the source with ast (nothing is imported), so a cycle cannot hide in
a function body (a lazy import) and a new module must be given its place in LAYERS."""
import ast
import pathlib

import pytest

import pyautograd

PACKAGE = pathlib.Path(pyautograd.__file__).parent

# The layering, lowest first (names relative to pyautograd; a package's name is its __init__.py).
# A module may import only modules listed before it. Importing pkg.mod also runs pkg/__init__.py,
# so a module outside pkg that imports pkg.mod must be above pkg as well.
LAYERS = [
    "_version",             # __version__, the one place it is written
    "_core",                # compiled; imports no pyautograd module (the layer hands it hooks in _bind)
    "_dtype",
    "_device",              # pyautograd.device, the creation functions' device check
    "_random",              # the generators: torch.manual_seed, Tensor.uniform_, rand, ...
    "cuda",                 # torch.cuda without CUDA
    "_convert",             # data conversion (torch.tensor's rules), Size, size arguments
    "_tensortype",          # torch.FloatTensor, torch.LongTensor, ...: legacy constructors, isinstance, type()
    "ops._registry",        # the op declaration base and the rule namespaces
    "ops._spec",            # the test specs declarations carry
    "ops",
    "ops._common",          # shared helpers of the op families (operands, dims, argument checks, quiet errstate)
    "ops._callforms",       # axis= / keepdims= / out= on the public functions (PyTorch's parser's forms)
    "ops.elementwise",      # arithmetic, unary math, comparisons, rounding; _cast / _binary_operands
    "ops.shape",            # views and shapes, cat / split, in-place changes through views
    "ops.indexing",         # x[index], x[index] = v, narrow / select, gather / scatter, masked_fill
    "ops.scatter",          # scatter / scatter_reduce, index_add / copy / fill / select, take / put, index_put
    "ops.reductions",       # sum .. softmax (its rules' graph forms use cat / flip / stack)
    "ops.sorting",          # sort, topk, median, cummax, quantile, unique, searchsorted, histc, ...
    "ops.linalg",           # matmul family, dot, mv, outer, vdot
    "ops.complex",          # conj, real / imag, angle, sgn, view_as_real / complex, polar
    "ops.combine",          # einsum, kron, cross, dist / cdist, roll, rot90, block_diag, meshgrid, vander, ...
    "ops.decomp",           # inv, solve, det, cholesky, eigh, svd, qr, pinv, matrix_exp; torch.inverse / svd / ...
    "ops.special",          # erf, lgamma, digamma, polygamma, i0, xlogy, zeta, ...: the core's special kernels
    "ops.batching",         # vmap's batching rules of the op families
    "_ops",
    "linalg",               # torch.linalg: the decompositions' namespace, norms, cond, lstsq, ...
    "special",              # pyautograd.special = torch.special (names of _ops)
    "_numpy",               # NumPy's ufuncs and functions on tensors (Tensor's __array_ufunc__ / __array_function__)
    "ops.rule_functions",
    "_tensor_str",
    "_backward",            # autograd.backward / autograd.grad: argument handling before run_backward
    "_tensor",
    "_creation",
    "grad_mode",
    "_vmap",                # vmap's batched tensors, levels and the dispatch to batching rules
    "autograd.forward_ad",  # forward-mode AD: dual levels, tangents, the core's propagation hooks
    "autograd.function",
    "autograd.functional",
    "autograd.gradcheck",
    "autograd.graph",       # saved-tensor hooks, gradient edges, multi-grad hooks
    "autograd.profiler",    # the profiler: op and backward-node events from the core
    "autograd.variable",    # torch.autograd.Variable
    "autograd.explain",     # autograd.explain(y): the backward pass as a derivation; the graph helpers of viz
    "autograd",
    "nn.parameter",
    "nn._act",              # activations and losses of issue 13 (re-exported by nn.functional)
    "nn._conv",             # conv / conv_transpose / pad / unfold / fold kernels (issue 13)
    "nn._pool",             # pooling kernels (issue 13)
    "nn._norm",             # batch/instance/group/rms norms, channel and alpha dropouts, bilinear, embedding_bag
    "nn._attention",        # scaled_dot_product_attention, multi_head_attention_forward (issue 13)
    "nn.functional",
    "nn.init",
    "nn.modules",
    "nn._act_modules",      # their modules (GELU .. CTCLoss)
    "nn._conv_modules",     # Conv*d, ConvTranspose*d, Fold/Unfold, padding modules (issue 13)
    "nn._pool_modules",     # pooling modules (issue 13)
    "nn._norm_modules",     # BatchNorm*d, GroupNorm, InstanceNorm*d, RMSNorm, Dropout*d, Bilinear, EmbeddingBag
    "nn._containers",       # ParameterList / ParameterDict
    "nn._lazy",             # LazyModuleMixin, LazyLinear, LazyConv*d (over Linear and the conv modules)
    "nn._transformer_modules",  # MultiheadAttention, Transformer* (issue 13)
    "nn.utils.parametrize",             # register_parametrization, cached, remove_parametrizations
    "nn.utils.parametrizations",        # weight_norm, spectral_norm as parametrizations
    "nn.utils.fusion",                  # fuse_conv_bn_eval / fuse_linear_bn_eval
    "nn.utils.weight_norm",             # the legacy weight_norm (a forward pre-hook)
    "nn.utils.spectral_norm",           # the legacy spectral_norm (a forward pre-hook)
    "nn.utils.rnn",                     # PackedSequence, pack / pad of variable-length sequences
    "nn.utils",
    "nn._rnn",              # RNN / LSTM / GRU and their cells (over nn.utils.rnn's PackedSequence)
    "nn",
    "viz",                  # pyautograd.viz: the graph as Mermaid / DOT / SVG with its derivatives, make_dot
    "func._pytree",         # torch.utils._pytree's flatten / unflatten for the transforms
    "func._transforms",     # grad, vjp, jacrev, hessian (reverse mode)
    "func._vmap",           # vmap
    "func._forward",        # jvp, linearize, jacfwd, hessian (forward mode)
    "func._functional_call",
    "func",
    "optim._common",
    "optim.optimizer",
    "optim.sgd",
    "optim.adam",
    "optim.rmsprop",
    "optim.adagrad",
    "optim._kernels",
    "optim.adamax",
    "optim.adadelta",
    "optim.nadam",
    "optim.radam",
    "optim.rprop",
    "optim.asgd",
    "optim.lbfgs",
    "optim.lr_scheduler",
    "optim.swa_utils",
    "optim",
    "serialization",
    "profiler",             # torch.profiler over autograd.profiler
    "utils.benchmark",      # torch.utils.benchmark's Timer / Measurement
    "utils.checkpoint",     # torch.utils.checkpoint (autograd.Function, nn.Sequential, func._pytree)
    "utils.data.dataset",   # torch.utils.data's datasets and random_split
    "utils.data.sampler",   # the samplers, on the torch-exact randperm / randint
    "utils.data._collate",  # default_collate / default_convert
    "utils.data._worker",   # DataLoader worker processes, tensors across the process boundary
    "utils.data.dataloader",
    "utils.data",
    "utils",
    "accelerator",          # torch.accelerator: no accelerator here
    "_bind",
    "_install",             # install_as_torch: `import torch` -> pyautograd (imports no pyautograd module)
    "",                     # pyautograd/__init__.py
    "__main__",
    "run",                  # python -m pyautograd.run script.py: a PyTorch program unchanged
    "_stubs",               # python -m pyautograd._stubs: the type stubs, read off the whole package
]
RANK = {name: i for i, name in enumerate(LAYERS)}


def _name_of(path):
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules():
    """Every module of the package: its name -> its source file (None for the compiled core)."""
    mods = {_name_of(p): p for p in PACKAGE.rglob("*.py")}
    if any(PACKAGE.glob("_core*.so")) or any(PACKAGE.glob("_core*.pyd")):
        mods["_core"] = None
    return mods


MODULES = _modules()


def _is_package(name):
    return MODULES.get(name) is not None and MODULES[name].name == "__init__.py"


def _absolute(name):
    """'pyautograd.x.y' -> 'x.y'; None for a module outside pyautograd."""
    if name == "pyautograd":
        return ""
    if name.startswith("pyautograd."):
        return name[len("pyautograd."):]
    return None


def _join(*parts):
    return ".".join(p for p in parts if p)


def _imports(name, tree):
    """(line, imported module, in a function?) for every import of a pyautograd module in `tree`."""
    package = name if _is_package(name) else name.rpartition(".")[0]
    found = []

    def visit(node, nested):
        for child in ast.iter_child_nodes(node):
            inner = nested or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                for alias in child.names:
                    target = _absolute(alias.name)
                    if target is not None:
                        found.append((child.lineno, target, inner))
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".") if package else []
                    base = base[:len(base) - (child.level - 1)] if child.level > 1 else base
                    source = _join(".".join(base), child.module or "")
                else:
                    source = _absolute(child.module)
                    if source is None:
                        continue
                for alias in child.names:
                    sub = _join(source, alias.name)
                    # `from pkg import mod` imports the module pkg.mod; `from mod import name` imports mod
                    found.append((child.lineno, sub if sub in MODULES else source, inner))
            visit(child, inner)

    visit(tree, False)
    return found


def _ran_by(target, importer):
    """The modules an import of `target` runs: it and each enclosing package the importer is not
    itself inside (the root package is always running already)."""
    out = [target]
    parts = target.split(".")
    for i in range(1, len(parts)):
        pkg = ".".join(parts[:i])
        if not (importer == pkg or importer.startswith(pkg + ".")):
            out.append(pkg)
    return out


def _label(name):
    return "pyautograd" + ("." + name if name else "")


def test_the_layering_names_every_module_once():
    assert len(RANK) == len(LAYERS), "a module is listed twice in LAYERS"
    missing = sorted(set(MODULES) - set(RANK))
    assert not missing, "modules without a place in LAYERS: %s" % ", ".join(map(_label, missing))
    stale = sorted(set(RANK) - set(MODULES))
    assert not stale, "LAYERS names modules that do not exist: %s" % ", ".join(map(_label, stale))


SOURCES = sorted(n for n, p in MODULES.items() if p is not None)


@pytest.mark.parametrize("name", SOURCES, ids=lambda n: _label(n))
def test_imports_go_down_the_layering(name):
    tree = ast.parse(MODULES[name].read_text(), str(MODULES[name]))
    bad = []
    for line, target, _ in _imports(name, tree):
        for mod in _ran_by(target, name):
            if mod not in RANK:
                bad.append("line %d: %s is not a module of pyautograd" % (line, _label(mod)))
            elif RANK[mod] >= RANK[name]:
                bad.append("line %d: imports %s, which is not below it" % (line, _label(mod)))
    assert not bad, "%s:\n  " % _label(name) + "\n  ".join(bad)


@pytest.mark.parametrize("name", SOURCES, ids=lambda n: _label(n))
def test_pyautograd_imports_are_at_module_level(name):
    """Every module below is importable at the top, so an import inside a function is never needed."""
    tree = ast.parse(MODULES[name].read_text(), str(MODULES[name]))
    lazy = ["line %d: %s" % (line, _label(target)) for line, target, nested in _imports(name, tree) if nested]
    assert not lazy, "%s imports inside a function:\n  " % _label(name) + "\n  ".join(lazy)


def test_the_checker_sees_upward_and_lazy_imports():
    src = ("from . import _creation\n"
           "from .autograd import backward\n"
           "def f():\n"
           "    from ._dtype import float32\n"
           "    from . import device\n")
    found = _imports("_tensor", ast.parse(src))
    assert found == [(1, "_creation", False), (2, "autograd", False), (4, "_dtype", True), (5, "", True)]
    found = _imports("autograd.gradcheck", ast.parse("from . import grad\nfrom .. import stack\n"
                                                     "from ..nn.functional import relu\n"))
    assert found == [(1, "autograd", False), (2, "", False), (3, "nn.functional", False)]
    assert _ran_by("nn.functional", "ops.rule_functions") == ["nn.functional", "nn"]
    assert _ran_by("nn.functional", "nn.modules") == ["nn.functional"]
