//===- nnc-translate.cpp - compile nn models to native code ---------------===//
//
//   nnc-translate model.mlir --emit=exe -o model        ./model in.npy -o out.npy
//   nnc-translate model.mlir --emit=shared -o libm.so   (+ m.h with m_run(...))
//   nnc-translate model.mlir --emit=obj -o model.o
//   nnc-translate model.mlir --emit=llvmir -o model.ll
//   nnc-translate model.json --import-model --train --loss=cross_entropy \
//       -o trainer                   ./trainer X.npy Y.npy -o trained.safetensors
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/IR/NNOps.h"
#include "nnc/Dialect/NN/Transforms/Passes.h"
#include "nnc/Import/Import.h"
#include "nnc/InitAll.h"
#include "nnc/Codegen/CPU/CPUPipeline.h"
#include "nnc/Target/CWrapper.h"
#include "nnc/Target/Emit.h"
#include "nnc/Target/Signature.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Transforms/Passes.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
namespace cl = llvm::cl;

namespace {

enum class Emit { exe, shared, obj, llvmir, lowered, nn };

cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.mlir>"),
                               cl::init("-"));
cl::opt<std::string> outputFile("o", cl::desc("Output file"),
                                cl::value_desc("path"), cl::init(""));
cl::opt<Emit> emitKind(
    "emit", cl::desc("What to produce"), cl::init(Emit::exe),
    cl::values(
        clEnumValN(Emit::exe, "exe",
                   "an executable: ./model in.npy ... -o out.npy [--bench N]"),
        clEnumValN(Emit::shared, "shared",
                   "a shared library with a C header (<name>_run)"),
        clEnumValN(Emit::obj, "obj", "an object file for this CPU"),
        clEnumValN(Emit::llvmir, "llvmir", "optimized LLVM IR"),
        clEnumValN(Emit::lowered, "mlir-llvm",
                   "the module after nnc-cpu-pipeline (LLVM dialect)"),
        clEnumValN(Emit::nn, "nn",
                   "the imported nn module (with --import-onnx/--import-model)")));
cl::opt<bool> importOnnx("import-onnx",
                         cl::desc("The input is an ONNX model (.onnx)"),
                         cl::init(false));
cl::opt<bool> importModel(
    "import-model",
    cl::desc("The input is an nnc model file (.json + safetensors weights)"),
    cl::init(false));
cl::opt<bool> dynamicBatch(
    "dynamic-batch",
    cl::desc("Import the first dimension of the inputs as dynamic (?)"),
    cl::init(false));
cl::opt<uint64_t> maxInputBytes(
    "max-input-bytes",
    cl::desc("Refuse input files (model, weights) larger than this "
             "(default 16 GiB)"),
    cl::init(nnc::kDefaultMaxInputBytes));
cl::opt<uint64_t> maxParameterBytes(
    "max-parameter-bytes",
    cl::desc("Refuse model files whose parameters take more than this "
             "(default 16 GiB)"),
    cl::init(nnc::kDefaultMaxInputBytes));
cl::opt<std::string> entryName("entry",
                               cl::desc("Entry function (default: the only "
                                        "public function, else @main)"),
                               cl::init(""));
cl::opt<std::string> libName("name",
                             cl::desc("C name of a shared library's model "
                                      "(default: from the output file name)"),
                             cl::init(""));
cl::opt<bool> trainMode(
    "train",
    cl::desc("Emit a trainer executable: nn-derive-backward, "
             "nn-build-train-step and a training loop (docs/Training.md); "
             "model files are imported with a dynamic batch"),
    cl::init(false));
cl::opt<std::string> lossKind(
    "loss",
    cl::desc("With --train: append this loss to the model's output: "
             "cross_entropy (int64 class targets [B]), mse or "
             "bce_with_logits (float targets shaped like the output). "
             "Without it the function must already return a scalar loss"),
    cl::init(""));
cl::opt<std::string> optimizers(
    "optimizer",
    cl::desc("With --train: the optimizers compiled into the trainer: sgd, "
             "adam or all (default)"),
    cl::init("all"));
