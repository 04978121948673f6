"""Course programs run as written (issue 12's "done when"): examples/courses/ holds d2l's concise
linear-regression, softmax-regression and LeNet chapters, PyTorch's optimization tutorial, its blitz
"Neural Networks" part and its nn_tutorial (CNN part), written for
torch (generated data stands in for Fashion-MNIST). Run on pyautograd with `python -m pyautograd.run`,
each prints PyTorch 2.13.0's output for the same seed (recorded below; with torch installed,
test_expected_is_torchs_output re-records it). Numbers compare to the digits printed, except the
last printed digit of a float32 training loss may differ by one (float32 BLAS sums in another order
than PyTorch's MKL); the text around them is identical."""
import os
import re
import subprocess
import sys

import pytest

import pyautograd

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COURSES = os.path.join(ROOT, "examples", "courses")
# pyautograd as imported here (a checkout or an installed wheel) for the child processes
PKG_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(pyautograd.__file__)))

EXPECTED = {}
EXPECTED64 = {}     # the float64 twins' output (FLOAT64_TWIN below)

EXPECTED["d2l_linear_regression_concise"] = r"""[tensor([[-0.5725,  0.0793],
        [ 1.5451,  0.4086],
        [ 0.5115,  0.2744],
        [ 1.0811,  0.1315],
        [ 1.8346,  0.4562],
        [ 0.5860,  0.4640],
        [-0.7994, -0.1257],
        [-1.8095,  0.6926],
        [-0.4777, -1.2307],
        [-1.3069, -0.7064]]), tensor([[ 2.7905],
        [ 5.9065],
        [ 4.3022],
        [ 5.9178],
        [ 6.3221],
        [ 3.7860],
        [ 3.0156],
        [-1.7828],
        [ 7.4264],
        [ 3.9919]])]
epoch 1, loss 0.000241
epoch 2, loss 0.000094
epoch 3, loss 0.000093
w的估计误差： tensor([ 0.0001, -0.0003])
b的估计误差： tensor([0.0009])
"""

EXPECTED["d2l_softmax_regression_concise"] = r"""epoch 1: train loss 2.0669, train acc 0.3217, test acc 0.6010
epoch 2: train loss 1.3279, train acc 0.7980, test acc 0.8740
epoch 3: train loss 0.8847, train acc 0.9578, test acc 0.9800
epoch 4: train loss 0.6280, train acc 0.9898, test acc 0.9790
epoch 5: train loss 0.4879, train acc 0.9952, test acc 0.9890
epoch 6: train loss 0.3982, train acc 0.9967, test acc 0.9890
epoch 7: train loss 0.3370, train acc 0.9975, test acc 0.9890
epoch 8: train loss 0.2903, train acc 0.9980, test acc 0.9910
epoch 9: train loss 0.2557, train acc 0.9988, test acc 0.9890
epoch 10: train loss 0.2297, train acc 0.9983, test acc 0.9910
"""

EXPECTED["optimization_tutorial"] = r"""Epoch 1
-------------------------------
loss: 2.299550  [   64/ 6400]
Test Error: 
 Accuracy: 11.9%, Avg loss: 2.293545 

Epoch 2
-------------------------------
loss: 2.291289  [   64/ 6400]
Test Error: 
 Accuracy: 13.0%, Avg loss: 2.288154 

Done!
"""

# the blitz prints loss.grad_fn and its next functions: their addresses are recorded as 0x...
EXPECTED["blitz_neural_networks"] = r"""Net(
  (conv1): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))
  (conv2): Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1))
  (fc1): Linear(in_features=400, out_features=120, bias=True)
  (fc2): Linear(in_features=120, out_features=84, bias=True)
  (fc3): Linear(in_features=84, out_features=10, bias=True)
)
10
torch.Size([6, 1, 5, 5])
tensor([[-0.1007, -0.0902,  0.0364,  0.0591, -0.0421,  0.0203,  0.0314,  0.0724,
         -0.0276,  0.1233]], grad_fn=<AddmmBackward0>)
tensor(38.1527, grad_fn=<MseLossBackward0>)
<MseLossBackward0 object at 0x...>
<AddmmBackward0 object at 0x...>
<AccumulateGrad object at 0x...>
conv1.bias.grad before backward
None
conv1.bias.grad after backward
tensor([-0.0213, -0.0740,  0.0372, -0.0668, -0.0246, -0.0019])
tensor(36.5905, grad_fn=<MseLossBackward0>)
"""


