"""Autograd misuse gives PyTorch's exact error type and text (recorded from PyTorch 2.13.0;
differential re-check with torch), and leaves the state unchanged."""

import pytest

import pyautograd
from recorded import recorded_tests

# (code, what PyTorch 2.13.0 gives: the repr of the last line, or 'ErrorType: message')
CASES = [
    ('x = torch.ones(2, requires_grad=True)\ny = (x * x).sum()\ny.backward()\ny.backward()',
     'RuntimeError: Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.'),
    ('x = torch.ones(2, requires_grad=True)\ny = (x * 2).sum()\ny.backward()\ny.backward()\nx.grad',
     'RuntimeError: Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.'),
    ('x = torch.ones(2, requires_grad=True)\ny = x.exp().sum()\ntorch.autograd.grad(y, x)\ntorch.autograd.grad(y, x)',
     'RuntimeError: Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.'),
    ('x = torch.ones(2, requires_grad=True)\nw = torch.ones(2, requires_grad=True)\ny = (x * 2).sum()\ntorch.autograd.grad(y, [x, w])',
     'RuntimeError: The differentiated Tensor at index 1 appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.'),
    ('x = torch.ones(2, requires_grad=True)\nw = torch.ones(2, requires_grad=True)\ny = (x * 2).sum()\ntorch.autograd.grad(y, [x, w], allow_unused=False, materialize_grads=True)',
     'ValueError: Expected allow_unused to be True or not passed when materialize_grads=True, but got: allow_unused=False.'),
    ('x = torch.ones(3, requires_grad=True)\ny = x * 2\ntorch.autograd.grad(y, x, grad_outputs=torch.ones(2))',
     'RuntimeError: Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([3]).'),
    ('x = torch.ones(3, requires_grad=True)\ny = x * 2\ny.backward(torch.ones(2))',
     'RuntimeError: Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([3]).'),
    ('x = torch.ones(3, requires_grad=True)\ny = x * 2\ny.backward(torch.ones(2, 3))',
     'RuntimeError: Mismatch in shape: grad_output[0] has a shape of torch.Size([2, 3]) and output[0] has a shape of torch.Size([3]).'),
    ('x = torch.ones(3, requires_grad=True)\ny = x * 2\ntorch.autograd.grad(y, x)',
     'RuntimeError: grad can be implicitly created only for scalar outputs'),
    ('x = torch.tensor(2., requires_grad=True)\ny = x * 3\ny.backward(inputs=[])',
     'RuntimeError: `inputs` argument to `backward()` cannot be empty.'),
    ('x = torch.tensor(2.)\ny = x * 3\ny.backward()',
     'RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn'),
    ('x = torch.tensor(2.)\ntorch.autograd.grad(x * 3, x)',
     'RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn'),
    ('x = torch.tensor(2., requires_grad=True)\ny = torch.tensor(1.)\ntorch.autograd.grad(x * 3, y)',
     'RuntimeError: One of the differentiated Tensors does not require grad'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\n(x + 1).backward()',
     'RuntimeError: grad can be implicitly created only for scalar outputs'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ntorch.autograd.grad(x + 1, x)',
     'RuntimeError: grad can be implicitly created only for scalar outputs'),
    ('x = torch.tensor([1., 2.])\nx.register_hook(lambda g: g)',
     "RuntimeError: cannot register a hook on a tensor that doesn't require gradient"),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x.sin()\nz = y.sin()\ny.mul_(2)\nz.sum().backward()',
     'RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]], which is output 0 of Mul, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x.exp()\ny.add_(1)\ny.sum().backward()',
     'RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]], which is output 0 of Exp, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x * 1\nz = y * y\ny.add_(1)\nz.sum().backward()',
     'RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]], which is output 0 of Add, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).'),
    ('x = torch.tensor([1., 2., 3.], dtype=torch.float64, requires_grad=True)\ny = x.sin()\nz = y.cos()\ny[0] = 0.\nz.sum().backward()',
     'RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation: [torch.DoubleTensor [3]], which is output 0 of torch::autograd::CopySlices, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).'),
    ('x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\ny = x.sin()\nz = y.sin()\ny += 1\nz.sum().backward()',
     'RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2, 2]], which is output 0 of Add, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x * 2\ny.add_(1)\ny.mul_(y)\ny.sum().backward()\nx.grad',
     'RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]], which is output 0 of Mul, is at version 2; expected version 1 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx += 1',
     'SyntaxError: invalid syntax (<string>, line 1)'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx[0] = 5.',
     'SyntaxError: invalid syntax (<string>, line 1)'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx.zero_()',
     'RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.'),
    ('x = torch.tensor([1, 2])\nx += 1.5',
     'SyntaxError: invalid syntax (<string>, line 1)'),
    ('x = torch.ones(3)\nx.add_(torch.ones(2, 3))',
     "RuntimeError: output with shape [3] doesn't match the broadcast shape [2, 3]"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx.grad = torch.ones(3)',
     'SyntaxError: invalid syntax (<string>, line 1)'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx.grad = torch.ones(2, dtype=torch.float64)',
     'SyntaxError: invalid syntax (<string>, line 1)'),
    ('torch.tensor([1., 2.]).item()',
     'RuntimeError: a Tensor with 2 elements cannot be converted to Scalar'),
    ('torch.tensor([1., 2.], requires_grad=True).numpy()',
     "RuntimeError: Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead."),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx.grad_fn.next_functions',
     "AttributeError: 'NoneType' object has no attribute 'next_functions'"),
    ('x = torch.ones(2, requires_grad=True)\ny = x.sum()\ny.backward(2.0)',
     "TypeError: 'float' object is not iterable"),
    ('x = torch.tensor(2., requires_grad=True)\nwith torch.no_grad():\n    y = x * 2\ny.backward()',
     'RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn'),
    ('x = torch.tensor(2., requires_grad=True)\ny = x.detach() * 2\ny.backward()',
     'RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn'),
    ('x = torch.tensor([1., 2.])\ny = torch.tensor([1., 2.], requires_grad=True)\ntorch.autograd.grad((y * 2).sum(), x)',
     'RuntimeError: One of the differentiated Tensors does not require grad'),
    ('torch.tensor([1, 2]).sum().backward()',
     'RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx.grad.backward()',
     "AttributeError: 'NoneType' object has no attribute 'backward'"),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx.grad = [1., 2.]',
     'SyntaxError: invalid syntax (<string>, line 1)'),
    ('x = torch.tensor(2., requires_grad=True)\ny = x * 2\ny.backward(torch.tensor([1., 2.]))',
     'RuntimeError: Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([]).'),
    ('x = torch.tensor(2., requires_grad=True)\ny = x * 2\ntorch.autograd.grad(y, x, grad_outputs=torch.tensor([1., 2.]))',
     'RuntimeError: Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([]).'),
    ('x = torch.tensor([[1., 2.]], requires_grad=True)\nx.numpy()',
     "RuntimeError: Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead."),
    ('torch.zeros(2, 2).item()',
     'RuntimeError: a Tensor with 4 elements cannot be converted to Scalar'),
    ('torch.tensor([1., 2.], requires_grad=True).sin().numpy()',
     "RuntimeError: Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead."),
    ('x = torch.tensor(2., requires_grad=True)\ny = x * 2\ny.backward()\ny.backward()',
     'RuntimeError: Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.'),
    ('x = torch.tensor(2., requires_grad=True)\ny = x.exp()\ny.backward()\ny.backward()',
     'RuntimeError: Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.'),
    ('x = torch.tensor(2., requires_grad=True)\ny = x.exp()\ny.backward()\ntorch.autograd.grad(y, x)',
     'RuntimeError: Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * x\nz = y.sum()\nz.backward()\n(y * 1).sum().backward()',
     'RuntimeError: Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x.detach()\ny.sum().backward()',
     'RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx.sin_()',
     'RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx.add_(1)',
     'RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx.copy_(torch.zeros(2))',
     'RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx.fill_(2.)',
     'RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx.mul_(2)',
     'RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx *= 2',
     'SyntaxError: invalid syntax (<string>, line 1)'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx[:] = 0',
     'SyntaxError: invalid syntax (<string>, line 1)'),
    ("x = torch.tensor([1., 2.], requires_grad=True)\nx.requires_grad = 'yes'\nx.requires_grad",
     'RuntimeError: requires_grad must be a bool'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\nbool(y)',
     'RuntimeError: Boolean value of Tensor with more than one value is ambiguous'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nw = torch.tensor(1., requires_grad=True)\ntorch.autograd.grad(x.sum(), [x, w], allow_unused=False)',
     'RuntimeError: The differentiated Tensor at index 1 appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ntorch.autograd.grad(x.sum(), [])',
     'RuntimeError: `inputs` argument to `grad()` cannot be empty.'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx.requires_grad_(False)\nx.sum().backward()',
     'RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn'),
    ('x = torch.ones(3, requires_grad=True)\nx[0].mul_(2)',
     'RuntimeError: a view of a leaf Variable that requires grad is being used in an in-place operation.'),
    ('x = torch.ones(3, requires_grad=True)\nv = x[1:]\nv.add_(1)',
     'RuntimeError: a view of a leaf Variable that requires grad is being used in an in-place operation.'),
    ('x = torch.ones(4, requires_grad=True)\ny = x.exp()\nv = y[1:3]\nv.add_(1)\ny.sum().backward()',
     'RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [4]], which is output 0 of Exp, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).'),
]


