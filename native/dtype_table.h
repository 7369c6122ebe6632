// The one dtype table: every conversion between JS typed arrays and tensors reads it.
#pragma once
#include <c10/core/ScalarType.h>
#include <cstdint>

namespace torchts {

enum class JsArrayKind { Float32, Float64, Int8, Int16, Int32, BigInt64, Uint8, None };

// X(ScalarType, PyTorch name, JS array kind used for data in and out)
#define TORCHTS_DTYPES(X)                        \
  X(Float, "float32", JsArrayKind::Float32)      \
  X(Double, "float64", JsArrayKind::Float64)     \
  X(Half, "float16", JsArrayKind::Float32)       \
  X(BFloat16, "bfloat16", JsArrayKind::Float32)  \
  X(Char, "int8", JsArrayKind::Int8)             \
  X(Short, "int16", JsArrayKind::Int16)          \
  X(Int, "int32", JsArrayKind::Int32)            \
  X(Long, "int64", JsArrayKind::BigInt64)        \
  X(Byte, "uint8", JsArrayKind::Uint8)           \
  X(Bool, "bool", JsArrayKind::Uint8)

// Element type that crosses to JS (half types travel as float32).
inline c10::ScalarType transferType(c10::ScalarType t) {
  return (t == c10::ScalarType::Half || t == c10::ScalarType::BFloat16) ? c10::ScalarType::Float : t;
}

inline JsArrayKind jsArrayKind(c10::ScalarType t) {
  switch (t) {
#define TORCHTS_KIND_CASE(st, name, kind) \
  case c10::ScalarType::st:               \
    return kind;
    TORCHTS_DTYPES(TORCHTS_KIND_CASE)
#undef TORCHTS_KIND_CASE
    default:
      return JsArrayKind::None;
  }
}

static_assert(sizeof(float) == 4 && sizeof(double) == 8, "JS typed arrays need IEEE float32/float64");
static_assert(static_cast<int>(c10::ScalarType::Byte) == 0 && static_cast<int>(c10::ScalarType::Float) == 6 &&
                  static_cast<int>(c10::ScalarType::Long) == 4 && static_cast<int>(c10::ScalarType::Bool) == 11 &&
                  static_cast<int>(c10::ScalarType::BFloat16) == 15,
              "lib/dtype.ts mirrors these ScalarType codes");

}  // namespace torchts
