//===- CAPI.cpp - the nnc compiler's C API --------------------------------===//
//
// nnc-c/nnc.h over nnc::driver. A context's state is shared by its modules,
// so destroying a context before its modules is safe.
//
//===----------------------------------------------------------------------===//
#include "nnc-c/nnc.h"

#include "nnc/Dialect/NN/Transforms/Passes.h"
#include "nnc/Driver/Driver.h"
#include "nnc/InitAll.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>

using namespace mlir;
namespace driver = nnc::driver;

namespace {

struct ContextState {
  MLIRContext context;
  std::string lastError;
  nnc_diagnostic_callback callback = nullptr;
  void *userData = nullptr;

  explicit ContextState(const DialectRegistry &registry) : context(registry) {
    // A diagnostic carries its message and location, not a dump of the op
    // (a whole module with its weights, for some).
    context.printOpOnDiagnostic(false);
    context.getDiagEngine().registerHandler([this](Diagnostic &d) {
      report(d);
      return success();
    });
  }

  static std::string where(Location loc) {
    if (auto file = loc->findInstanceOf<FileLineColLoc>())
      return (file.getFilename().str() + ":" + std::to_string(file.getLine()) +
              ":" + std::to_string(file.getColumn()));
    return "";
  }

  void report(Diagnostic &d) {
    std::string loc = where(d.getLocation()), message = d.str();
    nnc_severity severity = NNC_SEVERITY_REMARK;
    switch (d.getSeverity()) {
    case DiagnosticSeverity::Error:
      severity = NNC_SEVERITY_ERROR;
      break;
    case DiagnosticSeverity::Warning:
      severity = NNC_SEVERITY_WARNING;
      break;
    case DiagnosticSeverity::Note:
      severity = NNC_SEVERITY_NOTE;
      break;
    case DiagnosticSeverity::Remark:
      break;
    }
    if (severity == NNC_SEVERITY_ERROR)
      lastError = loc.empty() ? message : loc + ": " + message;
    if (callback)
      callback(userData, severity, loc.c_str(), message.c_str());
    for (Diagnostic &note : d.getNotes())
      if (callback)
        callback(userData, NNC_SEVERITY_NOTE, where(note.getLocation()).c_str(),
                 note.str().c_str());
  }

  nnc_status error(nnc_status status, const llvm::Twine &message) {
    emitError(UnknownLoc::get(&context)) << message;
    return status;
  }
};

DialectRegistry &registry() {
  static DialectRegistry *r = [] {
    auto *reg = new DialectRegistry;
    driver::registerDialects(*reg);
    nnc::registerAllPasses();
    return reg;
  }();
  return *r;
}

std::mutex &registryMutex() {
  static std::mutex m;
  return m;
}

/// A copy of `text` in memory the caller frees with nnc_free.
nnc_status giveString(const std::string &text, char **out, size_t *size) {
  char *copy = static_cast<char *>(std::malloc(text.size() + 1));
  if (!copy)
    return NNC_COMPILE_FAILED;
  std::memcpy(copy, text.data(), text.size());
  copy[text.size()] = '\0';
  *out = copy;
  if (size)
    *size = text.size();
  return NNC_OK;
}

driver::EmitKind emitKindOf(nnc_emit_kind emit) {
  switch (emit) {
  case NNC_EMIT_SHARED_LIBRARY:
    return driver::EmitKind::SharedLibrary;
  case NNC_EMIT_STATIC_LIBRARY:
    return driver::EmitKind::StaticLibrary;
  case NNC_EMIT_OBJECT:
    return driver::EmitKind::Object;
  case NNC_EMIT_LLVM_IR:
    return driver::EmitKind::LLVMIR;
  default:
    return driver::EmitKind::Executable;
  }
}

bool validEmit(int emit) {
  return emit >= NNC_EMIT_EXECUTABLE && emit <= NNC_EMIT_PTX;
}

bool validInput(int kind) {
  return kind >= NNC_INPUT_AUTO && kind <= NNC_INPUT_MODEL_FILE;
}

} // namespace

struct nnc_context_t {
  std::shared_ptr<ContextState> state;
};

struct nnc_module_t {
  std::shared_ptr<ContextState> state;
  OwningOpRef<ModuleOp> module;
  std::string source;
};

struct nnc_options_t {
  driver::CompileOptions options;
};

