/*===- nnc_train.c - the training loop of trainers emitted by nnc ---------===*
 *
 * nnc-translate --train compiles @<f>_init and one @<f>_train_step per
 * optimizer and generates a main that calls nnc_train_main with them. This
 * file reads the data (.npy, strict), runs the epochs over mini-batches,
 * prints the mean training loss of each epoch and writes the parameters as
 * safetensors. docs/Training.md documents the command line, the shuffle RNG
 * and the file formats.
 *
 * Exit codes: 0 success, 1 a data/file/run error, 2 a usage error.
 *
 *===----------------------------------------------------------------------===*/
#include "nnc_runtime.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*===----------------------------------------------------------------------===*
 * The command line
 *===----------------------------------------------------------------------===*/

typedef struct {
  const char *data[16];
  int num_data;
  const char *out, *save_init, *optimizer;
  long epochs, batch;
  double lr, momentum, beta1, beta2, eps, weight_decay, l1;
  int have_lr, have_momentum, have_betas, have_eps;
  uint64_t seed;
  int shuffle, progress, quiet;
} options;

static void usage(FILE *out, const char *argv0, const nnc_trainer *t) {
  fprintf(out, "usage: %s", argv0);
  for (int i = 0; i < t->num_inputs; ++i)
    fprintf(out, " %s.npy", t->inputs[i].name);
  fprintf(out,
          " -o trained.safetensors [options]\n"
          "  trains model '%s' (loss %s) and writes its %d parameters\n",
          t->model_name, t->loss, t->num_params);
  for (int i = 0; i < t->num_inputs; ++i) {
    fprintf(out, "  data %d '%s': %s [", i, t->inputs[i].name,
            nnc_dtype_name(t->inputs[i].dtype));
    for (int d = 0; d < t->inputs[i].rank; ++d)
      t->inputs[i].shape[d] < 0 ? fprintf(out, "%sN", d ? ", " : "")
                                : fprintf(out, "%s%lld", d ? ", " : "",
                                          (long long)t->inputs[i].shape[d]);
    fprintf(out, "]%s\n", i + 1 == t->num_inputs ? " (target)" : "");
  }
  fprintf(out, "options:\n"
               "  --epochs N          passes over the data (10)\n"
               "  --batch B           mini-batch size; the last batch may be "
               "smaller (32)\n"
               "  --optimizer NAME    one of:");
  for (int i = 0; i < t->num_optimizers; ++i)
    fprintf(out, " %s", t->optimizers[i].name);
  fprintf(out,
          " (default %s)\n"
          "  --lr F              learning rate (sgd 0.01, adam 0.001)\n"
          "  --momentum F        sgd: momentum (0)\n"
          "  --beta1 F --beta2 F adam: moment decay rates (0.9, 0.999)\n"
          "  --eps F             adam: denominator epsilon (1e-8)\n"
          "  --weight-decay F    L2 penalty added to the gradient (0)\n"
          "  --l1 F              L1 penalty: l1*sign(p) added to the "
          "gradient (0)\n"
          "  --shuffle           shuffle the samples every epoch "
          "(SplitMix64 Fisher-Yates from --seed)\n"
          "  --seed S            seed of the shuffle and of dropout (0)\n"
          "  --save-init PATH    also write the initial parameters "
          "(safetensors)\n"
          "  --progress          progress bar on stderr even when it is not "
          "a terminal\n"
          "  --quiet             no per-epoch lines\n",
          t->optimizers[0].name);
}

static int parse_double(const char *s, double *out) {
  char *end = NULL;
  errno = 0;
  double v = strtod(s, &end);
  if (!*s || !end || *end || errno || !isfinite(v))
    return -1;
  *out = v;
  return 0;
}

static int parse_long(const char *s, long *out) {
  char *end = NULL;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (!*s || !end || *end || errno)
    return -1;
  *out = v;
  return 0;
}