test_same_as_pytorch, test_recorded_outputs_are_pytorchs = recorded_tests(CASES)


# ---- misuse leaves the state unchanged ----------------------------------------------------------

def test_leaf_inplace_error_changes_nothing():
    x = pyautograd.tensor([1., 2.], requires_grad=True)
    for f in (lambda: x.add_(1), lambda: x.sin_(), lambda: x.__setitem__(0, 5.), lambda: x.zero_()):
        with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place"):
            f()
    assert x.tolist() == [1.0, 2.0] and x._version == 0 and x.is_leaf and x.grad_fn is None


def test_shape_mismatch_error_changes_nothing():
    x = pyautograd.tensor([1., 2., 3.], requires_grad=True)
    y = x * 2
    with pytest.raises(RuntimeError, match=r"Mismatch in shape: grad_output\[0\] has a shape of "
                                           r"torch.Size\(\[2\]\) and output\[0\] has a shape of torch.Size\(\[3\]\)."):
        y.backward(pyautograd.ones(2))
    assert x.grad is None
    y.backward(pyautograd.ones(3))          # the graph was not consumed by the failed call
    assert x.grad.tolist() == [2.0, 2.0, 2.0]


def test_version_error_text_is_pytorchs():
    x = pyautograd.tensor([1., 2., 3.], requires_grad=True)
    y = x.sin()
    z = y.sin()
    with pyautograd.no_grad():
        y.add_(1)
    with pytest.raises(RuntimeError) as info:
        z.sum().backward()
    # PyTorch's text, then what it does not say: the in-place op that changed the tensor last
    assert str(info.value) == (
        "one of the variables needed for gradient computation has been modified by an inplace operation: "
        "[torch.FloatTensor [3]], which is output 0 of Sin, is at version 1; expected version 0 instead. "
        "Hint: enable anomaly detection to find the operation that failed to compute its gradient, with "
        "torch.autograd.set_detect_anomaly(True, check_nan=False). It was last changed by the in-place op add_.")
    assert x.grad is None


