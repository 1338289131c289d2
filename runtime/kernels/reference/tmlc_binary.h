/*===- tmlc_binary.h - generic broadcasting walker for binary kernels ----===*
 *
 * Internal helper of the reference kernels (copied next to them). One
 * macro, TMLC_BINARY_KERNEL, expands to a complete kernel that walks a
 * tmlc_bcast: dimensions of extent 1 are dropped, adjacent dimensions that
 * are contiguous for both operands are merged, then an odometer runs over
 * all but the innermost dimension and the innermost one is a plain loop
 * with fast paths for (contiguous, contiguous), (scalar, contiguous) and
 * (contiguous, scalar).
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_BINARY_H
#define TMLC_BINARY_H

#include "tmlc_kernels.h"

/** A simplified broadcast walk (internal). */
typedef struct tmlc_bwalk {
  int32_t rank;                 /* >= 1 after tmlc_bwalk_init */
  int32_t dims[TMLC_MAX_RANK];
  int32_t sa[TMLC_MAX_RANK];
  int32_t sb[TMLC_MAX_RANK];
} tmlc_bwalk;

/* Returns 1 if there is work, 0 for an empty output, -1 for a bad bc. */
static inline int tmlc_bwalk_init(const tmlc_bcast *bc, tmlc_bwalk *w) {
  int32_t i;
  int32_t r = 0;
  if (bc->rank < 0 || bc->rank > TMLC_MAX_RANK)
    return -1;
  for (i = 0; i < bc->rank; ++i) {
    int32_t d = bc->dims[i];
    if (d < 0)
      return -1;
    if (d == 0)
      return 0;
    if (d == 1)
      continue;
    if (r > 0 && bc->a_strides[i] * d == w->sa[r - 1] &&
        bc->b_strides[i] * d == w->sb[r - 1]) {
      /* the previous dimension steps exactly over this one: merge */
      w->dims[r - 1] *= d;
      w->sa[r - 1] = bc->a_strides[i];
      w->sb[r - 1] = bc->b_strides[i];
      continue;
    }
    w->dims[r] = d;
    w->sa[r] = bc->a_strides[i];
    w->sb[r] = bc->b_strides[i];
    ++r;
  }
  if (r == 0) {
    w->dims[0] = 1;
    w->sa[0] = 0;
    w->sb[0] = 0;
    r = 1;
  }
  w->rank = r;
  return 1;
}

/* Defines `tmlc_status FNAME(const T *a, const T *b, T *y, const tmlc_bcast *bc)`.
 * OP(T, UT, R, X, Y) is a statement that stores X op Y into the lvalue R; it
 * may `return` a status. UT is the type arithmetic is done in (unsigned for
 * integers so that overflow wraps instead of being undefined). */
#define TMLC_BINARY_KERNEL(FNAME, T, UT, OP)                                   \
  tmlc_status FNAME(const T *a, const T *b, T *y, const tmlc_bcast *bc) {      \
    tmlc_bwalk w;                                                              \
    int32_t idx[TMLC_MAX_RANK];                                                \
    int32_t d, i, n, sa, sb;                                                   \
    int st;                                                                    \
    if (a == NULL || b == NULL || y == NULL || bc == NULL)                     \
      return TMLC_ERR_ARG;                                                     \
    st = tmlc_bwalk_init(bc, &w);                                              \
    if (st <= 0)                                                               \
      return st < 0 ? TMLC_ERR_ARG : TMLC_OK;                                  \
    n = w.dims[w.rank - 1];                                                    \
    sa = w.sa[w.rank - 1];                                                     \
    sb = w.sb[w.rank - 1];                                                     \
    for (d = 0; d < w.rank; ++d)                                               \
      idx[d] = 0;                                                              \
    for (;;) {                                                                 \
      if (sa == 1 && sb == 1) {                                                \
        for (i = 0; i < n; ++i)                                                \
          OP(T, UT, y[i], a[i], b[i]);                                         \
      } else if (sa == 0 && sb == 1) {                                         \
        const T av = a[0];                                                     \
        for (i = 0; i < n; ++i)                                                \
          OP(T, UT, y[i], av, b[i]);                                           \
      } else if (sa == 1 && sb == 0) {                                         \
        const T bv = b[0];                                                     \
        for (i = 0; i < n; ++i)                                                \
          OP(T, UT, y[i], a[i], bv);                                           \
      } else {                                                                 \
        for (i = 0; i < n; ++i)                                                \
          OP(T, UT, y[i], a[(ptrdiff_t)i * sa], b[(ptrdiff_t)i * sb]);         \
      }                                                                        \
      y += n;                                                                  \
      for (d = w.rank - 2; d >= 0; --d) {                                      \
        a += w.sa[d];                                                          \
        b += w.sb[d];                                                          \
        if (++idx[d] < w.dims[d])                                              \
          break;                                                               \
        a -= (ptrdiff_t)w.sa[d] * w.dims[d];                                   \
        b -= (ptrdiff_t)w.sb[d] * w.dims[d];                                   \
        idx[d] = 0;                                                            \
      }                                                                        \
      if (d < 0)                                                               \
        break;                                                                 \
    }                                                                          \
    return TMLC_OK;                                                            \
  }

/* Instantiates FNAME_<sfx> for all ten element types. FOP is the float op,
 * SOP the signed-integer op, UOP the unsigned-integer op. */
#define TMLC_BINARY_ALL_TYPES(op, FOP, SOP, UOP)                               \
  TMLC_BINARY_KERNEL(tmlc_##op##_f32, float, float, FOP)                       \
  TMLC_BINARY_KERNEL(tmlc_##op##_f64, double, double, FOP)                     \
  TMLC_BINARY_KERNEL(tmlc_##op##_i8, int8_t, uint32_t, SOP)                    \
  TMLC_BINARY_KERNEL(tmlc_##op##_u8, uint8_t, uint32_t, UOP)                   \
  TMLC_BINARY_KERNEL(tmlc_##op##_i16, int16_t, uint32_t, SOP)                  \
  TMLC_BINARY_KERNEL(tmlc_##op##_u16, uint16_t, uint32_t, UOP)                 \
  TMLC_BINARY_KERNEL(tmlc_##op##_i32, int32_t, uint32_t, SOP)                  \
  TMLC_BINARY_KERNEL(tmlc_##op##_u32, uint32_t, uint32_t, UOP)                 \
  TMLC_BINARY_KERNEL(tmlc_##op##_i64, int64_t, uint64_t, SOP)                  \
  TMLC_BINARY_KERNEL(tmlc_##op##_u64, uint64_t, uint64_t, UOP)

/* Wrapping integer arithmetic: computed in UT, converted back to T (the
 * conversion of an out-of-range value to a signed type is two's complement
 * on every compiler tmlc targets). */
#define TMLC_OP_WRAP_ADD(T, UT, R, X, Y) ((R) = (T)((UT)(X) + (UT)(Y)))
#define TMLC_OP_WRAP_SUB(T, UT, R, X, Y) ((R) = (T)((UT)(X) - (UT)(Y)))
#define TMLC_OP_WRAP_MUL(T, UT, R, X, Y) ((R) = (T)((UT)(X) * (UT)(Y)))

#endif /* TMLC_BINARY_H */