static int parse_u64(const char *s, uint64_t *out) {
  char *end = NULL;
  errno = 0;
  if (!*s || *s == '-')
    return -1;
  unsigned long long v = strtoull(s, &end, 0);
  if (!end || *end || errno)
    return -1;
  *out = (uint64_t)v;
  return 0;
}

/* Returns 0, or 2 after printing a usage error. */
static int parse_args(int argc, char **argv, const nnc_trainer *t, options *o) {
  const char *me = t->model_name;
  memset(o, 0, sizeof *o);
  o->epochs = 10;
  o->batch = 32;
  o->beta1 = 0.9;
  o->beta2 = 0.999;
  o->eps = 1e-8;
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout, argv[0], t);
      return -1;
    }
    if (!strcmp(a, "--shuffle")) {
      o->shuffle = 1;
      continue;
    }
    if (!strcmp(a, "--progress")) {
      o->progress = 1;
      continue;
    }
    if (!strcmp(a, "--quiet")) {
      o->quiet = 1;
      continue;
    }
    if (a[0] == '-' && a[1]) {
      /* Every other option takes a value. */
      static const char *valued[] = {
          "-o",      "--save-init", "--optimizer",    "--epochs",
          "--batch", "--lr",        "--momentum",     "--beta1",
          "--beta2", "--eps",       "--weight-decay", "--l1",
          "--seed"};
      int known = 0;
      for (size_t k = 0; k < sizeof valued / sizeof *valued; ++k)
        known |= !strcmp(a, valued[k]);
      if (!known) {
        fprintf(stderr, "%s: unknown option '%s' (see --help)\n", me, a);
        return 2;
      }
      if (i + 1 >= argc) {
        fprintf(stderr, "%s: %s needs a value\n", me, a);
        return 2;
      }
      const char *v = argv[++i];
      int bad = 0;
      double d = 0;
      if (!strcmp(a, "-o"))
        o->out = v;
      else if (!strcmp(a, "--save-init"))
        o->save_init = v;
      else if (!strcmp(a, "--optimizer"))
        o->optimizer = v;
      else if (!strcmp(a, "--epochs"))
        bad = parse_long(v, &o->epochs) || o->epochs < 1;
      else if (!strcmp(a, "--batch"))
        bad = parse_long(v, &o->batch) || o->batch < 1;
      else if (!strcmp(a, "--seed"))
        bad = parse_u64(v, &o->seed);
      else {
        bad = parse_double(v, &d);
        if (!strcmp(a, "--lr"))
          o->lr = d, o->have_lr = 1, bad |= d <= 0;
        else if (!strcmp(a, "--momentum"))
          o->momentum = d, o->have_momentum = 1, bad |= d < 0;
        else if (!strcmp(a, "--beta1"))
          o->beta1 = d, o->have_betas = 1, bad |= d < 0 || d >= 1;
        else if (!strcmp(a, "--beta2"))
          o->beta2 = d, o->have_betas = 1, bad |= d < 0 || d >= 1;
        else if (!strcmp(a, "--eps"))
          o->eps = d, o->have_eps = 1, bad |= d < 0;
        else if (!strcmp(a, "--weight-decay"))
          o->weight_decay = d, bad |= d < 0;
        else if (!strcmp(a, "--l1"))
          o->l1 = d, bad |= d < 0;
      }
      if (bad) {
        fprintf(stderr, "%s: bad value '%s' for %s (see --help)\n", me, v, a);
        return 2;
      }
      continue;
    }
    if (o->num_data == 16) {
      fprintf(stderr, "%s: too many data files\n", me);
      return 2;
    }
    o->data[o->num_data++] = a;
  }
  if (o->num_data != t->num_inputs) {
    fprintf(stderr, "%s: expected %d data file(s) (", me, t->num_inputs);
    for (int i = 0; i < t->num_inputs; ++i)
      fprintf(stderr, "%s%s.npy", i ? " " : "", t->inputs[i].name);
    fprintf(stderr, "), got %d\n", o->num_data);
    return 2;
  }
  if (!o->out) {
    fprintf(stderr, "%s: -o trained.safetensors is required\n", me);
    return 2;
  }
  if (!o->optimizer)
    o->optimizer = t->optimizers[0].name;
  int adam = !strcmp(o->optimizer, "adam");
  if (!adam && (o->have_betas || o->have_eps)) {
    fprintf(stderr, "%s: --beta1/--beta2/--eps apply to adam, not %s\n", me,
            o->optimizer);
    return 2;
  }
  if (adam && o->have_momentum) {
    fprintf(stderr, "%s: --momentum applies to sgd, not adam (use --beta1)\n",
            me);
    return 2;
  }
  if (!o->have_lr)
    o->lr = adam ? 1e-3 : 1e-2;
  return 0;
}

