/*===- smoke_model.c - a tiny two-layer model for the harness smoke test --===*/
#include "smoke_model.h"

#include "smoke_weights.inc"

/* round(x * m / 2^31) with ties away from zero, then an arithmetic right
 * shift with round-half-up: the usual int8 requantization shape. */
static int32_t requant(int32_t acc, int32_t mult, int shift) {
  int64_t p = (int64_t)acc * (int64_t)mult;
  int64_t nudge = p >= 0 ? ((int64_t)1 << 30) : (1 - ((int64_t)1 << 30));
  int32_t hi = (int32_t)((p + nudge) / ((int64_t)1 << 31));
  if (shift > 0) {
    int32_t mask = (int32_t)((1u << shift) - 1u);
    int32_t rem = hi & mask;
    int32_t thr = (mask >> 1) + (hi < 0 ? 1 : 0);
    hi = (hi >> shift) + (rem > thr ? 1 : 0);
  }
  return hi;
}

int smoke_run(const int8_t in[SMOKE_IN], int8_t hidden[SMOKE_HIDDEN],
              float out[SMOKE_OUT]) {
  int o;
  int i;
  for (o = 0; o < SMOKE_HIDDEN; ++o) {
    int32_t acc = smoke_w_fc1_bias[o];
    int32_t q;
    for (i = 0; i < SMOKE_IN; ++i)
      acc += (int32_t)in[i] * (int32_t)smoke_w_fc1[o * SMOKE_IN + i];
    q = requant(acc, 1518500250 /* ~0.7071 * 2^31 */, 9) - 3;
    if (q < -128)
      q = -128;
    if (q > 127)
      q = 127;
    if (q < -3) /* ReLU with zero point -3 */
      q = -3;
    hidden[o] = (int8_t)q;
  }
  for (o = 0; o < SMOKE_OUT; ++o) {
    float acc = smoke_w_fc2_bias[o];
    for (i = 0; i < SMOKE_HIDDEN; ++i)
      acc += 0.05f * (float)(hidden[i] + 3) * smoke_w_fc2[o * SMOKE_HIDDEN + i];
    /* softsign: only IEEE-exact operations, so every board must agree
     * with the host bit for bit (libm's expf differs between newlib and
     * glibc in the last bit, so it is kept out of this test). */
    out[o] = acc / (1.0f + (acc < 0.0f ? -acc : acc));
  }
  return 0;
}
