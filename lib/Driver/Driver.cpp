//===- Driver.cpp - import, compile and emit a model in one call ----------===//
#include "nnc/Driver/Driver.h"
#include "Trainer.h"

#include "nnc/Codegen/CPU/CPUPipeline.h"
#include "nnc/Dialect/NN/Training/Passes.h"
#include "nnc/Dialect/NN/Transforms/Passes.h"
#include "nnc/Import/Import.h"
#include "nnc/InitAll.h"
#include "nnc/Target/CWrapper.h"
#include "nnc/Target/Emit.h"
#include "nnc/Target/Signature.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

#include <dlfcn.h>

#include "nnc/Driver/Version.inc"

using namespace mlir;

namespace nnc::driver {

namespace {

InFlightDiagnostic error(MLIRContext *ctx) {
  return emitError(UnknownLoc::get(ctx));
}

/// The directory above the one holding the binary this code is in
/// (nnc-translate in <root>/bin, libnnc.so in <root>/lib).
std::string defaultRuntimeRoot() {
  Dl_info info;
  if (!dladdr(reinterpret_cast<void *>(&defaultRuntimeRoot), &info) ||
      !info.dli_fname)
    return "";
  llvm::SmallString<256> path;
  if (llvm::sys::fs::real_path(info.dli_fname, path))
    return "";
  return std::string(
      llvm::sys::path::parent_path(llvm::sys::path::parent_path(path)));
}

bool writeFile(llvm::StringRef path, llvm::StringRef text, std::string &err) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec) {
    err = "cannot write " + path.str() + ": " + ec.message();
    return false;
  }
  os << text;
  return true;
}

/// Writes `print`'s text to `path` (or stdout for "-") through a temporary
/// file, renamed when complete.
template <typename Print>
bool writeOutput(llvm::StringRef path, Print print, std::string &err) {
  return target::produceFile(
      path,
      [&](llvm::StringRef p) {
        auto output = openOutputFile(p, &err);
        if (!output)
          return false;
        print(output->os());
        output->keep();
        return true;
      },
      err);
}

bool isLibrary(EmitKind k) {
  return k == EmitKind::SharedLibrary || k == EmitKind::StaticLibrary ||
         k == EmitKind::Object;
}

/// Whether `<name>_run` can wrap the entry: every dimension static but the
/// first.
bool wrappable(const target::ModelSignature &sig) {
  return llvm::all_of(
      llvm::concat<const target::TensorSig>(sig.inputs, sig.outputs),
      [](const target::TensorSig &t) {
        return llvm::none_of(llvm::drop_begin(t.shape), ShapedType::isDynamic);
      });
}

/// What a C program needs besides the object or library to link.
std::string linkingNote(EmitKind emit, bool openmp, llvm::StringRef name) {
  std::string omp = openmp ? " -L" NNC_OPENMP_LIBRARY_DIR
                             " -lomp -Wl,-rpath," NNC_OPENMP_LIBRARY_DIR
                           : "";
  switch (emit) {
  case EmitKind::SharedLibrary:
    return "cc app.c -L<dir> -l" + name.str() +
           " (the library carries "
           "its runtime)";
  case EmitKind::StaticLibrary:
    return "cc app.c lib" + name.str() + ".a -lm" + omp +
           " (the archive carries nnc's runtime)";
  default:
    return "cc app.c " + name.str() + ".o -L<nnc>/lib -lnncrt -lm" + omp;
  }
}

struct Emitter {
  ModuleOp module;
  const CompileOptions &options;
  llvm::StringRef output, source;
  MLIRContext *ctx;
  std::string err;

  LogicalResult fail() { return error(ctx) << err, failure(); }
  FailureOr<CompileResult> run();
};

