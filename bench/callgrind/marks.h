// Callgrind client requests around a measured region: instructions are counted only between
// start() and stop() (run under `valgrind --tool=callgrind --instr-atstart=no`), so start-up and
// warm-up cost nothing and the count is exact. Outside valgrind these are a few no-op instructions;
// without valgrind's header they are empty.
#pragma once
#if defined(__has_include) && __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define BENCH_REGION_START() do { CALLGRIND_ZERO_STATS; CALLGRIND_START_INSTRUMENTATION; } while (0)
#define BENCH_REGION_STOP() do { CALLGRIND_STOP_INSTRUMENTATION; CALLGRIND_DUMP_STATS_AT("region"); } while (0)
#else
#define BENCH_REGION_START() do {} while (0)
#define BENCH_REGION_STOP() do {} while (0)
#endif
