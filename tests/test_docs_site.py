"""The Sphinx site under docs/ builds warning-free (-W) and has its pages.

The whole build (the API reference generated from the package, the tutorials, the benchmarks page)
takes 10-60 s; it runs once per session (the module fixture) and is skipped cleanly where Sphinx is
not installed (``pip install -e ".[docs]"``) or docs/ is not there (tests run from an sdist).
"""
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(ROOT, "docs")

pytestmark = pytest.mark.skipif(not os.path.isfile(os.path.join(DOCS, "conf.py")),
                                reason="docs/ is not beside the tests (an sdist or installed copy)")


def _sphinx():
    return pytest.importorskip("sphinx", reason="Sphinx is not installed (pip install -e '.[docs]')")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    _sphinx()
    out = tmp_path_factory.mktemp("docs-html")
    doctrees = tmp_path_factory.mktemp("docs-doctrees")
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-E", "-q", "-b", "html",
           "-d", str(doctrees), DOCS, str(out)]
    # --keep-going: every page is written even when a warning fails the build, so the page
    # checks below say what is there and test_builds_warning_free says what warned
    build = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=900)
    return out, build


def test_builds_warning_free(site):
    _, build = site
    assert build.returncode == 0, "sphinx -W failed:\n%s\n%s" % (build.stdout[-4000:], build.stderr[-12000:])


def _read(site, page):
    path = site[0] / page
    assert path.is_file(), page
    return path.read_text(encoding="utf-8")


def test_index(site):
    html = _read(site, "index.html")
    assert "pyautograd" in html
    for page in ("tutorials/index.html", "api/index.html", "benchmarks.html"):
        assert page in html, page


def test_tensor_page_lists_the_live_methods(site):
    html = _read(site, "api/tensor.html")
    assert 'id="pyautograd.Tensor.backward"' in html
    # the registry's methods and their in-place forms are there
    for name in ("sin", "sin_", "add", "add_", "sum", "grad", "requires_grad"):
        assert 'id="pyautograd.Tensor.%s"' % name in html, name


def test_module_pages(site):
    import pyautograd
    nn = _read(site, "api/pyautograd.nn.html")
    assert 'id="pyautograd.nn.Linear"' in nn
    top = _read(site, "api/pyautograd.html")
    for name in ("tensor", "zeros", "no_grad", "float32"):
        assert name in pyautograd.__all__
        assert 'id="pyautograd.%s"' % name in top, name
    functional = _read(site, "api/pyautograd.nn.functional.html")
    assert 'id="pyautograd.nn.functional.relu"' in functional or "pyautograd.nn.functional.relu" in functional


def test_tutorial_pages_include_the_examples(site):
    seeds = sorted(f for f in os.listdir(os.path.join(ROOT, "examples")) if re.match(r"seed_\d{3}_.*\.py$", f))
    assert len(seeds) == 5
    for script in seeds:
        number = script[5:8]
        html = _read(site, "tutorials/seed_%s.html" % number)
        assert "examples/%s" % script in html, script
        assert "pyautograd" in html
        assert "What it prints" in html and "tensor(" in html, script     # the output, run at build time


def test_benchmarks_page_has_the_readme_tables(site):
    html = _read(site, "benchmarks.html")
    assert "<table" in html
    with open(os.path.join(ROOT, "bench", "README.md"), encoding="utf-8") as f:
        first_heading = next(line for line in f if line.startswith("# "))[2:].strip()
    assert first_heading.split(" (")[0] in html
    # the last full run's report, with its chart, and the other notes of bench/ are pages
    results = _read(site, "benchmarks/results.html")
    assert "<table" in results and "<img" in results
    for note in os.listdir(os.path.join(ROOT, "bench")):
        if note.endswith(".md") and note != "README.md":
            _read(site, "benchmarks/%s.html" % note[:-3])


def test_markdown_conversion_is_valid_rst():
    """docs/_ext/mdtables.py on the constructs bench/README.md uses: docutils reports nothing."""
    _sphinx()
    from docutils.core import publish_doctree
    sys.path.insert(0, os.path.join(DOCS, "_ext"))
    try:
        import mdtables
    finally:
        sys.path.pop(0)
    md = "\n".join([
        "# Title (issue #3)", "", "Text with `code`s, **bold `x`**, *emphasis*, a * b, x_1 and |x|.",
        "1. not a list here", "", "- item one", "  continued", "- `--flag`: two", "", "1. first", "2. second", "",
        "| a | b |", "|---|---:|", "| `x|y` | 2 * 3 |", "| | empty |", "", "```sh", "run --it", "```", "",
        "## Sub", "", "(a paragraph in parentheses)", ""])
    rst = mdtables.convert(md)
    messages = []
    doctree = publish_doctree(rst, settings_overrides={"report_level": 2, "halt_level": 5, "warning_stream": False})
    for node in doctree.findall():
        if node.tagname == "system_message" and int(node["level"]) >= 2:
            messages.append(node.astext())
    assert not messages, (messages, rst)
    text = doctree.astext()
    assert "a * b, x_1 and |x|" in text
    assert "x|y" in text and "run --it" in text
