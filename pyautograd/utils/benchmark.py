"""torch.utils.benchmark's Timer and Measurement, over timeit (the PyTorch tutorials time with them).

    t = Timer(stmt="f(x)", globals={"f": f, "x": x})
    m = t.timeit(500)            # one measurement of 500 runs
    m = t.blocked_autorange()    # measurements of blocks of runs for at least min_run_time
    m.times, m.mean, m.median, m.iqr

pyautograd runs on the CPU and its own threads are NumPy's, so num_threads is recorded, not set."""
import math
import statistics
import timeit as _timeit

__all__ = ["Timer", "Measurement", "TaskSpec"]


class TaskSpec:
    """What was timed: the statement, its setup and labels."""

    def __init__(self, stmt, setup, global_setup="", label=None, sub_label=None, description=None, env=None,
                 num_threads=1):
        self.stmt, self.setup, self.global_setup = stmt, setup, global_setup
        self.label, self.sub_label, self.description, self.env = label, sub_label, description, env
        self.num_threads = num_threads

    @property
    def title(self):
        if self.label is not None:
            return self.label + (": " + self.sub_label if self.sub_label else "")
        return self.stmt


def _unit(seconds):
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9)):
        if seconds >= scale or unit == "ns":
            return unit, scale


def _fmt(seconds):
    unit, scale = _unit(seconds)
    return "%.2f %s" % (seconds / scale, unit)


class Measurement:
    """The result of timing: `times` holds the time per run of each measurement (seconds)."""

    def __init__(self, number_per_run, raw_times, task_spec, metadata=None):
        self.number_per_run = number_per_run
        self.raw_times = list(raw_times)
        self.task_spec = task_spec
        self.metadata = metadata

    @property
    def times(self):
        return [t / self.number_per_run for t in self.raw_times]

    @property
    def mean(self):
        return statistics.mean(self.times)

    @property
    def median(self):
        return statistics.median(self.times)

    @property
    def iqr(self):
        ts = sorted(self.times)
        if len(ts) < 2:
            return 0.0
        q = statistics.quantiles(ts, n=4, method="inclusive")
        return q[2] - q[0]

    @property
    def significant_figures(self):
        """Figures the spread allows (torch's rule: 1 for a single measurement)."""
        if len(self.times) < 2 or self.median <= 0:
            return 1
        rel = self.iqr / self.median
        return max(1, min(5, int(-math.log10(rel)) + 1 if rel > 0 else 5))

    @property
    def title(self):
        return self.task_spec.title

    @property
    def stmt(self):
        return self.task_spec.stmt

    @property
    def label(self):
        return self.task_spec.label

    @property
    def description(self):
        return self.task_spec.description

    def __repr__(self):
        lines = ["<%s.%s object at %#x>" % ("torch.utils.benchmark.utils.common", "Measurement", id(self)),
                 self.title]
        if self.task_spec.description:
            lines.append(self.task_spec.description)
        n = len(self.raw_times)
        threads = "%d thread%s" % (self.task_spec.num_threads, "" if self.task_spec.num_threads == 1 else "s")
        if n == 1:
            lines.append("  " + _fmt(self.times[0]))
            lines.append("  1 measurement, %d runs , %s" % (self.number_per_run, threads))
        else:
            ts = sorted(self.times)
            q = statistics.quantiles(ts, n=4, method="inclusive")
            lines.append("  Median: " + _fmt(self.median))
            unit, scale = _unit(q[2] - q[0])
            lines.append("  IQR:    %.2f %s (%.2f to %.2f)" % ((q[2] - q[0]) / scale, unit, q[0] / scale, q[2] / scale))
            lines.append("  %d measurements, %d runs per measurement, %s" % (n, self.number_per_run, threads))
        return "\n".join(lines)

    __str__ = __repr__


class Timer:
    """torch.utils.benchmark.Timer: times `stmt` (a string run with `globals`, after `setup`)."""

    def __init__(self, stmt="pass", setup="pass", global_setup="", timer=None, globals=None, label=None,
                 sub_label=None, description=None, env=None, num_threads=1, language=None):
        import time
        if not isinstance(stmt, str):
            raise ValueError("Currently only a `str` stmt is supported.")
        self._task_spec = TaskSpec(stmt, setup, global_setup, label, sub_label, description, env, num_threads)
        self._globals = dict(globals or {})
        self._timer = _timeit.Timer(stmt=stmt, setup=setup, timer=timer or time.perf_counter, globals=self._globals)

    def timeit(self, number=1000000):
        """One measurement of `number` runs (after a warm-up run)."""
        self._timer.timeit(number=max(int(number // 100), 2))
        return Measurement(number, [self._timer.timeit(number=number)], self._task_spec)

    def _block_size(self):
        number = 1
        while True:
            t = self._timer.timeit(number=number)
            if t >= 0.01 or number >= 10 ** 7:
                return number
            number *= 10

    def blocked_autorange(self, callback=None, min_run_time=0.2):
        """Measurements of blocks of runs (each block about 10 ms or more) until min_run_time."""
        number = self._block_size()
        raw, total = [], 0.0
        while total < min_run_time or len(raw) < 3:
            t = self._timer.timeit(number=number)
            if callback is not None:
                callback(number, t)
            raw.append(t)
            total += t
        return Measurement(number, raw, self._task_spec)

    def adaptive_autorange(self, threshold=0.1, *, min_run_time=0.01, max_run_time=10.0, callback=None):
        """Blocks of runs until the IQR / median falls below threshold or max_run_time passes."""
        number = self._block_size()
        raw, total = [], 0.0
        while True:
            t = self._timer.timeit(number=number)
            if callback is not None:
                callback(number, t)
            raw.append(t)
            total += t
            m = Measurement(number, raw, self._task_spec)
            if total >= min_run_time and len(raw) >= 3 and (m.iqr / m.median < threshold or total >= max_run_time):
                return m
