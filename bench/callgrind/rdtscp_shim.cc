// valgrind 3.19 does not emulate RDTSCP, which libhwy (a dependency of Debian's LibTorch, through
// OpenCV/libjxl) executes in a static initializer on CPUs that report it: every program that loads
// LibTorch then dies with SIGILL under valgrind. LD_PRELOADed for callgrind runs only, this
// replaces the two timer probes that use it; nothing measured calls them.
namespace hwy {
namespace platform {
double TimerResolution() { return 1e-9; }
double InvariantTicksPerSecond() { return 1e9; }
}  // namespace platform
}  // namespace hwy
