/*===- test_binary.c - broadcasting binary kernels vs explicit expansion --===*
 * Random shapes (rank 0..5, some dims broadcast, operands of lower rank),
 * strides computed the way numpy defines broadcasting, and a reference that
 * expands both operands by index arithmetic and computes in double/int64.
 *===----------------------------------------------------------------------===*/
#include <string.h>

#include "tmlc_kernels.h"
#include "tmlc_test.h"

#define MAXN 4096

typedef struct {
  tmlc_bcast bc;
  int32_t ra, rb;                 /* operand ranks (right-aligned) */
  int32_t adims[TMLC_MAX_RANK];   /* operand dims, right-aligned to bc */
  int32_t bdims[TMLC_MAX_RANK];
  int32_t na, nb, ny;
} bcase;

/* Builds a random broadcast case the way a compiler would. */
static void make_case(bcase *c, int force_rank) {
  int32_t r = force_rank >= 0 ? force_rank : tmlc_test_randint(0, 5);
  int32_t i, sa = 1, sb = 1;
  memset(c, 0, sizeof *c);
  c->bc.rank = r;
  c->ra = r - tmlc_test_randint(0, r > 2 ? 2 : r);
  c->rb = r - tmlc_test_randint(0, r > 2 ? 2 : r);
  if (tmlc_test_randint(0, 1))
    c->ra = r; /* keep the output rank reachable */
  c->ny = 1;
  for (i = 0; i < r; ++i) {
    int32_t d = tmlc_test_randint(1, 5);
    c->bc.dims[i] = d;
    c->ny *= d;
    c->adims[i] = (i < r - c->ra || tmlc_test_randint(0, 3) == 0) ? 1 : d;
    c->bdims[i] = (i < r - c->rb || tmlc_test_randint(0, 3) == 0) ? 1 : d;
  }
  /* numpy: stride of a size-1 (or missing) axis is 0, else contiguous */
  for (i = r - 1; i >= 0; --i) {
    c->bc.a_strides[i] = c->adims[i] == 1 ? 0 : sa;
    c->bc.b_strides[i] = c->bdims[i] == 1 ? 0 : sb;
    sa *= c->adims[i];
    sb *= c->bdims[i];
  }
  c->na = sa;
  c->nb = sb;
}

/* flat index into an operand for output element `flat`, by expansion */
static int32_t src_index(const bcase *c, const int32_t *odims, int32_t flat) {
  int32_t i, off = 0, mul = 1;
  for (i = c->bc.rank - 1; i >= 0; --i) {
    int32_t coord = flat % c->bc.dims[i];
    flat /= c->bc.dims[i];
    if (odims[i] != 1)
      off += coord * mul;
    mul *= odims[i];
  }
  return off;
}

static const char *const opnames[] = {"add", "sub", "mul", "div", "min", "max"};

static double ref_float(int op, double x, double y) {
  switch (op) {
  case 0: return x + y;
  case 1: return x - y;
  case 2: return x * y;
  case 3: return x / y;
  case 4: return (x != x || y != y) ? NAN : (x < y ? x : y);
  default: return (x != x || y != y) ? NAN : (x > y ? x : y);
  }
}

/* signed reference in int64 (operands are small), division toward zero */
static int64_t ref_int(int op, int64_t x, int64_t y) {
  switch (op) {
  case 0: return x + y;
  case 1: return x - y;
  case 2: return x * y;
  case 3: { int64_t q = (x < 0 ? -x : x) / (y < 0 ? -y : y);
            return ((x < 0) != (y < 0)) ? -q : q; }
  case 4: return x < y ? x : y;
  default: return x > y ? x : y;
  }
}