#ifndef NNC_DEFAULT_CC
#define NNC_DEFAULT_CC "cc"
#endif
cl::opt<std::string> ccProgram("cc", cl::desc("C compiler used to link"),
                               cl::init(NNC_DEFAULT_CC));
cl::opt<std::string> targetCpu(
    "mcpu",
    cl::desc("CPU to generate code for (an LLVM CPU name; default: host)"),
    cl::init("host"));
cl::opt<std::string> targetFeatures(
    "mattr",
    cl::desc("CPU features on top of the CPU's, e.g. -avx512f to generate "
             "AVX2 code on an AVX-512 CPU"),
    cl::init(""));
cl::opt<int64_t> numThreads(
    "num-threads",
    cl::desc("0: NNC_NUM_THREADS or the online cores at run time (default); "
             "1: single-threaded code without OpenMP; N: N threads unless "
             "NNC_NUM_THREADS says otherwise"),
    cl::init(0));
cl::opt<int64_t> attentionKeyBlock(
    "attention-key-block",
    cl::desc("Keys per block of the fused attention kernel (online softmax; "
             "default 64); 0: softmax and the two matmuls one by one"),
    cl::init(64));

cl::opt<bool> checkValues(
    "check-values",
    cl::desc("Report embedding/gather ids, class labels and dynamic sizes "
             "out of range (default); false: clamp them silently"),
    cl::init(true));

int fail(const llvm::Twine &message) {
  llvm::errs() << "nnc-translate: error: " << message << "\n";
  return 1;
}

/// <bindir>/../lib and <bindir>/../include/nncrt, where the build (and an
/// install) put the runtime.
std::pair<std::string, std::string> runtimeDirs(const char *argv0) {
  std::string exe =
      llvm::sys::fs::getMainExecutable(argv0, reinterpret_cast<void *>(&fail));
  llvm::SmallString<256> root(llvm::sys::path::parent_path(
      llvm::sys::path::parent_path(exe)));
  llvm::SmallString<256> lib(root), inc(root);
  llvm::sys::path::append(lib, "lib");
  llvm::sys::path::append(inc, "include", "nncrt");
  return {std::string(lib), std::string(inc)};
}

/// Writes `print`'s text to `path` (or stdout for "-") through a temporary
/// file, renamed when complete.
template <typename Print>
bool writeOutput(llvm::StringRef path, Print print, std::string &error) {
  return nnc::target::produceFile(
      path,
      [&](llvm::StringRef p) {
        auto output = openOutputFile(p, &error);
        if (!output)
          return false;
        print(output->os());
        output->keep();
        return true;
      },
      error);
}

bool writeFile(llvm::StringRef path, llvm::StringRef text, std::string &error) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec) {
    error = "cannot write " + path.str() + ": " + ec.message();
    return false;
  }
  os << text;
  return true;
}

