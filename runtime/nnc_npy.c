/*===- nnc_npy.c - strict .npy reading and writing ------------------------===*
 *
 * Every byte of an input file is treated as hostile: the magic, version,
 * header length, each header field and the data size are checked before
 * anything is allocated or read.
 *
 *===----------------------------------------------------------------------===*/
#include "nnc_internal.h"
#include "nnc_runtime.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NNC_MAX_HEADER (1 << 20)

int nnc_fail(char *err, size_t errlen, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (err && errlen)
    vsnprintf(err, errlen, fmt, ap);
  va_end(ap);
  return -1;
}

size_t nnc_dtype_size(nnc_dtype dtype) {
  switch (dtype) {
  case NNC_F32:
    return 4;
  case NNC_F64:
    return 8;
  case NNC_I32:
    return 4;
  case NNC_I64:
    return 8;
  case NNC_BOOL:
    return 1;
  }
  return 0;
}

const char *nnc_dtype_name(nnc_dtype dtype) {
  switch (dtype) {
  case NNC_F32:
    return "float32";
  case NNC_F64:
    return "float64";
  case NNC_I32:
    return "int32";
  case NNC_I64:
    return "int64";
  case NNC_BOOL:
    return "bool";
  }
  return "?";
}

static const char *dtype_descr(nnc_dtype dtype) {
  switch (dtype) {
  case NNC_F32:
    return "<f4";
  case NNC_F64:
    return "<f8";
  case NNC_I32:
    return "<i4";
  case NNC_I64:
    return "<i8";
  case NNC_BOOL:
    return "|b1";
  }
  return "?";
}

void nnc_array_free(nnc_array *array) {
  if (!array)
    return;
  free(array->data);
  array->data = NULL;
}

int64_t nnc_array_numel(const nnc_array *array) {
  int64_t n = 1;
  for (int i = 0; i < array->rank; ++i) {
    int64_t d = array->shape[i];
    if (d < 0 || (d != 0 && n > INT64_MAX / d))
      return -1;
    n *= d;
  }
  return n;
}

/* A tiny parser for the one Python-literal dict numpy writes. */
typedef struct {
  const char *p, *end;
} cursor;

static void skip_ws(cursor *c) {
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
    ++c->p;
}

static int expect_char(cursor *c, char ch) {
  skip_ws(c);
  if (c->p < c->end && *c->p == ch) {
    ++c->p;
    return 1;
  }
  return 0;
}

/* A quoted string (single or double quotes, no escapes) into buf. */
static int parse_string(cursor *c, char *buf, size_t len) {
  skip_ws(c);
  if (c->p >= c->end || (*c->p != '\'' && *c->p != '"'))
    return 0;
  char q = *c->p++;
  size_t n = 0;
  while (c->p < c->end && *c->p != q) {
    if (n + 1 >= len)
      return 0;
    buf[n++] = *c->p++;
  }
  if (c->p >= c->end)
    return 0;
  ++c->p;
  buf[n] = 0;
  return 1;
}

static int parse_int(cursor *c, int64_t *out) {
  skip_ws(c);
  int64_t v = 0;
  int digits = 0;
  while (c->p < c->end && isdigit((unsigned char)*c->p)) {
    int d = *c->p - '0';
    if (v > (INT64_MAX - d) / 10)
      return 0;
    v = v * 10 + d;
    ++c->p;
    ++digits;
  }
  /* Python 2 era numpy wrote 3L. */
  if (digits && c->p < c->end && *c->p == 'L')
    ++c->p;
  *out = v;
  return digits > 0;
}

