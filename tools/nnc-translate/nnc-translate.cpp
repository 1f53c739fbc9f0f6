//===- nnc-translate.cpp - compile nn models to native code ---------------===//
//
//   nnc-translate model.mlir --emit=exe -o model        ./model in.npy -o out.npy
//   nnc-translate model.mlir --emit=shared -o libm.so   (+ m.h with m_run(...))
//   nnc-translate model.mlir --emit=obj -o model.o
//   nnc-translate model.mlir --emit=llvmir -o model.ll
//
//===----------------------------------------------------------------------===//
#include "nnc/Import/Import.h"
#include "nnc/InitAll.h"
#include "nnc/Pipelines/Pipelines.h"
#include "nnc/Target/CWrapper.h"
#include "nnc/Target/Emit.h"
#include "nnc/Target/Signature.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
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
cl::opt<std::string> entryName("entry",
                               cl::desc("Entry function (default: the only "
                                        "public function, else @main)"),
                               cl::init(""));
cl::opt<std::string> libName("name",
                             cl::desc("C name of a shared library's model "
                                      "(default: from the output file name)"),
                             cl::init(""));
cl::opt<std::string> ccProgram("cc", cl::desc("C compiler used to link"),
                               cl::init("cc"));

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

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(argc, argv, "nnc model compiler\n");

  DialectRegistry registry;
  nnc::registerAllDialects(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  MLIRContext context(registry);

  std::string error;
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module;
  if (importOnnx && importModel)
    return fail("--import-onnx and --import-model exclude each other");
  nnc::ImportOptions importOptions;
  importOptions.dynamicBatch = dynamicBatch;
  if (importOnnx) {
    module = nnc::importONNX(inputFile, &context, importOptions);
  } else if (importModel) {
    module = nnc::importModelFile(inputFile, &context, importOptions);
  } else {
    if (dynamicBatch)
      return fail("--dynamic-batch applies to --import-onnx/--import-model");
    auto file = openInputFile(inputFile, &error);
    if (!file)
      return fail(error);
    sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
    module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  }
  if (!module || failed(verify(*module)))
    return 1;
  if (emitKind == Emit::nn) {
    auto output = openOutputFile(outputFile.empty() ? std::string("-") : std::string(outputFile), &error);
    if (!output)
      return fail(error);
    module->print(output->os());
    output->keep();
    return 0;
  }

  auto entry = nnc::target::findEntry(*module, entryName);
  if (failed(entry))
    return 1;
  auto signature = nnc::target::getSignature(*entry);
  if (failed(signature))
    return 1;
  if (emitKind == Emit::shared)
    for (const auto &t : llvm::concat<const nnc::target::TensorSig>(
             signature->inputs, signature->outputs))
      if (llvm::any_of(llvm::drop_begin(t.shape), ShapedType::isDynamic))
        return fail("--emit=shared supports a dynamic batch (first "
                    "dimension) only; " +
                    t.name + " has another dynamic dimension (use --emit=exe "
                    "or --emit=obj)");
  nnc::target::prepareEntry(*module, *entry);

  PassManager pm(&context);
  nnc::buildCPUPipeline(pm);
  if (failed(pm.run(*module)))
    return 1;

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

  if (emitKind == Emit::lowered) {
    auto output = openOutputFile(out, &error);
    if (!output)
      return fail(error);
    module->print(output->os());
    output->keep();
    return 0;
  }

  auto tm = nnc::target::createHostTargetMachine(error);
  if (!tm)
    return fail(error);
  llvm::LLVMContext llvmContext;
  auto llvmModule = nnc::target::translateAndOptimize(
      *module, llvmContext, *tm, emitKind == Emit::shared, error);
  if (!llvmModule)
    return fail(error);

  if (emitKind == Emit::llvmir) {
    auto output = openOutputFile(out, &error);
    if (!output)
      return fail(error);
    llvmModule->print(output->os(), nullptr);
    output->keep();
    return 0;
  }
  if (emitKind == Emit::obj)
    return nnc::target::emitObjectFile(*llvmModule, *tm, out, error)
               ? 0
               : fail(error);

  // Executables and shared libraries: object + generated C, linked by cc.
  llvm::SmallString<128> tmp;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("nnc", tmp))
    return fail("cannot create a temporary directory: " + ec.message());
  auto cleanup = llvm::make_scope_exit(
      [&] { llvm::sys::fs::remove_directories(tmp); });
  std::string object = (tmp + "/model.o").str();
  std::string wrapper = (tmp + "/wrapper.c").str();
  if (!nnc::target::emitObjectFile(*llvmModule, *tm, object, error))
    return fail(error);
  auto [libDir, incDir] = runtimeDirs(argv[0]);
  std::string runtimeLib = libDir + "/libnncrt.a";
  if (!llvm::sys::fs::exists(runtimeLib))
    return fail("the nnc runtime library is missing: " + runtimeLib);

  std::vector<std::string> args{"-O2", "-I" + incDir, wrapper, object,
                                runtimeLib, "-lm", "-o", out};
  if (emitKind == Emit::exe) {
    if (!writeFile(wrapper,
                   nnc::target::generateExecutableMain(*signature, stem),
                   error))
      return fail(error);
  } else {
    llvm::StringRef base = llvm::sys::path::stem(out);
    base.consume_front("lib");
    std::string name =
        nnc::target::cIdentifier(libName.empty() ? base : libName);
    llvm::SmallString<256> header(llvm::sys::path::parent_path(out));
    llvm::sys::path::append(header, name + ".h");
    if (!writeFile(wrapper,
                   nnc::target::generateSharedWrapper(*signature, name),
                   error) ||
        !writeFile(header,
                   nnc::target::generateHeader(*signature, name, inputFile),
                   error))
      return fail(error);
    args.insert(args.begin(), {"-shared", "-fPIC", "-Wl,--exclude-libs,ALL"});
    llvm::outs() << "nnc-translate: wrote " << out << " and " << header
                 << "\n";
  }
  if (!nnc::target::runCC(ccProgram, args, error))
    return fail(error);
  return 0;
}
