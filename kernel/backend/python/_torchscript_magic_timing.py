"""%time, %%time, %timeit and %%timeit, with IPython's options and output formats."""

import math
import time
import timeit as _timeit

import __main__
from _torchscript_magic_support import UsageError

__tracebackhide__ = True


def time_line(line, globals_, locals_):
    """%time STATEMENT: runs it once and prints CPU and wall time; an expression's value is
    returned, as IPython's %time returns it."""
    source = line.strip()
    if not source:
        raise UsageError("%time needs a statement: %time f(x)")
    began = time.perf_counter()
    try:
        code, is_expression = compile(source, "<timed exec>", "eval"), True
    except SyntaxError:
        code, is_expression = compile(source, "<timed exec>", "exec"), False
    compile_time = time.perf_counter() - began

    def run():
        return eval(code, globals_, locals_) if is_expression else exec(code, globals_, locals_)

    return _timed(run, compile_time)


def time_cell(line, cell):
    """%%time: runs the cell once and prints CPU and wall time; returns its last value."""
    return _timed(cell.run_all, 0.0)


def _timed(run, compile_time):
    wall, cpu = time.perf_counter(), time.process_time()
    value = run()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    # WebAssembly has no separate system time: all CPU time is the user's.
    print(f"CPU times: user {format_time(cpu)}, sys: {format_time(0.0)}, total: {format_time(cpu)}")
    print(f"Wall time: {format_time(wall)}")
    if compile_time > 0.1:
        print(f"Compiler : {format_time(compile_time)}")
    return value


def format_time(seconds, precision=3):
    """A duration as IPython writes it: `1.23 ms`, `456 ns`, `2min 3s`."""
    if seconds >= 60.0:
        parts = []
        leftover = seconds
        for suffix, length in (("d", 86400), ("h", 3600), ("min", 60), ("s", 1)):
            value = int(leftover / length)
            if value > 0:
                leftover = leftover % length
                parts.append(f"{value}{suffix}")
            if leftover < 1:
                break
        return " ".join(parts)
    units = ["s", "ms", "\xb5s", "ns"]
    order = min(-int(math.floor(math.log10(seconds)) // 3), 3) if seconds > 0.0 else 3
    return "%.*g %s" % (precision, seconds * 10 ** (3 * order), units[order])


# ---- %timeit, %%timeit ----


class TimeitResult:
    """%timeit -o's result, printed as IPython prints it."""

    def __init__(self, loops, repeat, best, worst, all_runs, compile_time, precision):
        self.loops = loops
        self.repeat = repeat
        self.best = best
        self.worst = worst
        self.all_runs = all_runs
        self.compile_time = compile_time
        self._precision = precision
        self.timings = [run / loops for run in all_runs]

    @property
    def average(self):
        return math.fsum(self.timings) / len(self.timings)

    @property
    def stdev(self):
        mean = self.average
        return (math.fsum((x - mean) ** 2 for x in self.timings) / len(self.timings)) ** 0.5

    def __str__(self):
        return (
            f"{format_time(self.average, self._precision)} \xb1 "
            f"{format_time(self.stdev, self._precision)} per loop (mean \xb1 std. dev. of "
            f"{self.repeat} run{'' if self.repeat == 1 else 's'}, {self.loops:,} "
            f"loop{'' if self.loops == 1 else 's'} each)"
        )

    def __repr__(self):
        return f"<TimeitResult : {self}>"


def timeit_line(line, globals_, locals_):
    """%timeit [-n N] [-r R] [-p P] [-q] [-o] STATEMENT."""
    options, statement = _timeit_options(line)
    return _timeit_run(options, statement, "pass", _namespace(globals_, locals_))


def timeit_cell(line, cell):
    """%%timeit [options] [SETUP]: times the cell's body; the line's statement is the setup."""
    options, setup = _timeit_options(line)
    return _timeit_run(options, cell.body, setup or "pass", __main__.__dict__)


def timeit_code(line):
    """The code %timeit runs in the cells' namespace: its statement."""
    return [_timeit_options(line)[1]]


def timeit_cell_code(line, body):
    """The code %%timeit runs: the setup on its line, then the body."""
    return [_timeit_options(line)[1], body]


def _namespace(globals_, locals_):
    return globals_ if locals_ is globals_ else {**globals_, **locals_}


def _timeit_options(line):
    """IPython's options, leading the line: -n<N> -r<R> -p<P> -q -o (a space may follow the
    letter); the rest is the statement."""
    options = {"n": 0, "r": 7, "p": 3, "q": False, "o": False}
    rest = line.strip()
    while rest.startswith("-") and len(rest) > 1 and rest[1] in "nrpqo":
        letter, rest = rest[1], rest[2:]
        if letter in "qo":
            options[letter] = True
        else:
            value, _, rest = rest.strip().partition(" ")
            if not value.isdigit():
                raise UsageError(f"%timeit -{letter} needs a number")
            options[letter] = int(value)
        rest = rest.strip()
    return options, rest


def _timeit_run(options, statement, setup, namespace):
    if not statement.strip():
        raise UsageError("%timeit needs a statement: %timeit f(x)")
    began = time.perf_counter()
    timer = _timeit.Timer(statement, setup, timer=time.perf_counter, globals=namespace)
    compile_time = time.perf_counter() - began
    number = options["n"]
    if number == 0:
        # As IPython: loops in powers of ten until one run takes at least 0.2 s.
        for power in range(10):
            number = 10**power
            if timer.timeit(number) >= 0.2:
                break
    runs = timer.repeat(options["r"], number)
    best, worst = min(runs) / number, max(runs) / number
    result = TimeitResult(number, options["r"], best, worst, runs, compile_time, options["p"])
    if not options["q"]:
        if worst > 4 * best and best > 0 and worst > 1e-6:
            print(
                f"The slowest run took {worst / best:0.2f} times longer than the fastest. This "
                "could mean that an intermediate result is being cached."
            )
        print(result)
        if compile_time > 0.1:
            print(f"Compiler time: {compile_time:.2f} s")
    return result if options["o"] else None
