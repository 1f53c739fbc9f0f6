//===- Gradient.h - the nn gradient rules -----------------------*- C++ -*-===//
#ifndef NNC_DIALECT_NN_GRADIENT_GRADIENT_H
#define NNC_DIALECT_NN_GRADIENT_GRADIENT_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace nnc::nn {

/// Attaches GradientOpInterface to every differentiable primitive nn op.
/// The composite layers (attention, swiglu, rnn, lstm, layer_norm, rms_norm,
/// kmeans) are differentiated through their nn-decompose decomposition.
void registerGradientInterfaceExternalModels(mlir::DialectRegistry &registry);

} // namespace nnc::nn

#endif // NNC_DIALECT_NN_GRADIENT_GRADIENT_H
