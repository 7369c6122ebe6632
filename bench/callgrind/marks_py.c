// The region marks for Python (loaded with ctypes).
#include "marks.h"
void region_start(void) { bench_region_start(); }
void region_stop(void) { bench_region_stop(); }