FailureOr<CompileResult> Emitter::run() {
  EmitKind emit = options.emit;
  bool training = options.train.enabled;
  if (emit == EmitKind::NN) {
    if (!writeOutput(
            output, [&](llvm::raw_ostream &os) { module.print(os); }, err))
      return fail();
    return CompileResult{{output.str()}};
  }
  if (training && emit != EmitKind::Executable &&
      emit != EmitKind::LoweredMLIR && emit != EmitKind::LLVMIR)
    return error(ctx) << "--train emits an executable (--emit=exe)";

  auto entry = target::findEntry(module, options.entry);
  if (failed(entry))
    return failure();
  std::string name = modelName(options, output, source);
  std::optional<target::TrainerSpec> trainer;
  target::ModelSignature signature;
  if (training) {
    auto spec = buildTrainer(module, *entry, llvm::sys::path::stem(source),
                             options.train);
    if (failed(spec))
      return failure();
    trainer = std::move(*spec);
    signature = trainer->steps.front().sig;
  } else {
    auto sig = target::getSignature(*entry);
    if (failed(sig))
      return failure();
    signature = std::move(*sig);
  }
  // Objects carry <name>_run when the shapes allow; libraries must.
  bool wrapper = isLibrary(emit) && wrappable(signature);
  if ((emit == EmitKind::SharedLibrary || emit == EmitKind::StaticLibrary) &&
      !wrapper)
    for (const auto &t : llvm::concat<const target::TensorSig>(
             signature.inputs, signature.outputs))
      if (llvm::any_of(llvm::drop_begin(t.shape), ShapedType::isDynamic))
        return error(ctx)
               << "--emit="
               << (emit == EmitKind::SharedLibrary ? "shared" : "static")
               << " supports a dynamic batch (first dimension) only; " << t.name
               << " has another dynamic dimension (use --emit=exe or "
                  "--emit=obj)";
  // An executable's entry is private to it; anything else may be linked
  // with other models, so its symbol carries the model's name.
  if (!training)
    target::prepareEntry(module, *entry,
                         emit == EmitKind::Executable
                             ? std::string(target::entrySymbol)
                             : target::libraryEntrySymbol(name));

  PassManager pm(ctx);
  if (options.configurePassManager)
    options.configurePassManager(pm);
  codegen::CPUPipelineOptions pipeline;
  pipeline.triple = options.triple;
  pipeline.cpu = options.cpu;
  pipeline.features = options.features;
  pipeline.threads = options.numThreads;
  pipeline.attentionKeyBlock = options.attentionKeyBlock;
  pipeline.checkValues = options.checkValues;
  pipeline.resultsToOutParams =
      wrapper && target::sharedResultsInPlace(signature);
  pipeline.dropInPlaceResults = training;
  codegen::buildCPUPipeline(pm, pipeline);
  if (failed(pm.run(module)))
    return failure();
  // A step whose updates were not in place would return more than its
  // loss, which the trainer's C code does not expect.
  if (trainer)
    for (const auto &st : trainer->steps) {
      auto fn = module.lookupSymbol<LLVM::LLVMFuncOp>(st.symbol);
      auto ret = fn ? dyn_cast<LLVM::LLVMStructType>(
                          fn.getFunctionType().getReturnType())
                    : nullptr;
      if (!ret || ret.getBody().empty() ||
          !isa<LLVM::LLVMPointerType>(ret.getBody().front()))
        return error(ctx) << "internal error: the " << st.optimizer
                          << " step does not update its parameters in place";
    }
  if (emit == EmitKind::LoweredMLIR) {
    if (!writeOutput(
            output, [&](llvm::raw_ostream &os) { module.print(os); }, err))
      return fail();
    return CompileResult{{output.str()}};
  }

  auto tm = target::createTargetMachine(module, options.optLevel, err);
  if (!tm)
    return fail();
  // A process about to exit may leave the LLVM module and context to the
  // exit: freeing the uniqued constants of a model's weights one by one
  // takes longer (0.3 s for resnet18) than the exit does.
  auto llvmContext = std::make_unique<llvm::LLVMContext>();
  auto llvmModule =
      target::translateAndOptimize(module, *llvmContext, *tm, options.optLevel,
                                   emit == EmitKind::SharedLibrary, err);
  llvm::scope_exit release([&] {
    if (!options.freeLLVMContext) {
      (void)llvmModule.release();
      (void)llvmContext.release();
    }
  });
  if (!llvmModule)
    return fail();
  if (emit == EmitKind::LLVMIR) {
    if (!writeOutput(
            output,
            [&](llvm::raw_ostream &os) { llvmModule->print(os, nullptr); },
            err))
      return fail();
    return CompileResult{{output.str()}};
  }
  if (output == "-")
    return error(ctx) << "binary output (--emit=exe, shared, static, obj) "
                         "needs an output file (-o <path>)";

  bool openmp = llvmModule->getFunction("__kmpc_fork_call") != nullptr;
  llvm::SmallString<128> tmp;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("nnc", tmp))
    return error(ctx) << "cannot create a temporary directory: "
                      << ec.message();
  llvm::scope_exit cleanup([&] { llvm::sys::fs::remove_directories(tmp); });
  std::string object = (tmp + "/" + name + ".o").str();
  std::string wrapperC = (tmp + "/" + name + "_run.c").str();
  std::string wrapperO = (tmp + "/" + name + "_run.o").str();
  if (!target::emitObjectFile(*llvmModule, *tm, object, err))
    return fail();
  if (emit == EmitKind::Object && !wrapper) {
    // Nothing to wrap: the object as LLVM wrote it.
    if (llvm::sys::fs::copy_file(object, output))
      return error(ctx) << "cannot write " << output;
    return CompileResult{{output.str()}};
  }

  std::string root =
      options.runtimeRoot.empty() ? defaultRuntimeRoot() : options.runtimeRoot;
  std::string runtimeLib = root + "/lib/libnncrt.a";
  std::string incDir = root + "/include/nncrt";
  if (!llvm::sys::fs::exists(runtimeLib))
    return error(ctx) << "the nnc runtime library is missing: " << runtimeLib;
  std::string cc =
      options.cc.empty() ? std::string(NNC_DEFAULT_CC) : options.cc;
  std::string program =
      emit == EmitKind::Executable
          ? (trainer ? target::generateTrainerMain(*trainer)
                     : target::generateExecutableMain(
                           signature, llvm::sys::path::stem(source)))
          : target::generateSharedWrapper(signature, name);
  if (!writeFile(wrapperC, program, err))
    return fail();

  std::vector<std::string> sanitize;
