/*===- nnc_main.c - command line of executables emitted by nnc ------------===*/
#include "nnc_runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(FILE *out, const char *argv0, const nnc_tensor_spec *ins,
                  int nin, const nnc_tensor_spec *outs, int nout) {
  fprintf(out, "usage: %s", argv0);
  for (int i = 0; i < nin; ++i)
    fprintf(out, " %s.npy", ins[i].name);
  for (int i = 0; i < nout; ++i)
    fprintf(out, " -o %s.npy", outs[i].name);
  fprintf(out, " [--bench N]\n");
  for (int i = 0; i < nin; ++i) {
    fprintf(out, "  input %d '%s': %s [", i, ins[i].name,
            nnc_dtype_name(ins[i].dtype));
    for (int d = 0; d < ins[i].rank; ++d)
      ins[i].shape[d] < 0
          ? fprintf(out, "%s?", d ? ", " : "")
          : fprintf(out, "%s%lld", d ? ", " : "", (long long)ins[i].shape[d]);
    fprintf(out, "]\n");
  }
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int nnc_main(int argc, char **argv, const char *model_name,
             const nnc_tensor_spec *ins, int nin, const nnc_tensor_spec *outs,
             int nout, nnc_invoke_fn invoke) {
  const char *in_paths[64], *out_paths[64];
  int n_in = 0, n_out = 0;
  long bench = 0;
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout, argv[0], ins, nin, outs, nout);
      return 0;
    }
    if (!strcmp(a, "-o")) {
      if (i + 1 >= argc) {
        fprintf(stderr, "%s: -o needs a file name\n", model_name);
        return 2;
      }
      if (n_out == 64) {
        fprintf(stderr, "%s: too many -o\n", model_name);
        return 2;
      }
      out_paths[n_out++] = argv[++i];
    } else if (!strcmp(a, "--bench")) {
      char *end = NULL;
      bench = i + 1 < argc ? strtol(argv[++i], &end, 10) : 0;
      if (bench <= 0 || !end || *end) {
        fprintf(stderr, "%s: --bench needs a positive count\n", model_name);
        return 2;
      }
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "%s: unknown option '%s'\n", model_name, a);
      usage(stderr, argv[0], ins, nin, outs, nout);
      return 2;
    } else {
      if (n_in == 64) {
        fprintf(stderr, "%s: too many inputs\n", model_name);
        return 2;
      }
      in_paths[n_in++] = a;
    }
  }
  if (n_in != nin) {
    fprintf(stderr, "%s: expected %d input file(s), got %d\n", model_name, nin,
            n_in);
    usage(stderr, argv[0], ins, nin, outs, nout);
    return 2;
  }
  if (n_out != nout && !(bench && n_out == 0)) {
    fprintf(stderr, "%s: expected %d output file(s) (-o), got %d\n", model_name,
            nout, n_out);
    usage(stderr, argv[0], ins, nin, outs, nout);
    return 2;
  }

  char err[512];
  int rc = 1;
  nnc_array *inputs = calloc(nin ? nin : 1, sizeof *inputs);
  nnc_array *results = calloc(nout ? nout : 1, sizeof *results);
  if (!inputs || !results) {
    fprintf(stderr, "%s: out of memory\n", model_name);
    goto done;
  }
  for (int i = 0; i < nin; ++i) {
    char what[64];
    snprintf(what, sizeof what, "input %d", i);
    if (nnc_npy_read(in_paths[i], &inputs[i], err, sizeof err) ||
        nnc_check_array(&inputs[i], &ins[i], what, err, sizeof err)) {
      fprintf(stderr, "%s: %s\n", model_name, err);
      goto done;
    }
  }

  if (bench) {
    double *times = malloc(sizeof(double) * (size_t)bench);
    if (!times) {
      fprintf(stderr, "%s: out of memory\n", model_name);
      goto done;
    }
    /* One warm-up run, then N timed runs. */
    for (long r = -1; r < bench; ++r) {
      double t0 = now_ms();
      if (invoke(inputs, results)) {
        fprintf(stderr, "%s: the model failed to run\n", model_name);
        free(times);
        goto done;
      }
      if (nnc_take_failure(err, sizeof err)) {
        fprintf(stderr, "%s: %s\n", model_name, err);
        free(times);
        goto done;
      }
      double t1 = now_ms();
      if (r >= 0)
        times[r] = t1 - t0;
      if (r + 1 < bench)
        for (int o = 0; o < nout; ++o)
          nnc_array_free(&results[o]);
    }
    qsort(times, (size_t)bench, sizeof(double), compare_double);
    printf("%s: median latency %.4f ms over %ld runs (min %.4f ms)\n",
           model_name, times[bench / 2], bench, times[0]);
    free(times);
  } else if (invoke(inputs, results)) {
    fprintf(stderr, "%s: the model failed to run\n", model_name);
    goto done;
  } else if (nnc_take_failure(err, sizeof err)) {
    fprintf(stderr, "%s: %s\n", model_name, err);
    goto done;
  }

  for (int o = 0; o < n_out; ++o)
    if (nnc_npy_write(out_paths[o], &results[o], err, sizeof err)) {
      fprintf(stderr, "%s: %s\n", model_name, err);
      /* Nothing is left behind: not the outputs written before. */
      for (int p = 0; p < o; ++p)
        remove(out_paths[p]);
      goto done;
    }
  rc = 0;
done:
  for (int i = 0; inputs && i < nin; ++i)
    nnc_array_free(&inputs[i]);
  for (int o = 0; results && o < nout; ++o)
    nnc_array_free(&results[o]);
  free(inputs);
  free(results);
  return rc;
}