static int parse_header(const char *hdr, size_t len, nnc_array *out, char *err,
                        size_t errlen, const char *path) {
  cursor c = {hdr, hdr + len};
  int have_descr = 0, have_order = 0, have_shape = 0;
  if (!expect_char(&c, '{'))
    return nnc_fail(err, errlen, "%s: malformed .npy header (expected '{')",
                    path);
  for (;;) {
    skip_ws(&c);
    if (expect_char(&c, '}'))
      break;
    char key[32];
    if (!parse_string(&c, key, sizeof key) || !expect_char(&c, ':'))
      return nnc_fail(err, errlen, "%s: malformed .npy header (expected a key)",
                      path);
    if (!strcmp(key, "descr")) {
      char descr[16];
      if (!parse_string(&c, descr, sizeof descr))
        return nnc_fail(err, errlen, "%s: malformed .npy header (descr)", path);
      if (!strcmp(descr, "<f4"))
        out->dtype = NNC_F32;
      else if (!strcmp(descr, "<f8"))
        out->dtype = NNC_F64;
      else if (!strcmp(descr, "<i4"))
        out->dtype = NNC_I32;
      else if (!strcmp(descr, "<i8"))
        out->dtype = NNC_I64;
      else if (!strcmp(descr, "|b1"))
        out->dtype = NNC_BOOL;
      else
        return nnc_fail(err, errlen,
                        "%s: unsupported dtype '%s' (supported: float32 '<f4', "
                        "float64 '<f8', int32 '<i4', int64 '<i8', bool '|b1')",
                        path, descr);
      have_descr = 1;
    } else if (!strcmp(key, "fortran_order")) {
      skip_ws(&c);
      if ((size_t)(c.end - c.p) >= 5 && !strncmp(c.p, "False", 5)) {
        c.p += 5;
      } else if ((size_t)(c.end - c.p) >= 4 && !strncmp(c.p, "True", 4)) {
        return nnc_fail(err, errlen,
                        "%s: Fortran-order arrays are not supported (save with "
                        "numpy.ascontiguousarray)",
                        path);
      } else {
        return nnc_fail(err, errlen,
                        "%s: malformed .npy header (fortran_order)", path);
      }
      have_order = 1;
    } else if (!strcmp(key, "shape")) {
      if (!expect_char(&c, '('))
        return nnc_fail(err, errlen, "%s: malformed .npy header (shape)", path);
      out->rank = 0;
      for (;;) {
        skip_ws(&c);
        if (expect_char(&c, ')'))
          break;
        int64_t d;
        if (!parse_int(&c, &d))
          return nnc_fail(err, errlen, "%s: malformed .npy header (shape)",
                          path);
        if (out->rank == NNC_MAX_RANK)
          return nnc_fail(err, errlen, "%s: rank exceeds the maximum of %d",
                          path, NNC_MAX_RANK);
        out->shape[out->rank++] = d;
        skip_ws(&c);
        if (!expect_char(&c, ',') && !(c.p < c.end && *c.p == ')'))
          return nnc_fail(err, errlen, "%s: malformed .npy header (shape)",
                          path);
      }
      have_shape = 1;
    } else {
      return nnc_fail(err, errlen, "%s: unexpected .npy header key '%s'", path,
                      key);
    }
    skip_ws(&c);
    if (expect_char(&c, ','))
      continue;
    if (expect_char(&c, '}'))
      break;
    return nnc_fail(err, errlen, "%s: malformed .npy header", path);
  }
  if (!have_descr || !have_order || !have_shape)
    return nnc_fail(err, errlen,
                    "%s: .npy header lacks descr, fortran_order or shape",
                    path);
  return 0;
}

