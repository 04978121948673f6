"""``python -m pyautograd.run script.py [args]``: run a PyTorch program unchanged on pyautograd.

The script runs as ``__main__`` (``sys.argv = [script, *args]``, the script's directory first on
sys.path, as ``python script.py`` does) after install_as_torch(), so its ``import torch`` (and
``torch.<sub>``, and third-party packages importing torch) get pyautograd. Its exit code and
exceptions are those of ``python script.py``."""
import os
import runpy
import sys

from ._install import install_as_torch

USAGE = "usage: python -m pyautograd.run script.py [args ...]"


def main(argv=None):
    """Run the script argv[0] with the arguments argv[1:] on pyautograd: the command line's entry point.

    argv defaults to sys.argv[1:]. The script runs as ``__main__`` after install_as_torch(), so its
    ``import torch`` gets pyautograd. Returns the exit status: 0 once the script has run (its own
    exceptions and sys.exit propagate), 0 for -h / --help (the usage on stdout), 2 with no
    arguments (the usage on stderr) or for a missing script (python's message on stderr).

    Example::

        >>> from pyautograd.run import main
        >>> main(["--help"])
        usage: python -m pyautograd.run script.py [args ...]
        0
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE, file=sys.stderr if not argv else sys.stdout)
        return 2 if not argv else 0
    script = argv[0]
    if not os.path.exists(script):
        print("%s: can't open file %r: [Errno 2] No such file or directory"
              % (os.path.basename(sys.executable), os.path.abspath(script)), file=sys.stderr)
        return 2
    sys.argv = [script] + argv[1:]
    sys.path[0] = os.path.dirname(os.path.abspath(script))
    install_as_torch()
    runpy.run_path(script, run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
