"""install_as_torch(): `import torch` (and every `torch.<sub>`) resolves to pyautograd for this process.

A finder first on sys.meta_path maps each module name `torch` / `torch.<sub>` to `pyautograd` /
`pyautograd.<sub>` and hands the import system that module object, so `import torch.nn as nn`,
`from torch.autograd import Variable` and packages that import torch get pyautograd's modules; a
submodule pyautograd lacks raises ModuleNotFoundError("No module named 'torch.<sub>'"), a missing
name Python's own ImportError / AttributeError. Uses no other pyautograd module (it imports them by
name when asked)."""
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys

__all__ = ["install_as_torch", "uninstall_as_torch"]


def _target(fullname):
    """'torch.nn.functional' -> 'pyautograd.nn.functional'; None for a name outside torch."""
    if fullname == "torch":
        return "pyautograd"
    if fullname.startswith("torch."):
        return "pyautograd." + fullname[len("torch."):]
    return None


class _AliasLoader(importlib.abc.Loader):
    """Loads `torch.<sub>` as the already imported pyautograd module (nothing is executed twice)."""

    def __init__(self, module):
        self.module = module

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        pass


class TorchFinder(importlib.abc.MetaPathFinder):
    """sys.meta_path finder of install_as_torch."""

    def find_spec(self, fullname, path=None, target=None):
        real = _target(fullname)
        if real is None:
            return None
        module = sys.modules.get(real)
        if module is None:
            try:
                found = importlib.util.find_spec(real)
            except ModuleNotFoundError:
                found = None
            if found is None:
                raise ModuleNotFoundError("No module named %r" % fullname, name=fullname)
            module = importlib.import_module(real)
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(module), is_package=hasattr(module, "__path__"))


_FINDER = TorchFinder()


def install_as_torch():
    """Make ``import torch``, ``import torch.nn as nn``, ``from torch.autograd import Variable``, ... (and
    third-party packages importing torch) resolve to pyautograd in this process. Refused when the real
    torch is imported already (two libraries would answer to one name). Call it first thing in a
    program (``python -m pyautograd.run script.py`` does it for an unchanged script);
    pyautograd._install.uninstall_as_torch() undoes it.

    Example (in a fresh interpreter, since this one may have imported the real torch)::

        >>> import os, subprocess, sys
        >>> code = ("from pyautograd.run import install_as_torch; install_as_torch(); "
        ...         "import torch, torch.nn as nn; print(torch.__name__, nn.__name__)")
        >>> env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(pa.__file__)))
        >>> print(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True).stdout)
        pyautograd pyautograd.nn
    """
    current = sys.modules.get("torch")
    if current is not None and current is not sys.modules.get("pyautograd"):
        raise RuntimeError("install_as_torch(): the real torch is already imported in this process (from %s); "
                           "call install_as_torch() before anything imports torch, or run the program with "
                           "`python -m pyautograd.run script.py`" % getattr(current, "__file__", "?"))
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
    importlib.import_module("torch")


def uninstall_as_torch():
    """Undo install_as_torch(): `torch` names are no longer mapped (modules that imported torch keep
    the pyautograd modules they hold)."""
    while _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
    for name in [n for n in sys.modules if n == "torch" or n.startswith("torch.")]:
        if _target(name) in sys.modules and sys.modules[name] is sys.modules[_target(name)]:
            del sys.modules[name]
