/*===- nnc_memref.c - runtime functions that lowered MLIR code calls ------===*
 *
 * MLIR lowers a memref.copy between non-contiguous buffers (e.g. the slices
 * of a split or concat) to a call to `memrefCopy`, which upstream provides in
 * its C runner utils. Emitted programs link this implementation instead.
 *
 *===----------------------------------------------------------------------===*/
#include "nnc_runtime.h"

#include <string.h>

typedef struct {
  int64_t rank;
  void *descriptor;
} nnc_unranked_memref;

/* {allocated, aligned, offset, sizes[rank], strides[rank]} */
static void describe(const nnc_unranked_memref *m, char **aligned,
                     int64_t *offset, const int64_t **sizes,
                     const int64_t **strides) {
  void **ptrs = (void **)m->descriptor;
  const int64_t *ints = (const int64_t *)(ptrs + 2);
  *aligned = (char *)ptrs[1];
  *offset = ints[0];
  *sizes = ints + 1;
  *strides = ints + 1 + m->rank;
}

/* Copies dimension `dim` onward; recursion keeps any rank working. */
static void copy_dim(int dim, int rank, int64_t elemSize, const int64_t *sizes,
                     const char *s, const int64_t *sstrides, char *d,
                     const int64_t *dstrides) {
  if (dim == rank) {
    memcpy(d, s, (size_t)elemSize);
    return;
  }
  for (int64_t i = 0; i < sizes[dim]; ++i)
    copy_dim(dim + 1, rank, elemSize, sizes, s + i * sstrides[dim] * elemSize,
             sstrides, d + i * dstrides[dim] * elemSize, dstrides);
}

void memrefCopy(int64_t elemSize, nnc_unranked_memref *src,
                nnc_unranked_memref *dst) {
  char *s, *d;
  int64_t so, dof;
  const int64_t *sizes, *sstrides, *dsizes, *dstrides;
  describe(src, &s, &so, &sizes, &sstrides);
  describe(dst, &d, &dof, &dsizes, &dstrides);
  copy_dim(0, (int)src->rank, elemSize, sizes, s + so * elemSize, sstrides,
           d + dof * elemSize, dstrides);
}
