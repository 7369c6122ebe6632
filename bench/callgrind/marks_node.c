// The region marks for Node: a minimal N-API addon with start() and stop(), loaded by bench/ops.js.
#include <node_api.h>
#include "marks.h"

static napi_value Start(napi_env env, napi_callback_info info) { BENCH_REGION_START(); return NULL; }
static napi_value Stop(napi_env env, napi_callback_info info) { BENCH_REGION_STOP(); return NULL; }

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "start", NAPI_AUTO_LENGTH, Start, NULL, &fn);
  napi_set_named_property(env, exports, "start", fn);
  napi_create_function(env, "stop", NAPI_AUTO_LENGTH, Stop, NULL, &fn);
  napi_set_named_property(env, exports, "stop", fn);
  return exports;
}
