/* Two models compiled separately (objects or static libraries) in one
 * program: each reads its input and writes its output as raw float32. */
#include <stdio.h>

#include "cnn.h"
#include "mlp.h"

static int readf(const char *path, float *x, size_t n) {
  FILE *f = fopen(path, "rb");
  size_t got = f ? fread(x, sizeof(float), n, f) : 0;
  if (f)
    fclose(f);
  return got == n;
}

static int writef(const char *path, const float *y, size_t n) {
  FILE *f = fopen(path, "wb");
  size_t put = f ? fwrite(y, sizeof(float), n, f) : 0;
  if (f)
    fclose(f);
  return put == n;
}

int main(int argc, char **argv) {
  static float cx[CNN_IN0_SIZE], cy[CNN_OUT0_SIZE];
  static float mx[MLP_IN0_SIZE], my[MLP_OUT0_SIZE];
  if (argc != 5 || !readf(argv[1], cx, CNN_IN0_SIZE) ||
      !readf(argv[2], mx, MLP_IN0_SIZE))
    return 2;
  if (cnn_run(cx, cy) != 0 || mlp_run(mx, my) != 0)
    return 3;
  if (!writef(argv[3], cy, CNN_OUT0_SIZE) || !writef(argv[4], my, MLP_OUT0_SIZE))
    return 4;
  printf("cnn_run, mlp_run: ok (%s, %s)\n", CNN_NNC_VERSION, MLP_NNC_VERSION);
  return 0;
}
