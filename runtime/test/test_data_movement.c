/*===- test_data_movement.c - transpose/slice/pad/gather/copy/cast -------===*
 * References are written with plain index arithmetic (and a different
 * algorithm where possible: reflect padding by repeated mirroring instead
 * of a modulo); element sizes 1, 2, 3, 4 and 8 bytes.
 *===----------------------------------------------------------------------===*/
#include <string.h>

#include "tmlc_kernels.h"
#include "tmlc_test.h"

#define BIG (1 << 20)
static unsigned char xb[BIG], yb[BIG], zb[BIG];

static void fill_bytes(unsigned char *p, int32_t n) {
  int32_t i;
  for (i = 0; i < n; ++i)
    p[i] = (unsigned char)tmlc_test_rand();
}

static int32_t random_dims(int32_t *dims, int32_t rank, int32_t maxd) {
  int32_t i, n = 1;
  for (i = 0; i < rank; ++i) {
    dims[i] = tmlc_test_randint(1, maxd);
    n *= dims[i];
  }
  return n;
}

/* coordinates of flat index f in dims */
static void unflatten(int32_t f, const int32_t *dims, int32_t rank, int32_t *c) {
  int32_t i;
  for (i = rank - 1; i >= 0; --i) {
    c[i] = f % dims[i];
    f /= dims[i];
  }
}

static int32_t flatten(const int32_t *c, const int32_t *dims, int32_t rank) {
  int32_t i, f = 0;
  for (i = 0; i < rank; ++i)
    f = f * dims[i] + c[i];
  return f;
}

static const int32_t sizes[5] = {1, 2, 3, 4, 8};

static void test_transpose(void) {
  int iter;
  for (iter = 0; iter < 300; ++iter) {
    tmlc_transpose_params p, q;
    int32_t es = sizes[iter % 5], n, i, j, c[TMLC_MAX_RANK], oc[TMLC_MAX_RANK], od[TMLC_MAX_RANK];
    memset(&p, 0, sizeof p);
    p.rank = tmlc_test_randint(1, 6);
    n = random_dims(p.dims, p.rank, 4);
    for (i = 0; i < p.rank; ++i)
      p.perm[i] = i;
    for (i = p.rank - 1; i > 0; --i) { /* Fisher-Yates */
      int32_t k = tmlc_test_randint(0, i), t = p.perm[i];
      p.perm[i] = p.perm[k];
      p.perm[k] = t;
    }
    fill_bytes(xb, n * es);
    TMLC_CHECK(tmlc_transpose(xb, yb, es, &p) == TMLC_OK, "transpose");
    for (i = 0; i < p.rank; ++i)
      od[i] = p.dims[p.perm[i]];
    for (j = 0; j < n; ++j) { /* output element j */
      unflatten(j, od, p.rank, oc);
      for (i = 0; i < p.rank; ++i)
        c[p.perm[i]] = oc[i];
      TMLC_CHECK(memcmp(yb + j * es, xb + flatten(c, p.dims, p.rank) * es, (size_t)es) == 0,
                 "transpose elem %d (rank %d es %d)", (int)j, (int)p.rank, (int)es);
    }
    /* the inverse permutation restores x */
    memset(&q, 0, sizeof q);
    q.rank = p.rank;
    for (i = 0; i < p.rank; ++i) {
      q.dims[i] = od[i];
      q.perm[p.perm[i]] = i;
    }
    TMLC_CHECK(tmlc_transpose(yb, zb, es, &q) == TMLC_OK, "inverse transpose");
    TMLC_CHECK(memcmp(zb, xb, (size_t)(n * es)) == 0, "transpose round trip");
  }
  {
    tmlc_transpose_params p;
    memset(&p, 0, sizeof p);
    p.rank = 2; p.dims[0] = p.dims[1] = 2; p.perm[0] = p.perm[1] = 0;
    TMLC_CHECK(tmlc_transpose(xb, yb, 4, &p) == TMLC_ERR_ARG, "perm not a permutation");
  }
}

