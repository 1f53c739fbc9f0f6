//===- Signature.cpp - the C-visible signature of a compiled model --------===//
#include "nnc/Target/Signature.h"
#include "nnc/Dialect/NN/IR/NNDialect.h"
#include "nnc/Target/CWrapper.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/IR/SymbolTable.h"

using namespace mlir;

namespace nnc::target {

FailureOr<func::FuncOp> findEntry(ModuleOp module, StringRef name) {
  if (!name.empty()) {
    if (auto f = module.lookupSymbol<func::FuncOp>(name))
      if (!f.isExternal())
        return f;
    return module.emitError("entry function @") << name << " not found";
  }
  func::FuncOp only;
  int publicCount = 0;
  for (auto f : module.getOps<func::FuncOp>())
    if (f.isPublic() && !f.isExternal()) {
      only = f;
      ++publicCount;
    }
  if (publicCount == 1)
    return only;
  if (auto f = module.lookupSymbol<func::FuncOp>("main"))
    return f;
  return module.emitError(publicCount == 0
                              ? "the module has no public function to compile"
                              : "the module has several public functions; "
                                "name the entry with --entry=<name>");
}

static FailureOr<TensorSig> describe(func::FuncOp entry, Type type,
                                     StringRef what, unsigned index) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return entry.emitError() << what << " " << index << " has type " << type
                             << "; only ranked tensors cross the C boundary";
  if (tensor.getRank() > 8)
    return entry.emitError() << what << " " << index << " has rank "
                             << tensor.getRank() << "; at most 8 is supported";
  Type e = tensor.getElementType();
  TensorSig sig;
  if (e.isF32())
    sig.dtype = DType::f32;
  else if (e.isF64())
    sig.dtype = DType::f64;
  else if (e.isInteger(32))
    sig.dtype = DType::i32;
  else if (e.isInteger(64))
    sig.dtype = DType::i64;
  else if (e.isInteger(1))
    sig.dtype = DType::boolean;
  else
    return entry.emitError() << what << " " << index << " has element type "
                             << e << "; supported: f32, f64, i32, i64, i1";
  sig.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
  return sig;
}

FailureOr<ModelSignature> getSignature(func::FuncOp entry) {
  ModelSignature sig;
  for (auto [i, type] : llvm::enumerate(entry.getArgumentTypes())) {
    auto t = describe(entry, type, "argument", i);
    if (failed(t))
      return failure();
    // A safetensors-style name ("fc1.weight") becomes a C identifier
    // ("fc1_weight"); a clash gets the argument number appended.
    auto name = entry.getArgAttrOfType<StringAttr>(i, nnc::nn::kNameAttr);
    t->name = name ? cIdentifier(name.getValue()) : "in" + std::to_string(i);
    if (llvm::any_of(sig.inputs,
                     [&](const TensorSig &o) { return o.name == t->name; }))
      t->name += "_" + std::to_string(i);
    sig.inputs.push_back(*t);
  }
  for (auto [i, type] : llvm::enumerate(entry.getResultTypes())) {
    auto t = describe(entry, type, "result", i);
    if (failed(t))
      return failure();
    // Named outputs (ONNX graph outputs, nn.name) keep their names.
    auto name = entry.getResultAttrOfType<StringAttr>(i, nnc::nn::kNameAttr);
    t->name = name ? cIdentifier(name.getValue()) : "out" + std::to_string(i);
    auto taken = [&](const std::string &n) {
      return llvm::any_of(
          llvm::concat<const TensorSig>(sig.inputs, sig.outputs),
          [&](const TensorSig &o) { return o.name == n; });
    };
    if (taken(t->name))
      t->name += "_out" + std::to_string(i);
    sig.outputs.push_back(*t);
  }
  if (sig.outputs.empty())
    return entry.emitError("the entry function returns nothing");
  return sig;
}

std::string libraryEntrySymbol(StringRef name) {
  return (name + "_entry").str();
}

void prepareEntry(ModuleOp module, func::FuncOp entry, StringRef symbol) {
  prepareEntries(module, {{entry, symbol.str()}});
}

void prepareEntries(ModuleOp module,
                    ArrayRef<std::pair<func::FuncOp, std::string>> entries) {
  MLIRContext *ctx = module.getContext();
  for (auto f : module.getOps<func::FuncOp>())
    if (!f.isExternal() &&
        llvm::none_of(entries, [&](const auto &e) { return e.first == f; }))
      f.setPrivate();
  for (auto [entry, symbol] : entries) {
    if (failed(SymbolTable::replaceAllSymbolUses(
            entry, StringAttr::get(ctx, symbol), module)))
      llvm_unreachable("renaming the entry cannot fail");
    entry.setName(symbol);
    entry.setPublic();
    entry->setAttr("llvm.emit_c_interface", UnitAttr::get(ctx));
    for (unsigned i = 0; i < entry.getNumArguments(); ++i) {
      // nn.* attributes were read by getSignature; LLVM translation does not
      // know them.
      entry.removeArgAttr(i, StringAttr::get(ctx, nnc::nn::kNameAttr));
      entry.setArgAttr(i,
                       bufferization::BufferizationDialect::kWritableAttrName,
                       BoolAttr::get(ctx, false));
    }
    for (unsigned i = 0; i < entry.getNumResults(); ++i)
      entry.removeResultAttr(i, StringAttr::get(ctx, nnc::nn::kNameAttr));
    entry->removeAttr(nnc::nn::kParameterNamesAttr);
    entry->removeAttr(nnc::nn::kOptimizerAttr);
  }
}

const char *cTypeName(DType dtype) {
  switch (dtype) {
  case DType::f32:
    return "float";
  case DType::f64:
    return "double";
  case DType::i32:
    return "int32_t";
  case DType::i64:
    return "int64_t";
  case DType::boolean:
    return "uint8_t";
  }
  llvm_unreachable("dtype");
}

const char *dtypeName(DType d) {
  switch (d) {
  case DType::f32:
    return "float32";
  case DType::f64:
    return "float64";
  case DType::i32:
    return "int32";
  case DType::i64:
    return "int64";
  case DType::boolean:
    return "bool";
  }
  llvm_unreachable("dtype");
}

const char *runtimeDType(DType dtype) {
  switch (dtype) {
  case DType::f32:
    return "NNC_F32";
  case DType::f64:
    return "NNC_F64";
  case DType::i32:
    return "NNC_I32";
  case DType::i64:
    return "NNC_I64";
  case DType::boolean:
    return "NNC_BOOL";
  }
  llvm_unreachable("dtype");
}

int64_t dtypeBytes(DType dtype) {
  switch (dtype) {
  case DType::f32:
  case DType::i32:
    return 4;
  case DType::f64:
  case DType::i64:
    return 8;
  case DType::boolean:
    return 1;
  }
  llvm_unreachable("dtype");
}

} // namespace nnc::target
