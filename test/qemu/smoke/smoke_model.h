/*===- smoke_model.h - a tiny two-layer model for the harness smoke test --===*
 * int8 fully connected (64 -> 32, int32 bias, fixed-point requantization,
 * ReLU), then float32 fully connected (32 -> 10) and a softsign. Plain C99,
 * no heap, no stdio; weights are const tables named smoke_w_*.
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_SMOKE_MODEL_H
#define TMLC_SMOKE_MODEL_H

#include <stdint.h>

#define SMOKE_IN 64
#define SMOKE_HIDDEN 32
#define SMOKE_OUT 10

/* Returns 0 on success. hidden receives the int8 activations of layer 1. */
int smoke_run(const int8_t in[SMOKE_IN], int8_t hidden[SMOKE_HIDDEN],
              float out[SMOKE_OUT]);

#endif
