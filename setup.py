"""Builds the one compiled extension, pyautograd._core, from src/_core/_core.pyx.

_core.pyx `include`s the other .pxi files of src/_core, so there is exactly one
module and no .pxd next to it (see DESIGN.md, "build traps").
"""
import os
import sys

import numpy
from Cython.Build import cythonize
from setuptools import Extension, setup

# No debug info in the shipped extension (-g0; setuptools adds -g), and on Linux the symbol
# tables stripped at link (-s): the compiled core goes from ~2.3 MB to ~0.4 MB.
extra_compile_args = [] if sys.platform == "win32" else ["-O2", "-g0"]
extra_link_args = ["-s"] if sys.platform.startswith("linux") else []
ext = Extension(
    "pyautograd._core",
    sources=["src/_core/_core.pyx"],
    include_dirs=[numpy.get_include(), os.path.join("src", "_core")],
    extra_compile_args=extra_compile_args,
    extra_link_args=extra_link_args,
    define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")],
)
setup(
    ext_modules=cythonize(
        [ext],
        compiler_directives={
            "language_level": "3",
            "cdivision": True,
            "embedsignature": True,
        },
    )
)
