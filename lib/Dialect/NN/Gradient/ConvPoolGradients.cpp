//===- ConvPoolGradients.cpp - rules of conv, pooling and embedding -------===//
#include "GradientUtils.h"

using namespace mlir;

void nnc::nn::grad::registerConvPoolGradients(MLIRContext *) {}
