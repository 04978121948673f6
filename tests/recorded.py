"""Cases recorded from PyTorch 2.13: a snippet whose last line's repr (or error) is compared.

A test module lists CASES = [(code, expected), ...] and gets its two tests with
`test_same_as_pytorch, test_recorded_outputs_are_pytorchs = recorded_tests(CASES)`:
the first runs every case on pyautograd, the second (when torch is installed) checks
that the recorded expectations are what PyTorch itself gives.
"""
import re
import warnings

import pytest

import pyautograd


def _mask(text):
    return re.sub(r"0x[0-9a-f]+", "0x...", text)


def _pytorchs_part(text):
    """pyautograd's text without what it adds to PyTorch's: the version error's closing "It was
    last changed by ..." sentence (tests/test_errors.py checks that part)."""
    return re.sub(r" It was last changed by [^\n]*\.$", "", text)


def run_case(torch, code):
    """Run `code` with `torch` bound; the last line's repr, or 'ErrorType: message'."""
    ns = {"torch": torch}
    lines = code.strip("\n").split("\n")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec("\n".join(lines[:-1]), ns)
            result = eval(lines[-1], ns)
        return _mask(repr(result))
    except Exception as e:  # the error is the expected output of some cases
        return "%s: %s" % (type(e).__name__, _mask(str(e)))


def recorded_tests(cases):
    @pytest.mark.parametrize("code,expected", cases, ids=[c.split("\n")[-1][:40] for c, _ in cases])
    def test_same_as_pytorch(code, expected):
        assert _pytorchs_part(run_case(pyautograd, code)) == expected

    def test_recorded_outputs_are_pytorchs():
        """Differential: the recorded expectations are what PyTorch itself gives."""
        torch = pytest.importorskip("torch")
        wrong = [(code, expected, got) for code, expected in cases
                 for got in [run_case(torch, code)] if got != expected]
        assert not wrong

    return test_same_as_pytorch, test_recorded_outputs_are_pytorchs
