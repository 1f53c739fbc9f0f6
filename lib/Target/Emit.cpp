//===- Emit.cpp - LLVM IR, objects and linking ----------------------------===//
#include "nnc/Target/Emit.h"
#include "nnc/Codegen/IR/CodegenDialect.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Object/Archive.h"
#include "llvm/Object/ArchiveWriter.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/TargetParser/Triple.h"

namespace nnc::target {

std::unique_ptr<llvm::TargetMachine> createTargetMachine(mlir::ModuleOp module,
                                                         unsigned optLevel,
                                                         std::string &error) {
  auto target =
      module->getAttrOfType<codegen::TargetAttr>(codegen::kTargetAttrName);
  if (!target) {
    error = "the module has no #nnc_codegen.target";
    return nullptr;
  }
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::Triple triple(target.getTriple());
  const llvm::Target *llvmTarget =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!llvmTarget)
    return nullptr;
  std::unique_ptr<llvm::TargetMachine> tm(llvmTarget->createTargetMachine(
      triple, target.getCpu(), target.getFeatures(), llvm::TargetOptions(),
      llvm::Reloc::PIC_, std::nullopt,
      llvm::CodeGenOpt::getLevel(std::min(optLevel, 3u))
          .value_or(llvm::CodeGenOptLevel::Aggressive)));
  if (!tm)
    error = "cannot create a target machine for " + triple.str();
  return tm;
}

std::unique_ptr<llvm::Module>
translateAndOptimize(mlir::ModuleOp module, llvm::LLVMContext &ctx,
                     llvm::TargetMachine &tm, unsigned optLevel,
                     bool hideSymbols, std::string &error) {
  std::unique_ptr<llvm::Module> llvmModule =
      mlir::translateModuleToLLVMIR(module, ctx);
  if (!llvmModule) {
    error = "translation to LLVM IR failed";
    return nullptr;
  }
  llvmModule->setTargetTriple(tm.getTargetTriple());
  llvmModule->setDataLayout(tm.createDataLayout());
  std::string cpu = tm.getTargetCPU().str();
  std::string features = tm.getTargetFeatureString().str();
  auto target =
      module->getAttrOfType<codegen::TargetAttr>(codegen::kTargetAttrName);
  for (llvm::Function &f : *llvmModule) {
    if (f.isDeclaration())
      continue;
    f.addFnAttr("target-cpu", cpu);
    if (!features.empty())
      f.addFnAttr("target-features", features);
    if (target && target.getVectorBits() == 512) {
      f.addFnAttr("prefer-vector-width", "512");
      f.addFnAttr("min-legal-vector-width", "512");
    }
  }
  if (hideSymbols)
    for (llvm::GlobalValue &g : llvmModule->global_values())
      if (!g.isDeclaration())
        g.setVisibility(llvm::GlobalValue::HiddenVisibility);
  auto optimize =
      mlir::makeOptimizingTransformer(std::min(optLevel, 3u), 0, &tm);
  if (llvm::Error e = optimize(llvmModule.get())) {
    error = llvm::toString(std::move(e));
    return nullptr;
  }
  return llvmModule;
}

/// Appends the bytes of `c`, an array (nested or not) of numbers, to
/// `bytes`; false for anything else.
static bool appendArrayBytes(const llvm::DataLayout &layout,
                             const llvm::Constant *c, std::string &bytes) {
  if (auto *data = llvm::dyn_cast<llvm::ConstantDataSequential>(c)) {
    bytes += data->getRawDataValues();
    return true;
  }
  if (llvm::isa<llvm::ConstantAggregateZero>(c) && c->getType()->isArrayTy()) {
    bytes.append(layout.getTypeAllocSize(c->getType()), '\0');
    return true;
  }
  auto *array = llvm::dyn_cast<llvm::ConstantArray>(c);
  if (!array)
    return false;
  for (const llvm::Use &element : array->operands())
    if (!appendArrayBytes(layout, llvm::cast<llvm::Constant>(element.get()),
                          bytes))
      return false;
  return true;
}

/// The AsmPrinter writes a constant array of floats element by element (an
/// APFloat each, a constant per innermost row of a multi-dimensional
/// global) and one of bytes in one copy: large constant arrays (the weights)
/// become byte arrays with the same bits and alignment.
static void emitLargeConstantsAsBytes(llvm::Module &module) {
  const llvm::DataLayout &layout = module.getDataLayout();
  for (llvm::GlobalVariable &g : llvm::make_early_inc_range(module.globals())) {
    if (!g.hasInitializer() || !g.isConstant() ||
        !g.getValueType()->isArrayTy() ||
        layout.getTypeAllocSize(g.getValueType()) < 4096)
      continue;
    auto *data =
        llvm::dyn_cast<llvm::ConstantDataSequential>(g.getInitializer());
    if (data && data->isString())
      continue;
    std::string raw;
    if (!appendArrayBytes(layout, g.getInitializer(), raw) ||
        raw.size() != layout.getTypeAllocSize(g.getValueType()))
      continue;
    auto *bytes = llvm::ConstantDataArray::getString(module.getContext(), raw,
                                                     /*AddNull=*/false);
    auto *replacement = new llvm::GlobalVariable(
        module, bytes->getType(), /*isConstant=*/true, g.getLinkage(), bytes,
        "", &g, g.getThreadLocalMode(), g.getAddressSpace());
    replacement->copyAttributesFrom(&g);
    replacement->setAlignment(layout.getPreferredAlign(&g));
    replacement->takeName(&g);
    g.replaceAllUsesWith(replacement);
    g.eraseFromParent();
  }
}

