/*===- nnc_runtime.h - the C runtime linked into nnc executables ----------===*
 *
 * npy I/O with strict checks, the command-line driver of generated
 * executables, and helpers the generated wrappers call. Plain C99.
 *
 *===----------------------------------------------------------------------===*/
#ifndef NNC_RUNTIME_H
#define NNC_RUNTIME_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "nnc_train_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NNC_MAX_RANK 8

typedef enum { NNC_F32, NNC_F64, NNC_I32, NNC_I64, NNC_BOOL } nnc_dtype;

/* Size in bytes of one element (bool: 1). */
size_t nnc_dtype_size(nnc_dtype dtype);
/* numpy's name: "float32", "float64", "int32", "int64", "bool". */
const char *nnc_dtype_name(nnc_dtype dtype);

/* What the model expects of one input or output. shape[i] < 0: dynamic. */
typedef struct {
  const char *name;
  nnc_dtype dtype;
  int rank;
  const int64_t *shape;
} nnc_tensor_spec;

/* A dense row-major array owned by whoever filled it (free with
 * nnc_array_free). */
typedef struct {
  void *data;
  nnc_dtype dtype;
  int rank;
  int64_t shape[NNC_MAX_RANK];
} nnc_array;

void nnc_array_free(nnc_array *array);
/* Number of elements; -1 on overflow. */
int64_t nnc_array_numel(const nnc_array *array);

/* Reads a .npy file (format 1.0, 2.0 or 3.0; C order; little-endian
 * float32/float64/int32/int64 or bool). Every header field and the data
 * size are checked. Returns 0, or -1 with a message in err. */
int nnc_npy_read(const char *path, nnc_array *out, char *err, size_t errlen);
/* Writes a .npy file (format 1.0). Returns 0, or -1 with a message. */
int nnc_npy_write(const char *path, const nnc_array *array, char *err,
                  size_t errlen);

/* An output file written under a temporary name beside `path` (in tmp, of
 * tmplen bytes) and put in place by nnc_output_close: renamed when `ok`,
 * else removed, so that a failure leaves nothing behind. nnc_output_close
 * returns ok && the file was closed and renamed. */
FILE *nnc_output_open(const char *path, char *tmp, size_t tmplen);
int nnc_output_close(FILE *f, int ok, const char *tmp, const char *path);

/* Checks an array against a spec; returns 0 or -1 with a message naming
 * what was expected. */
int nnc_check_array(const nnc_array *array, const nnc_tensor_spec *spec,
                    const char *what, char *err, size_t errlen);

/* Copies a strided buffer (sizes/strides in elements) into a new row-major
 * array of the given dtype. Returns 0, or -1 if out of memory. */
int nnc_copy_strided(nnc_array *out, nnc_dtype dtype, int rank,
                     const int64_t *sizes, const int64_t *strides,
                     const void *base);

/* Makes result `index` of a compiled model the array `out`: a dense
 * row-major buffer that owns its allocation (allocated == aligned, offset 0,
 * not already kept by another output) is kept as it is and recorded in
 * kept[index]; anything else is copied (the caller then frees it). Returns 0,
 * or -1 if out of memory. */
int nnc_take_result(nnc_array *out, nnc_dtype dtype, int rank,
                    const int64_t *sizes, const int64_t *strides,
                    void *allocated, void *aligned, int64_t offset, void **kept,
                    int index);

/* Copies a strided buffer into dst (row-major, numel · esize bytes). */
void nnc_copy_strided_into(void *dst, size_t esize, int rank,
                           const int64_t *sizes, const int64_t *strides,
                           const void *base);

/* Runs the model once: reads inputs[i].data (row-major, checked against the
 * specs), fills outputs (owned by the caller afterwards). Returns 0, or
 * non-zero on failure. Generated per model. */
typedef int (*nnc_invoke_fn)(const nnc_array *inputs, nnc_array *outputs);

/* Values the compiled code checks (an embedding id outside its table, a
 * class label outside the classes, a dynamic size too small for a
 * convolution's or pool's window):
 * the check calls nnc_check_failed on the calling thread and the code goes
 * on with a clamped value, so nothing is read out of bounds; the caller
 * then takes the failure (the first of the call) with nnc_take_failure.
 * kind: NNC_CHECK_* below; bound: the table's rows or the classes (a
 * gather index may also count from the end, down to -bound). */
