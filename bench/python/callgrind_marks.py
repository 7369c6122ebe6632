# Callgrind region marks for the Python programs (bench/callgrind/marks.h): under
# bench/instructions.js, BENCH_CALLGRIND_MARKS_PY names the marks library and only the timed loop
# is counted; otherwise start() and stop() do nothing.
import ctypes
import os

_lib = ctypes.CDLL(os.environ['BENCH_CALLGRIND_MARKS_PY']) if os.environ.get('BENCH_CALLGRIND_MARKS_PY') else None


def start():
    if _lib:
        _lib.region_start()


def stop():
    if _lib:
        _lib.region_stop()