#ifdef NNC_SANITIZE_LINK_FLAGS
  // A sanitizer build's runtime needs the sanitizers' runtime.
  llvm::SmallVector<llvm::StringRef> flags;
  llvm::StringRef(NNC_SANITIZE_LINK_FLAGS).split(flags, ' ', -1, false);
  sanitize.assign(flags.begin(), flags.end());
#endif
  // lld links the weights' object in half the time of GNU ld (resnet18:
  // 0.15-0.20 s against 0.21-0.46 s); the default cc accepts -fuse-ld.
  std::vector<std::string> linker;
  if (options.cc.empty() && llvm::sys::findProgramByName("ld.lld"))
    linker.push_back("-fuse-ld=lld");

  // Each file is produced at a temporary name, renamed once complete.
  std::function<bool(llvm::StringRef)> produce;
  if (emit == EmitKind::Executable || emit == EmitKind::SharedLibrary) {
    produce = [&](llvm::StringRef path) {
      std::vector<std::string> args = linker;
      args.insert(args.end(), sanitize.begin(), sanitize.end());
      if (emit == EmitKind::SharedLibrary)
        args.insert(args.end(), {"-shared", "-fPIC", "-Wl,--exclude-libs,ALL"});
      args.insert(args.end(),
                  {"-O2", "-I" + incDir, wrapperC, object, runtimeLib, "-lm"});
      // Parallel tiles run on LLVM's OpenMP runtime.
      if (openmp)
        args.insert(args.end(), {"-L" NNC_OPENMP_LIBRARY_DIR, "-lomp",
                                 "-Wl,-rpath," NNC_OPENMP_LIBRARY_DIR});
      args.insert(args.end(), {"-o", path.str()});
      return target::runCC(cc, args, err);
    };
  } else {
    std::vector<std::string> compileArgs = sanitize;
    compileArgs.insert(compileArgs.end(), {"-O2", "-fPIC", "-I" + incDir, "-c",
                                           wrapperC, "-o", wrapperO});
    if (!target::runCC(cc, compileArgs, err))
      return fail();
    produce = [&](llvm::StringRef path) {
      if (emit == EmitKind::StaticLibrary)
        return target::writeStaticLibrary(path, {object, wrapperO}, runtimeLib,
                                          err);
      // One relocatable object: the model and its wrapper.
      std::vector<std::string> args = linker;
      args.insert(args.end(),
                  {"-nostdlib", "-r", object, wrapperO, "-o", path.str()});
      return target::runCC(cc, args, err);
    };
  }
  if (emit == EmitKind::Executable) {
    if (!target::produceFile(output, produce, err))
      return fail();
    return CompileResult{{output.str()}};
  }
  // The header is renamed into place only once the library is.
  llvm::SmallString<256> header(llvm::sys::path::parent_path(output));
  llvm::sys::path::append(header, name + ".h");
  bool ok = target::produceFile(
      header,
      [&](llvm::StringRef h) {
        return writeFile(h,
                         target::generateHeader(signature, name, source,
                                                linkingNote(emit, openmp, name),
                                                getVersionString()),
                         err) &&
               target::produceFile(output, produce, err);
      },
      err);
  if (!ok)
    return fail();
  return CompileResult{{output.str(), std::string(header)}};
}

} // namespace

