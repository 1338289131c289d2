/*===- tmlc_spatial.h - window index helpers for conv and pooling --------===*
 * Internal helper of the reference kernels. 1-D and 2-D problems are run as
 * 3-D ones with leading extent-1 dimensions, so each kernel has one loop
 * nest; the flat NC(D)HW indices come out the same.
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_SPATIAL_H
#define TMLC_SPATIAL_H

#include "tmlc_kernels.h"

/** A window problem in exactly three spatial dimensions (internal). */
typedef struct tmlc_win3 {
  int32_t in[3], out[3], k[3], s[3], dil[3], pb[3], pe[3];
} tmlc_win3;

/* Copies the last `rank` entries of each array to the end of the 3-vectors
 * and fills the leading ones with a trivial dimension. Returns 0 if a value
 * is impossible (rank out of 1..3, a stride or dilation < 1, a negative
 * extent). */
static inline int tmlc_win3_init(tmlc_win3 *w, int32_t rank, const int32_t *in,
                                 const int32_t *out, const int32_t *k,
                                 const int32_t *s, const int32_t *dil,
                                 const int32_t *pb, const int32_t *pe) {
  int32_t i, lead;
  if (rank < 1 || rank > 3)
    return 0;
  lead = 3 - rank;
  for (i = 0; i < 3; ++i) {
    const int32_t j = i - lead;
    w->in[i] = j < 0 ? 1 : in[j];
    w->out[i] = j < 0 ? 1 : out[j];
    w->k[i] = j < 0 ? 1 : k[j];
    w->s[i] = j < 0 ? 1 : s[j];
    w->dil[i] = j < 0 ? 1 : dil[j];
    w->pb[i] = j < 0 ? 0 : pb[j];
    w->pe[i] = (j < 0 || pe == NULL) ? 0 : pe[j];
    if (w->in[i] < 0 || w->out[i] < 0 || w->k[i] < 1 || w->s[i] < 1 ||
        w->dil[i] < 1)
      return 0;
  }
  return 1;
}

/* floor(a / b) for b > 0 */
static inline int32_t tmlc_floor_div(int32_t a, int32_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* The range [*lo, *hi] of t in [0, count) with 0 <= first + t * step < extent
 * (step >= 1); empty when *lo > *hi. Used both for the taps of one window
 * (first = window start, step = dilation) and for the outputs one tap
 * touches (first = tap offset, step = stride). */
static inline void tmlc_valid_range(int32_t first, int32_t step, int32_t extent,
                                    int32_t count, int32_t *lo, int32_t *hi) {
  int32_t l = first >= 0 ? 0 : tmlc_floor_div(-first + step - 1, step);
  int32_t h = tmlc_floor_div(extent - 1 - first, step);
  *lo = l;
  *hi = h < count - 1 ? h : count - 1;
}

#endif /* TMLC_SPATIAL_H */
