/*===- tmlc_cm_config.h - the DSP kernel paths a build compiles in ---------===*
 *
 * Part of the tmlc runtime (runtime/kernels/cortexm). Masks of the path bits
 * of tmlc_cm_select.h: each Cortex-M DSP kernel compiles in only the paths
 * in its mask. This (the runtime's own) version enables every path; `tmlc
 * compile` writes its own version of this file into a generated folder with
 * the union of the paths the model's layers take.
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_CM_CONFIG_H
#define TMLC_CM_CONFIG_H

#define TMLC_CM_CONV_DSP_PATHS 0xffffffffu
#define TMLC_CM_DW_DSP_PATHS 0xffffffffu
#define TMLC_CM_FC_DSP_PATHS 0xffffffffu

#endif /* TMLC_CM_CONFIG_H */