/*===----------------------------------------------------------------------===*
 * Training
 *===----------------------------------------------------------------------===*/

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void progress_bar(int epoch, long epochs, long done, long total,
                         double loss) {
  int width = 30, fill = total ? (int)(width * done / total) : width;
  fprintf(stderr, "\repoch %d/%ld [", epoch, epochs);
  for (int i = 0; i < width; ++i)
    fputc(i < fill ? '#' : '.', stderr);
  fprintf(stderr, "] %ld/%ld loss %.6f", done, total, loss);
  if (done == total)
    fputs("\r\033[K", stderr);
  fflush(stderr);
}

/* Class labels in [0, classes): checked before the first step. */
static int check_labels(const nnc_array *y, int64_t classes, char *err,
                        size_t errlen) {
  int64_t n = nnc_array_numel(y);
  for (int64_t i = 0; i < n; ++i) {
    int64_t v = y->dtype == NNC_I32 ? ((const int32_t *)y->data)[i]
                                    : ((const int64_t *)y->data)[i];
    if (v < 0 || v >= classes) {
      snprintf(err, errlen,
               "sample %lld has class label %lld, outside the model's "
               "classes [0, %lld)",
               (long long)i, (long long)v, (long long)classes);
      return -1;
    }
  }
  return 0;
}

static int write_params(const char *path, const nnc_trainer *t,
                        const nnc_array *params, const char *me) {
  char err[512];
  const char **names = malloc(sizeof(char *) * (size_t)t->num_params);
  if (!names) {
    fprintf(stderr, "%s: out of memory\n", me);
    return 1;
  }
  for (int i = 0; i < t->num_params; ++i)
    names[i] = t->params[i].name;
  int rc = nnc_safetensors_write(path, names, params, t->num_params, err,
                                 sizeof err);
  free(names);
  if (rc) {
    fprintf(stderr, "%s: %s\n", me, err);
    return 1;
  }
  return 0;
}

