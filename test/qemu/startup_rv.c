/*===- startup_rv.c - RV32 C startup for the tmlc QEMU harness ------------===*
 * .data copy, .bss zeroing, RISC-V semihosting console and exit, trap
 * report, and the stack high-water report
 * ("@tmlc stack_used=<bytes> stack_size=<bytes>").
 *===----------------------------------------------------------------------===*/
#include <stdint.h>

#include "harness.h"

extern uint32_t __stack_bottom[], __stack_top[];
extern uint32_t __data_load[], __data_start[], __data_end[];
extern uint32_t __bss_start[], __bss_end[];

int main(void);

#define TMLC_STACK_PAINT 0xC5A3C5A3u

/* RISC-V semihosting: operation in a0, parameter in a1, result in a0. The
 * trap is an EBREAK between the two marker instructions SLLI x0,x0,0x1f and
 * SRAI x0,x0,7, all uncompressed and in one page (hence the alignment). */
static int semihost(int op, const void *arg) {
  register int a0 __asm__("a0") = op;
  register const void *a1 __asm__("a1") = arg;
  __asm__ volatile(".option push\n"
                   ".option norvc\n"
                   ".balign 16\n"
                   "slli x0, x0, 0x1f\n"
                   "ebreak\n"
                   "srai x0, x0, 7\n"
                   ".option pop\n"
                   : "+r"(a0)
                   : "r"(a1)
                   : "memory");
  return a0;
}

void tmlc_port_write(const char *s) { (void)semihost(0x04 /* SYS_WRITE0 */, s); }

static uint32_t stack_used_bytes(void) {
  const uint32_t *p = __stack_bottom;
  while (p < __stack_top && *p == TMLC_STACK_PAINT)
    ++p;
  return (uint32_t)((uintptr_t)__stack_top - (uintptr_t)p);
}

__attribute__((noreturn)) static void port_exit(int code) {
  uint32_t blk[2];
  tmlc_out_flush();
  tmlc_out_str("@tmlc stack_used=");
  tmlc_out_u32(stack_used_bytes());
  tmlc_out_str(" stack_size=");
  tmlc_out_u32((uint32_t)((uintptr_t)__stack_top - (uintptr_t)__stack_bottom));
  tmlc_out_str("\n");
  /* SYS_EXIT_EXTENDED (0x20) with {ADP_Stopped_ApplicationExit, code}. */
  blk[0] = 0x20026u;
  blk[1] = (uint32_t)code;
  (void)semihost(0x20, blk);
  /* Fallback, SYS_EXIT: status 0 only. */
  (void)semihost(0x18, (const void *)(uintptr_t)0x20026u);
  for (;;) {
  }
}

__attribute__((noreturn)) void tmlc_trap_report(uint32_t mcause, uint32_t mepc,
                                                uint32_t mtval) {
  tmlc_out_flush();
  tmlc_out_str("@tmlc fault mcause=0x");
  tmlc_out_hex32(mcause);
  tmlc_out_str(" mepc=0x");
  tmlc_out_hex32(mepc);
  tmlc_out_str(" mtval=0x");
  tmlc_out_hex32(mtval);
  tmlc_out_str("\n");
  port_exit(3);
}

__attribute__((noreturn)) void tmlc_reset_c(void) {
  uint32_t *s = __data_load;
  uint32_t *d = __data_start;
  while (d < __data_end)
    *d++ = *s++;
  for (d = __bss_start; d < __bss_end;)
    *d++ = 0u;
  port_exit(main());
}
