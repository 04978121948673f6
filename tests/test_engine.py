"""Backward engine against PyTorch: accumulation, retain_graph, create_graph to third order,
autograd.grad options, backward(inputs=...), diamonds, multiple roots, hooks, in-place semantics.

Each case's expected output was recorded from PyTorch 2.13.0 (differential re-check with torch)."""
import warnings

import pytest

import pyautograd
from recorded import recorded_tests

# (code, what PyTorch 2.13.0 gives: the repr of the last line, or 'ErrorType: message')
CASES = [
    ('x = torch.ones(2, requires_grad=True)\ny = (x * x).sum()\ny.backward(retain_graph=True)\ny.backward()\nx.grad',
     'tensor([4., 4.])'),
    ('x = torch.tensor(1.5, requires_grad=True)\ny = x ** 4\ng1, = torch.autograd.grad(y, x, create_graph=True)\ng2, = torch.autograd.grad(g1, x, create_graph=True)\ng3, = torch.autograd.grad(g2, x, create_graph=True)\n(g1, g2, g3)',
     '(tensor(13.5000, grad_fn=<MulBackward0>), tensor(27., grad_fn=<MulBackward0>), tensor(36., grad_fn=<MulBackward0>))'),
    ('x = torch.tensor(0.5, requires_grad=True)\ny = x.sin()\ng1, = torch.autograd.grad(y, x, create_graph=True)\ng2, = torch.autograd.grad(g1, x, create_graph=True)\ng3, = torch.autograd.grad(g2, x)\n(g1, g2, g3)',
     '(tensor(0.8776, grad_fn=<MulBackward0>), tensor(-0.4794, grad_fn=<MulBackward0>), tensor(-0.8776))'),
    ('x = torch.ones(2, requires_grad=True)\nw = torch.ones(2, requires_grad=True)\ny = (x * 2).sum()\ntorch.autograd.grad(y, [x, w], allow_unused=True)',
     '(tensor([2., 2.]), None)'),
    ('x = torch.ones(2, requires_grad=True)\nw = torch.ones(2, requires_grad=True)\ny = (x * 2).sum()\ntorch.autograd.grad(y, [x, w], materialize_grads=True)',
     '(tensor([2., 2.]), tensor([0., 0.]))'),
    ('x = torch.ones(3, requires_grad=True)\ny = x * torch.tensor([1., 2., 3.])\ntorch.autograd.grad(y, x, grad_outputs=torch.tensor([1., 10., 100.]))',
     '(tensor([  1.,  20., 300.]),)'),
    ('x = torch.tensor(2., requires_grad=True)\nh = x * x\ny = h * 3\ntorch.autograd.grad(y, h)',
     '(tensor(3.),)'),
    ('x = torch.tensor(2., requires_grad=True)\nh = x * x\ny = h * h\n(torch.autograd.grad(y, [h, x]), x.grad)',
     '((tensor(8.), tensor(32.)), None)'),
    ('x = torch.tensor(2., requires_grad=True)\nw = torch.tensor(3., requires_grad=True)\ny = x * w\ny.backward(inputs=[w])\n(x.grad, w.grad)',
     '(None, tensor(2.))'),
    ('x = torch.tensor(2., requires_grad=True)\nh = x * 3\ny = h * h\ny.backward(inputs=[h])\n(x.grad, h.grad)',
     '(None, tensor(12.))'),
    ('x = torch.tensor(2., requires_grad=True)\nx.backward()\nx.grad',
     'tensor(1.)'),
    ('x = torch.tensor([1.], requires_grad=True)\n(x * 3).backward()\nx.grad',
     'tensor([3.])'),
    ('x = torch.tensor(3., requires_grad=True)\na = x * 2\nb = a.sin()\nc = a.cos()\n(b + c).backward()\nx.grad',
     'tensor(2.4792)'),
    ('x = torch.tensor(3., requires_grad=True)\ny1 = x * x\ny2 = x * 5\ntorch.autograd.backward([y1, y2])\nx.grad',
     'tensor(11.)'),
    ('x = torch.tensor(3., requires_grad=True)\ny1 = x * x\ny2 = x * 5\ntorch.autograd.backward([y1, y2], [torch.tensor(2.), torch.tensor(-1.)])\nx.grad',
     'tensor(7.)'),
    ('x = torch.tensor(3., requires_grad=True)\ny1 = x * x\ny2 = x * 5\ntorch.autograd.grad([y1, y2], x)',
     '(tensor(11.),)'),
    ('x = torch.tensor(3., requires_grad=True)\ny1 = x * x\ntorch.autograd.backward([y1, y1])\nx.grad',
     'tensor(12.)'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx.register_hook(lambda g: g * 10)\n(x * 3).sum().backward()\nx.grad',
     'tensor([30., 30.])'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 3\nseen = []\ny.register_hook(lambda g: seen.append(g.clone()))\ny.sum().backward()\n(seen, x.grad)',
     '([tensor([1., 1.])], tensor([3., 3.]))'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 3\ny.register_hook(lambda g: g * 0.5)\ny.retain_grad()\ny.sum().backward()\n(y.grad, x.grad)',
     '(tensor([0.5000, 0.5000]), tensor([1.5000, 1.5000]))'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 3\ny.retain_grad()\ny.register_hook(lambda g: g * 0.5)\ny.sum().backward()\n(y.grad, x.grad)',
     '(tensor([0.5000, 0.5000]), tensor([1.5000, 1.5000]))'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nh = x.register_hook(lambda g: g * 10)\nh.remove()\n(x * 3).sum().backward()\nx.grad',
     'tensor([3., 3.])'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x * 1\nz = y * 2\ny.add_(1)\nz.sum().backward()\nx.grad',
     'tensor([2., 2., 2.])'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nwith torch.no_grad():\n    x += 1\n    x[0] = 7.\n(x, x.requires_grad, x.is_leaf, x._version)',
     '(tensor([7., 3.], requires_grad=True), True, True, 2)'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 1\ny += x\n(y, y.grad_fn)',
     '(tensor([2., 4.], grad_fn=<AddBackward0>), <AddBackward0 object at 0x...>)'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 1\ny[0] = 5.\n(y, y.grad_fn)',
     '(tensor([5., 2.], grad_fn=<CopySlices>), <CopySlices object at 0x...>)'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 1\ny[0] = 5.\ny.sum().backward()\nx.grad',
     'tensor([0., 1.])'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 1\ny += x\ny.sum().backward()\nx.grad',
     'tensor([2., 2.])'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nw = torch.tensor(3., requires_grad=True)\ny = torch.zeros(2)\ny[1] = w * 2\ny.sum().backward()\n(y.grad_fn, w.grad)',
     '(<CopySlices object at 0x...>, tensor(2.))'),
    ('x = torch.tensor([1., 2.])\ny = x\ny += 1\nx',
     'tensor([2., 3.])'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\n(x * 2).sum().backward()\nx.grad.zero_()\n(x * 3).sum().backward()\nx.grad',
     'tensor([3., 3.])'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\n(x * 2).sum().backward()\ng = x.grad\n(x * 3).sum().backward()\n(g is x.grad, g)',
     '(True, tensor([5., 5.]))'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\n(x * 2).sum().backward()\nx.grad = None\n(x * 3).sum().backward()\nx.grad',
     'tensor([3., 3.])'),
    ('x = torch.ones(2, requires_grad=True)\ny = x * 2\ny.grad',
     'None'),
    ('x = torch.ones(2, requires_grad=True)\n(x * 2).sum().backward(create_graph=True)\nx.grad',
     'tensor([2., 2.])'),
    ('x = torch.ones(2, requires_grad=True)\ny = x.sum()\ny.backward(torch.tensor(2.))\nx.grad',
     'tensor([2., 2.])'),
    ('x = torch.ones(2, requires_grad=True)\ny = x.sum()\ntorch.autograd.grad(y, x, grad_outputs=[torch.tensor(1.), torch.tensor(1.)])',
     '(tensor([1., 1.]),)'),
    ('x = torch.ones(2, dtype=torch.float64, requires_grad=True)\ny = x.float().sum()\ny.backward()\n(x.grad, x.grad.dtype)',
     '(tensor([1., 1.], dtype=torch.float64), torch.float64)'),
    ('x = torch.tensor(2.).requires_grad_()\ny = torch.tensor(3.).requires_grad_()\n(x * x * y).backward(create_graph=True)\nx.grad.zero_()\nx.grad.backward()\nx.grad',
     'tensor(0., grad_fn=<ZeroBackward0>)'),
    ('x = torch.tensor(2.).requires_grad_()\ny = torch.tensor(3.).requires_grad_()\n(x * x * y).backward(create_graph=True)\nx.grad.data.zero_()\nx.grad.backward()\nx.grad',
     'tensor(6., grad_fn=<CopyBackwards>)'),
    ('x = torch.tensor(2.).requires_grad_()\n(x * x).backward(create_graph=True)\n(x.grad, x.grad.grad_fn.next_functions)',
     '(tensor(4., grad_fn=<CopyBackwards>), ((None, 0), (<AddBackward0 object at 0x...>, 0)))'),
    ('x = torch.tensor(2.).requires_grad_()\n(x * 3).backward(create_graph=True)\n(x * 3).backward(create_graph=True)\nx.grad',
     'tensor(6.)'),
    ('x = torch.tensor(2.).requires_grad_()\nx.backward(create_graph=True)\nx.grad',
     'tensor(1.)'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 1\ny.zero_()\ny',
     'tensor([0., 0.], grad_fn=<ZeroBackward0>)'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 1\ny.fill_(3.)\ny',
     'tensor([3., 3.], grad_fn=<FillBackward2>)'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 1\ny.fill_(torch.tensor(2.))\ny',
     'tensor([2., 2.], grad_fn=<FillBackward3>)'),
    ('w = torch.tensor(2., requires_grad=True)\ny = torch.zeros(2)\ny.fill_(w * 1)\ny.sum().backward()\n(y, w.grad)',
     '(tensor([2., 2.], grad_fn=<FillBackward3>), tensor(2.))'),
    ('x = torch.ones(2, requires_grad=True)\ny = x * 2\n(type(y.grad_fn).__name__, type((x + 1).grad_fn).__name__, type(x.sum().grad_fn).__name__)',
     "('MulBackward0', 'AddBackward0', 'SumBackward0')"),
    ('x = torch.ones(2, requires_grad=True)\nstr(type((x * 2).grad_fn))',
     '"<class \'MulBackward0\'>"'),
    ('x = torch.ones(2, requires_grad=True)\nn = (x * 2).grad_fn.next_functions[0][0]\n(str(type(n)), type(n).__name__)',
     '("<class \'AccumulateGrad\'>", \'AccumulateGrad\')'),
    ('x = torch.ones(2, 3, requires_grad=True)\nv = x.view(6)\n(v.grad_fn, v.is_leaf, v._version)',
     '(<ViewBackward0 object at 0x...>, False, 0)'),
    ('x = torch.ones(2, 3)\nv = x.view(6)\nv.add_(1)\n(x._version, v._version, x)',
     '(1, 1, tensor([[2., 2., 2.],\n        [2., 2., 2.]]))'),
    ('x = torch.ones(3, requires_grad=True)\nwith torch.no_grad():\n    x.mul_(3)\n(x, x.is_leaf, x.grad_fn, x._version)',
     '(tensor([3., 3., 3.], requires_grad=True), True, None, 1)'),
    ('x = torch.ones(3, requires_grad=True)\nwith torch.no_grad():\n    y = x * 2\ny.requires_grad_()\n(y, y.is_leaf)',
     '(tensor([2., 2., 2.], requires_grad=True), True)'),
    ('x = torch.ones(3, requires_grad=True)\ny = x.detach().requires_grad_()\n(y * 2).sum().backward()\n(x.grad, y.grad)',
     '(None, tensor([2., 2., 2.]))'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = torch.tensor([3., 4.])\nz = x * y\nz.sum().backward()\n(x.grad, y.grad, y.requires_grad)',
     '(tensor([3., 4.]), None, False)'),
    ('x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\nb = torch.tensor([1., 1.], requires_grad=True)\n(x + b).sum().backward()\n(x.grad, b.grad)',
     '(tensor([[1., 1.],\n        [1., 1.]]), tensor([2., 2.]))'),
    ('x = torch.tensor([[1.], [2.]], requires_grad=True)\ny = torch.tensor([1., 2., 3.], requires_grad=True)\n(x * y).sum().backward()\n(x.grad, y.grad)',
     '(tensor([[6.],\n        [6.]]), tensor([3., 3., 3.]))'),
    ('x = torch.tensor(2., requires_grad=True)\ny = torch.tensor([1., 2., 3.])\n(x * y).sum().backward()\nx.grad',
     'tensor(6.)'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x.sum()\ny.backward(torch.tensor(3.))\nx.grad',
     'tensor([3., 3.])'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x ** 2\ny.backward(gradient=torch.tensor([1., 0.5]))\nx.grad',
     'tensor([2., 2.])'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ntorch.autograd.backward(x.sum() * 2, inputs=x)\nx.grad',
     'tensor([2., 2.])'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = torch.tensor([3., 4.], requires_grad=True)\nz = (x * y).sum()\ng = torch.autograd.grad(z, [x, y], create_graph=True)\ng',
     '(tensor([3., 4.], grad_fn=<MulBackward0>), tensor([1., 2.], grad_fn=<MulBackward0>))'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = torch.tensor([3., 4.], requires_grad=True)\nz = (x * y).sum()\ngx, = torch.autograd.grad(z, x, create_graph=True)\ntorch.autograd.grad(gx.sum(), y)',
     '(tensor([1., 1.]),)'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\ny.retain_grad()\nz = y * 3\nz.retain_grad()\nz.sum().backward()\n(x.grad, y.grad, z.grad)',
     '(tensor([6., 6.]), tensor([3., 3.]), tensor([1., 1.]))'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\ny.retain_grad()\ny.sum().backward(retain_graph=True)\ny.sum().backward()\ny.grad',
     'tensor([2., 2.])'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x.exp()\nz = y.log()\nz.sum().backward()\nx.grad',
     'tensor([1., 1.])'),
    ('x = torch.tensor(3., requires_grad=True)\ny = x * x\nn = y.grad_fn\nn(torch.tensor(1.))',
     '(tensor(3., grad_fn=<MulBackward0>), tensor(3., grad_fn=<MulBackward0>))'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\n(x.grad_fn, x.requires_grad, x.is_leaf, x.grad_fn is None)',
     '(None, True, True, True)'),
    ('t = torch.Tensor([1, 2])\n(t, t.dtype)',
     '(tensor([1., 2.]), torch.float32)'),
    ('t = torch.Tensor(2, 3)\nt.shape',
     'torch.Size([2, 3])'),
    ('x = torch.tensor([1., 2.])\ny = x.new_tensor([3, 4])\n(y, y.dtype)',
     '(tensor([3., 4.]), torch.float32)'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x.clone().detach()\n(y.requires_grad, y.data_ptr() == x.data_ptr())',
     '(False, False)'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx.sum().backward()\nx.sum().backward()\nx.grad',
     'tensor([2., 2.])'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx.grad = torch.tensor([5., 5.])\nx.sum().backward()\nx.grad',
     'tensor([6., 6.])'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\ny.sum().backward()\nx.grad.requires_grad, x.grad.is_leaf, x.grad.grad_fn',
     '(False, True, None)'),
    ('x = torch.tensor(2., requires_grad=True)\nwith torch.enable_grad():\n    y = x * 2\ny.requires_grad',
     'True'),
    ('x = torch.tensor(2., requires_grad=True)\ntorch.set_grad_enabled(False)\ny = x * 2\ntorch.set_grad_enabled(True)\ny.requires_grad',
     'False'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x[1]\ny.backward()\nx.grad',
     'tensor([0., 1., 0.])'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x[[0, 0, 2]]\ny.sum().backward()\nx.grad',
     'tensor([2., 0., 1.])'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\nx[0]',
     'tensor(1., grad_fn=<SelectBackward0>)'),
    ('x = torch.tensor([1., 2., 3.], requires_grad=True)\nx[0].item()',
     '1.0'),
    ('x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\n(x @ x).sum().backward()\nx.grad',
     'tensor([[ 7., 11.],\n        [ 9., 13.]])'),
    ('x = torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True)\nw = torch.tensor([1., 2.], requires_grad=True)\n(x * w).sum().backward()\n(x.grad.dtype, w.grad.dtype, (x*w).dtype)',
     '(torch.float64, torch.float32, torch.float64)'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x.to(torch.float64)\ny.retain_grad()\ny.sum().backward()\n(y.grad, x.grad)',
     '(tensor([1., 1.], dtype=torch.float64), tensor([1., 1.]))'),
    ('x = torch.tensor([1.], requires_grad=True)\ny = x + 0\n(y is x, y.grad_fn)',
     '(False, <AddBackward0 object at 0x...>)'),
    ('x = torch.tensor([1., -1.], requires_grad=True)\nx.abs().sum().backward()\nx.grad',
     'tensor([ 1., -1.])'),
    ('x = torch.tensor([0., 1.], requires_grad=True)\nx.relu().sum().backward()\nx.grad',
     'tensor([0., 1.])'),
    ('x = torch.tensor([0., 4.], requires_grad=True)\nx.sqrt().sum().backward()\nx.grad',
     'tensor([   inf, 0.2500])'),
    ('x = torch.tensor([0.], requires_grad=True)\nx.norm().backward()\nx.grad',
     'tensor([0.])'),
    ('x = torch.tensor([3., 4.], requires_grad=True)\nx.norm().backward()\nx.grad',
     'tensor([0.6000, 0.8000])'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\nx.max().backward()\nx.grad',
     'tensor([0., 1.])'),
    ('x = torch.tensor([2., 2.], requires_grad=True)\nx.max().backward()\nx.grad',
     'tensor([0.5000, 0.5000])'),
    ('x = torch.tensor([1., 2.], requires_grad=True)\ny = x.sum()\ny.grad_fn.next_functions[0][0].variable',
     'tensor([1., 2.], requires_grad=True)'),
    ('x = torch.ones(2, 3, requires_grad=True)\ny = x * 1\nv = y[0]\nv.mul_(2)\n(y, y.grad_fn, v, v.grad_fn)',
     '(tensor([[2., 2., 2.],\n        [1., 1., 1.]], grad_fn=<CopySlices>), <CopySlices object at 0x...>, tensor([2., 2., 2.], grad_fn=<AsStridedBackward0>), <AsStridedBackward0 object at 0x...>)'),
    ('x = torch.ones(2, 3, requires_grad=True)\ny = x * 1\nv = y[0]\nv.mul_(2)\ny.sum().backward()\nx.grad',
     'tensor([[2., 2., 2.],\n        [1., 1., 1.]])'),
    ('x = torch.ones(2, 3, requires_grad=True)\ny = x * 1\nv = y[0]\nv.mul_(2)\nv.sum().backward()\nx.grad',
     'tensor([[2., 2., 2.],\n        [0., 0., 0.]])'),
    ('x = torch.ones(3, requires_grad=True)\ny = x * 1\nv = y[:2]\ny.add_(1)\nv.sum().backward()\nx.grad',
     'tensor([1., 1., 0.])'),
    ('x = torch.ones(3, requires_grad=True)\ny = x * 1\nv = y[:2]\ny.mul_(3)\n(v, v.grad_fn)',
     '(tensor([3., 3.], grad_fn=<AsStridedBackward0>), <AsStridedBackward0 object at 0x...>)'),
    ('x = torch.ones(2, 2, requires_grad=True)\ny = x * 1\ny[0] += 1\n(y, y.grad_fn)',
     '(tensor([[2., 2.],\n        [1., 1.]], grad_fn=<CopySlices>), <CopySlices object at 0x...>)'),
    ('x = torch.ones(2, 2, requires_grad=True)\ny = x * 1\ny[:, 1] *= 5\ny.sum().backward()\n(y, x.grad)',
     '(tensor([[1., 5.],\n        [1., 5.]], grad_fn=<CopySlices>), tensor([[1., 5.],\n        [1., 5.]]))'),
    ('w = torch.tensor(2., requires_grad=True)\ny = torch.zeros(3)\ny[1:].add_(w)\ny.sum().backward()\n(y, y.grad_fn, w.grad)',
     '(tensor([0., 2., 2.], grad_fn=<CopySlices>), <CopySlices object at 0x...>, tensor(2.))'),
    ('x = torch.ones(3, requires_grad=True)\ny = x * 2\nv = y[1:2]\nwith torch.no_grad():\n    v.mul_(10)\ny.sum().backward()\n(y, x.grad)',
     '(tensor([ 2., 20.,  2.], grad_fn=<MulBackward0>), tensor([2., 2., 2.]))'),
    ('x = torch.ones(4, requires_grad=True)\ny = x.sin()\nv = y[1:3]\nv.zero_()\ny.sum().backward()\nx.grad',
     'tensor([0.5403, 0.0000, 0.0000, 0.5403])'),
    ('x = torch.ones(2, 3, requires_grad=True)\ny = x * 1\nv = y[0]\nv.mul_(2)\nv.mul_(3)\ny.sum().backward()\n(y, x.grad, y._version, v._version)',
     '(tensor([[6., 6., 6.],\n        [1., 1., 1.]], grad_fn=<CopySlices>), tensor([[6., 6., 6.],\n        [1., 1., 1.]]), 2, 2)'),
    ('x = torch.ones(2, 3, requires_grad=True)\ny = x * 1\ny[0][1] = 5.\ny.sum().backward()\n(y, x.grad)',
     '(tensor([[1., 5., 1.],\n        [1., 1., 1.]], grad_fn=<CopySlices>), tensor([[1., 0., 1.],\n        [1., 1., 1.]]))'),
    ('x = torch.ones(2, 3, requires_grad=True)\nw = torch.tensor(4., requires_grad=True)\ny = x * 1\ny[1][2] = w * 2\ny.sum().backward()\n(y, x.grad, w.grad)',
     '(tensor([[1., 1., 1.],\n        [1., 1., 8.]], grad_fn=<CopySlices>), tensor([[1., 1., 1.],\n        [1., 1., 0.]]), tensor(2.))'),
    ('x = torch.ones(2, 3, requires_grad=True)\ny = x * 1\nv = y[:, 1:]\nv.exp_()\ny.sum().backward()\nx.grad',
     'tensor([[1.0000, 2.7183, 2.7183],\n        [1.0000, 2.7183, 2.7183]])'),
]