int nnc_train_main(int argc, char **argv, const nnc_trainer *t) {
  const char *me = t->model_name;
  options o;
  int rc = parse_args(argc, argv, t, &o);
  if (rc)
    return rc < 0 ? 0 : rc;
  const nnc_optimizer *opt = NULL;
  for (int i = 0; i < t->num_optimizers; ++i)
    if (!strcmp(t->optimizers[i].name, o.optimizer))
      opt = &t->optimizers[i];
  if (!opt) {
    fprintf(stderr, "%s: unknown optimizer '%s' (this trainer has:", me,
            o.optimizer);
    for (int i = 0; i < t->num_optimizers; ++i)
      fprintf(stderr, " %s", t->optimizers[i].name);
    fprintf(stderr, ")\n");
    return 2;
  }

  char err[512];
  rc = 1;
  int wrote_init = 0;
  int nin = t->num_inputs, np = t->num_params, ns = opt->num_state * np;
  nnc_array *data = calloc((size_t)nin, sizeof *data);
  nnc_array *batch = calloc((size_t)nin, sizeof *batch);
  nnc_array *params = calloc((size_t)np, sizeof *params);
  nnc_array *state = calloc(ns ? (size_t)ns : 1, sizeof *state);
  size_t *row_bytes = calloc((size_t)nin, sizeof *row_bytes);
  int64_t *perm = NULL;
  if (!data || !batch || !params || !state || !row_bytes) {
    fprintf(stderr, "%s: out of memory\n", me);
    goto done;
  }

  /* The data: every file checked against its spec, one sample count. */
  int64_t n = -1;
  for (int i = 0; i < nin; ++i) {
    char what[96];
    snprintf(what, sizeof what, "data file %d '%s'", i + 1, o.data[i]);
    if (nnc_npy_read(o.data[i], &data[i], err, sizeof err) ||
        nnc_check_array(&data[i], &t->inputs[i], what, err, sizeof err)) {
      fprintf(stderr, "%s: %s\n", me, err);
      goto done;
    }
    if (data[i].rank < 1) {
      fprintf(stderr, "%s: %s: expected a leading sample dimension\n", me,
              what);
      goto done;
    }
    if (n >= 0 && data[i].shape[0] != n) {
      fprintf(stderr, "%s: %s has %lld samples, but '%s' has %lld\n", me, what,
              (long long)data[i].shape[0], o.data[0], (long long)n);
      goto done;
    }
    n = data[i].shape[0];
    row_bytes[i] = nnc_dtype_size(data[i].dtype);
    for (int d = 1; d < data[i].rank; ++d)
      row_bytes[i] *= (size_t)data[i].shape[d];
  }
  if (n < 1) {
    fprintf(stderr, "%s: the data has no samples\n", me);
    goto done;
  }
  if (t->inputs[0].rank > 0 && t->inputs[0].shape[0] >= 0 &&
      o.batch != t->inputs[0].shape[0]) {
    fprintf(stderr,
            "%s: the model was compiled for batch %lld (import with a "
            "dynamic batch to train with --batch %ld)\n",
            me, (long long)t->inputs[0].shape[0], o.batch);
    goto done;
  }
  if (o.batch > n)
    o.batch = (long)n;
  if (t->label_input >= 0 &&
      check_labels(&data[t->label_input], t->num_classes, err, sizeof err)) {
    fprintf(stderr, "%s: data file %d '%s': %s\n", me, t->label_input + 1,
            o.data[t->label_input], err);
    goto done;
  }

  /* Parameters from @<f>_init; optimizer state zero. */
  if (t->init(params)) {
    fprintf(stderr, "%s: out of memory\n", me);
    goto done;
  }
  for (int s = 0; s < ns; ++s) {
    nnc_array *p = &params[s % np];
    state[s] = *p;
    state[s].data =
        calloc((size_t)nnc_array_numel(p) ? (size_t)nnc_array_numel(p) : 1,
               nnc_dtype_size(p->dtype));
    if (!state[s].data) {
      fprintf(stderr, "%s: out of memory\n", me);
      goto done;
    }
  }
  if (o.save_init && write_params(o.save_init, t, params, me))
    goto done;
  wrote_init = o.save_init != NULL;

  for (int i = 0; i < nin; ++i) {
    batch[i] = data[i];
    batch[i].data = malloc(row_bytes[i] * (size_t)o.batch + 1);
    if (!batch[i].data) {
      fprintf(stderr, "%s: out of memory\n", me);
      goto done;
    }
  }
  perm = malloc(sizeof *perm * (size_t)n);
  if (!perm) {
    fprintf(stderr, "%s: out of memory\n", me);
    goto done;
  }

  int show_bar = o.progress || isatty(2);
  uint64_t rng = o.seed;
  int64_t step = 0;
  long batches = (long)((n + o.batch - 1) / o.batch);
  double t0 = now_s();
  for (long epoch = 1; epoch <= o.epochs; ++epoch) {
    for (int64_t i = 0; i < n; ++i)
      perm[i] = i;
    if (o.shuffle)
      for (int64_t i = n - 1; i > 0; --i) {
        int64_t j = (int64_t)(nnc_splitmix64(&rng) % (uint64_t)(i + 1));
        int64_t tmp = perm[i];
        perm[i] = perm[j];
        perm[j] = tmp;
      }
    double total = 0;
    for (long b = 0; b < batches; ++b) {
      int64_t start = b * o.batch;
      int64_t bs = n - start < o.batch ? n - start : o.batch;
      for (int i = 0; i < nin; ++i) {
        batch[i].shape[0] = bs;
        for (int64_t k = 0; k < bs; ++k)
          memcpy((char *)batch[i].data + (size_t)k * row_bytes[i],
                 (const char *)data[i].data +
                     (size_t)perm[start + k] * row_bytes[i],
                 row_bytes[i]);
      }
      ++step;
      double hv[NNC_NUM_HYPER] = {0};
      hv[NNC_HYPER_LR] = o.lr;
      hv[NNC_HYPER_MOMENTUM] = o.momentum;
      hv[NNC_HYPER_BETA1] = o.beta1;
      hv[NNC_HYPER_BETA2] = o.beta2;
      hv[NNC_HYPER_EPS] = o.eps;
      hv[NNC_HYPER_WEIGHT_DECAY] = o.weight_decay;
      hv[NNC_HYPER_L1] = o.l1;
      hv[NNC_HYPER_STEP] = (double)step;
      float hf[NNC_NUM_HYPER];
      for (int k = 0; k < NNC_NUM_HYPER; ++k)
        hf[k] = (float)hv[k];
      /* Dropout's seed for this step. */
      uint64_t z = o.seed + (uint64_t)step * 0xD1B54A32D192ED03ull;
      int64_t step_seed = (int64_t)nnc_splitmix64(&z);
      double loss = 0;
      if (opt->step(batch, params, state, step_seed,
                    t->hyper_dtype == NNC_F64 ? (const void *)hv
                                              : (const void *)hf,
                    &loss)) {
        fprintf(stderr, "%s: the step failed\n", me);
        goto done;
      }
      char failure[192];
      if (nnc_take_failure(failure, sizeof failure)) {
        fprintf(stderr, "%s: epoch %ld, batch %ld: %s\n", me, epoch, b + 1,
                failure);
        goto done;
      }
      if (!isfinite(loss)) {
        fprintf(stderr,
                "%s: the loss is %f at epoch %ld, batch %ld (lower --lr?)\n",
                me, loss, epoch, b + 1);
        goto done;
      }
      total += loss * (double)bs;
      if (show_bar)
        progress_bar((int)epoch, o.epochs, b + 1, batches,
                     total / (double)(start + bs));
    }
    if (!o.quiet)
      printf("epoch %ld/%ld: loss %.6f\n", epoch, o.epochs, total / (double)n);
    fflush(stdout);
  }
  double elapsed = now_s() - t0;
  if (!o.quiet)
    printf("trained %lld steps (%s, %lld samples, batch %ld) in %.3f s\n",
           (long long)step, opt->name, (long long)n, o.batch, elapsed);
  if (write_params(o.out, t, params, me))
    goto done;
  rc = 0;
  wrote_init = 0;
done:
  /* A failing run leaves nothing behind. */
  if (wrote_init)
    remove(o.save_init);
  for (int i = 0; data && i < nin; ++i)
    nnc_array_free(&data[i]);
  for (int i = 0; batch && i < nin; ++i)
    free(batch[i].data);
  for (int i = 0; params && i < np; ++i)
    nnc_array_free(&params[i]);
  for (int s = 0; state && s < ns; ++s)
    free(state[s].data);
  free(data);
  free(batch);
  free(params);
  free(state);
  free(row_bytes);
  free(perm);
  return rc;
}
