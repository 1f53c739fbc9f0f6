//===- StructuralOps.cpp - lower pooling, shape ops, reduce, dropout to linalg ===//
#include "nnc/Conversion/NNToLinalg/NNToLinalg.h"
#include "Utils.h"

using namespace mlir;
using namespace nnc;

void nnc::populateNNStructuralToLinalgPatterns(RewritePatternSet &patterns) {}
