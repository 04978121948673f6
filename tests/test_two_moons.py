"""The two-moons example trains to > 95% training accuracy (imports the example's functions)."""
import io
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples"))
import train_two_moons as ex  # noqa: E402


def test_data_is_deterministic_and_balanced():
    X, y = ex.make_moons(200, noise=0.2, seed=0)
    X2, y2 = ex.make_moons(200, noise=0.2, seed=0)
    assert X.shape == (200, 2) and X.dtype == np.float32 and y.dtype == np.int64
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert y.sum() == 100


def test_training_reaches_95_percent():
    X, y = ex.make_moons(200, noise=0.2, seed=0)
    out = io.StringIO()
    model, losses, accs = ex.train(X, y, epochs=200, lr=0.05, stream=out)
    assert ex.accuracy(model, X, y) > 0.95
    assert accs[-1] > 0.95
    assert losses[-1] < 0.5 * losses[0]
    text = out.getvalue()
    assert "epoch 200/200 [####################] loss" in text and "acc" in text


def test_progress_bar_format():
    assert ex.progress_bar(120, 200, 0.123, 0.97) == "epoch 120/200 [############........] loss 0.123 acc 97.0%"


def test_main_prints_plot_path_or_skip(tmp_path, capsys):
    out = tmp_path / "moons.png"
    ex.main(["--epochs", "30", "--out", str(out)])
    text = capsys.readouterr().out
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert "plot skipped: matplotlib is not installed" in text
        assert not out.exists()
    else:
        assert "plot saved to" in text and out.exists() and out.stat().st_size > 1000
