/* Calls an embedding library with good and bad ids and batch sizes and
 * prints what each call returns. */
#include <stdio.h>

#include "emb.h"

int main(void) {
  int64_t good[6] = {0, 1, 2, 2, 1, 0}, big[6] = {0, 1, 2, 2, 1000000000, 0},
          neg[6] = {0, -3, 2, 2, 1, 0};
  float out[2 * EMB_OUT0_SIZE];
  int rc = emb_run(2, good, out);
  printf("good: %d %g\n", rc, out[EMB_OUT0_SIZE]);
  rc = emb_run(2, big, out);
  printf("big: %d %s\n", rc, emb_last_error());
  rc = emb_run(2, neg, out);
  printf("neg: %d %s\n", rc, emb_last_error());
  rc = emb_run(2, good, out);
  printf("again: %d '%s'\n", rc, emb_last_error());
  rc = emb_run(0, good, out);
  printf("batch 0: %d %s\n", rc, emb_last_error());
  rc = emb_run(-1, good, out);
  printf("batch -1: %d %s\n", rc, emb_last_error());
  return 0;
}
