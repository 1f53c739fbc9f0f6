//===- CodegenDialect.cpp - nnc_codegen dialect and attributes ------------===//
#include "nnc/Codegen/IR/CodegenDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace nnc::codegen;

#include "nnc/Codegen/IR/CodegenDialect.cpp.inc"
#include "nnc/Codegen/IR/CodegenEnums.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "nnc/Codegen/IR/CodegenAttrs.cpp.inc"

void CodegenDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "nnc/Codegen/IR/CodegenAttrs.cpp.inc"
      >();
}

LogicalResult TargetAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 StringRef triple, StringRef cpu,
                                 StringRef features, int64_t vectorBits,
                                 int64_t vectorRegisters, int64_t threads) {
  if (triple.empty())
    return emitError() << "target triple must not be empty";
  if (vectorBits != 128 && vectorBits != 256 && vectorBits != 512)
    return emitError() << "vector_bits must be 128, 256 or 512, got "
                       << vectorBits;
  if (vectorRegisters < 8)
    return emitError() << "vector_registers must be at least 8, got "
                       << vectorRegisters;
  if (threads < 1)
    return emitError() << "threads must be at least 1, got " << threads;
  return success();
}

LogicalResult LoweringConfigAttr::verify(
    function_ref<InFlightDiagnostic()> emitError, Strategy strategy,
    ArrayRef<int64_t> microkernel, ArrayRef<int64_t> parallel,
    ArrayRef<int64_t> registerTiles, ArrayRef<int64_t> reduction,
    ArrayRef<int64_t> interchange) {
  if (!microkernel.empty() &&
      (microkernel.size() != 2 || microkernel[0] < 1 || microkernel[1] < 1))
    return emitError() << "microkernel must be [rows, columns] with both "
                          "at least 1";
  for (auto [name, level] :
       {std::pair<StringRef, ArrayRef<int64_t>>{"parallel", parallel},
        {"register_tiles", registerTiles},
        {"reduction", reduction}})
    if (llvm::any_of(level, [](int64_t t) { return t < 0; }))
      return emitError() << name << " tile sizes must not be negative";
  if (!registerTiles.empty() && !reduction.empty() &&
      registerTiles.size() != reduction.size())
    return emitError() << "register_tiles and reduction must have one entry "
                          "per loop";
  if (!parallel.empty() && !registerTiles.empty() &&
      parallel.size() != registerTiles.size())
    return emitError() << "parallel and register_tiles must have one entry "
                          "per loop";
  if (!interchange.empty()) {
    SmallVector<int64_t> sorted(interchange);
    llvm::sort(sorted);
    for (auto [i, v] : llvm::enumerate(sorted))
      if (v != static_cast<int64_t>(i))
        return emitError() << "interchange must be a permutation of the loops";
    if (!registerTiles.empty() && interchange.size() != registerTiles.size())
      return emitError() << "interchange must have one entry per loop";
  }
  return success();
}

// #nnc_codegen.lowering_config<matmul, microkernel = [8, 32], parallel = [...],
//     register_tiles = [...], reduction = [...], interchange = [...]>
// (levels that are empty are left out).
Attribute LoweringConfigAttr::parse(AsmParser &parser, Type) {
  StringRef keyword;
  if (parser.parseLess() || parser.parseKeyword(&keyword))
    return {};
  std::optional<Strategy> strategy = symbolizeStrategy(keyword);
  if (!strategy) {
    parser.emitError(parser.getCurrentLocation(), "unknown strategy '")
        << keyword << "'";
    return {};
  }
  SmallVector<int64_t> levels[5];
  const char *names[] = {"microkernel", "parallel", "register_tiles",
                         "reduction", "interchange"};
  while (succeeded(parser.parseOptionalComma())) {
    StringRef name;
    if (parser.parseKeyword(&name) || parser.parseEqual())
      return {};
    auto it = llvm::find(names, name);
    if (it == std::end(names)) {
      parser.emitError(parser.getCurrentLocation(), "unknown field '")
          << name << "'";
      return {};
    }
    SmallVector<int64_t> &level = levels[it - std::begin(names)];
    if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
          return parser.parseInteger(level.emplace_back());
        }))
      return {};
  }
  if (parser.parseGreater())
    return {};
  return parser.getChecked<LoweringConfigAttr>(parser.getContext(), *strategy,
                                               levels[0], levels[1], levels[2],
                                               levels[3], levels[4]);
}

void LoweringConfigAttr::print(AsmPrinter &printer) const {
  printer << "<" << stringifyStrategy(getStrategy());
  auto level = [&](StringRef name, ArrayRef<int64_t> values) {
    if (values.empty())
      return;
    printer << ", " << name << " = [";
    llvm::interleaveComma(values, printer);
    printer << "]";
  };
  level("microkernel", getMicrokernel());
  level("parallel", getParallel());
  level("register_tiles", getRegisterTiles());
  level("reduction", getReduction());
  level("interchange", getInterchange());
  printer << ">";
}

TargetAttr nnc::codegen::getTarget(Operation *op) {
  for (Operation *p = op; p; p = p->getParentOp())
    if (auto t = p->getAttrOfType<TargetAttr>(kTargetAttrName))
      return t;
  return {};
}

LoweringConfigAttr nnc::codegen::getLoweringConfig(Operation *op) {
  return op->getAttrOfType<LoweringConfigAttr>(kConfigAttrName);
}

void nnc::codegen::setLoweringConfig(Operation *op, LoweringConfigAttr config) {
  op->setAttr(kConfigAttrName, config);
}
