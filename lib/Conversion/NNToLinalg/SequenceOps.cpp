//===- SequenceOps.cpp - lower embedding, kmeans to linalg ===//
#include "nnc/Conversion/NNToLinalg/NNToLinalg.h"
#include "Utils.h"

using namespace mlir;
using namespace nnc;

void nnc::populateNNSequenceToLinalgPatterns(RewritePatternSet &patterns) {}
