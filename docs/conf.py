"""Sphinx configuration of pyautograd's documentation site.

Build (from the repository root; -W turns every warning into an error):

    python -m pip install -e ".[docs]"
    python -m sphinx -W --keep-going -b html docs docs/_build/html

The API reference (docs/api/*.rst) and the benchmarks page's body are generated at build time
from the imported package and from bench/README.md (docs/_ext/apigen.py, docs/_ext/mdtables.py),
so they cannot go stale, and the tutorials show the output of their scripts, run at build time
(docs/_ext/exampleoutput.py); the generated files are ignored by git.
"""
import os
import sys

DOCS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(DOCS)

# the checkout's package when run from a checkout (its compiled core built in place, or the
# installed one's: pyautograd/__init__ handles that), else the installed package
if os.path.isfile(os.path.join(ROOT, "pyautograd", "__init__.py")) and ROOT not in sys.path:
    sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(DOCS, "_ext"))

import pyautograd  # noqa: E402

project = "pyautograd"
author = "the pyautograd developers"
copyright = "the pyautograd developers (BSD-3-Clause)"
version = release = pyautograd.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "apigen",
    "mdtables",
    "exampleoutput",
]

exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
templates_path = []
html_static_path = []

html_theme = "alabaster"
html_title = "pyautograd %s" % release
html_theme_options = {
    "description": "PyTorch's autograd API over NumPy",
    "fixed_sidebar": True,
    "page_width": "1100px",
    "sidebar_width": "240px",
}

# autodoc: every entry is written out by apigen (one directive per public object), so the
# defaults only shape how each is rendered
autodoc_default_options = {
    "member-order": "alphabetical",
}
autodoc_typehints = "signature"
autodoc_class_signature = "mixed"
autodoc_inherit_docstrings = True
autodoc_docstring_signature = True

# napoleon: the docstrings use Google-style sections (Args:, Returns:, Shape:)
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

nitpicky = False
default_role = None