static void test_slice(void) {
  int iter;
  for (iter = 0; iter < 300; ++iter) {
    tmlc_slice_params p;
    int32_t es = sizes[iter % 5], n, no = 1, i, j, c[TMLC_MAX_RANK];
    memset(&p, 0, sizeof p);
    p.rank = tmlc_test_randint(1, 5);
    n = random_dims(p.in_dims, p.rank, 6);
    for (i = 0; i < p.rank; ++i) {
      int32_t step = tmlc_test_randint(1, 3) * (tmlc_test_randint(0, 2) ? 1 : -1);
      int32_t st = tmlc_test_randint(0, p.in_dims[i] - 1);
      int32_t room = step > 0 ? (p.in_dims[i] - 1 - st) / step : st / -step;
      p.steps[i] = step;
      p.starts[i] = st;
      p.out_dims[i] = tmlc_test_randint(1, room + 1);
      no *= p.out_dims[i];
    }
    fill_bytes(xb, n * es);
    TMLC_CHECK(tmlc_slice(xb, yb, es, &p) == TMLC_OK, "slice");
    for (j = 0; j < no; ++j) {
      unflatten(j, p.out_dims, p.rank, c);
      for (i = 0; i < p.rank; ++i)
        c[i] = p.starts[i] + c[i] * p.steps[i];
      TMLC_CHECK(memcmp(yb + j * es, xb + flatten(c, p.in_dims, p.rank) * es, (size_t)es) == 0,
                 "slice elem %d", (int)j);
    }
    /* reading past the end is refused */
    p.out_dims[0] = p.in_dims[0] + 1;
    TMLC_CHECK(tmlc_slice(xb, yb, es, &p) == TMLC_ERR_ARG, "slice out of range");
  }
}

/* source coordinate by repeated mirroring / clamping, -1 for constant */
static int32_t pad_ref_coord(int32_t c, int32_t n, int32_t mode) {
  if (mode == TMLC_PAD_CONSTANT)
    return (c < 0 || c >= n) ? -1 : c;
  if (mode == TMLC_PAD_EDGE)
    return c < 0 ? 0 : c >= n ? n - 1 : c;
  if (n == 1)
    return 0;
  while (c < 0 || c >= n)
    c = c < 0 ? -c : 2 * (n - 1) - c;
  return c;
}

static void test_pad(void) {
  int iter;
  for (iter = 0; iter < 400; ++iter) {
    tmlc_pad_params p;
    unsigned char value[8];
    int32_t es = sizes[iter % 5], n, no = 1, i, j, c[TMLC_MAX_RANK], od[TMLC_MAX_RANK];
    memset(&p, 0, sizeof p);
    p.rank = tmlc_test_randint(1, 4);
    p.mode = iter % 3;
    TMLC_CHECK(17 * 17 * 11 * 11 * 8 <= BIG, "buffers too small");
    n = random_dims(p.in_dims, p.rank, 5);
    for (i = 0; i < p.rank; ++i) {
      /* reflect pads may exceed the axis: the mirror then repeats */
      const int32_t maxpad = p.rank <= 2 ? 6 : 3;
      p.pads_begin[i] = tmlc_test_randint(-(p.in_dims[i] - 1) / 2, maxpad);
      p.pads_end[i] = tmlc_test_randint(-(p.in_dims[i] - 1) / 2, maxpad);
      od[i] = p.in_dims[i] + p.pads_begin[i] + p.pads_end[i];
      no *= od[i];
    }
    fill_bytes(xb, n * es);
    fill_bytes(value, es);
    TMLC_CHECK(tmlc_pad(xb, yb, es, value, &p) == TMLC_OK, "pad");
    for (j = 0; j < no; ++j) {
      int constant = 0;
      unflatten(j, od, p.rank, c);
      for (i = 0; i < p.rank; ++i) {
        c[i] = pad_ref_coord(c[i] - p.pads_begin[i], p.in_dims[i], p.mode);
        constant |= c[i] < 0;
      }
      TMLC_CHECK(memcmp(yb + j * es, constant ? value : xb + flatten(c, p.in_dims, p.rank) * es,
                        (size_t)es) == 0,
                 "pad mode %d elem %d", (int)p.mode, (int)j);
    }
  }
}

