"""Types (issue 15): the generated stubs (pyautograd/_stubs.py) are current and cover the public
names, their "-> Tensor" results agree with PyTorch's own stubs, and mypy and pyright (when
installed: `pip install mypy basedpyright`, as .ci/run does) accept the typed sample, find the
mistakes of the bad one and infer Tensor / Tensor | None / Size / bool for the common expressions."""
import ast
import json
import os
import pkgutil
import re
import shutil
import subprocess
import sys
import sysconfig

import pytest

import pyautograd as pa
from pyautograd import _stubs

SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "typing_sample")
PACKAGE = os.path.dirname(os.path.abspath(pa.__file__))
ROOT = os.path.dirname(PACKAGE)
INSTALLED = os.path.realpath(ROOT) in {os.path.realpath(p) for p in (sysconfig.get_paths()["purelib"],
                                                                     sysconfig.get_paths()["platlib"])}


def _stub(name):
    with open(os.path.join(PACKAGE, name), encoding="utf-8") as f:
        return f.read()


def test_stubs_are_current():
    for name, text in _stubs.render().items():
        assert _stub(name) == text, "%s is stale: run python -m pyautograd._stubs" % name
    assert os.path.exists(os.path.join(PACKAGE, "py.typed"))


def _defined(tree, cls=None):
    body = tree.body if cls is None else next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls).body
    names = set()
    for n in body:
        if isinstance(n, (ast.FunctionDef, ast.ClassDef)):
            names.add(n.name)
        elif isinstance(n, ast.AnnAssign):
            names.add(n.target.id)
        elif isinstance(n, ast.ImportFrom):
            names.update(a.asname or a.name for a in n.names)
    return names


def test_stubs_cover_every_public_name_and_tensor_attribute():
    package = _defined(ast.parse(_stub("__init__.pyi")))
    missing = [n for n in dir(pa) if not n.startswith("_") and n not in package]
    assert missing == []
    assert set(pa.__all__) <= package
    # the public submodules, imported or not (pyautograd._stubs imports the lazy ones)
    assert {m.name for m in pkgutil.iter_modules(pa.__path__) if not m.name.startswith("_")} <= package
    tensor = _defined(ast.parse(_stub("_tensor.pyi")), "Tensor")
    missing = [n for n in dir(pa.Tensor) if not n.startswith("_") and n not in tensor]
    assert missing == []
    for op in ("__add__", "__radd__", "__mul__", "__matmul__", "__getitem__", "__neg__", "__eq__", "__lt__"):
        assert op in tensor


def _returns(path, cls=None):
    tree = ast.parse(open(path, encoding="utf-8").read())
    body = tree.body if cls is None else next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls).body
    out = {}
    for n in body:
        if isinstance(n, ast.FunctionDef) and n.returns is not None:
            out.setdefault(n.name, set()).add(ast.unparse(n.returns))
    return out


def test_results_typed_tensor_are_tensors_in_torchs_stubs():
    torch = pytest.importorskip("torch")
    base = os.path.dirname(torch.__file__)
    theirs_f = _returns(os.path.join(base, "_C", "_VariableFunctions.pyi"))
    theirs_m = _returns(os.path.join(base, "_C", "__init__.pyi"), "TensorBase")
    ours_f = _returns(os.path.join(PACKAGE, "__init__.pyi"))
    ours_m = _returns(os.path.join(PACKAGE, "_tensor.pyi"), "Tensor")
    compared = 0
    for ours, theirs in ((ours_f, theirs_f), (ours_m, theirs_m)):
        for name, result in ours.items():
            if name not in theirs or name.startswith("__"):
                continue
            compared += 1
            if result == {"Tensor"}:
                assert theirs[name] == {"Tensor"}, (name, theirs[name])
            if result == {"builtins.bool"}:
                assert theirs[name] <= {"_bool", "bool"}, (name, theirs[name])
    assert compared > 250


def _marked_errors(path):
    return {i for i, line in enumerate(open(path, encoding="utf-8"), 1) if line.rstrip().endswith("# error")}