int nnc_npy_read(const char *path, nnc_array *out, char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  FILE *f = fopen(path, "rb");
  if (!f)
    return nnc_fail(err, errlen, "%s: cannot open: %s", path, strerror(errno));
  unsigned char pre[10];
  int rc = -1;
  char *hdr = NULL;
  if (fread(pre, 1, 8, f) != 8 || memcmp(pre, "\x93NUMPY", 6) != 0) {
    nnc_fail(err, errlen, "%s: not a .npy file (bad magic)", path);
    goto done;
  }
  size_t hlen;
  if (pre[6] == 1) {
    if (fread(pre + 8, 1, 2, f) != 2) {
      nnc_fail(err, errlen, "%s: truncated .npy header", path);
      goto done;
    }
    hlen = (size_t)pre[8] | ((size_t)pre[9] << 8);
  } else if (pre[6] == 2 || pre[6] == 3) {
    unsigned char l[4];
    if (fread(l, 1, 4, f) != 4) {
      nnc_fail(err, errlen, "%s: truncated .npy header", path);
      goto done;
    }
    hlen = (size_t)l[0] | ((size_t)l[1] << 8) | ((size_t)l[2] << 16) |
           ((size_t)l[3] << 24);
  } else {
    nnc_fail(err, errlen, "%s: unsupported .npy version %d.%d", path, pre[6],
             pre[7]);
    goto done;
  }
  if (hlen == 0 || hlen > NNC_MAX_HEADER) {
    nnc_fail(err, errlen, "%s: .npy header length %zu out of range", path,
             hlen);
    goto done;
  }
  hdr = malloc(hlen);
  if (!hdr) {
    nnc_fail(err, errlen, "%s: out of memory", path);
    goto done;
  }
  if (fread(hdr, 1, hlen, f) != hlen) {
    nnc_fail(err, errlen, "%s: truncated .npy header", path);
    goto done;
  }
  if (parse_header(hdr, hlen, out, err, errlen, path))
    goto done;
  int64_t numel = nnc_array_numel(out);
  size_t esize = nnc_dtype_size(out->dtype);
  if (numel < 0 || (uint64_t)numel > SIZE_MAX / esize) {
    nnc_fail(err, errlen, "%s: shape is too large", path);
    goto done;
  }
  size_t bytes = (size_t)numel * esize;
  /* The data must be exactly the rest of the file. */
  long here = ftell(f);
  if (here < 0 || fseek(f, 0, SEEK_END) != 0) {
    nnc_fail(err, errlen, "%s: cannot seek", path);
    goto done;
  }
  long end = ftell(f);
  if (end < here || (uint64_t)(end - here) != (uint64_t)bytes) {
    nnc_fail(err, errlen,
             "%s: data size %ld bytes does not match the header (expected %zu "
             "bytes for %lld %s elements): truncated or corrupt file",
             path, end - here, bytes, (long long)numel,
             nnc_dtype_name(out->dtype));
    goto done;
  }
  fseek(f, here, SEEK_SET);
  out->data = malloc(bytes ? bytes : 1);
  if (!out->data) {
    nnc_fail(err, errlen, "%s: out of memory (%zu bytes)", path, bytes);
    goto done;
  }
  if (fread(out->data, 1, bytes, f) != bytes) {
    nnc_fail(err, errlen, "%s: read error", path);
    nnc_array_free(out);
    goto done;
  }
  rc = 0;
done:
  free(hdr);
  fclose(f);
  return rc;
}

FILE *nnc_output_open(const char *path, char *tmp, size_t tmplen) {
  int n = snprintf(tmp, tmplen, "%s.nnc-tmp-%ld", path, (long)getpid());
  if (n < 0 || (size_t)n >= tmplen) {
    errno = ENAMETOOLONG;
    return NULL;
  }
  return fopen(tmp, "wb");
}

int nnc_output_close(FILE *f, int ok, const char *tmp, const char *path) {
  if (fclose(f) != 0)
    ok = 0;
  if (ok && rename(tmp, path) != 0)
    ok = 0;
  if (!ok)
    remove(tmp);
  return ok;
}

int nnc_npy_write(const char *path, const nnc_array *array, char *err,
                  size_t errlen) {
  char dict[512];
  int n = snprintf(dict, sizeof dict,
                   "{'descr': '%s', 'fortran_order': False, 'shape': (",
                   dtype_descr(array->dtype));
  for (int i = 0; i < array->rank; ++i)
    n += snprintf(dict + n, sizeof dict - n, "%lld%s",
                  (long long)array->shape[i],
                  array->rank == 1 ? "," : (i + 1 < array->rank ? ", " : ""));
  n += snprintf(dict + n, sizeof dict - n, "), }");
  /* Pad with spaces so that magic + len + header is a multiple of 64. */
  size_t total = 10 + (size_t)n + 1;
  size_t padded = (total + 63) / 64 * 64;
  size_t hlen = padded - 10;
  char tmp[4096];
  FILE *f = nnc_output_open(path, tmp, sizeof tmp);
  if (!f)
    return nnc_fail(err, errlen, "%s: cannot create: %s", path,
                    strerror(errno));
  unsigned char pre[10] = {0x93,
                           'N',
                           'U',
                           'M',
                           'P',
                           'Y',
                           1,
                           0,
                           (unsigned char)(hlen & 0xff),
                           (unsigned char)(hlen >> 8)};
  int ok = fwrite(pre, 1, 10, f) == 10 && fwrite(dict, 1, n, f) == (size_t)n;
  for (size_t i = n; ok && i + 1 < hlen; ++i)
    ok = fputc(' ', f) != EOF;
  ok = ok && fputc('\n', f) != EOF;
  size_t bytes = (size_t)nnc_array_numel(array) * nnc_dtype_size(array->dtype);
  ok = ok && fwrite(array->data, 1, bytes, f) == bytes;
  ok = nnc_output_close(f, ok, tmp, path);
  return ok ? 0 : nnc_fail(err, errlen, "%s: write error", path);
}

