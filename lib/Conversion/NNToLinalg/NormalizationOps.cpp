//===- NormalizationOps.cpp - lower layer_norm, rms_norm, batch_norm to linalg ===//
#include "nnc/Conversion/NNToLinalg/NNToLinalg.h"
#include "Utils.h"

using namespace mlir;
using namespace nnc;

void nnc::populateNNNormalizationToLinalgPatterns(RewritePatternSet &patterns) {}