enum {
  NNC_CHECK_EMBEDDING_ID = 0,
  NNC_CHECK_GATHER_INDEX = 1,
  NNC_CHECK_CLASS_LABEL = 2,
  NNC_CHECK_INPUT_TOO_SMALL = 3 /* position: the dimension; bound: the
                                   least size */
};
void nnc_check_failed(int64_t kind, int64_t position, int64_t value,
                      int64_t bound);
/* Clears the failure of this thread's last call; returns 1 and a message
 * if it had one, else 0. */
int nnc_take_failure(char *err, size_t errlen);

/* The command line of a generated executable:
 *   model in0.npy [in1.npy ...] -o out0.npy [-o out1.npy ...] [--bench N]
 * Returns the process exit code. */
int nnc_main(int argc, char **argv, const char *model_name,
             const nnc_tensor_spec *inputs, int num_inputs,
             const nnc_tensor_spec *outputs, int num_outputs,
             nnc_invoke_fn invoke);

/*===-------------------------------------------------------------------===*
 * Training (nnc-translate --train; runtime/nnc_train.c, docs/Training.md)
 *===-------------------------------------------------------------------===*/

/* The hyperparameter vector of a compiled step (nn-build-train-step) and
 * the optimizer state per parameter: nnc_train_abi.h. */

/* Fills params[i] (allocated by the callee) with the initial values. */
typedef int (*nnc_init_fn)(nnc_array *params);
/* One optimizer step on a mini-batch: batch[i] are the data inputs (the
 * last is the target), params and state are updated in place, *loss is the
 * batch's mean loss. hyper points to NNC_NUM_HYPER values of the trainer's
 * hyper_dtype. */
typedef int (*nnc_step_fn)(const nnc_array *batch, nnc_array *params,
                           nnc_array *state, int64_t seed, const void *hyper,
                           double *loss);

typedef struct {
  const char *name; /* "sgd", "adam" */
  int num_state;    /* state tensors per parameter */
  nnc_step_fn step;
} nnc_optimizer;

typedef struct {
  const char *model_name;
  const char *loss;
  const nnc_tensor_spec *inputs; /* data inputs; the last is the target */
  int num_inputs;
  const nnc_tensor_spec *params; /* names are the safetensors names */
  int num_params;
  nnc_dtype hyper_dtype;
  nnc_init_fn init;
  const nnc_optimizer *optimizers;
  int num_optimizers;
  /* The data input holding class labels of a cross-entropy loss, checked
   * against [0, num_classes) before the first step; -1 if none. */
  int label_input;
  int64_t num_classes;
} nnc_trainer;

/* The command line of a generated trainer (see docs/Training.md):
 *   trainer X.npy Y.npy -o trained.safetensors [--epochs N] [--batch B]
 *           [--optimizer sgd|adam] [--lr F] ... [--shuffle] [--seed S]
 * Returns the process exit code. */
int nnc_train_main(int argc, char **argv, const nnc_trainer *trainer);

/* Writes tensors as a safetensors file (F32/F64/I32/I64/BOOL; header
 * padded with spaces to a multiple of 8 bytes). Returns 0, or -1 with a
 * message. */
int nnc_safetensors_write(const char *path, const char *const *names,
                          const nnc_array *arrays, int count, char *err,
                          size_t errlen);

/* A 1-D memref of bytes, as MLIR's C interface passes it. */
typedef struct {
  char *allocated;
  char *aligned;
  int64_t offset;
  int64_t sizes[1];
  int64_t strides[1];
} nnc_byte_memref;

/* The calling thread's arena of at least `bytes` bytes (64-byte aligned),
 * for a compiled model's planned intermediates (nnc-cpu-plan-memory). Kept
 * across calls, grown on demand, freed when the thread exits. */
void _mlir_ciface_nnc_arena(nnc_byte_memref *out, int64_t bytes);

/* Threads of a compiled parallel region: NNC_NUM_THREADS (1..1024) when set,
 * else `fallback` when positive, else the online cores; computed once. */
int32_t nnc_num_threads(int32_t fallback);

#ifdef __cplusplus
}
#endif

#endif /* NNC_RUNTIME_H */
