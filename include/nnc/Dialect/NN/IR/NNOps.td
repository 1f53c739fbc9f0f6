//===- NNOps.td - nn dialect ops ---------------------------*- tablegen -*-===//
//
// The ops are split by family into the files included below; they form one
// op list (NNOps.h.inc / NNOps.cpp.inc).
//
//===----------------------------------------------------------------------===//
#ifndef NNC_DIALECT_NN_IR_NNOPS_TD
#define NNC_DIALECT_NN_IR_NNOPS_TD

include "nnc/Dialect/NN/IR/NNBase.td"
include "nnc/Dialect/NN/IR/NNLinearOps.td"
include "nnc/Dialect/NN/IR/NNElementwiseOps.td"
include "nnc/Dialect/NN/IR/NNNormalizationOps.td"
include "nnc/Dialect/NN/IR/NNSequenceOps.td"
include "nnc/Dialect/NN/IR/NNStructuralOps.td"
include "nnc/Dialect/NN/IR/NNLossOps.td"
include "nnc/Dialect/NN/IR/NNBackwardOps.td"

#endif // NNC_DIALECT_NN_IR_NNOPS_TD
