//===- AttachTarget.cpp - record the CPU a module is compiled for ---------===//
//
// The strategies read vector widths and thread counts from the module's
// #nnc_codegen.target; the LLVM emission builds its TargetMachine from the
// same attribute, so what was chosen and what is emitted cannot disagree.
//
//===----------------------------------------------------------------------===//
#include "nnc/Codegen/Passes.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/TargetParser/Triple.h"

#include <thread>

namespace nnc::codegen {
#define GEN_PASS_DEF_NNCCPUATTACHTARGET
#include "nnc/Codegen/Passes.h.inc"
} // namespace nnc::codegen

using namespace mlir;
using namespace nnc::codegen;

namespace {

struct AttachTargetPass
    : nnc::codegen::impl::NNCCPUAttachTargetBase<AttachTargetPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    llvm::InitializeNativeTarget();
    std::string tripleName =
        triple.empty() ? llvm::sys::getDefaultTargetTriple() : triple;
    llvm::Triple t(llvm::Triple::normalize(tripleName));
    std::string error;
    const llvm::Target *target = llvm::TargetRegistry::lookupTarget(t, error);
    if (!target) {
      module.emitError() << "unknown target triple '" << tripleName
                         << "': " << error;
      return signalPassFailure();
    }
    std::string cpuName = cpu;
    llvm::SubtargetFeatures featureList;
    if (cpu == "host") {
      cpuName = llvm::sys::getHostCPUName().str();
      for (const auto &feature : llvm::sys::getHostCPUFeatures())
        featureList.AddFeature(feature.getKey(), feature.getValue());
    }
    // Checked on a generic subtarget: LLVM warns on stderr when it is given
    // an unknown CPU or feature.
    std::unique_ptr<llvm::MCSubtargetInfo> generic(
        target->createMCSubtargetInfo(t, "", ""));
    if (!generic || !generic->isCPUStringValid(cpuName)) {
      module.emitError() << "unknown CPU '" << cpuName << "' for " << t.str();
      return signalPassFailure();
    }
    for (StringRef f : llvm::split(StringRef(features), ',')) {
      f = f.trim();
      if (f.empty())
        continue;
      if (!f.starts_with("+") && !f.starts_with("-")) {
        module.emitError() << "target feature '" << f
                           << "' must start with '+' or '-'";
        return signalPassFailure();
      }
      StringRef name = f.drop_front();
      if (llvm::none_of(generic->getAllProcessorFeatures(),
                        [&](const llvm::SubtargetFeatureKV &kv) {
                          return name == kv.Key;
                        })) {
        module.emitError() << "unknown target feature '" << name << "' for "
                           << t.str();
        return signalPassFailure();
      }
      featureList.AddFeature(f);
    }
    std::string featureString = featureList.getString();
    std::unique_ptr<llvm::MCSubtargetInfo> sti(
        target->createMCSubtargetInfo(t, cpuName, featureString));
    int64_t bits = 128, registers = 16;
    if (t.isX86()) {
      if (sti->checkFeatures("+avx512f"))
        bits = 512, registers = 32;
      else if (sti->checkFeatures("+avx2,+fma"))
        bits = 256;
    }
    int64_t hint = threads;
    if (hint <= 0)
      hint = std::max(1u, std::thread::hardware_concurrency());
    module->setAttr(kTargetAttrName,
                    TargetAttr::get(&getContext(), t.str(), cpuName,
                                    featureString, bits, registers, hint));
  }
};

} // namespace
