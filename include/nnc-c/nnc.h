/*===-- nnc-c/nnc.h - the nnc compiler's C API ------------------*- C -*-===*
 *
 * A stable C99 interface to nnc (libnnc.so): import a model, run passes,
 * read its shape ledger and signature, and compile it to an executable, a
 * shared or static library, an object or LLVM IR, at a path or into memory.
 *
 * - Handles are opaque. Every function returns an nnc_status and never
 *   aborts; a NULL handle or output pointer is NNC_INVALID_ARGUMENT.
 * - Diagnostics (errors, warnings, notes with their source locations) go to
 *   the context's callback; the last error's text is also kept in the
 *   context (nnc_context_last_error).
 * - Strings and buffers returned to the caller are freed with nnc_free.
 * - A context and the modules made in it are used by one thread at a time;
 *   separate contexts are independent.
 *
 *===---------------------------------------------------------------------===*/
#ifndef NNC_C_NNC_H
#define NNC_C_NNC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NNC_C_API_VERSION 1

typedef enum nnc_status {
  NNC_OK = 0,
  NNC_INVALID_ARGUMENT = 1, /* a NULL handle, a bad option value */
  NNC_IMPORT_FAILED = 2,    /* the model could not be read or parsed */
  NNC_PASS_FAILED = 3,      /* a pass or pipeline failed, or is unknown */
  NNC_COMPILE_FAILED = 4,   /* code generation, linking or writing failed */
  NNC_UNSUPPORTED = 5       /* what was asked is not available */
} nnc_status;

typedef enum nnc_severity {
  NNC_SEVERITY_ERROR = 0,
  NNC_SEVERITY_WARNING = 1,
  NNC_SEVERITY_NOTE = 2,
  NNC_SEVERITY_REMARK = 3
} nnc_severity;

typedef enum nnc_input_kind {
  NNC_INPUT_AUTO = 0, /* from the name: .onnx, .json, else MLIR */
  NNC_INPUT_MLIR = 1,
  NNC_INPUT_ONNX = 2,
  NNC_INPUT_MODEL_FILE = 3 /* nnc's JSON model file + safetensors */
} nnc_input_kind;

typedef enum nnc_emit_kind {
  NNC_EMIT_EXECUTABLE = 0,
  NNC_EMIT_SHARED_LIBRARY = 1, /* + <name>.h beside it */
  NNC_EMIT_STATIC_LIBRARY = 2, /* + <name>.h beside it */
  NNC_EMIT_OBJECT = 3,         /* + <name>.h beside it */
  NNC_EMIT_LLVM_IR = 4,
  NNC_EMIT_PTX = 5 /* not available yet: NNC_UNSUPPORTED */
} nnc_emit_kind;

typedef struct nnc_context_t *nnc_context;
typedef struct nnc_module_t *nnc_module;
typedef struct nnc_options_t *nnc_options;

/* Called once per diagnostic; `location` is "file:line:col" or "". */
typedef void (*nnc_diagnostic_callback)(void *user_data, nnc_severity severity,
                                        const char *location,
                                        const char *message);

/* "nnc 0.1.0 (git <revision>)"; static storage. */
const char *nnc_version(void);
/* A short name of a status ("NNC_OK", ...); static storage. */
const char *nnc_status_string(nnc_status status);
/* Frees a string or buffer nnc returned; NULL is allowed. */
void nnc_free(void *pointer);

/* Contexts. */
nnc_status nnc_context_create(nnc_context *out);
void nnc_context_destroy(nnc_context context); /* NULL is allowed */
/* NULL callback: diagnostics are only kept as the last error. */
nnc_status nnc_context_set_diagnostic_callback(nnc_context context,
                                               nnc_diagnostic_callback callback,
                                               void *user_data);
/* The last error of the latest call that failed in `context` ("" after a
 * call that reported none); valid until the next call with this context.
 * NULL context: "". */
const char *nnc_context_last_error(nnc_context context);

/* Compile options (defaults: host CPU, -O3, threads from the run time,
 * value checks on, entry = the only public function or @main). */
nnc_status nnc_options_create(nnc_options *out);
void nnc_options_destroy(nnc_options options); /* NULL is allowed */
/* Any of triple, cpu, features may be NULL (unchanged). */
nnc_status nnc_options_set_target(nnc_options options, const char *triple,
                                  const char *cpu, const char *features);
nnc_status nnc_options_set_opt_level(nnc_options options, int level); /* 0-3 */
/* The C name of the model (a C identifier; prefixes every symbol). */
nnc_status nnc_options_set_name(nnc_options options, const char *name);
nnc_status nnc_options_set_entry(nnc_options options, const char *entry);
nnc_status nnc_options_set_num_threads(nnc_options options, int threads);
nnc_status nnc_options_set_dynamic_batch(nnc_options options, int enabled);
nnc_status nnc_options_set_check_values(nnc_options options, int enabled);
/* A trainer executable: loss NULL or "" means the model returns its loss;
 * optimizers "sgd", "adam" or "all" (NULL: all). */
nnc_status nnc_options_set_train(nnc_options options, int enabled,
                                 const char *loss, const char *optimizers);

/* Modules. `options` may be NULL (defaults; used for the dynamic batch and
 * size limits of an import). */
nnc_status nnc_module_import_file(nnc_context context, const char *path,
                                  nnc_input_kind kind, nnc_options options,
                                  nnc_module *out);
/* `name` stands for the model's path in diagnostics (a model file's
 * weights are found relative to it). */
nnc_status nnc_module_import_buffer(nnc_context context, const void *data,
                                    size_t size, const char *name,
                                    nnc_input_kind kind, nnc_options options,
                                    nnc_module *out);
/* MLIR text (nn or lower dialects); locations say "<buffer>.mlir", and
 * the module's default C name is "model". */
nnc_status nnc_module_parse(nnc_context context, const char *text, size_t size,
                            nnc_module *out);
void nnc_module_destroy(nnc_module module); /* NULL is allowed */

/* Runs a pass pipeline on the module in place: a named pipeline
 * ("nnc-cpu-pipeline") or a pipeline string ("nn-fuse-bias-activation,
 * nn-decompose" or "builtin.module(...)"). */
nnc_status nnc_module_run_passes(nnc_module module, const char *pipeline);
/* The module as MLIR text, NUL-terminated; `size` may be NULL. */
nnc_status nnc_module_print(nnc_module module, char **text, size_t *size);
/* The shape ledger (parameters, memory, FLOPs per op) as JSON. */
nnc_status nnc_module_ledger_json(nnc_module module, char **json, size_t *size);
/* The entry's C signature as JSON: {"name": ..., "inputs": [{"name",
 * "dtype", "shape"}], "outputs": [...]}, a dynamic dimension as -1. */
nnc_status nnc_module_signature_json(nnc_module module, nnc_options options,
                                     char **json, size_t *size);

/* Compiles a copy of the module (the module itself is unchanged) and writes
 * `path`; libraries and objects also get <name>.h in the same directory. */
nnc_status nnc_module_compile(nnc_module module, nnc_options options,
                              nnc_emit_kind emit, const char *path);
/* The same, into memory (the header is not produced). */
nnc_status nnc_module_compile_to_buffer(nnc_module module, nnc_options options,
                                        nnc_emit_kind emit, void **data,
                                        size_t *size);

#ifdef __cplusplus
}
#endif

#endif /* NNC_C_NNC_H */
