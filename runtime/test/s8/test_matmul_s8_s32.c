/*===- test_matmul_s8_s32.c - MatMulInteger kernel ------------------------===*
 * tmlc_matmul_s8_s32 against a direct triple loop written here (int64 sums
 * of (a - za) * (b - zb)): the ONNX MatMulInteger example, random shapes
 * with scalar, per-row and per-column zero points, batch broadcasting, the
 * largest k at the extreme values, and the argument checks.
 *===----------------------------------------------------------------------===*/
#include <string.h>

#include "tmlc_kernels_s8.h"
#include "s8_test.h"

#define MAXE 4096

static int8_t A[MAXE], B[MAXE];
static int32_t Y[MAXE];
static int64_t R[MAXE];

static void set_batch(tmlc_matmul_s8_s32_params *p, int32_t nb, int bcast_b) {
  memset(&p->mm.batch, 0, sizeof p->mm.batch);
  if (nb > 0) {
    p->mm.batch.rank = 1;
    p->mm.batch.dims[0] = nb;
    p->mm.batch.a_strides[0] = 1;
    p->mm.batch.b_strides[0] = bcast_b ? 0 : 1;
  }
}

/* The ONNX operator documentation's example (uint8 stored as int8 - 128). */
static void test_onnx_example(void) {
  const uint8_t a[12] = {11, 7, 3, 10, 6, 2, 9, 5, 1, 8, 4, 0};
  const uint8_t b[6] = {1, 4, 2, 5, 3, 6};
  const int32_t want[8] = {-38, -83, -44, -98, -50, -113, -56, -128};
  const int32_t aoff = -(12 - 128), boff = -(0 - 128);
  tmlc_matmul_s8_s32_params p;
  int i;
  for (i = 0; i < 12; ++i)
    A[i] = (int8_t)(a[i] - 128);
  for (i = 0; i < 6; ++i)
    B[i] = (int8_t)(b[i] - 128);
  set_batch(&p, 0, 0);
  p.mm.m = 4, p.mm.k = 3, p.mm.n = 2;
  p.a_offset = &aoff, p.b_offset = &boff, p.a_per_row = 0, p.b_per_col = 0;
  TMLC_T_CHECK(tmlc_matmul_s8_s32(A, B, Y, &p) == TMLC_OK, "status");
  for (i = 0; i < 8; ++i)
    TMLC_T_CHECK(Y[i] == want[i], "y[%d]=%d want %d", i, Y[i], want[i]);
}

static void test_random(void) {
  int it;
  for (it = 0; it < 300; ++it) {
    int32_t m = t_range(1, 9), k = t_range(1, 40), n = t_range(1, 11);
    int32_t nb = t_range(0, 3), bb = (int32_t)t_range(0, 1);
    int32_t batches = nb ? nb : 1;
    int32_t aoff[16], boff[16];
    tmlc_matmul_s8_s32_params p;
    int32_t s, i, j, q, e;
    set_batch(&p, nb, bb);
    p.mm.m = m, p.mm.k = k, p.mm.n = n;
    p.a_per_row = (int32_t)t_range(0, 1);
    p.b_per_col = (int32_t)t_range(0, 1);
    for (i = 0; i < 16; ++i) {
      aoff[i] = t_range(-127, 128);
      boff[i] = t_range(-127, 128);
    }
    p.a_offset = aoff, p.b_offset = boff;
    for (e = 0; e < batches * m * k; ++e)
      A[e] = t_s8();
    for (e = 0; e < (bb ? 1 : batches) * k * n; ++e)
      B[e] = t_s8();
    for (s = 0; s < batches; ++s)
      for (i = 0; i < m; ++i)
        for (j = 0; j < n; ++j) {
          int64_t acc = 0;
          const int8_t *bm = B + (bb ? 0 : s) * k * n;
          for (q = 0; q < k; ++q)
            acc += (int64_t)(A[(s * m + i) * k + q] + aoff[p.a_per_row ? i : 0]) *
                   (int64_t)(bm[q * n + j] + boff[p.b_per_col ? j : 0]);
          R[(s * m + i) * n + j] = acc;
        }
    TMLC_T_CHECK(tmlc_matmul_s8_s32(A, B, Y, &p) == TMLC_OK, "status");
    for (e = 0; e < batches * m * n; ++e)
      TMLC_T_CHECK((int64_t)Y[e] == R[e], "it %d y[%d]=%d ref %lld", it, e,
                   Y[e], (long long)R[e]);
  }
}

/* k = MAX_K with every factor -255: the largest possible sum, no overflow. */
static void test_max_k(void) {
  static int8_t a[TMLC_MATMUL_S8_S32_MAX_K], b[TMLC_MATMUL_S8_S32_MAX_K];
  const int32_t off = -127;
  tmlc_matmul_s8_s32_params p;
  int32_t y = 0, i;
  for (i = 0; i < TMLC_MATMUL_S8_S32_MAX_K; ++i)
    a[i] = b[i] = -128;
  set_batch(&p, 0, 0);
  p.mm.m = 1, p.mm.k = TMLC_MATMUL_S8_S32_MAX_K, p.mm.n = 1;
  p.a_offset = &off, p.b_offset = &off, p.a_per_row = 0, p.b_per_col = 0;
  TMLC_T_CHECK(tmlc_matmul_s8_s32(a, b, &y, &p) == TMLC_OK, "status");
  TMLC_T_CHECK((int64_t)y == (int64_t)TMLC_MATMUL_S8_S32_MAX_K * 255 * 255,
               "y=%d", y);
  TMLC_T_CHECK((int64_t)TMLC_MATMUL_S8_S32_MAX_K * 255 * 255 <= INT32_MAX &&
                   (int64_t)(TMLC_MATMUL_S8_S32_MAX_K + 1) * 255 * 255 > INT32_MAX,
               "MAX_K is the bound");
  p.mm.k = TMLC_MATMUL_S8_S32_MAX_K + 1;
  TMLC_T_CHECK(tmlc_matmul_s8_s32(a, b, &y, &p) == TMLC_ERR_ARG, "k too big");
}

static void test_args(void) {
  const int32_t off = 0, bad = 129;
  tmlc_matmul_s8_s32_params p;
  set_batch(&p, 0, 0);
  p.mm.m = 1, p.mm.k = 1, p.mm.n = 1;
  p.a_offset = &off, p.b_offset = &off, p.a_per_row = 0, p.b_per_col = 0;
  TMLC_T_CHECK(tmlc_matmul_s8_s32(NULL, B, Y, &p) == TMLC_ERR_ARG, "null a");
  TMLC_T_CHECK(tmlc_matmul_s8_s32(A, B, Y, NULL) == TMLC_ERR_ARG, "null p");
  p.b_offset = NULL;
  TMLC_T_CHECK(tmlc_matmul_s8_s32(A, B, Y, &p) == TMLC_ERR_ARG, "null off");
  p.b_offset = &bad;
  TMLC_T_CHECK(tmlc_matmul_s8_s32(A, B, Y, &p) == TMLC_ERR_ARG, "offset");
  p.b_offset = &off;
  p.mm.m = -1;
  TMLC_T_CHECK(tmlc_matmul_s8_s32(A, B, Y, &p) == TMLC_ERR_ARG, "m < 0");
}

int main(void) {
  test_onnx_example();
  test_random();
  test_max_k();
  test_args();
  if (tmlc_t_failures) {
    fprintf(stderr, "%d failures\n", tmlc_t_failures);
    return 1;
  }
  printf("test_matmul_s8_s32: ok\n");
  return 0;
}
