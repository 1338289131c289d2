/*===- startup_cm.c - Cortex-M startup for the tmlc QEMU harness ----------===*
 *
 * Vector table, reset handler (stack painting, .data copy, .bss zeroing, FPU
 * enable), Arm semihosting console and exit, and fault handlers that report
 * the faulting PC and exit with a non-zero status.
 *
 * At exit the stack is scanned for the deepest overwritten word and reported
 * as "@tmlc stack_used=<bytes> stack_size=<bytes>".
 *
 * Symbols from the linker script (sections_cm.ld): __stack_bottom,
 * __stack_top, __data_load, __data_start, __data_end, __bss_start,
 * __bss_end.
 *===----------------------------------------------------------------------===*/
#include <stdint.h>

#include "harness.h"

extern uint32_t __stack_bottom[], __stack_top[];
extern uint32_t __data_load[], __data_start[], __data_end[];
extern uint32_t __bss_start[], __bss_end[];

int main(void);

#define TMLC_STACK_PAINT 0xC5A3C5A3u

/* Arm semihosting: operation in r0, parameter in r1, result in r0. The
 * Thumb instruction for M-profile is BKPT 0xAB. */
static int semihost(int op, const void *arg) {
  register int r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
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
  /* Fallback, plain SYS_EXIT: the reason is passed directly on AArch32. */
  (void)semihost(0x18, (const void *)(uintptr_t)0x20026u);
  for (;;) {
  }
}

/* Called with a pointer to the stacked exception frame
 * {r0, r1, r2, r3, r12, lr, pc, xpsr}. */
__attribute__((used, noreturn)) void tmlc_fault_report(const uint32_t *frame,
                                                        uint32_t exc_return) {
  uint32_t ipsr;
  __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
  tmlc_out_flush();
  tmlc_out_str("@tmlc fault exception=");
  tmlc_out_u32(ipsr & 0x1FFu);
  tmlc_out_str(" pc=0x");
  tmlc_out_hex32(frame[6]);
  tmlc_out_str(" lr=0x");
  tmlc_out_hex32(frame[5]);
  tmlc_out_str(" exc_return=0x");
  tmlc_out_hex32(exc_return);
#if !defined(__ARM_ARCH_6M__) && !defined(__ARM_ARCH_8M_BASE__)
  /* Configurable Fault Status Register; absent on ARMv6-M. */
  tmlc_out_str(" cfsr=0x");
  tmlc_out_hex32(*(volatile uint32_t *)0xE000ED28u);
#endif
  tmlc_out_str("\n");
  port_exit(3);
}

/* Pick the stack that holds the exception frame (EXC_RETURN bit 2) and hand
 * it to C. Thumb-1 only so that it also assembles for ARMv6-M (GCC wraps
 * inline assembly in divided syntax, hence .syntax unified). */
__attribute__((naked)) void HardFault_Handler(void) {
  __asm__ volatile(".syntax unified\n"
                   "movs r0, #4\n"
                   "mov r1, lr\n"
                   "tst r0, r1\n"
                   "beq 1f\n"
                   "mrs r0, psp\n"
                   "b 2f\n"
                   "1: mrs r0, msp\n"
                   "2: ldr r2, =tmlc_fault_report\n"
                   "bx r2\n"
                   ".ltorg\n");
}

void Reset_Handler(void);

__attribute__((noreturn)) void tmlc_reset_c(void) {
  uint32_t *s = __data_load;
  uint32_t *d = __data_start;
  while (d < __data_end)
    *d++ = *s++;
  for (d = __bss_start; d < __bss_end;)
    *d++ = 0u;
#if defined(__ARM_FP) || defined(__ARM_FEATURE_MVE)
  /* CPACR: full access to CP10 and CP11 (FPU and MVE). */
  *(volatile uint32_t *)0xE000ED88u |= (0xFu << 20);
  __asm__ volatile("dsb\n isb" ::: "memory");
#endif
  port_exit(main());
}

/* Paint the whole stack before any C code runs, then continue in C. The
 * paint loop uses no stack. */
__attribute__((naked)) void Reset_Handler(void) {
  __asm__ volatile(".syntax unified\n"
                   "ldr r0, =__stack_bottom\n"
                   "ldr r1, =__stack_top\n"
                   "ldr r2, =0xC5A3C5A3\n"
                   "1: cmp r0, r1\n"
                   "bhs 2f\n"
                   "str r2, [r0]\n"
                   "adds r0, r0, #4\n"
                   "b 1b\n"
                   "2: ldr r1, =__stack_top\n"
                   "mov sp, r1\n"
                   "ldr r0, =tmlc_reset_c\n"
                   "bx r0\n"
                   ".ltorg\n");
}

void Default_Handler(void) {
  uint32_t ipsr;
  __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
  tmlc_out_flush();
  tmlc_out_str("@tmlc unexpected exception=");
  tmlc_out_u32(ipsr & 0x1FFu);
  tmlc_out_str("\n");
  port_exit(4);
}

typedef void (*tmlc_vector)(void);

/* Core exceptions only: the harness enables no peripheral interrupt. Faults
 * that are not enabled separately escalate to HardFault. */
__attribute__((section(".vectors"), used)) const tmlc_vector tmlc_vectors[16] = {
    (tmlc_vector)(uintptr_t)__stack_top, /* initial SP */
    Reset_Handler,
    Default_Handler,   /* NMI */
    HardFault_Handler, /* HardFault */
    HardFault_Handler, /* MemManage */
    HardFault_Handler, /* BusFault */
    HardFault_Handler, /* UsageFault */
    HardFault_Handler, /* SecureFault (v8-M) */
    0,
    0,
    0,
    Default_Handler, /* SVCall */
    Default_Handler, /* DebugMonitor */
    0,
    Default_Handler, /* PendSV */
    Default_Handler  /* SysTick */
};
