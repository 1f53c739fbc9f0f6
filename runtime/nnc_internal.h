/*===- nnc_internal.h - helpers shared by the runtime's sources -*- C -*-===*
 *
 * Not installed and not part of the runtime's ABI (nnc_runtime.h is).
 *
 *===----------------------------------------------------------------------===*/
#ifndef NNC_INTERNAL_H
#define NNC_INTERNAL_H

#include <stddef.h>

/* Formats a message into err[errlen] (when err is non-null) and returns -1,
 * the runtime's error return. */
int nnc_fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* NNC_INTERNAL_H */