test_same_as_pytorch, test_recorded_outputs_are_pytorchs = recorded_tests(CASES)


# ---- hand-written checks ----------------------------------------------------------------------

def test_accumulation_12_18_6_as_seed_003():
    torch = pyautograd
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        x = torch.tensor(2.).requires_grad_()
        y = torch.tensor(3.).requires_grad_()
        (x * x * y).backward(create_graph=True)
        assert x.grad.item() == 12.0 and x.grad.grad_fn.name() == "torch::autograd::CopyBackwards"
        x.grad.backward()
        assert x.grad.item() == 18.0
        x.grad = None
        (x * x * y).backward(create_graph=True)
        x.grad.data.zero_()
        x.grad.backward()
        assert x.grad.item() == 6.0


def test_backward_create_graph_warns_once_like_pytorch():
    import pyautograd.autograd as ag
    ag._create_graph_warned.clear()
    x = pyautograd.tensor(2., requires_grad=True)
    with pytest.warns(UserWarning, match="Using backward\\(\\) with create_graph=True will create a reference cycle"):
        (x * x).backward(create_graph=True)


def test_third_order_derivatives_of_a_polynomial():
    torch = pyautograd
    x = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64, requires_grad=True)
    y = (x ** 5).sum()
    g1, = torch.autograd.grad(y, x, create_graph=True)
    g2, = torch.autograd.grad(g1.sum(), x, create_graph=True)
    g3, = torch.autograd.grad(g2.sum(), x)
    xs = x.detach()
    assert torch.allclose(g1, 5 * xs ** 4) and torch.allclose(g2, 20 * xs ** 3) and torch.allclose(g3, 60 * xs ** 2)


