// Callgrind client requests around a measured region: instructions are counted only between
// start() and stop() (run under `valgrind --tool=callgrind --instr-atstart=no`), so start-up and
// warm-up cost nothing and the count is exact. Outside valgrind these are a few no-op instructions.
#pragma once
#include <valgrind/callgrind.h>

static inline void bench_region_start(void) {
  CALLGRIND_ZERO_STATS;
  CALLGRIND_START_INSTRUMENTATION;
}

static inline void bench_region_stop(void) {
  CALLGRIND_STOP_INSTRUMENTATION;
  CALLGRIND_DUMP_STATS_AT("region");
}