void registerDialects(DialectRegistry &registry) {
  registerAllDialects(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerOpenMPDialectTranslation(registry);
}

InputKind inputKindOf(llvm::StringRef path) {
  llvm::StringRef ext = llvm::sys::path::extension(path);
  if (ext.equals_insensitive(".onnx"))
    return InputKind::ONNX;
  if (ext.equals_insensitive(".json"))
    return InputKind::ModelFile;
  return InputKind::MLIR;
}

/// The kind of the input at `path` and what its importer is told.
static std::pair<InputKind, ImportOptions>
importSetup(const CompileOptions &options, llvm::StringRef path) {
  InputKind kind =
      options.input == InputKind::Auto ? inputKindOf(path) : options.input;
  ImportOptions o;
  // A trainer's last mini-batch may be partial.
  o.dynamicBatch = options.dynamicBatch ||
                   (options.train.enabled && kind == InputKind::ModelFile);
  o.maxInputBytes = options.maxInputBytes;
  o.maxParameterBytes = options.maxParameterBytes;
  return {kind, o};
}

/// Parses MLIR from `buffer`; checks what only an importer accepts.
static OwningOpRef<ModuleOp>
parseMLIR(std::unique_ptr<llvm::MemoryBuffer> buffer,
          const CompileOptions &options, MLIRContext *context) {
  if (options.dynamicBatch)
    return error(context) << "--dynamic-batch applies to ONNX and model-file "
                             "inputs",
           nullptr;
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  // The source manager's buffer goes away with it: diagnostics of later
  // passes point at locations, not at the buffer.
  return parseSourceFile<ModuleOp>(sourceMgr, context);
}

static OwningOpRef<ModuleOp> verified(OwningOpRef<ModuleOp> module) {
  if (module && failed(verify(*module)))
    return nullptr;
  return module;
}

/// An imported ONNX module with its exported layers raised (unless not
/// asked for).
static OwningOpRef<ModuleOp> raised(OwningOpRef<ModuleOp> module,
                                    const CompileOptions &options) {
  if (!module || !options.raiseExportedLayers)
    return module;
  PassManager pm(module->getContext());
  if (options.configurePassManager)
    options.configurePassManager(pm);
  pm.addPass(nn::createNNRaiseExportedLayers());
  if (failed(pm.run(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp> importFile(llvm::StringRef path,
                                 const CompileOptions &options,
                                 MLIRContext *context) {
  auto [kind, importOptions] = importSetup(options, path);
  if (kind == InputKind::ONNX)
    return raised(verified(importONNX(path, context, importOptions)), options);
  if (kind == InputKind::ModelFile)
    return verified(importModelFile(path, context, importOptions));
  auto file = readInputFile(path, options.maxInputBytes, /*isText=*/true,
                            /*allowStdin=*/true);
  if (!file)
    return error(context) << llvm::toString(file.takeError()), nullptr;
  return verified(parseMLIR(std::move(*file), options, context));
}

OwningOpRef<ModuleOp> importBuffer(llvm::StringRef data, llvm::StringRef name,
                                   const CompileOptions &options,
                                   MLIRContext *context) {
  auto [kind, importOptions] = importSetup(options, name);
  if (data.size() > options.maxInputBytes)
    return error(context) << "'" << name << "' is " << data.size()
                          << " bytes, more than the limit of "
                          << options.maxInputBytes,
           nullptr;
  if (kind == InputKind::ONNX)
    return raised(
        verified(importONNXBuffer(data, name, context, importOptions)),
        options);
  if (kind == InputKind::ModelFile)
    return verified(importModelFileBuffer(data, name, context, importOptions));
  return verified(parseMLIR(llvm::MemoryBuffer::getMemBufferCopy(data, name),
                            options, context));
}

std::string defaultOutput(llvm::StringRef input, EmitKind emit) {
  llvm::StringRef stem =
      llvm::sys::path::stem(input == "-" ? llvm::StringRef("model") : input);
  switch (emit) {
  case EmitKind::Executable:
    return stem.str();
  case EmitKind::SharedLibrary:
    return "lib" + stem.str() + ".so";
  case EmitKind::StaticLibrary:
    return "lib" + stem.str() + ".a";
  case EmitKind::Object:
    return stem.str() + ".o";
  default:
    return "-";
  }
}

LogicalResult verifyOptions(const CompileOptions &options,
                            MLIRContext *context) {
  const TrainOptions &train = options.train;
  if (!train.enabled && !train.loss.empty())
    return error(context) << "--loss applies to --train";
  if (!train.loss.empty() && !nn::symbolizeTrainingLoss(train.loss))
    return error(context) << "unknown --loss '" << train.loss
                          << "' (expected cross_entropy, mse or "
                             "bce_with_logits)";
  if (!train.enabled && train.optimizers != "all")
    return error(context) << "--optimizer applies to --train";
  if (train.optimizers != "all" && !nn::symbolizeOptimizer(train.optimizers))
    return error(context) << "unknown --optimizer '" << train.optimizers
                          << "' (expected sgd, adam or all)";
  if (options.numThreads < 0)
    return error(context) << "--num-threads must not be negative";
  if (options.attentionKeyBlock < 0)
    return error(context) << "--attention-key-block must not be negative";
  if (options.optLevel > 3)
    return error(context) << "the optimization level must be 0 to 3, got "
                          << options.optLevel;
  if (!options.name.empty() &&
      target::cIdentifier(options.name) != options.name)
    return error(context) << "--name must be a C identifier, got '"
                          << options.name << "' (try '"
                          << target::cIdentifier(options.name) << "')";
  return success();
}

FailureOr<CompileResult> compile(ModuleOp module, const CompileOptions &options,
                                 llvm::StringRef output,
                                 llvm::StringRef source) {
  MLIRContext *ctx = module.getContext();
  if (failed(verifyOptions(options, ctx)))
    return failure();
  Emitter emitter{module, options, output, source, ctx, {}};
  return emitter.run();
}

FailureOr<CompileResult> compileFile(llvm::StringRef input,
                                     const CompileOptions &options,
                                     llvm::StringRef output,
                                     MLIRContext *context) {
  if (failed(verifyOptions(options, context)))
    return failure();
  OwningOpRef<ModuleOp> module = importFile(input, options, context);
  if (!module)
    return failure();
  return compile(*module, options, output, input);
}

/// The model's C name: given, else the output file's stem without "lib",
/// else the source's stem.
std::string modelName(const CompileOptions &options, llvm::StringRef output,
                      llvm::StringRef source) {
  if (!options.name.empty())
    return options.name;
  llvm::StringRef stem = output == "-" ? llvm::sys::path::stem(source)
                                       : llvm::sys::path::stem(output);
  if (options.emit == EmitKind::SharedLibrary ||
      options.emit == EmitKind::StaticLibrary)
    stem.consume_front("lib");
  return target::cIdentifier(stem.empty() ? "model" : stem);
}

FailureOr<std::string> signatureJSON(ModuleOp module,
                                     const CompileOptions &options,
                                     llvm::StringRef source) {
  auto entry = target::findEntry(module, options.entry);
  if (failed(entry))
    return failure();
  auto sig = target::getSignature(*entry);
  if (failed(sig))
    return failure();
  auto tensors = [](llvm::ArrayRef<target::TensorSig> list) {
    llvm::json::Array out;
    for (const target::TensorSig &t : list) {
      llvm::json::Array shape;
      for (int64_t d : t.shape)
        shape.push_back(ShapedType::isDynamic(d) ? int64_t(-1) : d);
      out.push_back(llvm::json::Object{{"name", t.name},
                                       {"dtype", target::dtypeName(t.dtype)},
                                       {"shape", std::move(shape)}});
    }
    return out;
  };
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::json::Value(
      llvm::json::Object{{"name", modelName(options, "-", source)},
                         {"inputs", tensors(sig->inputs)},
                         {"outputs", tensors(sig->outputs)}});
  return text;
}

llvm::StringRef getVersionString() {
  return "nnc " NNC_VERSION " (" NNC_GIT_REVISION ")";
}

} // namespace nnc::driver
