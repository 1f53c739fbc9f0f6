//===- ElementwiseOps.cpp - lower binary, unary and activation ops to linalg ===//
#include "nnc/Conversion/NNToLinalg/NNToLinalg.h"
#include "Utils.h"

using namespace mlir;
using namespace nnc;

void nnc::populateNNElementwiseToLinalgPatterns(RewritePatternSet &patterns) {}
