/* Links a generated shared library through its header: reads the input and
 * writes the output as raw float32 files. */
#include <stdio.h>
#include <stdlib.h>

#include "cnn.h"

int main(int argc, char **argv) {
  if (argc != 3)
    return 2;
  static float x[CNN_IN0_SIZE], y[CNN_OUT0_SIZE];
  FILE *f = fopen(argv[1], "rb");
  if (!f || fread(x, sizeof(float), CNN_IN0_SIZE, f) != CNN_IN0_SIZE)
    return 3;
  fclose(f);
  int rc = cnn_run(x, y);
  if (rc != 0)
    return 4;
  f = fopen(argv[2], "wb");
  if (!f || fwrite(y, sizeof(float), CNN_OUT0_SIZE, f) != CNN_OUT0_SIZE)
    return 5;
  fclose(f);
  printf("cnn_run: ok\n");
  return 0;
}