#define FLOAT_CASE(T, sfx, TOL)                                                \
  do {                                                                         \
    static T a[MAXN], b[MAXN], y[MAXN];                                        \
    tmlc_status (*fn[6])(const T *, const T *, T *, const tmlc_bcast *) = {    \
        tmlc_add_##sfx, tmlc_sub_##sfx, tmlc_mul_##sfx,                        \
        tmlc_div_##sfx, tmlc_min_##sfx, tmlc_max_##sfx};                       \
    for (k = 0; k < c.na; ++k)                                                 \
      a[k] = (T)tmlc_test_randf(-4.0f, 4.0f);                                  \
    for (k = 0; k < c.nb; ++k)                                                 \
      b[k] = (T)tmlc_test_randf(0.5f, 3.0f) * (tmlc_test_rand() & 1 ? 1 : -1); \
    if (c.na > 1) a[1] = (T)NAN;                                               \
    for (op = 0; op < 6; ++op) {                                               \
      TMLC_CHECK(fn[op](a, b, y, &c.bc) == TMLC_OK, "%s", opnames[op]);        \
      for (k = 0; k < c.ny; ++k) {                                             \
        double want = ref_float(op, (double)a[src_index(&c, c.adims, k)],      \
                                (double)b[src_index(&c, c.bdims, k)]);         \
        TMLC_CHECK_CLOSE(y[k], want, TOL, TOL, opnames[op], k);                \
      }                                                                        \
    }                                                                          \
  } while (0)

#define INT_CASE(T, sfx, LO, HI)                                               \
  do {                                                                         \
    static T a[MAXN], b[MAXN], y[MAXN];                                        \
    tmlc_status (*fn[6])(const T *, const T *, T *, const tmlc_bcast *) = {    \
        tmlc_add_##sfx, tmlc_sub_##sfx, tmlc_mul_##sfx,                        \
        tmlc_div_##sfx, tmlc_min_##sfx, tmlc_max_##sfx};                       \
    for (k = 0; k < c.na; ++k)                                                 \
      a[k] = (T)tmlc_test_randint(LO, HI);                                     \
    for (k = 0; k < c.nb; ++k) {                                               \
      b[k] = (T)tmlc_test_randint(LO, HI);                                     \
      if (b[k] == 0) b[k] = 1;                                                 \
    }                                                                          \
    for (op = 0; op < 6; ++op) {                                               \
      TMLC_CHECK(fn[op](a, b, y, &c.bc) == TMLC_OK, "%s", opnames[op]);        \
      for (k = 0; k < c.ny; ++k) {                                             \
        int64_t want = ref_int(op, (int64_t)a[src_index(&c, c.adims, k)],      \
                               (int64_t)b[src_index(&c, c.bdims, k)]);         \
        TMLC_CHECK(y[k] == (T)want, "%s " #sfx "[%d]: got %lld want %lld",     \
                   opnames[op], (int)k, (long long)y[k],                       \
                   (long long)(T)want);                                        \
      }                                                                        \
    }                                                                          \
  } while (0)

static void test_random_broadcast(void) {
  int iter, op;
  int32_t k;
  bcase c;
  for (iter = 0; iter < 300; ++iter) {
    make_case(&c, iter < 10 ? iter % 6 : -1);
    FLOAT_CASE(float, f32, 1e-6);
    FLOAT_CASE(double, f64, 1e-12);
    INT_CASE(int8_t, i8, -100, 100);
    INT_CASE(uint8_t, u8, 0, 255);
    INT_CASE(int16_t, i16, -30000, 30000);
    INT_CASE(uint16_t, u16, 0, 65535);
    INT_CASE(int32_t, i32, -2000000000, 2000000000);
    INT_CASE(uint32_t, u32, 0, 2000000000);
    INT_CASE(int64_t, i64, -2000000000, 2000000000);
    INT_CASE(uint64_t, u64, 0, 2000000000);
  }
}

static void test_int_edge_cases(void) {
  tmlc_bcast bc;
  int32_t a32[3] = {INT32_MIN, -7, 7}, b32[3] = {-1, 2, -2}, y32[3];
  int64_t a64[2] = {INT64_MIN, 5}, b64[2] = {-1, 0}, y64[2];
  uint8_t a8[2] = {200, 255}, b8[2] = {100, 2}, y8[2];
  uint16_t a16[1] = {65535}, y16[1];
  memset(&bc, 0, sizeof bc);
  bc.rank = 1;
  bc.dims[0] = 3;
  bc.a_strides[0] = bc.b_strides[0] = 1;
  /* truncation toward zero and INT_MIN / -1 wrapping instead of trapping */
  TMLC_CHECK(tmlc_div_i32(a32, b32, y32, &bc) == TMLC_OK, "div i32");
  TMLC_CHECK(y32[0] == INT32_MIN && y32[1] == -3 && y32[2] == -3,
             "i32 div: %d %d %d", (int)y32[0], (int)y32[1], (int)y32[2]);
  bc.dims[0] = 2;
  TMLC_CHECK(tmlc_div_i64(a64, b64, y64, &bc) == TMLC_ERR_MATH,
             "i64 division by zero must fail");
  TMLC_CHECK(tmlc_add_u8(a8, b8, y8, &bc) == TMLC_OK, "add u8");
  TMLC_CHECK(y8[0] == (uint8_t)(200 + 100) && y8[1] == 1, "u8 wrap %d %d",
             y8[0], y8[1]);
  bc.dims[0] = 1;
  TMLC_CHECK(tmlc_mul_u16(a16, a16, y16, &bc) == TMLC_OK, "mul u16");
  TMLC_CHECK(y16[0] == (uint16_t)(65535u * 65535u), "u16 mul %u", y16[0]);
  /* NULL and bad rank are argument errors */
  TMLC_CHECK(tmlc_add_i32(NULL, b32, y32, &bc) == TMLC_ERR_ARG, "NULL a");
  bc.rank = TMLC_MAX_RANK + 1;
  TMLC_CHECK(tmlc_add_i32(a32, b32, y32, &bc) == TMLC_ERR_ARG, "rank");
}

static void test_pow_prelu(void) {
  bcase c;
  static float a[MAXN], b[MAXN], y[MAXN];
  int iter;
  int32_t k;
  for (iter = 0; iter < 50; ++iter) {
    make_case(&c, -1);
    for (k = 0; k < c.na; ++k)
      a[k] = tmlc_test_randf(-3.0f, 3.0f);
    for (k = 0; k < c.nb; ++k)
      b[k] = tmlc_test_randf(-2.0f, 2.0f);
    TMLC_CHECK(tmlc_prelu_f32(a, b, y, &c.bc) == TMLC_OK, "prelu");
    for (k = 0; k < c.ny; ++k) {
      double x = a[src_index(&c, c.adims, k)], s = b[src_index(&c, c.bdims, k)];
      TMLC_CHECK_CLOSE(y[k], x < 0 ? x * s : x, 1e-6, 1e-6, "prelu", k);
    }
    for (k = 0; k < c.na; ++k)
      a[k] = tmlc_test_randf(0.1f, 3.0f);
    TMLC_CHECK(tmlc_pow_f32(a, b, y, &c.bc) == TMLC_OK, "pow");
    for (k = 0; k < c.ny; ++k) {
      double x = a[src_index(&c, c.adims, k)], e = b[src_index(&c, c.bdims, k)];
      TMLC_CHECK_CLOSE(y[k], exp(e * log(x)), 1e-6, 1e-5, "pow", k);
    }
  }
}

int main(void) {
  test_random_broadcast();
  test_int_edge_cases();
  test_pow_prelu();
  return tmlc_test_finish("test_binary");
}
