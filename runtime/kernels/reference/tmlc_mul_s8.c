/*===- tmlc_mul_s8.c - MUL int8 with broadcasting -------------------------===*
 * TFLite reference_integer_ops::MulElementwise semantics.
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_requant.h"
#include "tmlc_s8_bcast.h"

tmlc_status tmlc_mul_s8(const int8_t *a, const int8_t *b, int8_t *y,
                        const tmlc_bcast *bc, const tmlc_mul_s8_params *p) {
  tmlc_s8_bcast_iter it;
  int32_t r, i;
  if (a == NULL || b == NULL || y == NULL || bc == NULL || p == NULL)
    return TMLC_ERR_ARG;
  if (p->act_min > p->act_max || !tmlc_s8_bcast_init(&it, bc))
    return TMLC_ERR_ARG;
  for (r = 0; r < it.rows; ++r) {
    const int8_t *pa = a + it.oa;
    const int8_t *pb = b + it.ob;
    for (i = 0; i < it.inner; ++i) {
      const int32_t v1 = (int32_t)pa[i * it.sa] + p->input1_offset;
      const int32_t v2 = (int32_t)pb[i * it.sb] + p->input2_offset;
      const int32_t raw = p->output_offset +
                          tmlc_mbqm(v1 * v2, p->output_multiplier, p->output_shift);
      *y++ = (int8_t)tmlc_clamp_i32(raw, p->act_min, p->act_max);
    }
    tmlc_s8_bcast_next_row(&it, bc);
  }
  return TMLC_OK;
}
