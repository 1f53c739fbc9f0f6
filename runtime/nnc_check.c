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
  switch (failed_kind) {
  case NNC_CHECK_INPUT_TOO_SMALL:
    snprintf(err, errlen,
             "a dynamic size %lld (dimension %lld of a convolution's or "
             "pool's input) is smaller than the %lld its window needs",
             (long long)failed_value, (long long)failed_position,
             (long long)failed_bound);
    break;
  case NNC_CHECK_CLASS_LABEL:
    snprintf(err, errlen,
             "class label %lld (sample %lld of the targets) is outside the "
             "classes [0, %lld)",
             (long long)failed_value, (long long)failed_position,
             (long long)failed_bound);
    break;
  case NNC_CHECK_GATHER_INDEX:
    snprintf(err, errlen,
             "gather index %lld (element %lld of the indices) is outside "
             "[%lld, %lld)",
             (long long)failed_value, (long long)failed_position,
             -(long long)failed_bound, (long long)failed_bound);
    break;
  case NNC_CHECK_EMBEDDING_ID:
  default:
    snprintf(err, errlen,
             "embedding id %lld (element %lld of the ids) is outside the "
             "table's rows [0, %lld)",
             (long long)failed_value, (long long)failed_position,
             (long long)failed_bound);
    break;
  }
  return 1;
}
