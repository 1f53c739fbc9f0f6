/*===- nnc_threads.c - how many threads a parallel region uses -----------===*
 *
 * Compiled parallel regions ask `nnc_num_threads` for their thread count
 * (nnc-cpu-set-num-threads): NNC_NUM_THREADS when it is set, else the
 * count the model was compiled with (--num-threads=N), else the online cores.
 * The answer is computed once per process.
 *
 *===----------------------------------------------------------------------===*/
#include "nnc_runtime.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* At most this many threads (a typo such as 10000 must not spawn them). */
#define NNC_MAX_THREADS 1024

static int32_t compute_threads(int32_t fallback) {
  const char *env = getenv("NNC_NUM_THREADS");
  if (env && *env) {
    char *end = NULL;
    errno = 0;
    long n = strtol(env, &end, 10);
    if (errno == 0 && end && *end == '\0' && n >= 1 && n <= NNC_MAX_THREADS)
      return (int32_t)n;
    fprintf(stderr,
            "nnc: NNC_NUM_THREADS must be an integer from 1 to %d, got '%s'; "
            "ignoring it\n",
            NNC_MAX_THREADS, env);
  }
  if (fallback > 0)
    return fallback;
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  if (cores < 1)
    return 1;
  return cores > NNC_MAX_THREADS ? NNC_MAX_THREADS : (int32_t)cores;
}

int32_t nnc_num_threads(int32_t fallback) {
  static int32_t cached = 0;
  int32_t n = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);
  if (n > 0)
    return n;
  n = compute_threads(fallback);
  __atomic_store_n(&cached, n, __ATOMIC_RELEASE);
  return n;
}
