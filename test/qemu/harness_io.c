/*===- harness_io.c - line-buffered output and window markers -------------===*
 * Portable C99: used on every board and on the host.
 *===----------------------------------------------------------------------===*/
#include "harness.h"

#define TMLC_OUT_CAP 128

static char g_line[TMLC_OUT_CAP + 1];
static size_t g_len;

void tmlc_out_flush(void) {
  if (g_len == 0)
    return;
  g_line[g_len] = '\0';
  tmlc_port_write(g_line);
  g_len = 0;
}

static void put_char(char c) {
  g_line[g_len++] = c;
  if (c == '\n' || g_len == TMLC_OUT_CAP)
    tmlc_out_flush();
}

void tmlc_out_str(const char *s) {
  while (*s)
    put_char(*s++);
}

void tmlc_out_u32(uint32_t v) {
  char tmp[11];
  int n = 0;
  do {
    tmp[n++] = (char)('0' + (int)(v % 10u));
    v /= 10u;
  } while (v != 0u);
  while (n > 0)
    put_char(tmp[--n]);
}

void tmlc_out_i32(int32_t v) {
  if (v < 0) {
    put_char('-');
    tmlc_out_u32((uint32_t)0 - (uint32_t)v);
  } else {
    tmlc_out_u32((uint32_t)v);
  }
}

static const char k_hex[] = "0123456789abcdef";

void tmlc_out_hex32(uint32_t v) {
  int s;
  for (s = 28; s >= 0; s -= 4)
    put_char(k_hex[(v >> s) & 0xFu]);
}

void tmlc_out_hex_bytes(const void *p, size_t n) {
  const unsigned char *b = (const unsigned char *)p;
  size_t i;
  for (i = 0; i < n; ++i) {
    put_char(k_hex[b[i] >> 4]);
    put_char(k_hex[b[i] & 0xFu]);
  }
}

/* Different bodies so that identical-code folding cannot merge the two
 * markers into one address. */
volatile uint32_t tmlc_bench_windows;
volatile uint32_t tmlc_bench_open;

__attribute__((noinline)) void tmlc_bench_begin(void) {
  tmlc_bench_open = 1u;
}

__attribute__((noinline)) void tmlc_bench_end(void) {
  tmlc_bench_open = 0u;
  tmlc_bench_windows = tmlc_bench_windows + 1u;
}
