/*===- nnc_check.c - failures of the checks in compiled code --------------===*/
#include "nnc_runtime.h"

#include <stdio.h>

/* The first failure of the current call, per calling thread (the checks
 * run outside the parallel regions), so concurrent calls stay apart. */
static __thread int failed;
static __thread int64_t failed_kind, failed_position, failed_value,
    failed_bound;

void nnc_check_failed(int64_t kind, int64_t position, int64_t value,
                      int64_t bound) {
  if (failed)
    return;
  failed = 1;
  failed_kind = kind;
  failed_position = position;
  failed_value = value;
  failed_bound = bound;
}

int nnc_take_failure(char *err, size_t errlen) {
  if (!failed)
    return 0;
  failed = 0;
  /* Arguments: 1 the value, 2 its position, 3 the bound (POSIX positional
   * conversions). */
  static const char *const formats[] = {
      [NNC_CHECK_EMBEDDING_ID] = "embedding id %1$lld (element %2$lld of the "
                                 "ids) is outside the table's rows [0, %3$lld)",
      [NNC_CHECK_GATHER_INDEX] = "gather index %1$lld (element %2$lld of the "
                                 "indices) is outside [-%3$lld, %3$lld)",
      [NNC_CHECK_CLASS_LABEL] = "class label %1$lld (sample %2$lld of the "
                                "targets) is outside the classes [0, %3$lld)",
      [NNC_CHECK_INPUT_TOO_SMALL] =
          "a dynamic size %1$lld (dimension %2$lld of a convolution's or "
          "pool's input) is smaller than the %3$lld its window needs",
  };
  int64_t kind = failed_kind >= 0 && failed_kind < (int64_t)(sizeof formats /
                                                             sizeof *formats)
                     ? failed_kind
                     : NNC_CHECK_EMBEDDING_ID;
  snprintf(err, errlen, formats[kind], (long long)failed_value,
           (long long)failed_position, (long long)failed_bound);
  return 1;
}
