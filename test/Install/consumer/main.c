/* Uses an installed nnc twice: mlp_run from a model compiled at build time
 * (nnc_add_model), and the C API compiling a module into a shared library
 * (which needs the installed runtime). */
#include <stdio.h>

#include "mlp.h"
#include "nnc-c/nnc.h"

int main(int argc, char **argv) {
  static float x[MLP_IN0_SIZE], y[MLP_OUT0_SIZE];
  static const char relu[] =
      "func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {\n"
      "  %y = nn.relu %x : tensor<4xf32>\n  return %y : tensor<4xf32>\n}\n";
  nnc_context ctx;
  nnc_module m;
  FILE *f;
  if (argc != 4)
    return 2;
  f = fopen(argv[1], "rb");
  if (!f || fread(x, sizeof x[0], MLP_IN0_SIZE, f) != MLP_IN0_SIZE)
    return 3;
  fclose(f);
  if (mlp_run(x, y) != 0)
    return 4;
  f = fopen(argv[2], "wb");
  if (!f || fwrite(y, sizeof y[0], MLP_OUT0_SIZE, f) != MLP_OUT0_SIZE)
    return 5;
  fclose(f);
  if (nnc_context_create(&ctx) != NNC_OK ||
      nnc_module_parse(ctx, relu, sizeof relu - 1, &m) != NNC_OK ||
      nnc_module_compile(m, NULL, NNC_EMIT_SHARED_LIBRARY, argv[3]) != NNC_OK) {
    fprintf(stderr, "C API: %s\n", nnc_context_last_error(ctx));
    return 6;
  }
  nnc_module_destroy(m);
  nnc_context_destroy(ctx);
  printf("%s: mlp_run and nnc_module_compile ok\n", nnc_version());
  return 0;
}