def test_diamond_gradients_add_up_once():
    torch = pyautograd
    x = torch.tensor(0.7, dtype=torch.float64, requires_grad=True)
    a = x.exp()
    b, c = a * 2, a * 3       # two paths through `a`, rule of `a` runs once
    calls = []
    a.grad_fn.register_hook(lambda gi, go: calls.append(1))
    (b + c).backward()
    assert calls == [1]
    assert abs(x.grad.item() - 5 * torch.exp(x.detach()).item()) < 1e-12


def test_wide_fan_in_and_deep_branches():
    torch = pyautograd
    x = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
    total = x * 0
    for i in range(200):
        total = total + x * i
    total.backward()
    assert x.grad.item() == sum(range(200))


def test_grad_does_not_touch_dot_grad():
    torch = pyautograd
    x = torch.tensor([1., 2.], requires_grad=True)
    y = (x * x).sum()
    g, = torch.autograd.grad(y, x)
    assert x.grad is None and g.tolist() == [2., 4.]


def test_hook_order_and_replacement():
    torch = pyautograd
    x = torch.tensor([1., 2.], requires_grad=True)
    y = x * 2
    order = []
    y.register_hook(lambda g: order.append("a") or g + 1)
    y.register_hook(lambda g: order.append("b") or g * 10)
    y.sum().backward()
    assert order == ["a", "b"]
    assert x.grad.tolist() == [40.0, 40.0]   # ((1 + 1) * 10) * 2


