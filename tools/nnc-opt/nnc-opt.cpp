//===- nnc-opt.cpp - nnc's mlir-opt
//-----------------------------------------===//
//
// Parses, verifies and transforms nn modules with nnc's dialects and passes.
//
//===----------------------------------------------------------------------===//
#include "nnc/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  nnc::registerAllDialects(registry);
  nnc::registerAllPasses();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "nnc optimizer: nn dialect passes and pipelines\n",
      registry));
}
