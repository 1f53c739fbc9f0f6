//===- Utils.cpp - helpers shared by the code-generation passes -----------===//
#include "nnc/Codegen/Common/Utils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace nnc::codegen {

bool isMulAddBody(linalg::LinalgOp op) {
  Block *body = op.getBlock();
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      body->getOperations().size() != 3)
    return false;
  auto add =
      body->getTerminator()->getOperand(0).getDefiningOp<arith::AddFOp>();
  if (!add)
    return false;
  Value acc = body->getArgument(2);
  if (add.getLhs() != acc && add.getRhs() != acc)
    return false;
  Value prod = add.getLhs() == acc ? add.getRhs() : add.getLhs();
  auto mul = prod.getDefiningOp<arith::MulFOp>();
  if (!mul)
    return false;
  Value x = body->getArgument(0), y = body->getArgument(1);
  return (mul.getLhs() == x && mul.getRhs() == y) ||
         (mul.getLhs() == y && mul.getRhs() == x);
}

bool isPaddedBuffer(Value dest) {
  while (true) {
    if (auto forall = dest.getDefiningOp<scf::ForallOp>())
      dest = forall.getOutputs()[cast<OpResult>(dest).getResultNumber()];
    else if (auto loop = dest.getDefiningOp<scf::ForOp>())
      dest = loop.getInitArgs()[cast<OpResult>(dest).getResultNumber()];
    else if (auto fill = dest.getDefiningOp<linalg::FillOp>())
      dest = fill.getOutputs()[0];
    else if (auto border = dest.getDefiningOp<tensor::InsertSliceOp>())
      dest = border.getDest();
    else
      return dest.getDefiningOp<bufferization::AllocTensorOp>() != nullptr;
  }
}

void populateAllCanonicalizationPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  for (Dialect *dialect : ctx->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : ctx->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, ctx);
}

} // namespace nnc::codegen
