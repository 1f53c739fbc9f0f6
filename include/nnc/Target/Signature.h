//===- Signature.h - the C-visible signature of a compiled model -*- C++
//-*-===//
#ifndef NNC_TARGET_SIGNATURE_H
#define NNC_TARGET_SIGNATURE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace nnc::target {

/// Element types that cross the C boundary (the runtime's nnc_dtype).
enum class DType { f32, f64, i32, i64, boolean };

struct TensorSig {
  std::string name;
  DType dtype;
  llvm::SmallVector<int64_t> shape; // mlir::ShapedType::kDynamic: dynamic
};

struct ModelSignature {
  llvm::SmallVector<TensorSig> inputs, outputs;
};

/// The symbol the entry function of an executable gets before lowering (its
/// C interface is `_mlir_ciface_<entrySymbol>`); renaming avoids clashing
/// with C's main.
constexpr const char *entrySymbol = "nnc_model_entry";

/// The entry's symbol in a library or object of the model named `name`
/// (`<name>_entry`): two models' objects link into one program.
std::string libraryEntrySymbol(llvm::StringRef name);

/// Finds the entry function: `name` if given, else the only public
/// function, else `main`. Reports an error at the module otherwise.
mlir::FailureOr<mlir::func::FuncOp> findEntry(mlir::ModuleOp module,
                                              llvm::StringRef name);

/// Reads the entry's argument and result types; reports unsupported ones.
mlir::FailureOr<ModelSignature> getSignature(mlir::func::FuncOp entry);

/// Renames the entry to `symbol`, asks for its C interface, marks its
/// arguments read-only for bufferization (callers' inputs are const) and
/// makes every other function private.
void prepareEntry(mlir::ModuleOp module, mlir::func::FuncOp entry,
                  llvm::StringRef symbol = entrySymbol);

/// prepareEntry for a module exporting several entries: each function is
/// renamed to its symbol (`_mlir_ciface_<symbol>` in C); every other
/// function becomes private.
void prepareEntries(
    mlir::ModuleOp module,
    llvm::ArrayRef<std::pair<mlir::func::FuncOp, std::string>> entries);

const char *cTypeName(DType dtype);    // "float", "double", ...
const char *runtimeDType(DType dtype); // "NNC_F32", ...
const char *dtypeName(DType dtype);    // "float32", ... (NumPy's names)
int64_t dtypeBytes(DType dtype);

} // namespace nnc::target

#endif // NNC_TARGET_SIGNATURE_H
