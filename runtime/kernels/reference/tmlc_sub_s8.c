/*===- tmlc_sub_s8.c - SUB int8 with broadcasting ----------------------------===*
 * TFLite reference_integer_ops SUB semantics (body in tmlc_addsub_s8.h).
 *===----------------------------------------------------------------------===*/
#include "tmlc_addsub_s8.h"

tmlc_status tmlc_sub_s8(const int8_t *a, const int8_t *b, int8_t *y,
                        const tmlc_bcast *bc, const tmlc_add_s8_params *p) {
  return tmlc_addsub_s8(a, b, y, bc, p, 1);
}
