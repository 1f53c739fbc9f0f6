//===- nnc-translate.cpp - compile nn models to native code ---------------===//
//
//   nnc-translate model.onnx -o model                ./model in.npy -o out.npy
//   nnc-translate model.mlir --emit=shared -o libmodel.so   (+ model.h)
//   nnc-translate model.mlir --emit=static -o libmodel.a    (+ model.h)
//   nnc-translate model.mlir --emit=obj -o model.o          (+ model.h)
//   nnc-translate model.mlir --emit=llvmir -o model.ll
//   nnc-translate model.json --train --loss=cross_entropy -o trainer
//
// A command line over nnc::driver (lib/Driver), which does the work.
//
//===----------------------------------------------------------------------===//
#include "nnc/Driver/Driver.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using nnc::driver::EmitKind;
namespace cl = llvm::cl;

namespace {

cl::OptionCategory nncCategory("nnc options");

cl::opt<std::string> inputFile(cl::Positional,
                               cl::desc("<model: .onnx, .json or .mlir>"),
                               cl::init("-"), cl::cat(nncCategory));
cl::opt<std::string> outputFile("o", cl::desc("Output file"),
                                cl::value_desc("path"), cl::init(""),
                                cl::cat(nncCategory));
cl::opt<EmitKind> emitKind(
    "emit", cl::desc("What to produce"), cl::init(EmitKind::Executable),
    cl::values(
        clEnumValN(EmitKind::Executable, "exe",
                   "an executable: ./model in.npy ... -o out.npy [--bench N]"),
        clEnumValN(EmitKind::SharedLibrary, "shared",
                   "a shared library and its C header (<name>_run)"),
        clEnumValN(EmitKind::StaticLibrary, "static",
                   "a static library (with nnc's runtime) and its C header"),
        clEnumValN(EmitKind::Object, "obj",
                   "an object file and its C header (link with libnncrt)"),
        clEnumValN(EmitKind::LLVMIR, "llvmir", "optimized LLVM IR"),
        clEnumValN(EmitKind::LoweredMLIR, "mlir-llvm",
                   "the module after nnc-cpu-pipeline (LLVM dialect)"),
        clEnumValN(EmitKind::NN, "nn", "the imported nn module")),
    cl::cat(nncCategory));
cl::opt<bool> importOnnx("import-onnx",
                         cl::desc("Read the input as ONNX, whatever its name"),
                         cl::cat(nncCategory));
cl::opt<bool> importModel(
    "import-model",
    cl::desc("Read the input as an nnc model file (JSON + safetensors), "
             "whatever its name"),
    cl::cat(nncCategory));
cl::opt<bool> dynamicBatch(
    "dynamic-batch",
    cl::desc("Import the first dimension of the inputs as dynamic (?)"),
    cl::cat(nncCategory));
cl::opt<std::string> entryName("entry",
                               cl::desc("Entry function (default: the only "
                                        "public function, else @main)"),
                               cl::init(""), cl::cat(nncCategory));
cl::opt<std::string>
    libName("name",
            cl::desc("C name of the model, the prefix of every exported symbol "
                     "(default: from the output file name)"),
            cl::init(""), cl::cat(nncCategory));
cl::opt<std::string>
    targetTriple("mtriple", cl::desc("Target triple (default: the host's)"),
                 cl::init(""), cl::cat(nncCategory));
cl::opt<std::string>
    targetCpu("mcpu",
              cl::desc("Target CPU, an LLVM CPU name (default: the host's)"),
              cl::init("host"), cl::cat(nncCategory));
cl::opt<std::string> targetFeatures(
    "mattr",
    cl::desc("CPU features on top of the CPU's, e.g. -avx512f for AVX2 "
             "code on an AVX-512 CPU"),
    cl::init(""), cl::cat(nncCategory));
cl::opt<unsigned>
    optLevel("O", cl::Prefix,
             cl::desc("LLVM optimization level -O0 ... -O3 (default -O3)"),
             cl::init(3), cl::cat(nncCategory));
cl::opt<int64_t> numThreads(
    "num-threads",
    cl::desc("0: NNC_NUM_THREADS or the online cores at run time (default); "
             "1: single-threaded code without OpenMP; N: N threads unless "
             "NNC_NUM_THREADS says otherwise"),
    cl::init(0), cl::cat(nncCategory));
cl::opt<bool> trainMode(
    "train",
    cl::desc("Emit a trainer executable (docs/Training.md); model files are "
             "imported with a dynamic batch"),
    cl::cat(nncCategory));
cl::opt<std::string> lossKind(
    "loss",
    cl::desc("With --train: append this loss to the output: cross_entropy, "
             "mse or bce_with_logits (else the model returns its loss)"),
    cl::init(""), cl::cat(nncCategory));
cl::opt<std::string>
    optimizers("optimizer",
               cl::desc("With --train: sgd, adam or all (default)"),
               cl::init("all"), cl::cat(nncCategory));
cl::opt<bool> checkValues(
    "check-values",
    cl::desc("Report ids, class labels and dynamic sizes out of range "
             "(default); false: clamp them silently"),
    cl::init(true), cl::cat(nncCategory));
cl::opt<std::string>
    ccProgram("cc", cl::desc("C compiler used to link (default: cc)"),
              cl::init(""), cl::cat(nncCategory));

// Tuning and limits, listed by --help-hidden.
cl::opt<int64_t> attentionKeyBlock(
    "attention-key-block",
    cl::desc("Keys per block of the fused attention kernel (online softmax; "
             "default 64); 0: softmax and the two matmuls one by one"),
    cl::init(64), cl::Hidden, cl::cat(nncCategory));
cl::opt<bool> raiseExportedLayers(
    "raise-exported-layers",
    cl::desc("Run nn-raise-exported-layers after an ONNX import (default); "
             "false: keep the exporter's decomposition"),
    cl::init(true), cl::Hidden, cl::cat(nncCategory));
cl::opt<uint64_t> maxInputBytes(
    "max-input-bytes",
    cl::desc("Refuse input files (model, weights) larger than this "
             "(default 16 GiB)"),
    cl::init(nnc::kDefaultMaxInputBytes), cl::Hidden, cl::cat(nncCategory));
cl::opt<uint64_t> maxParameterBytes(
    "max-parameter-bytes",
    cl::desc("Refuse model files whose parameters take more than this "
             "(default 16 GiB)"),
    cl::init(nnc::kDefaultMaxInputBytes), cl::Hidden, cl::cat(nncCategory));

nnc::driver::CompileOptions compileOptions() {
  nnc::driver::CompileOptions o;
  o.input = importOnnx    ? nnc::driver::InputKind::ONNX
            : importModel ? nnc::driver::InputKind::ModelFile
                          : nnc::driver::InputKind::Auto;
  o.emit = emitKind;
  o.entry = entryName;
  o.triple = targetTriple;
  o.cpu = targetCpu;
  o.features = targetFeatures;
  o.optLevel = optLevel;
  o.name = libName;
  o.dynamicBatch = dynamicBatch;
  o.raiseExportedLayers = raiseExportedLayers;
  o.train.enabled = trainMode;
  o.train.loss = lossKind;
  o.train.optimizers = optimizers;
  o.numThreads = numThreads;
  o.attentionKeyBlock = attentionKeyBlock;
  o.checkValues = checkValues;
  o.maxInputBytes = maxInputBytes;
  o.maxParameterBytes = maxParameterBytes;
  o.cc = ccProgram;
  // The process exits right after the compile.
  o.freeLLVMContext = false;
  o.configurePassManager = [](PassManager &pm) {
    if (failed(applyPassManagerCLOptions(pm)))
      return;
    applyDefaultTimingPassManagerCLOptions(pm);
  };
  return o;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << nnc::driver::getVersionString() << "\n  LLVM and MLIR "
       << LLVM_VERSION_STRING << "\n";
  });
  // --help shows nnc's options; --help-list-hidden also LLVM's and MLIR's
  // (--mlir-print-ir-after-all, --mlir-timing, --mlir-print-debuginfo ...).
  cl::HideUnrelatedOptions(nncCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "nnc model compiler\n\n"
      "  Compiles an ONNX model, an nnc model file or nn MLIR to native code.\n"
      "  MLIR's --mlir-print-ir-after-all, --mlir-timing and\n"
      "  --mlir-print-debuginfo apply (see --help-list-hidden).\n");

  DialectRegistry registry;
  nnc::driver::registerDialects(registry);
  MLIRContext context(registry);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler located(sourceMgr, &context);
  // Diagnostics without a location are about the command line or the files.
  ScopedDiagnosticHandler unlocated(&context, [](Diagnostic &d) {
    if (!isa<UnknownLoc>(d.getLocation()))
      return failure();
    const char *kind = d.getSeverity() == DiagnosticSeverity::Error ? "error"
                       : d.getSeverity() == DiagnosticSeverity::Warning
                           ? "warning"
                           : "note";
    llvm::errs() << "nnc-translate: " << kind << ": " << d << "\n";
    for (Diagnostic &note : d.getNotes())
      llvm::errs() << "nnc-translate: note: " << note << "\n";
    return success();
  });

  if (importOnnx && importModel)
    return emitError(UnknownLoc::get(&context))
               << "--import-onnx and --import-model exclude each other",
           1;
  nnc::driver::CompileOptions options = compileOptions();
  std::string out = outputFile.empty()
                        ? nnc::driver::defaultOutput(inputFile, emitKind)
                        : std::string(outputFile);
  auto result = nnc::driver::compileFile(inputFile, options, out, &context);
  if (failed(result))
    return 1;
  if (result->files.size() == 2)
    llvm::outs() << "nnc-translate: wrote " << result->files[0] << " and "
                 << result->files[1] << "\n";
  return 0;
}
