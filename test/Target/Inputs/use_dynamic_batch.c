/* Calls a dynamic-batch shared library at several batch sizes and checks
 * every sample against the batch-1 result of the same sample. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "dyn.h"

int main(void) {
  const int64_t batches[] = {1, 7, 64};
  float *x = malloc(sizeof(float) * 64 * DYN_IN0_SIZE);
  float *y = malloc(sizeof(float) * 64 * DYN_OUT0_SIZE);
  float one[DYN_OUT0_SIZE];
  for (int i = 0; i < 64 * DYN_IN0_SIZE; ++i)
    x[i] = sinf((float)i * 0.37f);
  for (int b = 0; b < 3; ++b) {
    int64_t n = batches[b];
    if (dyn_run(n, x, y) != 0)
      return 1;
    for (int64_t s = 0; s < n; ++s) {
      if (dyn_run(1, x + s * DYN_IN0_SIZE, one) != 0)
        return 2;
      for (int j = 0; j < DYN_OUT0_SIZE; ++j)
        if (fabsf(one[j] - y[s * DYN_OUT0_SIZE + j]) > 1e-6f * (1 + fabsf(one[j]))) {
          printf("batch %lld sample %lld differs\n", (long long)n, (long long)s);
          return 3;
        }
    }
    printf("batch %lld: ok\n", (long long)n);
  }
  free(x);
  free(y);
  return 0;
}
