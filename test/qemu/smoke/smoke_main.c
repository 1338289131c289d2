/*===- smoke_main.c - drives the smoke model on a board or on the host ----===*
 * Prints the int8 hidden layer and the float outputs (as IEEE bit
 * patterns), so the board's text must equal the host's text exactly.
 *===----------------------------------------------------------------------===*/
#include <string.h>

#include "harness.h"
#include "smoke_model.h"

#ifndef SMOKE_REPS
#define SMOKE_REPS 3
#endif

int main(void) {
  static int8_t in[SMOKE_IN];
  static int8_t hidden[SMOKE_HIDDEN];
  static float out[SMOKE_OUT];
  uint32_t s = 2024u;
  int i;
  int r;
  int status = 0;
  for (i = 0; i < SMOKE_IN; ++i) {
    s = s * 1664525u + 1013904223u;
    in[i] = (int8_t)(int32_t)((s >> 24) & 0xFFu) ;
  }
  for (r = 0; r < SMOKE_REPS; ++r) {
    tmlc_bench_begin();
    status |= smoke_run(in, hidden, out);
    tmlc_bench_end();
  }
  tmlc_out_str("hidden=");
  tmlc_out_hex_bytes(hidden, sizeof hidden);
  tmlc_out_str("\n");
  for (i = 0; i < SMOKE_OUT; ++i) {
    uint32_t bits;
    memcpy(&bits, &out[i], sizeof bits);
    tmlc_out_str("out[");
    tmlc_out_u32((uint32_t)i);
    tmlc_out_str("]=0x");
    tmlc_out_hex32(bits);
    tmlc_out_str("\n");
  }
  tmlc_out_str("status=");
  tmlc_out_i32(status);
  tmlc_out_str("\n");
  return status;
}
