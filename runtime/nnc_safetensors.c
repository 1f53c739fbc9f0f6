/*===- nnc_safetensors.c - the safetensors writer of the runtime ----------===*
 *
 * Trainers write their parameters (--save-init, -o) with
 * nnc_safetensors_write: an 8-byte little-endian
 * header size, a JSON header of names, dtypes, shapes and offsets, then the
 * tensors' bytes, written through a temporary name (nnc_output_open).
 *
 *===----------------------------------------------------------------------===*/
#include "nnc_internal.h"
#include "nnc_runtime.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *st_dtype(nnc_dtype d) {
  switch (d) {
  case NNC_F32:
    return "F32";
  case NNC_F64:
    return "F64";
  case NNC_I32:
    return "I32";
  case NNC_I64:
    return "I64";
  case NNC_BOOL:
    return "BOOL";
  }
  return "?";
}

/* A growable string. */
typedef struct {
  char *data;
  size_t len, cap;
  int oom;
} strbuf;

static void sb_put(strbuf *b, const char *s, size_t n) {
  if (b->oom)
    return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *d = realloc(b->data, cap);
    if (!d) {
      b->oom = 1;
      return;
    }
    b->data = d;
    b->cap = cap;
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
}

static void sb_printf(strbuf *b, const char *fmt, ...) {
  char tmp[128];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  sb_put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A JSON string literal. */
static void sb_json_string(strbuf *b, const char *s) {
  sb_put(b, "\"", 1);
  for (; *s; ++s) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      char e[2] = {'\\', (char)c};
      sb_put(b, e, 2);
    } else if (c < 0x20) {
      sb_printf(b, "\\u%04x", c);
    } else {
      sb_put(b, (const char *)&c, 1);
    }
  }
  sb_put(b, "\"", 1);
}

int nnc_safetensors_write(const char *path, const char *const *names,
                          const nnc_array *arrays, int count, char *err,
                          size_t errlen) {
  strbuf h = {0};
  const char *meta = "{\"__metadata__\":{\"format\":\"pt\"}";
  sb_put(&h, meta, strlen(meta));
  uint64_t offset = 0;
  for (int i = 0; i < count; ++i) {
    int64_t numel = nnc_array_numel(&arrays[i]);
    uint64_t bytes = (uint64_t)numel * nnc_dtype_size(arrays[i].dtype);
    sb_put(&h, ",", 1);
    sb_json_string(&h, names[i]);
    sb_printf(&h, ":{\"dtype\":\"%s\",\"shape\":[", st_dtype(arrays[i].dtype));
    for (int d = 0; d < arrays[i].rank; ++d)
      sb_printf(&h, "%s%lld", d ? "," : "", (long long)arrays[i].shape[d]);
    sb_printf(&h, "],\"data_offsets\":[%llu,%llu]}", (unsigned long long)offset,
              (unsigned long long)(offset + bytes));
    offset += bytes;
  }
  sb_put(&h, "}", 1);
  /* Pad with spaces so that the data starts 8-byte aligned. */
  while (!h.oom && h.len % 8)
    sb_put(&h, " ", 1);
  if (h.oom) {
    free(h.data);
    return nnc_fail(err, errlen, "out of memory");
  }
  char tmp[4096];
  FILE *f = nnc_output_open(path, tmp, sizeof tmp);
  if (!f) {
    int e = errno;
    free(h.data);
    return nnc_fail(err, errlen, "cannot write '%s': %s", path, strerror(e));
  }
  unsigned char len8[8];
  for (int i = 0; i < 8; ++i)
    len8[i] = (unsigned char)((uint64_t)h.len >> (8 * i));
  int ok = fwrite(len8, 1, 8, f) == 8 && fwrite(h.data, 1, h.len, f) == h.len;
  for (int i = 0; ok && i < count; ++i) {
    size_t bytes =
        (size_t)nnc_array_numel(&arrays[i]) * nnc_dtype_size(arrays[i].dtype);
    ok = fwrite(arrays[i].data, 1, bytes, f) == bytes;
  }
  free(h.data);
  if (!nnc_output_close(f, ok, tmp, path))
    return nnc_fail(err, errlen, "cannot write '%s': %s", path,
                    strerror(errno));
  return 0;
}
