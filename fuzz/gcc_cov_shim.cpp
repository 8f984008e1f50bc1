// GCC's -fsanitize-coverage=trace-cmp also reports floating-point comparisons,
// which libFuzzer has no hooks for (clang never emits them): ignore them.
extern "C" {
void __sanitizer_cov_trace_cmpf(float, float) {}
void __sanitizer_cov_trace_cmpd(double, double) {}
}
