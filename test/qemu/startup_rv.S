/*===- startup_rv.S - RV32 entry and trap vector for the tmlc QEMU harness -===*
 * QEMU's riscv32 'virt' machine (with -bios none) starts every hart at
 * 0x80000000 in M-mode; this file is linked first there. Hart 0 paints the
 * stack (for the high-water report), sets sp/gp/tp and a trap vector, and
 * continues in tmlc_reset_c (startup_rv.c). Other harts park.
 *===----------------------------------------------------------------------===*/
  /* CSR access (Zicsr) is split from the base ISA in newer binutils. */
  .option arch, +zicsr
  .section .text.start, "ax"
  .globl _start
_start:
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  csrr t0, mhartid
  bnez t0, 9f
  la t0, __stack_bottom
  la t1, __stack_top
  li t2, 0xC5A3C5A3
1:
  bgeu t0, t1, 2f
  sw t2, 0(t0)
  addi t0, t0, 4
  j 1b
2:
  la sp, __stack_top
  la tp, __tls_base
  la t0, tmlc_trap_entry
  csrw mtvec, t0
  call tmlc_reset_c
9:
  wfi
  j 9b

/* Direct-mode trap vector (4-byte aligned): hand mcause, mepc, mtval to C,
 * which reports and exits. */
  .balign 4
  .globl tmlc_trap_entry
tmlc_trap_entry:
  csrr a0, mcause
  csrr a1, mepc
  csrr a2, mtval
  call tmlc_trap_report
3:
  j 3b