EXPECTED["nn_tutorial_cnn"] = r"""torch.Size([6000, 784]) tensor(0) tensor(9)
0 2.0945257415771485
1 0.20358640623092653
0 2.168778600692749
1 0.23708605444431305
0 2.2452327194213866
1 0.5866490225791932
"""

EXPECTED64["nn_tutorial_cnn"] = r"""torch.Size([6000, 784]) tensor(0) tensor(9)
0 1.9298331776530175
1 0.4116613071935272
0 1.8824574152621825
1 0.5258459497271135
0 2.2379254491619713
1 0.8211291429202504
"""

EXPECTED["d2l_lenet"] = r"""Conv2d output shape: 	 torch.Size([1, 6, 28, 28])
Sigmoid output shape: 	 torch.Size([1, 6, 28, 28])
AvgPool2d output shape: 	 torch.Size([1, 6, 14, 14])
Conv2d output shape: 	 torch.Size([1, 16, 10, 10])
Sigmoid output shape: 	 torch.Size([1, 16, 10, 10])
AvgPool2d output shape: 	 torch.Size([1, 16, 5, 5])
Flatten output shape: 	 torch.Size([1, 400])
Linear output shape: 	 torch.Size([1, 120])
Sigmoid output shape: 	 torch.Size([1, 120])
Linear output shape: 	 torch.Size([1, 84])
Sigmoid output shape: 	 torch.Size([1, 84])
Linear output shape: 	 torch.Size([1, 10])
training on cpu
epoch 1: train loss 2.358, train acc 0.101
epoch 1: test acc 0.095
epoch 2: train loss 2.312, train acc 0.097
epoch 2: test acc 0.090
epoch 3: train loss 2.307, train acc 0.102
epoch 3: test acc 0.098
epoch 4: train loss 2.302, train acc 0.101
epoch 4: test acc 0.094
epoch 5: train loss 2.295, train acc 0.110
epoch 5: test acc 0.098
epoch 6: train loss 2.128, train acc 0.228
epoch 6: test acc 0.489
epoch 7: train loss 0.534, train acc 0.897
epoch 7: test acc 1.000
epoch 8: train loss 0.059, train acc 1.000
epoch 8: test acc 1.000
epoch 9: train loss 0.024, train acc 1.000
epoch 9: test acc 1.000
epoch 10: train loss 0.014, train acc 1.000
epoch 10: test acc 1.000
loss 0.014, train acc 1.000, test acc 1.000
N examples/sec on cpu
"""

EXPECTED64["d2l_lenet"] = r"""Conv2d output shape: 	 torch.Size([1, 6, 28, 28])
Sigmoid output shape: 	 torch.Size([1, 6, 28, 28])
AvgPool2d output shape: 	 torch.Size([1, 6, 14, 14])
Conv2d output shape: 	 torch.Size([1, 16, 10, 10])
Sigmoid output shape: 	 torch.Size([1, 16, 10, 10])
AvgPool2d output shape: 	 torch.Size([1, 16, 5, 5])
Flatten output shape: 	 torch.Size([1, 400])
Linear output shape: 	 torch.Size([1, 120])
Sigmoid output shape: 	 torch.Size([1, 120])
Linear output shape: 	 torch.Size([1, 84])
Sigmoid output shape: 	 torch.Size([1, 84])
Linear output shape: 	 torch.Size([1, 10])
training on cpu
epoch 1: train loss 2.354, train acc 0.103
epoch 1: test acc 0.078
epoch 2: train loss 2.310, train acc 0.102
epoch 2: test acc 0.109
epoch 3: train loss 2.307, train acc 0.097
epoch 3: test acc 0.119
epoch 4: train loss 2.304, train acc 0.107
epoch 4: test acc 0.121
epoch 5: train loss 2.301, train acc 0.110
epoch 5: test acc 0.087
epoch 6: train loss 2.293, train acc 0.136
epoch 6: test acc 0.093
epoch 7: train loss 2.070, train acc 0.215
epoch 7: test acc 0.495
epoch 8: train loss 0.447, train acc 0.925
epoch 8: test acc 1.000
epoch 9: train loss 0.037, train acc 1.000
epoch 9: test acc 1.000
epoch 10: train loss 0.016, train acc 1.000
epoch 10: test acc 1.000
loss 0.016, train acc 1.000, test acc 1.000
N examples/sec on cpu
"""

