/*===- tmlc_addsub_s8.h - the shared body of ADD and SUB int8 ---------------===*
 * TFLite reference_integer_ops ADD/SUB semantics: each input is offset,
 * shifted left by left_shift and rescaled to a common scale; the rescaled
 * values are added (or subtracted), rescaled to the output, offset and
 * clamped. Internal to the runtime: included by tmlc_add_s8.c and
 * tmlc_sub_s8.c only.
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_ADDSUB_S8_H
#define TMLC_ADDSUB_S8_H

#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_requant.h"
#include "tmlc_s8_bcast.h"

/** y = a + b when subtract is 0, a - b otherwise (see the file comment). */
static tmlc_status tmlc_addsub_s8(const int8_t *a, const int8_t *b, int8_t *y,
                                  const tmlc_bcast *bc,
                                  const tmlc_add_s8_params *p, int subtract) {
  tmlc_s8_bcast_iter it;
  int32_t r, i;
  if (a == NULL || b == NULL || y == NULL || bc == NULL || p == NULL)
    return TMLC_ERR_ARG;
  if (p->left_shift < 0 || p->left_shift > 30 || p->act_min > p->act_max ||
      !tmlc_s8_bcast_init(&it, bc))
    return TMLC_ERR_ARG;
  for (r = 0; r < it.rows; ++r) {
    const int8_t *pa = a + it.oa;
    const int8_t *pb = b + it.ob;
    for (i = 0; i < it.inner; ++i) {
      const int32_t v1 = tmlc_shl_wrap((int32_t)pa[i * it.sa] + p->input1_offset,
                                       p->left_shift);
      const int32_t v2 = tmlc_shl_wrap((int32_t)pb[i * it.sb] + p->input2_offset,
                                       p->left_shift);
      const int32_t s1 = tmlc_mbqm(v1, p->input1_multiplier, p->input1_shift);
      const int32_t s2 = tmlc_mbqm(v2, p->input2_multiplier, p->input2_shift);
      const int32_t raw = tmlc_mbqm(subtract ? s1 - s2 : s1 + s2,
                                    p->output_multiplier, p->output_shift) +
                          p->output_offset;
      *y++ = (int8_t)tmlc_clamp_i32(raw, p->act_min, p->act_max);
    }
    tmlc_s8_bcast_next_row(&it, bc);
  }
  return TMLC_OK;
}

#endif /* TMLC_ADDSUB_S8_H */
