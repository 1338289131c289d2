/*===- tmlc_kernels_s8_cm.h - Cortex-M specialized int8 kernels -----------===*
 *
 * Same signatures, params structs and results (bit for bit) as the portable
 * kernels of tmlc_kernels_s8.h:
 *   _dsp: Cortex-M4/M7/M33 (ARMv7E-M / ARMv8-M DSP extension: SXTB16,
 *         SXTAB16, SMLAD, SMLABB/SMLATT through <arm_acle.h>);
 *   _mve: Cortex-M55 (Helium, <arm_mve.h>).
 * Without the feature macro (__ARM_FEATURE_DSP / __ARM_FEATURE_MVE) each
 * one forwards to the portable kernel. With it, parameter combinations a
 * variant does not specialize (and invalid arguments) are also handed to
 * the portable kernel, so a folder using a variant must always contain the
 * portable kernel's file too (tmlc_conv2d_s8.c for tmlc_conv2d_s8_dsp.c).
 *
 * No alignment requirements on any data pointer. Stack scratch per call is
 * at most 1 KiB (see each file's header for the figure); no heap, no
 * globals.
 *
 * tmlc_conv2d_s8_dsp_ws: tmlc_conv2d_s8_dsp with caller scratch (the
 * arena region tmlc compiles for the layer): `scratch` 4-byte aligned (or
 * NULL with scratch_bytes 0), scratch_bytes >= 0, else TMLC_ERR_ARG. The
 * paths are chosen for scratch_bytes (tmlc_cm_conv_dsp_plan_cap in
 * tmlc_cm_select.h); tmlc_cm_conv_dsp_scratch_bytes(p, bias != NULL)
 * bytes give every path it can take. Results are the same either way.
 * tmlc_fully_connected_s8_dsp_ws: the same for the FC's single-row column
 * (tmlc_cm_fc_dsp_plan_cap, tmlc_cm_fc_dsp_scratch_bytes).
 * tmlc_conv2d_s8_mve_ws, tmlc_depthwise_conv2d_s8_mve_ws: the Helium
 * kernels with caller scratch, the same argument rules; the bytes they use
 * are tmlc_cm_conv_mve_scratch_bytes / tmlc_cm_dw_mve_scratch_bytes
 * (tmlc_cm_select.h). With fewer the conv goes to the portable kernel and
 * the depthwise conv takes its per-pixel path; results are the same.
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_KERNELS_S8_CM_H
#define TMLC_KERNELS_S8_CM_H

#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"

#ifdef __cplusplus
extern "C" {
#endif

tmlc_status tmlc_conv2d_s8_dsp(const int8_t *x, const int8_t *w,
                               const int32_t *bias, int8_t *y,
                               const tmlc_conv_s8_params *p);
tmlc_status tmlc_conv2d_s8_dsp_ws(const int8_t *x, const int8_t *w,
                                  const int32_t *bias, int8_t *y,
                                  const tmlc_conv_s8_params *p,
                                  void *scratch, int32_t scratch_bytes);
tmlc_status tmlc_depthwise_conv2d_s8_dsp(const int8_t *x, const int8_t *w,
                                         const int32_t *bias, int8_t *y,
                                         const tmlc_conv_s8_params *p);
tmlc_status tmlc_fully_connected_s8_dsp_ws(const int8_t *x, const int8_t *w,
                                           const int32_t *bias, int8_t *y,
                                           const tmlc_fc_s8_params *p,
                                           void *scratch,
                                           int32_t scratch_bytes);
tmlc_status tmlc_fully_connected_s8_dsp(const int8_t *x, const int8_t *w,
                                        const int32_t *bias, int8_t *y,
                                        const tmlc_fc_s8_params *p);

tmlc_status tmlc_conv2d_s8_mve(const int8_t *x, const int8_t *w,
                               const int32_t *bias, int8_t *y,
                               const tmlc_conv_s8_params *p);
tmlc_status tmlc_conv2d_s8_mve_ws(const int8_t *x, const int8_t *w,
                                  const int32_t *bias, int8_t *y,
                                  const tmlc_conv_s8_params *p,
                                  void *scratch, int32_t scratch_bytes);
tmlc_status tmlc_depthwise_conv2d_s8_mve(const int8_t *x, const int8_t *w,
                                         const int32_t *bias, int8_t *y,
                                         const tmlc_conv_s8_params *p);
tmlc_status tmlc_depthwise_conv2d_s8_mve_ws(const int8_t *x, const int8_t *w,
                                            const int32_t *bias, int8_t *y,
                                            const tmlc_conv_s8_params *p,
                                            void *scratch,
                                            int32_t scratch_bytes);
tmlc_status tmlc_fully_connected_s8_mve(const int8_t *x, const int8_t *w,
                                        const int32_t *bias, int8_t *y,
                                        const tmlc_fc_s8_params *p);
tmlc_status tmlc_add_s8_mve(const int8_t *a, const int8_t *b, int8_t *y,
                            const tmlc_bcast *bc,
                            const tmlc_add_s8_params *p);

#ifdef __cplusplus
}
#endif

#endif /* TMLC_KERNELS_S8_CM_H */
