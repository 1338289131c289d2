/*===- host_port.c - host side of the harness (reference runs) ------------===*
 * The same main built for the host writes the same text to stdout; main's
 * return value is the process exit status.
 *===----------------------------------------------------------------------===*/
#include <stdio.h>

#include "harness.h"

void tmlc_port_write(const char *s) { fputs(s, stdout); }

#include <stdlib.h>

/* Flush a trailing partial line when main returns. */
__attribute__((constructor)) static void tmlc_host_init(void) {
  atexit(tmlc_out_flush);
}