@pytest.mark.parametrize("change,named", [
    ("y.mul_(3)", "the in-place op mul_"), ("y += 1", "the in-place op add_"),
    ("y[1:].zero_()", "the in-place op zero_"), ("y.clamp_min_(0.5)", "the in-place op clamp_min_"),
    ("y.sigmoid_()", "the in-place op sigmoid_")])
def test_version_error_names_the_change(change, named):
    ns = {"torch": pyautograd}
    exec("x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x * 2\nz = y.sin()\n" + change, ns)
    with pytest.raises(RuntimeError, match="It was last changed by %s\\.$" % named):
        ns["z"].sum().backward()


def test_version_error_under_anomaly_gives_the_lines():
    torch = pyautograd
    x = torch.tensor([1., 2.], requires_grad=True)
    with torch.autograd.set_detect_anomaly(True, check_nan=False):
        a = x * 2
        b = a.sin()                     # saves a
        line_saved = __import__("inspect").currentframe().f_lineno - 1
        a.mul_(3)
        line_changed = __import__("inspect").currentframe().f_lineno - 1
        with pytest.warns(UserWarning, match="Error detected in SinBackward0"):
            with pytest.raises(RuntimeError) as info:
                b.sum().backward()
    text = str(info.value)
    assert text.startswith("one of the variables needed for gradient computation has been modified by an inplace "
                           "operation: [torch.FloatTensor [2]], which is output 0 of Mul, is at version 1")
    assert ("It was last changed by the in-place op mul_ at %s:%d" % (__file__, line_changed)) in text
    assert ('the tensor was saved by the forward call (File "%s", line %d' % (__file__, line_saved)) in text


def test_anomaly_mode_names_the_failing_node_and_checks_nan():
    torch = pyautograd
    x = torch.tensor([-1., 2.], requires_grad=True)
    with pytest.warns(UserWarning, match="Anomaly Detection has been enabled"):
        mode = torch.autograd.detect_anomaly()
    with mode:
        assert torch.autograd.is_anomaly_enabled()
        y = x.sqrt()                                   # records this line as the forward traceback
        assert "traceback_" in y.grad_fn.metadata
        with pytest.warns(UserWarning, match="(?s)Error detected in SqrtBackward0. Traceback of forward call that "
                                             "caused the error:\n.*test_errors.py"):
            with pytest.raises(RuntimeError, match="^Function 'SqrtBackward0' returned nan values in its 0th "
                                                   "output.$"):
                y.sum().backward()
    assert not torch.autograd.is_anomaly_enabled()
    assert x.grad is None


def test_anomaly_mode_changes_the_version_error_hint():
    torch = pyautograd
    x = torch.tensor([1., 2.], requires_grad=True)
    with torch.autograd.set_detect_anomaly(True, check_nan=False):
        a = x.sin()
        b = a.sin()
        with torch.no_grad():
            a.add_(1)
        with pytest.warns(UserWarning, match="Error detected in SinBackward0"):
            with pytest.raises(RuntimeError, match="which is output 0 of Sin, is at version 1; expected version 0 "
                                                   "instead. Hint: the backtrace further above shows the operation "
                                                   "that failed to compute its gradient. The variable in question "
                                                   "was changed in there or anywhere later. Good luck!"):
                b.sum().backward()
    assert not torch.autograd.is_anomaly_enabled()


