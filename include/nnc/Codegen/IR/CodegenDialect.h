//===- CodegenDialect.h - nnc_codegen dialect -------------------*- C++ -*-===//
#ifndef NNC_CODEGEN_IR_CODEGENDIALECT_H
#define NNC_CODEGEN_IR_CODEGENDIALECT_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/Operation.h"

#include "nnc/Codegen/IR/CodegenDialect.h.inc"
#include "nnc/Codegen/IR/CodegenEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "nnc/Codegen/IR/CodegenAttrs.h.inc"

namespace nnc::codegen {

/// The attribute names on ops and modules.
constexpr llvm::StringLiteral kTargetAttrName = "nnc_codegen.target";
constexpr llvm::StringLiteral kConfigAttrName = "nnc_codegen.lowering_config";
/// Marks the register blocks nnc-tile-and-fuse made for nnc-vectorize.
constexpr llvm::StringLiteral kVectorizeAttrName = "nnc_codegen.vectorize";

/// The target of the module around `op`, or null.
TargetAttr getTarget(mlir::Operation *op);

/// The lowering config of `op`, or null.
LoweringConfigAttr getLoweringConfig(mlir::Operation *op);
void setLoweringConfig(mlir::Operation *op, LoweringConfigAttr config);

} // namespace nnc::codegen

#endif // NNC_CODEGEN_IR_CODEGENDIALECT_H
