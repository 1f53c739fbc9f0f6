/* nnc-c/nnc.h as C99 (-std=c99 -pedantic -Werror): parse a module, compile
 * it to LLVM IR in memory, report. */
#include "nnc-c/nnc.h"

#include <stdio.h>
#include <string.h>

int main(void) {
  static const char text[] =
      "func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {\n"
      "  %y = nn.sigmoid %x : tensor<2xf32>\n"
      "  return %y : tensor<2xf32>\n}\n";
  nnc_context ctx = NULL;
  nnc_module m = NULL;
  void *ir = NULL;
  size_t size = 0;
  nnc_status s;
  if (nnc_context_create(&ctx) != NNC_OK)
    return 1;
  s = nnc_module_parse(ctx, text, sizeof text - 1, &m);
  if (s == NNC_OK)
    s = nnc_module_compile_to_buffer(m, NULL, NNC_EMIT_LLVM_IR, &ir, &size);
  if (s != NNC_OK) {
    fprintf(stderr, "%s: %s\n", nnc_status_string(s),
            nnc_context_last_error(ctx));
    return 1;
  }
  printf("%s: %lu bytes of LLVM IR\n", nnc_version(), (unsigned long)size);
  nnc_free(ir);
  nnc_module_destroy(m);
  nnc_context_destroy(ctx);
  return 0;
}
