/*===- tmlc_cast.c - element conversion between tmlc_dtype values --------===*/
#include <string.h>

#include "tmlc_kernels.h"

/* One element in transit: floats as double, integers as int64 or uint64. */
typedef struct tmlc_cast_val {
  int kind; /* 0: f, 1: s, 2: u */
  double f;
  int64_t s;
  uint64_t u;
} tmlc_cast_val;

static inline int tmlc_cast_size(int32_t t) {
  switch (t) {
  case TMLC_DTYPE_U8: case TMLC_DTYPE_I8: case TMLC_DTYPE_BOOL: return 1;
  case TMLC_DTYPE_U16: case TMLC_DTYPE_I16: return 2;
  case TMLC_DTYPE_F32: case TMLC_DTYPE_I32: case TMLC_DTYPE_U32: return 4;
  case TMLC_DTYPE_I64: case TMLC_DTYPE_U64: case TMLC_DTYPE_F64: return 8;
  default: return 0;
  }
}

static inline tmlc_cast_val tmlc_cast_load(const unsigned char *p, int32_t t) {
  tmlc_cast_val v;
  v.kind = 1;
  v.f = 0.0;
  v.s = 0;
  v.u = 0;
  switch (t) {
  case TMLC_DTYPE_F32: { float x; memcpy(&x, p, 4); v.kind = 0; v.f = (double)x; break; }
  case TMLC_DTYPE_F64: { memcpy(&v.f, p, 8); v.kind = 0; break; }
  case TMLC_DTYPE_I8: { int8_t x; memcpy(&x, p, 1); v.s = x; break; }
  case TMLC_DTYPE_I16: { int16_t x; memcpy(&x, p, 2); v.s = x; break; }
  case TMLC_DTYPE_I32: { int32_t x; memcpy(&x, p, 4); v.s = x; break; }
  case TMLC_DTYPE_I64: { memcpy(&v.s, p, 8); break; }
  case TMLC_DTYPE_BOOL: v.s = p[0] != 0; break;
  case TMLC_DTYPE_U8: v.s = p[0]; break;
  case TMLC_DTYPE_U16: { uint16_t x; memcpy(&x, p, 2); v.s = x; break; }
  case TMLC_DTYPE_U32: { uint32_t x; memcpy(&x, p, 4); v.s = x; break; }
  default: { memcpy(&v.u, p, 8); v.kind = 2; break; } /* U64 */
  }
  return v;
}

/* The value as the 64-bit two's complement pattern that integer targets
 * truncate: floats truncate toward zero, NaN gives 0 and out-of-range
 * values saturate at the int64 (uint64 for huge positives) limits, so no
 * conversion is undefined behaviour. */
static inline uint64_t tmlc_cast_bits(const tmlc_cast_val *v) {
  if (v->kind == 1)
    return (uint64_t)v->s;
  if (v->kind == 2)
    return v->u;
  if (v->f != v->f)
    return 0;
  if (v->f >= 18446744073709551616.0)
    return UINT64_MAX;
  if (v->f >= 9223372036854775808.0)
    return (uint64_t)v->f;
  if (v->f <= -9223372036854775808.0)
    return (uint64_t)INT64_MIN;
  return (uint64_t)(int64_t)v->f;
}

static inline double tmlc_cast_double(const tmlc_cast_val *v) {
  return v->kind == 0 ? v->f : v->kind == 1 ? (double)v->s : (double)v->u;
}

static inline void tmlc_cast_store(unsigned char *p, int32_t t, const tmlc_cast_val *v) {
  const uint64_t b = tmlc_cast_bits(v);
  switch (t) {
  case TMLC_DTYPE_F32: {
    /* int -> float converts directly (one rounding, not via double) */
    float x = v->kind == 0 ? (float)v->f : v->kind == 1 ? (float)v->s : (float)v->u;
    memcpy(p, &x, 4);
    break;
  }
  case TMLC_DTYPE_F64: { double x = tmlc_cast_double(v); memcpy(p, &x, 8); break; }
  case TMLC_DTYPE_BOOL:
    p[0] = (uint8_t)(v->kind == 0 ? v->f != 0.0 : b != 0);
    break;
  case TMLC_DTYPE_I8: case TMLC_DTYPE_U8: p[0] = (uint8_t)b; break;
  case TMLC_DTYPE_I16: case TMLC_DTYPE_U16: { uint16_t x = (uint16_t)b; memcpy(p, &x, 2); break; }
  case TMLC_DTYPE_I32: case TMLC_DTYPE_U32: { uint32_t x = (uint32_t)b; memcpy(p, &x, 4); break; }
  default: memcpy(p, &b, 8); break; /* I64, U64 */
  }
}

/** @brief Converts n elements of dtype `from` at x into dtype `to` at y.
 * Follows C conversion rules where they are defined: float to integer
 * truncates toward zero, integer to integer wraps modulo 2^bits, to BOOL
 * gives x != 0 (NaN gives 1). Where C leaves it undefined (a float outside
 * the target range) the float is first saturated to 64 bits and then
 * wrapped, and NaN gives 0, so results are deterministic on every target.
 * x and y must not overlap unless equal and from == to. */
tmlc_status tmlc_cast(const void *x, int32_t from, void *y, int32_t to,
                      int32_t n) {
  const unsigned char *xb = (const unsigned char *)x;
  unsigned char *yb = (unsigned char *)y;
  const int fs = tmlc_cast_size(from), ts = tmlc_cast_size(to);
  int32_t i;
  if (x == NULL || y == NULL || n < 0 || fs == 0 || ts == 0)
    return TMLC_ERR_ARG;
  if (from == to) {
    if (x != y && n > 0)
      memmove(y, x, (size_t)n * (size_t)fs);
    return TMLC_OK;
  }
  for (i = 0; i < n; ++i) {
    const tmlc_cast_val v = tmlc_cast_load(xb + (ptrdiff_t)i * fs, from);
    tmlc_cast_store(yb + (ptrdiff_t)i * ts, to, &v);
  }
  return TMLC_OK;
}