/// Makes @f(x...) -> out into @f(x..., target) -> loss.
LogicalResult appendLoss(func::FuncOp f, llvm::StringRef kind) {
  if (f.getNumResults() != 1)
    return f.emitError() << "--loss=" << kind << " needs @" << f.getSymName()
                         << " to return one tensor, it returns "
                         << f.getNumResults();
  auto out = dyn_cast<RankedTensorType>(f.getResultTypes()[0]);
  if (!out || !isa<FloatType>(out.getElementType()))
    return f.emitError() << "--loss=" << kind << " needs a float tensor "
                         << "output, got " << f.getResultTypes()[0];
  MLIRContext *ctx = f.getContext();
  Type target;
  if (kind == "cross_entropy") {
    if (out.getRank() != 2)
      return f.emitError() << "--loss=cross_entropy needs logits [B, C], got "
                           << out;
    target = RankedTensorType::get({out.getDimSize(0)},
                                   IntegerType::get(ctx, 64));
  } else if (kind == "mse" || kind == "bce_with_logits") {
    target = out;
  } else {
    return f.emitError() << "unknown --loss '" << kind
                         << "' (expected cross_entropy, mse or "
                            "bce_with_logits)";
  }
  Block &entry = f.getBody().front();
  // The argument-attribute array must grow with the arguments.
  SmallVector<DictionaryAttr> argAttrs(entry.getNumArguments() + 1,
                                       DictionaryAttr::get(ctx));
  if (ArrayAttr old = f.getArgAttrsAttr())
    for (auto [i, a] : llvm::enumerate(old))
      argAttrs[i] = cast<DictionaryAttr>(a);
  Value y = entry.addArgument(target, f.getLoc());
  auto ret = cast<func::ReturnOp>(entry.getTerminator());
  OpBuilder b(ret);
  Location loc = ret.getLoc();
  auto scalar = RankedTensorType::get({}, out.getElementType());
  auto mean = nnc::nn::ReductionAttr::get(ctx, nnc::nn::Reduction::mean);
  Value x = ret.getOperand(0), loss;
  if (kind == "cross_entropy")
    loss = nnc::nn::CrossEntropyOp::create(b, loc, scalar, x, y,
                                           b.getBoolAttr(true), IntegerAttr(),
                                           mean);
  else if (kind == "mse")
    loss = nnc::nn::MseOp::create(b, loc, scalar, x, y, mean);
  else
    loss = nnc::nn::BceWithLogitsOp::create(b, loc, scalar, x, y, mean);
  ret->setOperand(0, loss);
  f.setFunctionType(FunctionType::get(ctx, entry.getArgumentTypes(), {scalar}));
  f.setAllArgAttrs(argAttrs);
  f.removeResAttrsAttr();
  f.setArgAttr(entry.getNumArguments() - 1, "nn.name",
               StringAttr::get(ctx, "target"));
  return success();
}

