//===- Passes.h - nnc code generation passes --------------------*- C++ -*-===//
#ifndef NNC_CODEGEN_PASSES_H
#define NNC_CODEGEN_PASSES_H

#include "nnc/Codegen/IR/CodegenDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace nnc::codegen {

#define GEN_PASS_DECL
#include "nnc/Codegen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "nnc/Codegen/Passes.h.inc"

} // namespace nnc::codegen

#endif // NNC_CODEGEN_PASSES_H