bool emitObjectFile(llvm::Module &module, llvm::TargetMachine &tm,
                    llvm::StringRef path, std::string &error) {
  emitLargeConstantsAsBytes(module);
  std::error_code ec;
  llvm::raw_fd_ostream out(path, ec, llvm::sys::fs::OF_None);
  if (ec) {
    error = "cannot write " + path.str() + ": " + ec.message();
    return false;
  }
  llvm::legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, out, nullptr,
                             llvm::CodeGenFileType::ObjectFile)) {
    error = "the target cannot emit object files";
    return false;
  }
  pm.run(module);
  out.flush();
  return true;
}

bool writeStaticLibrary(llvm::StringRef path,
                        const std::vector<std::string> &objects,
                        llvm::StringRef archive, std::string &error) {
  std::vector<llvm::NewArchiveMember> members;
  auto fail = [&](llvm::Error e, llvm::StringRef what) {
    error = "cannot read " + what.str() + ": " + llvm::toString(std::move(e));
    return false;
  };
  for (const std::string &o : objects) {
    auto m = llvm::NewArchiveMember::getFile(o, /*Deterministic=*/true);
    if (!m)
      return fail(m.takeError(), o);
    // Named by file name, not by the temporary directory's path.
    m->MemberName = llvm::sys::path::filename(o);
    members.push_back(std::move(*m));
  }
  auto buffer = llvm::MemoryBuffer::getFile(archive);
  if (!buffer) {
    error = "cannot read " + archive.str() + ": " + buffer.getError().message();
    return false;
  }
  auto runtime = llvm::object::Archive::create((*buffer)->getMemBufferRef());
  if (!runtime)
    return fail(runtime.takeError(), archive);
  llvm::Error err = llvm::Error::success();
  for (const llvm::object::Archive::Child &c : (*runtime)->children(err)) {
    auto m = llvm::NewArchiveMember::getOldMember(c, /*Deterministic=*/true);
    if (!m)
      return fail(m.takeError(), archive);
    members.push_back(std::move(*m));
  }
  if (err)
    return fail(std::move(err), archive);
  if (llvm::Error e = llvm::writeArchive(
          path, members, llvm::SymtabWritingMode::NormalSymtab,
          llvm::object::Archive::K_GNU, /*Deterministic=*/true,
          /*Thin=*/false)) {
    error = "cannot write " + path.str() + ": " + llvm::toString(std::move(e));
    return false;
  }
  return true;
}

bool produceFile(llvm::StringRef path,
                 llvm::function_ref<bool(llvm::StringRef)> produce,
                 std::string &error) {
  if (path == "-")
    return produce(path);
  llvm::SmallString<256> tmp;
  llvm::sys::fs::createUniquePath(path + ".nnc-tmp-%%%%%%", tmp,
                                  /*MakeAbsolute=*/false);
  if (!produce(tmp)) {
    llvm::sys::fs::remove(tmp);
    // Errors name the output, not its temporary name.
    for (size_t at; (at = error.find(tmp.str())) != std::string::npos;)
      error.replace(at, tmp.size(), path.str());
    return false;
  }
  if (std::error_code ec = llvm::sys::fs::rename(tmp, path)) {
    llvm::sys::fs::remove(tmp);
    error = "cannot write " + path.str() + ": " + ec.message();
    return false;
  }
  return true;
}

bool runCC(llvm::StringRef cc, const std::vector<std::string> &args,
           std::string &error) {
  llvm::ErrorOr<std::string> program = llvm::sys::findProgramByName(cc);
  if (!program) {
    error = "cannot find the C compiler '" + cc.str() +
            "' (needed to link executables and shared libraries)";
    return false;
  }
  llvm::SmallString<128> log;
  llvm::sys::fs::createTemporaryFile("nnc-cc", "log", log);
  std::vector<llvm::StringRef> argv{*program};
  argv.insert(argv.end(), args.begin(), args.end());
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, log.str(),
                                                log.str()};
  std::string execError;
  int rc = llvm::sys::ExecuteAndWait(*program, argv, std::nullopt, redirects,
                                     /*SecondsToWait=*/600, 0, &execError);
  if (rc != 0) {
    auto buffer = llvm::MemoryBuffer::getFile(log);
    error = "'" + cc.str() + "' failed" +
            (execError.empty() ? "" : ": " + execError) +
            (buffer ? ":\n" + (*buffer)->getBuffer().str() : "");
  }
  llvm::sys::fs::remove(log);
  return rc == 0;
}

} // namespace nnc::target