/// Derives the trainer's entries: @<f>_init and one step per optimizer.
FailureOr<nnc::target::TrainerSpec> buildTrainer(ModuleOp module,
                                                 func::FuncOp f,
                                                 llvm::StringRef modelName) {
  MLIRContext *ctx = module.getContext();
  SmallVector<std::string> opts;
  if (optimizers == "all")
    opts = {"sgd", "adam"};
  else if (optimizers == "sgd" || optimizers == "adam")
    opts = {optimizers};
  else
    return module.emitError() << "unknown --optimizer '" << optimizers
                              << "' (expected sgd, adam or all)";
  if (!lossKind.empty() && failed(appendLoss(f, lossKind)))
    return failure();
  std::string base = f.getSymName().str();
  f->removeAttr("nn.parameter_names");
  // Class labels that are data inputs are checked before the first step
  // (the step itself reports a label out of range only after it ran).
  int labelInput = -1;
  int64_t numClasses = 0;
  f.walk([&](nnc::nn::CrossEntropyOp ce) {
    auto arg = dyn_cast<BlockArgument>(ce.getTarget());
    auto logits = cast<RankedTensorType>(ce.getInput().getType());
    if (arg && arg.getOwner() == &f.getBody().front() &&
        isa<IntegerType>(getElementTypeOrSelf(arg.getType())) &&
        !logits.isDynamicDim(1)) {
      labelInput = arg.getArgNumber();
      numClasses = logits.getDimSize(1);
    }
  });
  PassManager pm(ctx);
  nnc::nn::NNDeriveBackwardOptions derive;
  derive.function = base;
  pm.addPass(nnc::nn::createNNDeriveBackward(derive));
  if (failed(pm.run(module)))
    return failure();

  nnc::target::TrainerSpec spec;
  spec.modelName = modelName.str();
  spec.loss = lossKind.empty() ? std::string("from the model") : std::string(lossKind);
  auto grad = module.lookupSymbol<func::FuncOp>(base + "_grad");
  auto init = module.lookupSymbol<func::FuncOp>(base + "_init");
  if (!grad || !init)
    return module.emitError("nn-derive-backward made no @") << base << "_grad";
  auto names = grad->getAttrOfType<ArrayAttr>("nn.parameter_names");
  for (Attribute n : names)
    spec.paramNames.push_back(cast<StringAttr>(n).str());
  spec.numInputs = grad.getNumArguments() - names.size() - 1;
  if (labelInput >= 0 && labelInput < int(spec.numInputs)) {
    spec.labelInput = labelInput;
    spec.numClasses = numClasses;
  }

  SmallVector<std::pair<func::FuncOp, std::string>> entries;
  for (const std::string &opt : opts) {
    PassManager step(ctx);
    nnc::nn::NNBuildTrainStepOptions o;
    o.optimizer = opt;
    o.function = base;
    step.addPass(nnc::nn::createNNBuildTrainStep(o));
    if (failed(step.run(module)))
      return failure();
    auto fn = module.lookupSymbol<func::FuncOp>(base + "_train_step");
    SymbolTable(module).setSymbolName(fn, base + "_train_step_" + opt);
    auto sig = nnc::target::getSignature(fn);
    if (failed(sig))
      return failure();
    spec.steps.push_back({*sig, "nnc_train_" + opt, opt,
                          opt == "adam" ? 2u : 1u});
    entries.push_back({fn, "nnc_train_" + opt});
  }
  auto initSig = nnc::target::getSignature(init);
  if (failed(initSig))
    return failure();
  spec.init = *initSig;
  spec.initSymbol = "nnc_train_init";
  entries.push_back({init, spec.initSymbol});
  nnc::target::prepareEntries(module, entries);
  // The trainer owns the params and state it passes to a step, which
  // updates them in place.
  for (auto &entry : llvm::drop_end(entries))
    for (unsigned i = spec.numInputs; i + 2 < entry.first.getNumArguments();
         ++i)
      entry.first.setArgAttr(
          i, bufferization::BufferizationDialect::kWritableAttrName,
          BoolAttr::get(ctx, true));
  // The forward and @<f>_grad are not called any more.
  PassManager dce(ctx);
  dce.addPass(createSymbolDCEPass());
  if (failed(dce.run(module)))
    return failure();
  return spec;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(argc, argv, "nnc model compiler\n");

  DialectRegistry registry;
  nnc::registerAllDialects(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerOpenMPDialectTranslation(registry);
  MLIRContext context(registry);

  std::string error;
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module;
  if (importOnnx && importModel)
    return fail("--import-onnx and --import-model exclude each other");
  nnc::ImportOptions importOptions;
  // A trainer's last mini-batch may be partial.
  importOptions.dynamicBatch = dynamicBatch || (trainMode && importModel);
  importOptions.maxInputBytes = maxInputBytes;
  importOptions.maxParameterBytes = maxParameterBytes;
  if (importOnnx) {
    module = nnc::importONNX(inputFile, &context, importOptions);
  } else if (importModel) {
    module = nnc::importModelFile(inputFile, &context, importOptions);
  } else {
    if (dynamicBatch)
      return fail("--dynamic-batch applies to --import-onnx/--import-model");
    auto file = nnc::readInputFile(inputFile, maxInputBytes, /*isText=*/true,
                                   /*allowStdin=*/true);
    if (!file)
      return fail(llvm::toString(file.takeError()));
    sourceMgr.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());
    module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  }
  if (!module || failed(verify(*module)))
    return 1;
  if (emitKind == Emit::nn)
    return writeOutput(
               outputFile.empty() ? std::string("-") : std::string(outputFile),
               [&](llvm::raw_ostream &os) { module->print(os); }, error)
               ? 0
               : fail(error);

  if (trainMode && emitKind != Emit::exe && emitKind != Emit::lowered &&
      emitKind != Emit::llvmir)
    return fail("--train emits an executable (--emit=exe)");
  if (!trainMode && !lossKind.empty())
    return fail("--loss applies to --train");
  if (!trainMode && optimizers.getNumOccurrences())
    return fail("--optimizer applies to --train");

  auto entry = nnc::target::findEntry(*module, entryName);
  if (failed(entry))
    return 1;
  std::optional<nnc::target::TrainerSpec> trainer;
  FailureOr<nnc::target::ModelSignature> signature;
  if (trainMode) {
    auto spec = buildTrainer(*module, *entry,
                             llvm::sys::path::stem(inputFile == "-"
                                                       ? llvm::StringRef("model")
                                                       : llvm::StringRef(inputFile)));
    if (failed(spec))
      return 1;
    trainer = std::move(*spec);
    signature = trainer->steps.front().sig;
  } else {
    signature = nnc::target::getSignature(*entry);
    if (failed(signature))
      return 1;
  }
  if (emitKind == Emit::shared)
    for (const auto &t : llvm::concat<const nnc::target::TensorSig>(
             signature->inputs, signature->outputs))
      if (llvm::any_of(llvm::drop_begin(t.shape), ShapedType::isDynamic))
        return fail("--emit=shared supports a dynamic batch (first "
                    "dimension) only; " +
                    t.name + " has another dynamic dimension (use --emit=exe "
                    "or --emit=obj)");
  if (!trainMode)
    nnc::target::prepareEntry(*module, *entry);

  if (numThreads < 0)
    return fail("--num-threads must not be negative");
  if (attentionKeyBlock < 0)
    return fail("--attention-key-block must not be negative");
  PassManager pm(&context);
  nnc::codegen::CPUPipelineOptions pipeline;
  pipeline.cpu = targetCpu;
  pipeline.features = targetFeatures;
  pipeline.threads = numThreads;
  pipeline.attentionKeyBlock = attentionKeyBlock;
  pipeline.checkValues = checkValues;
  pipeline.resultsToOutParams =
      emitKind == Emit::shared && nnc::target::sharedResultsInPlace(*signature);
  pipeline.dropInPlaceResults = trainMode;
  nnc::codegen::buildCPUPipeline(pm, pipeline);
  if (failed(pm.run(*module)))
    return 1;
  // A step whose updates were not in place would return more than its
  // loss, which the trainer's C code does not expect.
  if (trainer)
    for (const auto &st : trainer->steps) {
      auto fn = module->lookupSymbol<LLVM::LLVMFuncOp>(st.symbol);
      auto ret = fn ? dyn_cast<LLVM::LLVMStructType>(
                          fn.getFunctionType().getReturnType())
                    : nullptr;
      if (!ret || ret.getBody().empty() ||
          !isa<LLVM::LLVMPointerType>(ret.getBody().front()))
        return fail("internal error: the " + st.optimizer +
                    " step does not update its parameters in place");
    }

  std::string out = outputFile;
  llvm::StringRef stem = llvm::sys::path::stem(
      inputFile == "-" ? llvm::StringRef("model") : llvm::StringRef(inputFile));
  if (out.empty()) {
    switch (emitKind) {
    case Emit::exe: out = stem.str(); break;
    case Emit::shared: out = "lib" + stem.str() + ".so"; break;
    case Emit::obj: out = stem.str() + ".o"; break;
    case Emit::llvmir: case Emit::lowered: case Emit::nn: out = "-"; break;
    }
  }

  if (emitKind == Emit::lowered)
    return writeOutput(
               out, [&](llvm::raw_ostream &os) { module->print(os); }, error)
               ? 0
               : fail(error);

  auto tm = nnc::target::createTargetMachine(*module, error);
  if (!tm)
    return fail(error);
  // Not destroyed: freeing the uniqued constants of a model's weights one
  // by one takes longer (0.3 s for resnet18) than the exit does.
  llvm::LLVMContext &llvmContext = *new llvm::LLVMContext;
  auto llvmModule = nnc::target::translateAndOptimize(
      *module, llvmContext, *tm, emitKind == Emit::shared, error);
  if (!llvmModule)
    return fail(error);

  if (emitKind == Emit::llvmir)
    return writeOutput(
               out,
               [&](llvm::raw_ostream &os) { llvmModule->print(os, nullptr); },
               error)
               ? 0
               : fail(error);
  if (emitKind == Emit::obj)
    return nnc::target::produceFile(
               out,
               [&](llvm::StringRef p) {
                 return nnc::target::emitObjectFile(*llvmModule, *tm, p, error);
               },
               error)
               ? 0
               : fail(error);

  // Executables and shared libraries: object + generated C, linked by cc.
  llvm::SmallString<128> tmp;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("nnc", tmp))
    return fail("cannot create a temporary directory: " + ec.message());
  llvm::scope_exit cleanup([&] { llvm::sys::fs::remove_directories(tmp); });
  std::string object = (tmp + "/model.o").str();
  std::string wrapper = (tmp + "/wrapper.c").str();
  if (!nnc::target::emitObjectFile(*llvmModule, *tm, object, error))
    return fail(error);
  auto [libDir, incDir] = runtimeDirs(argv[0]);
  std::string runtimeLib = libDir + "/libnncrt.a";
  if (!llvm::sys::fs::exists(runtimeLib))
    return fail("the nnc runtime library is missing: " + runtimeLib);

  // The output's place (after "-o") takes its temporary name at link time.
  std::vector<std::string> args{"-O2", "-I" + incDir, wrapper, object,
                                runtimeLib, "-lm", "-o", out};
  // Parallel tiles run on LLVM's OpenMP runtime.
  if (llvmModule->getFunction("__kmpc_fork_call"))
    args.insert(args.end() - 2, {"-L" NNC_OPENMP_LIBRARY_DIR, "-lomp",
                                 "-Wl,-rpath," NNC_OPENMP_LIBRARY_DIR});
