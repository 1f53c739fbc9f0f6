//===- TileSizes.cpp - block and tile sizes of the CPU strategies --------===//
#include "TileSizes.h"

using namespace mlir;
using llvm::divideCeilSigned;

namespace nnc::codegen {

SmallVector<int64_t> winogradTiles(const ConvRoot &conv, int64_t mr, int64_t vw,
                                   const Machine &machine) {
  constexpr int64_t kL2Budget = 512 * 1024;
  int64_t th = conv.outSpatial[0] / 2, tw = conv.outSpatial[1] / 2;
  int64_t eb =
      getElementTypeOrSelf(conv.init.getType()).getIntOrFloatBitWidth() / 8;
  int64_t threads = std::max<int64_t>(1, machine.threads);
  double best = -1;
  SmallVector<int64_t> tiles;
  for (int64_t groups : {8, 4, 2, 1}) {
    if (conv.filters % (groups * mr) != 0 || (threads == 1 && groups > 1))
      continue;
    int64_t f = conv.filters / groups;
    for (int64_t rb = 1; rb <= th; ++rb) {
      if (th % rb != 0)
        continue;
      int64_t cols = rb * tw;
      int64_t batch = ShapedType::isDynamic(conv.batch) ? 1 : conv.batch;
      int64_t iters = batch * (th / rb) * groups;
      double balance =
          double(iters) / double(threads * divideCeilSigned(iters, threads));
      double lanes = double(cols) / double(roundUp(cols, vw));
      int64_t bytes = 16 * (conv.channels + f) * cols * eb;
      double score = balance * lanes * (bytes <= kL2Budget ? 1.0 : 0.7) *
                     (1.0 - 0.02 * double(groups - 1));
      if (score >= best - 1e-9) {
        best = score;
        tiles = {1, f, 2 * rb, conv.outSpatial[1]};
      }
    }
  }
  return tiles;
}

int64_t evenSplit(int64_t extent, int64_t unit, int64_t parts, int64_t threads,
                  int64_t others) {
  int64_t best = 0, balanced = 0;
  for (int64_t t = unit; t <= extent; t += unit) {
    if (extent % t != 0 || (best != 0 && extent / t < parts))
      continue;
    best = t;
    if (others * (extent / t) % threads == 0)
      balanced = t;
  }
  if (balanced && extent / balanced >= parts)
    return balanced;
  if (best)
    return best;
  return std::min(extent, roundUp(divideCeilSigned(extent, parts), unit));
}

int64_t depthwiseRows(int64_t oh, int64_t vectorsPerRow, int64_t accumulators) {
  int64_t most = std::max<int64_t>(1, accumulators / vectorsPerRow);
  if (oh % 4 == 0 && most >= 4)
    return 4;
  for (int64_t r = std::min<int64_t>(8, most); r > 1; --r)
    if (oh % r == 0)
      return r;
  return 1;
}

int64_t convColumns(int64_t ow, int64_t vw) {
  if (ow % (2 * vw) == 0)
    return 2 * vw;
  for (int64_t c = vw; 4 * c >= 3 * vw; --c)
    if (ow % c == 0)
      return c;
  return divideCeilSigned(ow, divideCeilSigned(ow, vw));
}

bool prefersFilterVectors(const ConvRoot &conv, int64_t vw) {
  int64_t ow = conv.outSpatial.back(), cols = convColumns(ow, vw);
  double lanes =
      double(ow) / double(divideCeilSigned(ow, cols) * roundUp(cols, vw));
  int64_t depth = conv.channels * conv.windowSize();
  // A long reduction amortizes the transposing epilogue over more steps,
  // so a row of 14 (7/8 of the lanes) pays off too.
  double fill = depth >= 256 ? 0.9 : 0.8;
  return conv.filters % vw == 0 && conv.fillValue &&
         (conv.strides.back() > 1 || lanes < fill);
}

} // namespace nnc::codegen
