// The region marks for Python, loaded with ctypes by bench/python/ops.py.
#include "marks.h"
void region_start(void) { BENCH_REGION_START(); }
void region_stop(void) { BENCH_REGION_STOP(); }
