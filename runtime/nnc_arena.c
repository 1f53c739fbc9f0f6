/*===- nnc_arena.c - the buffer compiled models plan their intermediates in ===*
 *
 * nnc-cpu-plan-memory places a model's intermediate buffers at fixed
 * offsets of one arena and asks for it on entry. Each calling thread keeps
 * its own arena across calls (calls from different threads never share
 * one), grows it when a plan needs more, and frees it when the thread
 * exits; a call then allocates nothing for its intermediates.
 *
 *===----------------------------------------------------------------------===*/
#define _DEFAULT_SOURCE
#include "nnc_runtime.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

/* Arenas grow in steps of this many bytes, and are aligned to it (a huge
 * page). */
#define NNC_ARENA_STEP ((int64_t)1 << 21)

static __thread char *arena_base;
static __thread int64_t arena_capacity;
static pthread_key_t arena_key;
static pthread_once_t arena_once = PTHREAD_ONCE_INIT;

static void free_arena(void *base) { free(base); }
static void make_key(void) { pthread_key_create(&arena_key, free_arena); }

void _mlir_ciface_nnc_arena(nnc_byte_memref *out, int64_t bytes) {
  if (bytes > arena_capacity) {
    int64_t size =
        (bytes + NNC_ARENA_STEP - 1) / NNC_ARENA_STEP * NNC_ARENA_STEP;
    void *base = NULL;
    if (posix_memalign(&base, (size_t)NNC_ARENA_STEP, (size_t)size) != 0) {
      fprintf(stderr,
              "nnc: cannot allocate the %lld-byte arena of a model's "
              "intermediate buffers\n",
              (long long)bytes);
      abort();
    }
#ifdef MADV_HUGEPAGE
    // Huge pages where the kernel gives them on request: the arena's
    // buffers are reused by layer after layer, so its pages are few and
    // hot (no TLB misses; the same physical layout every run).
    (void)madvise(base, (size_t)size, MADV_HUGEPAGE);
#endif
    free(arena_base);
    arena_base = (char *)base;
    arena_capacity = size;
    pthread_once(&arena_once, make_key);
    pthread_setspecific(arena_key, base);
  }
  out->allocated = arena_base;
  out->aligned = arena_base;
  out->offset = 0;
  out->sizes[0] = bytes;
  out->strides[0] = 1;
}
