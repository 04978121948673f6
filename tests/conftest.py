"""Fixtures shared by the test modules."""
import pytest


@pytest.fixture(scope="module")
def torch_one_thread():
    """torch at one thread for a module of torch comparisons on tiny inputs (its thread pool costs
    ~20 ms a call on a shared machine); nothing where torch is absent. A module opts in with
    `pytestmark = pytest.mark.usefixtures("torch_one_thread")`."""
    try:
        import torch
    except ImportError:
        yield
        return
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)