# Training in float32 from a plateau (the sigmoid LeNet, the CNN's first epochs) amplifies a rounding
# difference of the BLAS (OpenBLAS here, MKL-DNN in torch) past the printed digits within a few hundred
# steps: those programs, as written, are checked to run, to train (their own asserts) and to print
# torch's text with the same integers; the same program in float64 (these substitutions; nothing
# else changes) prints torch's float64 numbers to 1e-12, which checks every step of the computation.
FLOAT64_TWIN = {
    "nn_tutorial_cnn": [(".astype(np.float32)", ".astype(np.float64)"),
                        ("torch.manual_seed(0)\n", "torch.manual_seed(0)\ntorch.set_default_dtype(torch.float64)\n")],
    "d2l_lenet": [("dtype=torch.float32", "dtype=torch.float64"),
                  ("torch.manual_seed(0)\n", "torch.manual_seed(0)\ntorch.set_default_dtype(torch.float64)\n")],
}

NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?|-?\d+")
ADDRESS = re.compile(r"0x[0-9a-f]+")      # an object's address in its repr, as in <AddmmBackward0 object at 0x...>
SPEED = re.compile(r"[\d.]+ examples/sec")  # d2l's train_ch6 prints its throughput


def _normalise(out):
    return SPEED.sub("N examples/sec", ADDRESS.sub("0x...", out))


def _agree(got, want, floats=True):
    """Same text; numbers equal, or floats within one unit of their last printed digit (or, printed
    in full, within 1e-12 relative). floats=False: the floats are not compared, the integers are."""
    got = _normalise(got)
    if got == want:
        return True
    gs, ws = NUMBER.split(got), NUMBER.split(want)
    if gs != ws:
        return False
    for g, w in zip(NUMBER.findall(got), NUMBER.findall(want)):
        if g == w:
            continue
        if "." not in w or "." not in g:
            return False
        if not floats:
            continue
        digits = len(w.split(".")[1].split("e")[0])
        if abs(float(g) - float(w)) > 1.01 * 10.0 ** -digits and \
                not (digits >= 12 and abs(float(g) - float(w)) <= 1e-12 * abs(float(w))):
            return False
    return True


def _run(name, torch_itself=False, float64=False, tmp_path=None):
    script = os.path.join(COURSES, name + ".py")
    if float64:
        source = open(script, encoding="utf-8").read()
        for old, new in FLOAT64_TWIN[name]:
            assert old in source, old
            source = source.replace(old, new)
        script = str(tmp_path / (name + "_float64.py"))
        with open(script, "w", encoding="utf-8") as f:
            f.write(source)
    cmd = [sys.executable, script] if torch_itself else [sys.executable, "-m", "pyautograd.run", script]
    env = dict(os.environ, PYTHONPATH=PKG_PARENT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_course_program_prints_torchs_output(name):
    got = _run(name)
    assert _agree(got, EXPECTED[name], floats=name not in FLOAT64_TWIN), \
        "\n--- got\n%s\n--- torch\n%s" % (got, EXPECTED[name])


@pytest.mark.parametrize("name", sorted(FLOAT64_TWIN))
def test_course_program_in_float64_prints_torchs_numbers(name, tmp_path):
    got = _run(name, float64=True, tmp_path=tmp_path)
    assert _agree(got, EXPECTED64[name]), "\n--- got\n%s\n--- torch\n%s" % (got, EXPECTED64[name])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_expected_is_torchs_output(name):
    pytest.importorskip("torch")
    got = _normalise(_run(name, torch_itself=True))
    if name in FLOAT64_TWIN:    # torch's own float32 rounding may change with its thread count
        assert _agree(got, EXPECTED[name], floats=False)
    else:
        assert got == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(FLOAT64_TWIN))
def test_expected64_is_torchs_output(name, tmp_path):
    pytest.importorskip("torch")
    assert _agree(_run(name, torch_itself=True, float64=True, tmp_path=tmp_path), EXPECTED64[name])