#ifdef NNC_SANITIZE_LINK_FLAGS
  // A sanitizer build's runtime needs the sanitizers' runtime.
  llvm::SmallVector<llvm::StringRef> sanitize;
  llvm::StringRef(NNC_SANITIZE_LINK_FLAGS).split(sanitize, ' ', -1, false);
  args.insert(args.begin(), sanitize.begin(), sanitize.end());
#endif
  llvm::SmallString<256> header;
  if (emitKind == Emit::exe) {
    if (!writeFile(wrapper,
                   trainer ? nnc::target::generateTrainerMain(*trainer)
                           : nnc::target::generateExecutableMain(*signature,
                                                                 stem),
                   error))
      return fail(error);
  } else {
    llvm::StringRef base = llvm::sys::path::stem(out);
    base.consume_front("lib");
    std::string name =
        nnc::target::cIdentifier(libName.empty() ? base : libName);
    header = llvm::sys::path::parent_path(out);
    llvm::sys::path::append(header, name + ".h");
    if (!writeFile(wrapper,
                   nnc::target::generateSharedWrapper(*signature, name), error))
      return fail(error);
    args.insert(args.begin(), {"-shared", "-fPIC", "-Wl,--exclude-libs,ALL"});
  }
  // lld links the weights' object in half the time of GNU ld (resnet18:
  // 0.15-0.20 s against 0.21-0.46 s); the default cc accepts -fuse-ld.
  if (ccProgram.getNumOccurrences() == 0 &&
      llvm::sys::findProgramByName("ld.lld"))
    args.insert(args.begin(), "-fuse-ld=lld");
  auto link = [&](llvm::StringRef path) {
    args[std::find(args.begin(), args.end(), "-o") - args.begin() + 1] = path;
    return nnc::target::runCC(ccProgram, args, error);
  };
  if (emitKind == Emit::exe)
    return nnc::target::produceFile(out, link, error) ? 0 : fail(error);
  // The header is renamed into place only once the library is.
  bool ok = nnc::target::produceFile(
      header,
      [&](llvm::StringRef h) {
        return writeFile(h,
                         nnc::target::generateHeader(
                             *signature, llvm::sys::path::stem(header).str(),
                             inputFile),
                         error) &&
               nnc::target::produceFile(out, link, error);
      },
      error);
  if (!ok)
    return fail(error);
  llvm::outs() << "nnc-translate: wrote " << out << " and " << header << "\n";
  return 0;
}
