//===- Emit.h - LLVM IR, objects and linking --------------------*- C++ -*-===//
#ifndef NNC_TARGET_EMIT_H
#define NNC_TARGET_EMIT_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>
#include <vector>

namespace nnc::target {

/// A TargetMachine for the module's #nnc_codegen.target (the triple, CPU and
/// features the strategies were chosen for), position independent so that
/// objects also go into shared libraries; `optLevel` 0-3 is its code
/// generation level.
std::unique_ptr<llvm::TargetMachine> createTargetMachine(mlir::ModuleOp module,
                                                         unsigned optLevel,
                                                         std::string &error);

/// Translates a module lowered to the LLVM dialect into LLVM IR for `tm` and
/// optimizes it at `optLevel` (0-3). Every function gets the target's CPU and
/// features, and with 512-bit vectors a preferred vector width of 512 (some
/// CPUs otherwise split zmm code into ymm halves). With `hideSymbols`, every
/// definition is hidden so a shared library exports only its wrapper.
std::unique_ptr<llvm::Module>
translateAndOptimize(mlir::ModuleOp module, llvm::LLVMContext &ctx,
                     llvm::TargetMachine &tm, unsigned optLevel,
                     bool hideSymbols, std::string &error);

/// Writes an object file for `module`.
bool emitObjectFile(llvm::Module &module, llvm::TargetMachine &tm,
                    llvm::StringRef path, std::string &error);

/// Writes a static library (GNU ar format, with a symbol table) of the
/// object files `objects` and every member of the archive `archive`.
bool writeStaticLibrary(llvm::StringRef path,
                        const std::vector<std::string> &objects,
                        llvm::StringRef archive, std::string &error);

/// Produces `path` through `produce(tmp)` at a temporary name beside it and
/// renames it to `path` when that succeeds (removes it when it fails), so
/// that a failing compile leaves nothing behind, not even a partial file.
/// "-" (stdout) is produced in place.
bool produceFile(llvm::StringRef path,
                 llvm::function_ref<bool(llvm::StringRef)> produce,
                 std::string &error);

/// Runs the system C compiler `cc` with `args`; on failure `error` holds
/// its output.
bool runCC(llvm::StringRef cc, const std::vector<std::string> &args,
           std::string &error);

} // namespace nnc::target

#endif // NNC_TARGET_EMIT_H
