"""PyTorch's names for old and device code (issue 11 part 7): autograd.Variable, the typed tensor
classes (FloatTensor, LongTensor, ...: constructors, isinstance, Tensor.type), torch.device,
set_default_device / get_default_device, torch.accelerator, and the errors for a device that is not
there. Each case (tests/_torch_names_cases.py) gives the same value repr, or the same exception type and
text, as PyTorch 2.13's CPU build: recorded below from torch, and checked live against torch when it is
installed."""
import warnings

import pytest

import pyautograd
from _torch_names_cases import CASES, outcome

# recorded from torch 2.13.0+cpu (tests/_torch_names_cases.py run with torch)
RECORDED = {'BoolTensor([1, 0, 2.5])': ('ok', 'tensor([ True, False,  True])'),
 'ByteTensor([-1])': ('ok', 'tensor([255], dtype=torch.uint8)'),
 'ByteTensor([300])': ('RuntimeError', 'value cannot be converted to type uint8 without overflow'),
 'CharTensor([200])': ('RuntimeError', 'value cannot be converted to type int8 without overflow'),
 'FloatTensor repr': ('ok', '("<class \'torch.FloatTensor\'>", torch.float32, torch.int64, False)'),
 "FloatTensor('a')": ('TypeError', "new(): invalid data type 'str'"),
 "FloatTensor('a', 1, 2)": ('TypeError',
                            'new() received an invalid combination of arguments - got (str, int, int), but '
                            'expected one of:\n'
                            ' * (*, torch.device device = None)\n'
                            ' * (torch.Storage storage)\n'
                            ' * (Tensor other)\n'
                            ' * (tuple of ints size, *, torch.device device = None)\n'
                            "      didn't match because some of the arguments have invalid types: (!str!, !int!, "
                            '!int!)\n'
                            ' * (object data, *, torch.device device = None)\n'
                            "      didn't match because some of the arguments have invalid types: (!str!, !int!, "
                            '!int!)\n'),
 'FloatTensor((1, 2.5), 2)': ('TypeError',
                              'new() received an invalid combination of arguments - got (tuple, int), but '
                              'expected one of:\n'
                              ' * (*, torch.device device = None)\n'
                              "      didn't match because some of the arguments have invalid types: (!tuple of "
                              '(int, float)!, !int!)\n'
                              ' * (torch.Storage storage)\n'
                              ' * (Tensor other)\n'
                              ' * (tuple of ints size, *, torch.device device = None)\n'
                              ' * (object data, *, torch.device device = None)\n'),
 'FloatTensor((2, 3)) is data': ('ok', 'tensor([2., 3.])'),
 'FloatTensor()': ('ok', 'tensor([])'),
 'FloatTensor(0)': ('ok', 'tensor([])'),
 'FloatTensor(2, -3)': ('RuntimeError', 'Trying to create tensor with negative dimension -3: [2, -3]'),
 'FloatTensor(2, 2.5)': ('TypeError',
                         'new(): argument \'size\' failed to unpack the object at pos 2 with error "type must be '
                         'tuple of ints,but got float"'),
 'FloatTensor(2, 3)': ('ok', '(torch.Size([2, 3]), torch.float32)'),
 'FloatTensor(2, None)': ('TypeError',
                          'new(): argument \'size\' failed to unpack the object at pos 2 with error "type must be '
                          'tuple of ints,but got NoneType"'),
 'FloatTensor(2, device=cuda)': ('RuntimeError',
                                 'legacy constructor expects device type: cpu but device type: cuda was passed'),
 'FloatTensor(2.5)': ('TypeError', 'new(): data must be a sequence (got float)'),
 'FloatTensor(None)': ('TypeError', 'new(): data must be a sequence (got NoneType)'),
 'FloatTensor(Size)': ('ok', 'torch.Size([2, 3])'),
 'FloatTensor(True)': ('TypeError', 'new(): data must be a sequence (got bool)'),
 'FloatTensor([1, 2.5], 2)': ('TypeError',
                              'new() received an invalid combination of arguments - got (list, int), but expected '
                              'one of:\n'
                              ' * (*, torch.device device = None)\n'
                              "      didn't match because some of the arguments have invalid types: (!list of "
                              '[int, float]!, !int!)\n'
                              ' * (torch.Storage storage)\n'
                              ' * (Tensor other)\n'
                              ' * (tuple of ints size, *, torch.device device = None)\n'
                              ' * (object data, *, torch.device device = None)\n'),
 'FloatTensor([1, 2])': ('ok', 'tensor([1., 2.])'),
 'FloatTensor([1], device=cpu)': ('ok', 'tensor([1.])'),
 'FloatTensor([1], device=cpu, foo=)': ('TypeError',
                                        'new() received an invalid combination of arguments - got (list, foo=int, '
                                        'device=str), but expected one of:\n'
                                        ' * (*, torch.device device = None)\n'
                                        ' * (torch.Storage storage)\n'
                                        ' * (Tensor other)\n'
                                        ' * (tuple of ints size, *, torch.device device = None)\n'
                                        "      didn't match because some of the keywords were incorrect: foo, "
                                        'device\n'
                                        ' * (object data, *, torch.device device = None)\n'
                                        "      didn't match because some of the keywords were incorrect: foo, "
                                        'device\n'),
 'FloatTensor([1], device=cuda)': ('RuntimeError',
                                   'legacy constructor expects device type: cpu but device type: cuda was passed'),
 'FloatTensor([1], dtype=, requires_grad=)': ('TypeError',
                                              'new() received an invalid combination of arguments - got (list, '
                                              'requires_grad=bool, dtype=int), but expected one of:\n'
                                              ' * (*, torch.device device = None)\n'
                                              ' * (torch.Storage storage)\n'
                                              ' * (Tensor other)\n'
                                              ' * (tuple of ints size, *, torch.device device = None)\n'
                                              "      didn't match because some of the keywords were incorrect: "
                                              'requires_grad, dtype\n'
                                              ' * (object data, *, torch.device device = None)\n'
                                              "      didn't match because some of the keywords were incorrect: "
                                              'requires_grad, dtype\n'),
 'FloatTensor([1], requires_grad=)': ('TypeError',
                                      'new() received an invalid combination of arguments - got (list, '
                                      'requires_grad=bool), but expected one of:\n'
                                      ' * (*, torch.device device = None)\n'
                                      "      didn't match because some of the keywords were incorrect: "
                                      'requires_grad\n'
                                      ' * (torch.Storage storage)\n'
                                      ' * (Tensor other)\n'
                                      ' * (tuple of ints size, *, torch.device device = None)\n'
                                      ' * (object data, *, torch.device device = None)\n'),
 'FloatTensor([1j])': ('TypeError', 'must be real number, not complex'),
 'FloatTensor(float64 tensor)': ('TypeError',
                                 'expected TensorOptions(dtype=float, device=cpu, layout=Strided, '
                                 'requires_grad=false (default), pinned_memory=false (default), '
                                 'memory_format=(nullopt)) (got TensorOptions(dtype=double, device=cpu, '
                                 'layout=Strided, requires_grad=false (default), pinned_memory=false (default), '
                                 'memory_format=(nullopt)))'),
 'FloatTensor(long tensor)': ('TypeError',
                              'expected TensorOptions(dtype=float, device=cpu, layout=Strided, '
                              'requires_grad=false (default), pinned_memory=false (default), '
                              'memory_format=(nullopt)) (got TensorOptions(dtype=long int, device=cpu, '
                              'layout=Strided, requires_grad=false (default), pinned_memory=false (default), '
                              'memory_format=(nullopt)))'),
 'FloatTensor(ndarray int)': ('ok', 'tensor([1., 2.])'),
 'FloatTensor(np.int64(2), 1)': ('ok', 'torch.Size([2, 1])'),
 'FloatTensor(ragged)': ('ValueError', 'expected sequence of length 1 at dim 1 (got 2)'),
 'FloatTensor(range)': ('ok', 'tensor([0., 1., 2.])'),
 'FloatTensor(x) aliases': ('ok', '(False, True)'),
 'FloatTensor(x, device=cpu)': ('RuntimeError',
                                'Legacy tensor constructor of the form torch.Tensor(tensor, device=device) is not '
                                'supported.  Use torch.tensor(...) or torch.as_tensor(...) instead.'),
 "Linear(device='cuda')": ('AssertionError', 'Torch not compiled with CUDA enabled'),
 'Linear.cuda()': ('AssertionError', 'Torch not compiled with CUDA enabled'),
 "Linear.to('cpu')": ('ok', 'torch.Size([2, 2])'),
 "Linear.to('cuda')": ('AssertionError', 'Torch not compiled with CUDA enabled'),
 'LongTensor([1.7, 2])': ('ok', 'tensor([1, 2])'),
 'LongTensor(float tensor)': ('TypeError',
                              'expected TensorOptions(dtype=long int, device=cpu, layout=Strided, '
                              'requires_grad=false (default), pinned_memory=false (default), '
                              'memory_format=(nullopt)) (got TensorOptions(dtype=float, device=cpu, '
                              'layout=Strided, requires_grad=false (default), pinned_memory=false (default), '
                              'memory_format=(nullopt)))'),
 'Variable()': ('ok', 'tensor([])'),
 'Variable(5)': ('TypeError', 'Variable data has to be a tensor, but got int'),
 'Variable(foo=)': ('TypeError', "'foo' is an invalid keyword argument for this function"),
 'Variable(int tensor, requires_grad)': ('RuntimeError',
                                         'Only Tensors of floating point and complex dtype can require gradients'),
 'Variable(ndarray)': ('TypeError', 'Variable data has to be a tensor, but got numpy.ndarray'),
 'Variable(non-leaf)': ('ok', '(None, True, True)'),
 'Variable(volatile and requires_grad)': ('ValueError',
                                          "Variable can't be volatile and require_grad at the same time!"),
 'Variable(x) shares, new leaf': ('ok', '(False, False, True, True)'),
 'Variable(x, requires_grad=True)': ('ok', 'tensor([1., 1.], requires_grad=True)'),
 'accelerator': ('ok', '(False, None, None, 0)'),
 'accelerator.current_device_index()': ('RuntimeError',
                                        'Cannot access accelerator device when none is available.'),
 'accelerator.device_index(0)': ('RuntimeError', 'Cannot access accelerator device when none is available.'),
 'accelerator.device_index(None)': ('ok', 'None'),
 'accelerator.empty_cache()': ('RuntimeError', 'Cannot access accelerator device when none is available.'),
 'accelerator.memory_allocated()': ('RuntimeError', 'Cannot access accelerator device when none is available.'),
 'accelerator.set_device_index(0)': ('RuntimeError', 'Cannot access accelerator device when none is available.'),
 "accelerator.synchronize('cpu')": ('RuntimeError', 'Accelerator expected'),
 'accelerator.synchronize()': ('RuntimeError', 'Cannot access accelerator device when none is available.'),
 'cuda': ('ok', '(False, 0)'),
 'default device 0: get': ('RuntimeError', 'Cannot access accelerator device when none is available.'),
 'default device None': ('ok', "device(type='cpu')"),
 'default device cpu': ('ok', "(device(type='cpu'), device(type='cpu'))"),
 'default device cpu:0': ('ok', "device(type='cpu', index=0)"),
 'default device cuda: get': ('AssertionError', 'Torch not compiled with CUDA enabled'),
 'default device cuda: tensor': ('AssertionError', 'Torch not compiled with CUDA enabled'),
 'default device cuda: zeros': ('AssertionError', 'Torch not compiled with CUDA enabled'),
 'default device foo': ('RuntimeError',
                        'Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, '
                        'xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start of device '
                        'string: foo'),
 'default device torch.device': ('ok', "device(type='cpu')"),
 'device ==': ('ok', '(False, False, True, False, 2)'),
 'device as context': ('ok', "(device(type='cpu'), device(type='cpu'), None)"),
 'device not writable': ('AttributeError', "attribute 'index' of 'torch.device' objects is not writable"),
 'device reduce': ('ok', "('cpu', 0)"),
 "device('cpu ')": ('RuntimeError', "Invalid device string: 'cpu '"),
 "device('cpu', -1)": ('RuntimeError', 'Device index must not be negative'),
 "device('cpu', 0)": ('ok', "(device(type='cpu', index=0), 'cpu:0')"),
 "device('cpu:0', 0)": ('RuntimeError',
                        'type (string) must not include an index because index was passed explicitly: cpu:0'),
 "device('cpu:x')": ('RuntimeError', "Invalid device string: 'cpu:x'"),
 "device('cuda:1')": ('ok', "(device(type='cuda', index=1), 'cuda:1', 1)"),
 "device('xyz')": ('RuntimeError',
                   'Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, '
                   'lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start of device string: xyz'),
 'device()': ('TypeError',
              'device() received an invalid combination of arguments - got (), but expected one of:\n'
              ' * (torch.device device)\n'
              ' * (str type, int index = -1)\n'),
 'device(0)': ('RuntimeError', 'Cannot access accelerator device when none is available.'),
 'device(None)': ('TypeError',
                  'device() received an invalid combination of arguments - got (NoneType), but expected one of:\n'
                  ' * (torch.device device)\n'
                  "      didn't match because some of the arguments have invalid types: (!NoneType!)\n"
                  ' * (str type, int index = -1)\n'),
 'isinstance Variable': ('ok', '(True, True, False, False)'),
 'isinstance typed': ('ok', '(True, False, True, True, True, False, False, False)'),
 'new_zeros(device=cuda)': ('AssertionError', 'Torch not compiled with CUDA enabled'),
 'rand_like(device=cuda)': ('AssertionError', 'Torch not compiled with CUDA enabled'),
 'subclass FloatTensor': ('TypeError', "type 'torch.FloatTensor' is not an acceptable base type"),
 "t.type('foo')": ('ValueError', "invalid type: 'foo'"),
 "t.type('torch.ComplexFloatTensor')": ('ok', 'tensor([1.+0.j, 1.+0.j])'),
 "t.type('torch.DoubleTensor')": ('ok', 'tensor([1., 1.], dtype=torch.float64)'),
 "t.type('torch.float64')": ('ValueError', "invalid type: 'torch.float64'"),
 't.type() of every dtype': ('ok',
                             "['torch.HalfTensor', 'torch.FloatTensor', 'torch.DoubleTensor', 'torch.ByteTensor', "
                             "'torch.CharTensor', 'torch.ShortTensor', 'torch.IntTensor', 'torch.LongTensor', "
                             "'torch.BoolTensor', 'torch.ComplexFloatTensor', 'torch.ComplexDoubleTensor']"),
 't.type(3)': ('TypeError', 'dtype must be a type, str, or dtype object'),
 't.type(D) grad': ('ok', "'ToCopyBackward0'"),
 't.type(D, foo=)': ('TypeError', "type() got an unexpected keyword argument 'foo'"),
 't.type(DoubleTensor)': ('ok', 'tensor([1., 1.], dtype=torch.float64)'),
 't.type(dtype=LongTensor)': ('ok', 'tensor([1, 1])'),
 't.type(float)': ('ValueError', "invalid type: 'float'"),
 't.type(float64)': ('ok', 'tensor([1., 1.], dtype=torch.float64)'),
 't.type(same) is t': ('ok', '(True, True, True, True)'),
 'tensor(device=cuda)': ('AssertionError', 'Torch not compiled with CUDA enabled'),
 'the other classes': ('ok',
                       '[tensor([1.], dtype=torch.float16), tensor([1.], dtype=torch.float64), tensor([1], '
                       'dtype=torch.int16), tensor([1], dtype=torch.int32)]'),
 'typed classes': ('ok',
                   "['BoolTensor', 'ByteTensor', 'CharTensor', 'DoubleTensor', 'FloatTensor', 'HalfTensor', "
                   "'IntTensor', 'LongTensor', 'ShortTensor']"),
 "x.cuda('cpu')": ('RuntimeError', 'Invalid device, must be cuda device'),
 'x.cuda()': ('AssertionError', 'Torch not compiled with CUDA enabled'),
 'x.cuda(0)': ('RuntimeError', 'Cannot access accelerator device when none is available.'),
 "x.to('cuda')": ('AssertionError', 'Torch not compiled with CUDA enabled'),
 "x.to('mps')": ('RuntimeError', 'PyTorch is not linked with support for mps devices'),
 "x.to('xpu')": ('AssertionError', 'Torch not compiled with XPU enabled'),
 'x.to(1)': ('RuntimeError', 'Cannot access accelerator device when none is available.'),
 'x.to(cpu) is x': ('ok', '(True, True, True, torch.float64, False, -1)'),
 "x.to(device='cuda')": ('AssertionError', 'Torch not compiled with CUDA enabled'),
 'zeros(device=0)': ('RuntimeError', 'Cannot access accelerator device when none is available.'),
 'zeros(device=cpu:0)': ('ok', 'tensor([0., 0.])'),
 'zeros(device=cuda)': ('AssertionError', 'Torch not compiled with CUDA enabled'),
 'zeros(device=cuda:1)': ('AssertionError', 'Torch not compiled with CUDA enabled'),
 'zeros(device=foo)': ('RuntimeError',
                       'Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, '
                       'xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start of device '
                       'string: foo'),
 'zeros(device=xpu)': ('AssertionError', 'Torch not compiled with XPU enabled')}


def test_every_case_is_recorded():
    assert set(RECORDED) == set(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_as_recorded_from_torch(case):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert outcome(pyautograd, case) == RECORDED[case]


@pytest.mark.parametrize("case", sorted(CASES))
def test_as_torch_now(case):
    torch = pytest.importorskip("torch")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert outcome(pyautograd, case) == outcome(torch, case)


def test_variable_volatile_warns():
    x = pyautograd.ones(1)
    with pytest.warns(UserWarning, match="volatile was removed and now has no effect"):
        assert pyautograd.autograd.Variable(x, volatile=True).requires_grad is False


def test_typed_tensor_backward_through_the_alias():
    x = pyautograd.ones(2, requires_grad=True)
    y = pyautograd.FloatTensor(x * 3)
    y.sum().backward()
    assert x.grad.tolist() == [3.0, 3.0]


def test_accelerator_deprecated_names_warn():
    with pytest.warns(FutureWarning, match="Use `current_device_index` instead."):
        with pytest.raises(RuntimeError, match="Cannot access accelerator device when none is available."):
            pyautograd.accelerator.current_device_idx()