extern "C" {

const char *nnc_version(void) { return driver::getVersionString().data(); }

const char *nnc_status_string(nnc_status status) {
  switch (status) {
  case NNC_OK:
    return "NNC_OK";
  case NNC_INVALID_ARGUMENT:
    return "NNC_INVALID_ARGUMENT";
  case NNC_IMPORT_FAILED:
    return "NNC_IMPORT_FAILED";
  case NNC_PASS_FAILED:
    return "NNC_PASS_FAILED";
  case NNC_COMPILE_FAILED:
    return "NNC_COMPILE_FAILED";
  case NNC_UNSUPPORTED:
    return "NNC_UNSUPPORTED";
  }
  return "unknown nnc_status";
}

void nnc_free(void *pointer) { std::free(pointer); }

nnc_status nnc_context_create(nnc_context *out) {
  if (!out)
    return NNC_INVALID_ARGUMENT;
  std::lock_guard<std::mutex> lock(registryMutex());
  *out = new nnc_context_t{std::make_shared<ContextState>(registry())};
  return NNC_OK;
}

void nnc_context_destroy(nnc_context context) { delete context; }

nnc_status nnc_context_set_diagnostic_callback(nnc_context context,
                                               nnc_diagnostic_callback callback,
                                               void *userData) {
  if (!context)
    return NNC_INVALID_ARGUMENT;
  context->state->callback = callback;
  context->state->userData = userData;
  return NNC_OK;
}

const char *nnc_context_last_error(nnc_context context) {
  return context ? context->state->lastError.c_str() : "";
}

nnc_status nnc_options_create(nnc_options *out) {
  if (!out)
    return NNC_INVALID_ARGUMENT;
  *out = new nnc_options_t;
  return NNC_OK;
}

void nnc_options_destroy(nnc_options options) { delete options; }

nnc_status nnc_options_set_target(nnc_options options, const char *triple,
                                  const char *cpu, const char *features) {
  if (!options)
    return NNC_INVALID_ARGUMENT;
  if (triple)
    options->options.triple = triple;
  if (cpu)
    options->options.cpu = cpu;
  if (features)
    options->options.features = features;
  return NNC_OK;
}

nnc_status nnc_options_set_opt_level(nnc_options options, int level) {
  if (!options || level < 0 || level > 3)
    return NNC_INVALID_ARGUMENT;
  options->options.optLevel = level;
  return NNC_OK;
}

nnc_status nnc_options_set_name(nnc_options options, const char *name) {
  if (!options || !name || !*name || isdigit((unsigned char)name[0]))
    return NNC_INVALID_ARGUMENT;
  for (const char *c = name; *c; ++c)
    if (!isalnum((unsigned char)*c) && *c != '_')
      return NNC_INVALID_ARGUMENT;
  options->options.name = name;
  return NNC_OK;
}

nnc_status nnc_options_set_entry(nnc_options options, const char *entry) {
  if (!options || !entry)
    return NNC_INVALID_ARGUMENT;
  options->options.entry = entry;
  return NNC_OK;
}

nnc_status nnc_options_set_num_threads(nnc_options options, int threads) {
  if (!options || threads < 0)
    return NNC_INVALID_ARGUMENT;
  options->options.numThreads = threads;
  return NNC_OK;
}

nnc_status nnc_options_set_dynamic_batch(nnc_options options, int enabled) {
  if (!options)
    return NNC_INVALID_ARGUMENT;
  options->options.dynamicBatch = enabled != 0;
  return NNC_OK;
}

nnc_status nnc_options_set_check_values(nnc_options options, int enabled) {
  if (!options)
    return NNC_INVALID_ARGUMENT;
  options->options.checkValues = enabled != 0;
  return NNC_OK;
}

nnc_status nnc_options_set_train(nnc_options options, int enabled,
                                 const char *loss, const char *optimizers) {
  if (!options)
    return NNC_INVALID_ARGUMENT;
  llvm::StringRef l = loss ? loss : "", o = optimizers ? optimizers : "all";
  if ((!l.empty() && l != "cross_entropy" && l != "mse" &&
       l != "bce_with_logits") ||
      (o != "sgd" && o != "adam" && o != "all"))
    return NNC_INVALID_ARGUMENT;
  options->options.train.enabled = enabled != 0;
  options->options.train.loss = l.str();
  options->options.train.optimizers = o.str();
  return NNC_OK;
}

static nnc_status adopt(nnc_context context, OwningOpRef<ModuleOp> module,
                        llvm::StringRef source, nnc_module *out) {
  if (!module)
    return NNC_IMPORT_FAILED;
  *out = new nnc_module_t{context->state, std::move(module), source.str()};
  return NNC_OK;
}

nnc_status nnc_module_import_file(nnc_context context, const char *path,
                                  nnc_input_kind kind, nnc_options options,
                                  nnc_module *out) {
  if (!context || !path || !out || !validInput(kind))
    return NNC_INVALID_ARGUMENT;
  *out = nullptr;
  context->state->lastError.clear();
  driver::CompileOptions o =
      options ? options->options : driver::CompileOptions();
  o.input = static_cast<driver::InputKind>(kind);
  return adopt(context, driver::importFile(path, o, &context->state->context),
               path, out);
}

nnc_status nnc_module_import_buffer(nnc_context context, const void *data,
                                    size_t size, const char *name,
                                    nnc_input_kind kind, nnc_options options,
                                    nnc_module *out) {
  if (!context || (!data && size) || !name || !out || !validInput(kind))
    return NNC_INVALID_ARGUMENT;
  *out = nullptr;
  context->state->lastError.clear();
  driver::CompileOptions o =
      options ? options->options : driver::CompileOptions();
  o.input = static_cast<driver::InputKind>(kind);
  llvm::StringRef bytes(static_cast<const char *>(data), size);
  return adopt(context,
               driver::importBuffer(bytes, name, o, &context->state->context),
               name, out);
}

nnc_status nnc_module_parse(nnc_context context, const char *text, size_t size,
                            nnc_module *out) {
  nnc_status status = nnc_module_import_buffer(
      context, text, size, "<buffer>.mlir", NNC_INPUT_MLIR, nullptr, out);
  // Its C name, unless the options give one: "model", not "_buffer_".
  if (status == NNC_OK)
    (*out)->source = "model.mlir";
  return status;
}

void nnc_module_destroy(nnc_module module) { delete module; }

nnc_status nnc_module_run_passes(nnc_module module, const char *pipeline) {
  if (!module || !pipeline)
    return NNC_INVALID_ARGUMENT;
  ContextState &state = *module->state;
  state.lastError.clear();
  std::string parseError;
  llvm::raw_string_ostream errs(parseError);
  llvm::StringRef text = llvm::StringRef(pipeline).trim();
  PassManager pm(&state.context);
  // "builtin.module(p)" is p on the module.
  llvm::StringRef inner = text;
  if (inner.consume_front("builtin.module(") && inner.consume_back(")"))
    text = inner;
  if (failed(parsePassPipeline(text, pm, errs))) {
    return state.error(NNC_PASS_FAILED,
                       "invalid pass pipeline '" + text + "': " + parseError);
  }
  return succeeded(pm.run(*module->module)) ? NNC_OK : NNC_PASS_FAILED;
}

nnc_status nnc_module_print(nnc_module module, char **text, size_t *size) {
  if (!module || !text)
    return NNC_INVALID_ARGUMENT;
  std::string s;
  llvm::raw_string_ostream os(s);
  module->module->print(os);
  return giveString(s, text, size);
}

nnc_status nnc_module_ledger_json(nnc_module module, char **json,
                                  size_t *size) {
  if (!module || !json)
    return NNC_INVALID_ARGUMENT;
  std::string s;
  llvm::raw_string_ostream os(s);
  nnc::nn::writeShapeLedger(*module->module, nnc::nn::LedgerFormat::json, os);
  return giveString(s, json, size);
}

nnc_status nnc_module_signature_json(nnc_module module, nnc_options options,
                                     char **json, size_t *size) {
  if (!module || !json)
    return NNC_INVALID_ARGUMENT;
  module->state->lastError.clear();
  driver::CompileOptions o =
      options ? options->options : driver::CompileOptions();
  auto text = driver::signatureJSON(*module->module, o, module->source);
  if (failed(text))
    return NNC_COMPILE_FAILED;
  return giveString(*text, json, size);
}

nnc_status nnc_module_compile(nnc_module module, nnc_options options,
                              nnc_emit_kind emit, const char *path) {
  if (!module || !path || !*path || !validEmit(emit))
    return NNC_INVALID_ARGUMENT;
  ContextState &state = *module->state;
  state.lastError.clear();
  if (emit == NNC_EMIT_PTX)
    return state.error(NNC_UNSUPPORTED,
                       "PTX output is not available: nnc has no GPU backend "
                       "yet");
  driver::CompileOptions o =
      options ? options->options : driver::CompileOptions();
  o.emit = emitKindOf(emit);
  OwningOpRef<ModuleOp> copy = module->module->clone();
  return succeeded(driver::compile(*copy, o, path, module->source))
             ? NNC_OK
             : NNC_COMPILE_FAILED;
}

nnc_status nnc_module_compile_to_buffer(nnc_module module, nnc_options options,
                                        nnc_emit_kind emit, void **data,
                                        size_t *size) {
  if (!module || !data || !size || !validEmit(emit))
    return NNC_INVALID_ARGUMENT;
  *data = nullptr;
  *size = 0;
  ContextState &state = *module->state;
  llvm::SmallString<128> dir;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("nnc-c", dir))
    return state.error(NNC_COMPILE_FAILED,
                       "cannot create a temporary directory: " + ec.message());
  llvm::scope_exit cleanup([&] { llvm::sys::fs::remove_directories(dir); });
  driver::CompileOptions o =
      options ? options->options : driver::CompileOptions();
  // The file's name gives the model its name unless the options do.
  std::string name = driver::modelName(o, "-", module->source);
  if (o.name.empty())
    o.name = name;
  llvm::SmallString<128> path(dir);
  llvm::sys::path::append(path, name + ".out");
  nnc_options_t withName{o};
  nnc_status status = nnc_module_compile(module, &withName, emit, path.c_str());
  if (status != NNC_OK)
    return status;
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return state.error(NNC_COMPILE_FAILED, "cannot read the compiled output: " +
                                               buffer.getError().message());
  size_t n = (*buffer)->getBufferSize();
  void *copy = std::malloc(n ? n : 1);
  if (!copy)
    return NNC_COMPILE_FAILED;
  std::memcpy(copy, (*buffer)->getBufferStart(), n);
  *data = copy;
  *size = n;
  return NNC_OK;
}

} // extern "C"
