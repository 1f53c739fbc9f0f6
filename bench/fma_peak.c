/* fma_peak.c: the machine's FMA throughput, measured at run time.
 *
 *   fma_peak [threads]     prints "<GFLOP/s> <vector bits> <threads>"
 *
 * Each thread runs independent chains of the widest vector FMA the CPU has
 * (AVX-512: 16 zmm chains; AVX2: 12 ymm chains; enough to cover the FMA
 * latency on every core we know), for about 0.2 s, three times; the best
 * aggregate rate is printed. The CPU differs between machines of one kind,
 * so nothing here is a constant of a particular CPU. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

#define F512(i) "vfmadd231ps %%zmm30, %%zmm31, %%zmm" #i "\n"
__attribute__((target("avx512f"))) static void chains512(long iters) {
  __asm__ volatile(
      "vxorps %%zmm30, %%zmm30, %%zmm30\n"
      "vxorps %%zmm31, %%zmm31, %%zmm31\n"
      "1:\n" F512(0) F512(1) F512(2) F512(3) F512(4) F512(5) F512(6)
          F512(7) F512(8) F512(9) F512(10) F512(11) F512(12) F512(13)
              F512(14) F512(15) "dec %0\n jnz 1b\n"
      : "+r"(iters)
      :
      : "memory", "zmm0", "zmm1", "zmm2", "zmm3", "zmm4", "zmm5", "zmm6",
        "zmm7", "zmm8", "zmm9", "zmm10", "zmm11", "zmm12", "zmm13", "zmm14",
        "zmm15", "zmm30", "zmm31");
}

#define F256(i) "vfmadd231ps %%ymm14, %%ymm15, %%ymm" #i "\n"
__attribute__((target("avx2,fma"))) static void chains256(long iters) {
  __asm__ volatile("vxorps %%ymm14, %%ymm14, %%ymm14\n"
                   "vxorps %%ymm15, %%ymm15, %%ymm15\n"
                   "1:\n" F256(0) F256(1) F256(2) F256(3) F256(4) F256(5)
                       F256(6) F256(7) F256(8) F256(9) F256(10) F256(11)
                           "dec %0\n jnz 1b\n"
                   : "+r"(iters)
                   :
                   : "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4",
                     "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11",
                     "xmm14", "xmm15");
}

static int bits;
static long iters;
static pthread_barrier_t barrier;

static void *run(void *arg) {
  (void)arg;
  pthread_barrier_wait(&barrier);
  if (bits == 512)
    chains512(iters);
  else
    chains256(iters);
  return NULL;
}

int main(int argc, char **argv) {
  long threads = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
  if (threads <= 0)
    threads = sysconf(_SC_NPROCESSORS_ONLN);
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f"))
    bits = 512;
  else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    bits = 256;
  else {
    fprintf(stderr, "fma_peak: the CPU has neither AVX-512F nor AVX2+FMA\n");
    return 1;
  }
  int chains = bits == 512 ? 16 : 12, lanes = bits / 32;
  double best = 0;
  iters = 20000000;
  for (int rep = 0; rep < 4; ++rep) {
    pthread_t *t = malloc(sizeof(pthread_t) * (size_t)threads);
    pthread_barrier_init(&barrier, NULL, (unsigned)threads + 1);
    for (long i = 0; i < threads; ++i)
      pthread_create(&t[i], NULL, run, NULL);
    double t0 = now();
    pthread_barrier_wait(&barrier);
    for (long i = 0; i < threads; ++i)
      pthread_join(t[i], NULL);
    double dt = now() - t0;
    pthread_barrier_destroy(&barrier);
    free(t);
    double gflops = (double)iters * chains * lanes * 2 * threads / dt / 1e9;
    if (rep > 0 && gflops > best) /* the first round warms up the clocks */
      best = gflops;
  }
  printf("%.1f %d %ld\n", best, bits, threads);
  return 0;
}
