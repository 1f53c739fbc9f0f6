//===- InitAll.cpp - register every dialect and pass nnc uses -------------===//
#include "nnc/InitAll.h"
#include "nnc/Dialect/NN/IR/NNDialect.h"
#include "nnc/Dialect/NN/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/Passes.h"

void nnc::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<nn::NNDialect, mlir::arith::ArithDialect,
                  mlir::func::FuncDialect, mlir::tensor::TensorDialect>();
}

void nnc::registerAllPasses() {
  nn::registerNNPasses();
  // canonicalize, cse, inline, symbol-dce, ...
  mlir::registerTransformsPasses();
}