static void test_gather(void) {
  int iter;
  for (iter = 0; iter < 200; ++iter) {
    int64_t i64[20];
    int32_t i32[20], o, t, k;
    int32_t es = sizes[iter % 5], outer = tmlc_test_randint(1, 4),
            axis = tmlc_test_randint(1, 6), inner = tmlc_test_randint(1, 5),
            ni = tmlc_test_randint(0, 20), is64 = iter % 2;
    for (t = 0; t < ni; ++t) {
      i32[t] = tmlc_test_randint(-axis, axis - 1);
      i64[t] = i32[t];
    }
    fill_bytes(xb, outer * axis * inner * es);
    TMLC_CHECK(tmlc_gather(xb, is64 ? (const void *)i64 : (const void *)i32, is64, yb, es,
                           outer, axis, inner, ni) == TMLC_OK, "gather");
    for (o = 0; o < outer; ++o)
      for (t = 0; t < ni; ++t)
        for (k = 0; k < inner; ++k) {
          int32_t src = (o * axis + (i32[t] < 0 ? i32[t] + axis : i32[t])) * inner + k;
          TMLC_CHECK(memcmp(yb + ((o * ni + t) * inner + k) * es, xb + src * es, (size_t)es) == 0,
                     "gather %d %d %d", (int)o, (int)t, (int)k);
        }
    if (ni > 0) { /* one bad index: error, and y untouched */
      i32[ni - 1] = iter % 4 < 2 ? axis : -axis - 1;
      i64[ni - 1] = i32[ni - 1];
      memset(yb, 0xA5, 64);
      memcpy(zb, yb, 64);
      TMLC_CHECK(tmlc_gather(xb, is64 ? (const void *)i64 : (const void *)i32, is64, yb, es,
                             outer, axis, inner, ni) == TMLC_ERR_INDEX, "gather bad index");
      TMLC_CHECK(memcmp(yb, zb, 64) == 0, "gather wrote on error");
    }
  }
}

static void test_copy(void) {
  /* concat of [3,2] and [3,5] along axis 1 with copy_2d, checked by index */
  float a[6], b[15], y[21];
  int32_t i, r, c;
  for (i = 0; i < 6; ++i) a[i] = (float)i;
  for (i = 0; i < 15; ++i) b[i] = 100.0f + (float)i;
  TMLC_CHECK(tmlc_copy_2d(y, 7 * 4, a, 2 * 4, 3, 2 * 4) == TMLC_OK, "copy_2d a");
  TMLC_CHECK(tmlc_copy_2d(y + 2, 7 * 4, b, 5 * 4, 3, 5 * 4) == TMLC_OK, "copy_2d b");
  for (r = 0; r < 3; ++r)
    for (c = 0; c < 7; ++c)
      TMLC_CHECK(y[r * 7 + c] == (c < 2 ? a[r * 2 + c] : b[r * 5 + c - 2]), "concat %d %d",
                 (int)r, (int)c);
  fill_bytes(xb, 1000);
  TMLC_CHECK(tmlc_copy(yb, xb, 1000) == TMLC_OK && memcmp(yb, xb, 1000) == 0, "copy");
  TMLC_CHECK(tmlc_copy(yb, yb, 1000) == TMLC_OK && memcmp(yb, xb, 1000) == 0, "copy self");
  TMLC_CHECK(tmlc_copy(yb, xb, -1) == TMLC_ERR_ARG, "copy negative");
}

