//===- TileSizes.h - block and tile sizes of the CPU strategies -*- C++ -*-===//
//
// The arithmetic of nnc-cpu-select-strategy: register blocks and parallel
// tiles from an op's shapes and the target's vector width, registers and
// threads.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_LIB_CODEGEN_CPU_TILESIZES_H
#define NNC_LIB_CODEGEN_CPU_TILESIZES_H

#include "RootOps.h"

#include "llvm/Support/MathExtras.h"

namespace nnc::codegen {

inline int64_t roundUp(int64_t a, int64_t b) {
  return llvm::divideCeilSigned(a, b) * b;
}

struct Machine {
  int64_t vectorBits, registers, threads;
  /// Vector lanes for `elt`.
  int64_t lanes(mlir::Type elt) const {
    return std::max<int64_t>(1, vectorBits / elt.getIntOrFloatBitWidth());
  }
  /// Accumulator registers of a register block: half of the file, so that
  /// the B vectors and broadcasts have room.
  int64_t accumulators() const { return registers >= 32 ? 16 : 12; }
  /// Parallel tiles to aim for: a few per thread, so that static scheduling
  /// balances.
  int64_t tiles() const { return 4 * threads; }
};

/// The output block of one Winograd iteration, [1, filters, rows, OW]:
/// its transformed input and products ([16][C][tiles], [16][F][tiles])
/// should stay in L2, its GEMMs should fill their vectors (columns =
/// tiles), and the iterations should balance over the threads. Each
/// (rows, filters) block with rows | OH and an unpadded filter split is
/// scored by the product of the three (the cache term a flat penalty,
/// and a small one per extra filter group, which transforms the input
/// again); ties go to the larger block.
llvm::SmallVector<int64_t> winogradTiles(const ConvRoot &conv, int64_t mr,
                                         int64_t vw, const Machine &machine);

/// A tile of `extent` for at least `parts` tiles: the largest multiple
/// of `unit` that divides `extent` and leaves that many tiles (else the
/// smallest such multiple), or an even split rounded to `unit` when no
/// multiple divides. With `others` tiles from the other dimensions, a
/// tile whose total count divides over `threads` comes first (9 tiles on
/// 2 threads leave one thread a ninth of the work idle).
int64_t evenSplit(int64_t extent, int64_t unit, int64_t parts,
                  int64_t threads = 1, int64_t others = 1);

/// Output rows per register block of a depthwise convolution: a block is
/// one channel's rows, each weight broadcast once for all of them and one
/// input plane read at a time (a block of 16 channels' rows broadcast each
/// weight per row and read 16 planes at once: mobilenet_v2's depthwise
/// layers ran 10-40 % slower). Four rows, else the largest divisor of the
/// output height up to 8 (a row of 7 or 14).
int64_t depthwiseRows(int64_t oh, int64_t vectorsPerRow, int64_t accumulators);

/// Output columns per block of the `conv` strategy: two full vectors
/// when they divide the row, else at most one vector (LLVM splits a
/// partial vector of more than one register into element inserts): a
/// divisor of the row of at least 3/4 of a vector, else the row spread
/// evenly.
int64_t convColumns(int64_t ow, int64_t vw);

/// Whether vectors of filters (conv_filters) beat vectors of output
/// columns: those fill badly on a strided row (a gather) or a short one
/// (7 of 16 lanes; 14 of 16 over a reduction of 256 or more, where
/// broadcasting 16 weights per step is slower than the transposing
/// epilogue), counting the remainder block; the input pixels of
/// conv_filters are broadcast, whatever the stride.
bool prefersFilterVectors(const ConvRoot &conv, int64_t vw);

} // namespace nnc::codegen

#endif // NNC_LIB_CODEGEN_CPU_TILESIZES_H
