/*===- harness.h - device-side API of the tmlc QEMU harness ---------------===*
 *
 * A program run by run_on_qemu.py (or built for the host to produce the
 * reference output) includes this header. Output goes through a small line
 * buffer to semihosting SYS_WRITE0 on the boards and to stdout on the host,
 * so the same main prints the same text everywhere.
 *
 * Lines starting with "@tmlc " are harness metadata (stack high-water, fault
 * reports); run_on_qemu.py strips them before comparing outputs.
 *
 * Measurement window: the executed-instruction counter plugin snapshots its
 * counters when tmlc_bench_begin() and tmlc_bench_end() execute. A window
 * counts every instruction from the return of tmlc_bench_begin() up to and
 * including tmlc_bench_end() (a constant overhead of a few instructions for
 * the calls themselves).
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_QEMU_HARNESS_H
#define TMLC_QEMU_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Append text to the output line buffer (flushed at '\n' and when full). */
void tmlc_out_str(const char *s);
void tmlc_out_u32(uint32_t v);
void tmlc_out_i32(int32_t v);
void tmlc_out_hex32(uint32_t v);
/* Lowercase hex of n bytes, no separators. */
void tmlc_out_hex_bytes(const void *p, size_t n);
void tmlc_out_flush(void);

/* Markers of the measurement window. Never inlined; each call is a few
 * instructions. */
void tmlc_bench_begin(void);
void tmlc_bench_end(void);

/* Provided by the platform part (startup_cm.c, startup_rv.c, host_port.c):
 * write a NUL-terminated string to the console. */
void tmlc_port_write(const char *s);

#ifdef __cplusplus
}
#endif

#endif /* TMLC_QEMU_HARNESS_H */