def _revealed(path):
    """{line: the type the comment names} for the reveal_type lines."""
    out = {}
    for i, line in enumerate(open(path, encoding="utf-8"), 1):
        m = re.match(r"reveal_type\(.*\)  # (.*)$", line.rstrip())
        if m:
            out[i] = m.group(1)
    return out


def _work_dir(tmp_path):
    for name in ("good.py", "bad.py", "reveal.py"):
        shutil.copy(os.path.join(SAMPLE, name), tmp_path / name)
    return tmp_path


def test_the_typed_sample_runs():
    ns = {"__name__": "typing_sample"}
    exec(compile(open(os.path.join(SAMPLE, "good.py"), encoding="utf-8").read(), "good.py", "exec"), ns)
    assert isinstance(ns["y"], pa.Tensor) and ns["first"] == 3


def test_mypy_on_the_sample(tmp_path):
    pytest.importorskip("mypy")
    work = _work_dir(tmp_path)
    env = dict(os.environ)
    if not INSTALLED:   # a checkout (editable install or PYTHONPATH): mypy cannot follow import hooks
        env["MYPYPATH"] = ROOT
    cmd = [sys.executable, "-m", "mypy", "--follow-imports=silent", "--no-incremental", "--cache-dir", os.devnull,
           "--python-executable", sys.executable, "--hide-error-context", "--no-error-summary", "--no-pretty"]
    found = {}
    for name in ("good.py", "bad.py", "reveal.py"):
        r = subprocess.run(cmd + [name], cwd=work, env=env, capture_output=True, text=True, timeout=600)
        found[name] = r.stdout + r.stderr
    assert re.findall(r"good\.py:\d+: error.*", found["good.py"]) == []
    lines = {int(m) for m in re.findall(r"bad\.py:(\d+): error", found["bad.py"])}
    assert lines == _marked_errors(os.path.join(SAMPLE, "bad.py")), found["bad.py"]
    revealed = {int(a): b for a, b in re.findall(r'reveal\.py:(\d+): note: Revealed type is "(.*)"', found["reveal.py"])}
    expected = {line: {"Tensor": "pyautograd._tensor.Tensor", "Tensor | None": "pyautograd._tensor.Tensor | None",
                       "Size": "pyautograd._tensor.Size"}.get(t, t) for line, t in _revealed(os.path.join(SAMPLE, "reveal.py")).items()}
    assert revealed == expected, found["reveal.py"]


def _pyright():
    for name in ("basedpyright", "pyright"):
        exe = shutil.which(name) or (os.path.join(os.path.dirname(sys.executable), name)
                                     if os.path.exists(os.path.join(os.path.dirname(sys.executable), name)) else None)
        if exe:
            return exe
    pytest.skip("pyright is not installed (pip install basedpyright)")


def test_pyright_on_the_sample(tmp_path):
    exe = _pyright()
    work = _work_dir(tmp_path)
    config = {"typeCheckingMode": "standard", "pythonVersion": "%d.%d" % sys.version_info[:2]}
    if not INSTALLED:
        config["extraPaths"] = [ROOT]
    (work / "pyrightconfig.json").write_text(json.dumps(config))
    r = subprocess.run([exe, "--outputjson", "--pythonpath", sys.executable, "good.py", "bad.py", "reveal.py"],
                       cwd=work, capture_output=True, text=True, timeout=600)
    report = json.loads(r.stdout)
    by_file = {}
    for d in report["generalDiagnostics"]:
        by_file.setdefault(os.path.basename(d["file"]), []).append((d["range"]["start"]["line"] + 1, d["severity"],
                                                                    d["message"]))
    assert [d for d in by_file.get("good.py", []) if d[1] == "error"] == []
    assert {d[0] for d in by_file.get("bad.py", []) if d[1] == "error"} == _marked_errors(os.path.join(SAMPLE, "bad.py"))
    revealed = {line: re.search(r'is "(.*)"$', msg).group(1) for line, sev, msg in by_file.get("reveal.py", [])
                if sev == "information" and msg.startswith("Type of")}
    assert revealed == _revealed(os.path.join(SAMPLE, "reveal.py"))