def test_post_hook_on_accumulate_grad_node():
    torch = pyautograd
    x = torch.tensor([1., 2.], requires_grad=True)
    y = x * 3
    acc = y.grad_fn.next_functions[0][0]
    seen = []
    acc.register_hook(lambda grad_inputs, grad_outputs: seen.append(grad_outputs[0].tolist()))
    y.sum().backward()
    assert seen == [[3.0, 3.0]]


def test_retain_graph_then_free():
    torch = pyautograd
    x = torch.tensor(3., requires_grad=True)
    y = x.exp()
    y.backward(retain_graph=True)
    y.backward(retain_graph=True)
    y.backward()
    assert abs(x.grad.item() - 3 * torch.exp(torch.tensor(3.)).item()) < 1e-3
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        y.backward()


def test_setitem_records_copy_slices():
    torch = pyautograd
    x = torch.tensor([1., 2., 3.], requires_grad=True)
    y = x * 1
    y[1] = x[0] * 10
    y.sum().backward()
    assert x.grad.tolist() == [11.0, 0.0, 1.0]


def test_grad_never_aliases_user_tensors():
    """.grad is accumulated in place: it must never be a tensor the user still holds."""
    torch = pyautograd
    x = torch.ones(2, requires_grad=True)
    v = torch.ones(2)
    x.backward(v)
    x.backward(v)
    assert v.tolist() == [1.0, 1.0] and x.grad is not v and x.grad.tolist() == [2.0, 2.0]
    x = torch.ones(2, requires_grad=True)
    seen = []
    x.register_hook(lambda g: seen.append(g))
    (x * 1).backward(torch.ones(2))
    (x * 1).backward(torch.ones(2))
    assert [s.tolist() for s in seen] == [[1.0, 1.0], [1.0, 1.0]] and x.grad.tolist() == [2.0, 2.0]
