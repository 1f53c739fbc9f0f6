//===- InitAll.h - register every dialect and pass nnc uses -----*- C++ -*-===//
//
// One place that lists the dialects and passes of nnc's tools: the nn dialect
// with its passes, and the upstream dialects the lowering pipelines use.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_INITALL_H
#define NNC_INITALL_H

#include "mlir/IR/DialectRegistry.h"

namespace nnc {

/// The nn dialect and the upstream dialects that nnc pipelines produce.
void registerAllDialects(mlir::DialectRegistry &registry);

/// nnc's passes and the upstream passes used by its lowering pipelines.
void registerAllPasses();

} // namespace nnc

#endif // NNC_INITALL_H