static void test_cast(void) {
  static const int32_t all[11] = {TMLC_DTYPE_F32, TMLC_DTYPE_U8, TMLC_DTYPE_I8,
      TMLC_DTYPE_U16, TMLC_DTYPE_I16, TMLC_DTYPE_I32, TMLC_DTYPE_I64, TMLC_DTYPE_BOOL,
      TMLC_DTYPE_F64, TMLC_DTYPE_U32, TMLC_DTYPE_U64};
  float f[8] = {2.7f, -2.7f, 0.0f, 300.5f, -1.0f, 127.9f, 1e-3f, NAN};
  int8_t i8[256], j8[256];
  uint8_t u8[8];
  int32_t i32[8], k, a, b;
  double d[8];
  float g[8];
  /* float -> int truncates toward zero; values C defines must match C */
  TMLC_CHECK(tmlc_cast(f, TMLC_DTYPE_F32, i32, TMLC_DTYPE_I32, 8) == TMLC_OK, "f32->i32");
  for (k = 0; k < 7; ++k)
    TMLC_CHECK(i32[k] == (int32_t)f[k], "f32->i32[%d] %d", (int)k, (int)i32[k]);
  TMLC_CHECK(i32[7] == 0, "NaN -> int gives 0");
  /* to BOOL: x != 0 */
  TMLC_CHECK(tmlc_cast(f, TMLC_DTYPE_F32, u8, TMLC_DTYPE_BOOL, 8) == TMLC_OK, "f32->bool");
  for (k = 0; k < 8; ++k)
    TMLC_CHECK(u8[k] == (f[k] != 0.0f), "f32->bool[%d]", (int)k);
  /* integer narrowing wraps modulo 2^8 (ONNX/numpy behaviour) */
  TMLC_CHECK(tmlc_cast(i32, TMLC_DTYPE_I32, u8, TMLC_DTYPE_U8, 7) == TMLC_OK, "i32->u8");
  for (k = 0; k < 7; ++k)
    TMLC_CHECK(u8[k] == (uint8_t)(i32[k] & 0xFF), "i32->u8[%d]", (int)k);
  /* round trips through wider types are exact */
  for (k = 0; k < 256; ++k)
    i8[k] = (int8_t)(k - 128);
  for (a = 0; a < 11; ++a) {
    if (all[a] == TMLC_DTYPE_BOOL || all[a] == TMLC_DTYPE_U8 || all[a] == TMLC_DTYPE_I8)
      continue;
    TMLC_CHECK(tmlc_cast(i8, TMLC_DTYPE_I8, zb, all[a], 256) == TMLC_OK, "i8->%d", (int)all[a]);
    memset(j8, 0, sizeof j8);
    TMLC_CHECK(tmlc_cast(zb, all[a], j8, TMLC_DTYPE_I8, 256) == TMLC_OK, "%d->i8", (int)all[a]);
    TMLC_CHECK(memcmp(i8, j8, sizeof i8) == 0, "i8 round trip through dtype %d", (int)all[a]);
  }
  TMLC_CHECK(tmlc_cast(f, TMLC_DTYPE_F32, d, TMLC_DTYPE_F64, 7) == TMLC_OK, "f32->f64");
  TMLC_CHECK(tmlc_cast(d, TMLC_DTYPE_F64, g, TMLC_DTYPE_F32, 7) == TMLC_OK, "f64->f32");
  TMLC_CHECK(memcmp(f, g, 7 * sizeof(float)) == 0, "f32 round trip");
  {
    int64_t big[3] = {INT64_MAX, INT64_MIN, (int64_t)1 << 53};
    uint64_t ub[3];
    double db[3];
    TMLC_CHECK(tmlc_cast(big, TMLC_DTYPE_I64, ub, TMLC_DTYPE_U64, 3) == TMLC_OK, "i64->u64");
    TMLC_CHECK(ub[0] == (uint64_t)INT64_MAX && ub[1] == (uint64_t)1 << 63, "i64->u64 bits");
    TMLC_CHECK(tmlc_cast(big, TMLC_DTYPE_I64, db, TMLC_DTYPE_F64, 3) == TMLC_OK, "i64->f64");
    TMLC_CHECK(db[0] == (double)INT64_MAX && db[1] == (double)INT64_MIN && db[2] == 9007199254740992.0,
               "i64->f64 values");
  }
  /* every pair is accepted; unknown dtypes are not */
  for (a = 0; a < 11; ++a)
    for (b = 0; b < 11; ++b)
      TMLC_CHECK(tmlc_cast(xb, all[a], yb, all[b], 16) == TMLC_OK, "%d->%d", (int)all[a], (int)all[b]);
  TMLC_CHECK(tmlc_cast(xb, 10, yb, TMLC_DTYPE_F32, 1) == TMLC_ERR_ARG, "f16 unsupported");
}

int main(void) {
  test_transpose();
  test_slice();
  test_pad();
  test_gather();
  test_copy();
  test_cast();
  return tmlc_test_finish("test_data_movement");
}