static void format_shape(char *buf, size_t len, int rank,
                         const int64_t *shape) {
  size_t n = snprintf(buf, len, "[");
  for (int i = 0; i < rank && n < len; ++i) {
    if (shape[i] < 0)
      n += snprintf(buf + n, len - n, "%s?", i ? ", " : "");
    else
      n += snprintf(buf + n, len - n, "%s%lld", i ? ", " : "",
                    (long long)shape[i]);
  }
  if (n < len)
    snprintf(buf + n, len - n, "]");
}

int nnc_check_array(const nnc_array *array, const nnc_tensor_spec *spec,
                    const char *what, char *err, size_t errlen) {
  char want[160], got[160];
  format_shape(want, sizeof want, spec->rank, spec->shape);
  format_shape(got, sizeof got, array->rank, array->shape);
  if (array->dtype != spec->dtype)
    return nnc_fail(err, errlen, "%s ('%s'): expected dtype %s, got %s", what,
                    spec->name, nnc_dtype_name(spec->dtype),
                    nnc_dtype_name(array->dtype));
  int match = array->rank == spec->rank;
  for (int i = 0; match && i < spec->rank; ++i)
    match = spec->shape[i] < 0 || spec->shape[i] == array->shape[i];
  if (!match)
    return nnc_fail(err, errlen, "%s ('%s'): expected shape %s, got %s", what,
                    spec->name, want, got);
  return 0;
}

int nnc_copy_strided(nnc_array *out, nnc_dtype dtype, int rank,
                     const int64_t *sizes, const int64_t *strides,
                     const void *base) {
  out->dtype = dtype;
  out->rank = rank;
  for (int i = 0; i < rank; ++i)
    out->shape[i] = sizes[i];
  int64_t numel = nnc_array_numel(out);
  size_t esize = nnc_dtype_size(dtype);
  out->data = malloc(numel > 0 ? (size_t)numel * esize : 1);
  if (!out->data)
    return -1;
  nnc_copy_strided_into(out->data, esize, rank, sizes, strides, base);
  return 0;
}

void nnc_copy_strided_into(void *dst_base, size_t esize, int rank,
                           const int64_t *sizes, const int64_t *strides,
                           const void *base) {
  int64_t numel = 1;
  for (int d = 0; d < rank; ++d)
    numel *= sizes[d];
  if (numel <= 0)
    return;
  /* The innermost dimensions that are dense in the source are copied as
   * one run. */
  int inner = rank;
  int64_t run = 1;
  while (inner > 0 && strides[inner - 1] == run) {
    run *= sizes[inner - 1];
    --inner;
  }
  int64_t index[NNC_MAX_RANK] = {0};
  char *dst = dst_base;
  for (int64_t i = 0; i < numel; i += run) {
    int64_t offset = 0;
    for (int d = 0; d < inner; ++d)
      offset += index[d] * strides[d];
    memcpy(dst + i * (int64_t)esize,
           (const char *)base + offset * (int64_t)esize,
           (size_t)(run * (int64_t)esize));
    for (int d = inner - 1; d >= 0; --d) {
      if (++index[d] < sizes[d])
        break;
      index[d] = 0;
    }
  }
}

int nnc_take_result(nnc_array *out, nnc_dtype dtype, int rank,
                    const int64_t *sizes, const int64_t *strides,
                    void *allocated, void *aligned, int64_t offset, void **kept,
                    int index) {
  int dense = allocated == aligned && offset == 0 && allocated != NULL;
  int64_t expect = 1;
  for (int d = rank - 1; d >= 0 && dense; --d) {
    if (sizes[d] != 1 && strides[d] != expect)
      dense = 0;
    expect *= sizes[d];
  }
  for (int j = 0; j < index && dense; ++j)
    if (kept[j] == allocated)
      dense = 0;
  if (!dense)
    return nnc_copy_strided(out, dtype, rank, sizes, strides,
                            (const char *)aligned +
                                offset * (int64_t)nnc_dtype_size(dtype));
  out->dtype = dtype;
  out->rank = rank;
  for (int d = 0; d < rank; ++d)
    out->shape[d] = sizes[d];
  out->data = allocated;
  kept[index] = allocated;
  return 0;
}
