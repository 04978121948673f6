"""Sphinx extension: runs the seed tutorials' scripts (examples/seed*.py) at build time and keeps
what they print, so each tutorial page shows the output of the code it includes.

Each script runs in a fresh interpreter (the package the docs are built from: the checkout when
there is one) in a temporary folder; its standard output goes to
docs/_generated/examples/<script>.out.txt and the Mermaid flowcharts the drawing scripts write
(*.mmd) beside it. A script that fails is a build warning, so ``sphinx -W`` fails with it.
"""
import glob
import os
import subprocess
import sys
import tempfile

from sphinx.util import logging

logger = logging.getLogger(__name__)

PATTERN = "seed*.py"
OUT_DIR = os.path.join("_generated", "examples")


def _write(path, text):
    old = None
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            old = f.read()
    if old != text:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def generate(srcdir):
    root = os.path.dirname(os.path.abspath(srcdir))
    out_dir = os.path.join(srcdir, OUT_DIR)
    os.makedirs(out_dir, exist_ok=True)
    env = dict(os.environ)
    if os.path.isfile(os.path.join(root, "pyautograd", "__init__.py")):
        env["PYTHONPATH"] = os.pathsep.join([root] + [p for p in [env.get("PYTHONPATH")] if p])
    env["PYTHONIOENCODING"] = "utf-8"
    for script in sorted(glob.glob(os.path.join(root, "examples", PATTERN))):
        name = os.path.basename(script)
        with tempfile.TemporaryDirectory() as work:
            p = subprocess.run([sys.executable, script, "."], cwd=work, env=env, capture_output=True,
                               text=True, encoding="utf-8", timeout=600)
            if p.returncode != 0:
                logger.warning("examples/%s failed (exit code %d):\n%s", name, p.returncode, p.stderr[-3000:])
            _write(os.path.join(out_dir, name[:-3] + ".out.txt"), p.stdout)
            for chart in sorted(glob.glob(os.path.join(work, "*.mmd"))):
                with open(chart, encoding="utf-8") as f:
                    _write(os.path.join(out_dir, os.path.basename(chart)), f.read())


def _on_builder_inited(app):
    generate(app.srcdir)


def setup(app):
    app.connect("builder-inited", _on_builder_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
