//===- ModelFile.h - nnc model files: weight initialization -----*- C++ -*-===//
//
// Deterministic initialization of the weights a model file does not provide
// (docs/ModelFile.md). importModelFile itself is declared in Import.h.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_IMPORT_MODELFILE_H
#define NNC_IMPORT_MODELFILE_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace nnc {

/// The model file's `init.scheme`.
enum class InitScheme {
  XavierUniform,
  XavierNormal,
  KaimingUniform,
  KaimingNormal,
  LecunUniform,
  LecunNormal,
  PyTorch
};
std::optional<InitScheme> parseInitScheme(llvm::StringRef name);

/// A distribution to draw a tensor from.
struct InitDistribution {
  enum Kind { Uniform, Normal, Constant } kind;
  double a; ///< Uniform: low; Normal: mean; Constant: value.
  double b; ///< Uniform: high; Normal: standard deviation.
  static InitDistribution uniform(double bound) {
    return {Uniform, -bound, bound};
  }
  static InitDistribution normal(double stddev) { return {Normal, 0, stddev}; }
  static InitDistribution constant(double v) { return {Constant, v, 0}; }
};

/// The distribution of a weight matrix/kernel under a (non-PyTorch) scheme:
/// xavier: U(±sqrt(6/(fanIn+fanOut))) or N(0, sqrt(2/(fanIn+fanOut)));
/// kaiming (He, ReLU gain): U(±sqrt(6/fanIn)) or N(0, sqrt(2/fanIn));
/// lecun: U(±sqrt(3/fanIn)) or N(0, sqrt(1/fanIn)).
/// For InitScheme::PyTorch: U(±1/sqrt(fanIn)) (PyTorch's Linear/Conv
/// default, kaiming_uniform with a = sqrt(5)).
InitDistribution getWeightDistribution(InitScheme scheme, int64_t fanIn,
                                       int64_t fanOut);

/// Draws `count` values. The stream depends only on `seed` and
/// `tensorName`: a SplitMix64 generator seeded with
/// `seed ^ fnv1a64(tensorName)`; uniform doubles from the top 53 bits,
/// normals by Box-Muller (both values of each pair used).
std::vector<double> drawInit(const InitDistribution &dist, int64_t count,
                             uint64_t seed, llvm::StringRef tensorName);

} // namespace nnc

#endif // NNC_IMPORT_MODELFILE_H
