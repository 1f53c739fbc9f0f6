//===- ShapeLedger.cpp - print the shape ledger of nn functions -----------===//
#include "nnc/Dialect/NN/IR/NNOps.h"
#include "nnc/Dialect/NN/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace nnc::nn {
#define GEN_PASS_DEF_NNSHAPELEDGER
#include "nnc/Dialect/NN/Transforms/Passes.h.inc"
} // namespace nnc::nn

using namespace mlir;
using namespace nnc::nn;

namespace {

struct Row {
  std::string op, where, result;
  int64_t params = 0, paramBytes = 0, flops = 0, activationBytes = 0;
  int64_t backwardFlops = 0, savedBytes = 0;

  void add(const Row &other) {
    params += other.params;
    paramBytes += other.paramBytes;
    flops += other.flops;
    activationBytes += other.activationBytes;
    backwardFlops += other.backwardFlops;
    savedBytes += other.savedBytes;
  }
};

struct FunctionLedger {
  std::string name;
  bool perSample = false;
  std::vector<Row> rows;
  Row total;
};

/// "name" for NameLoc (importers name nodes), "line:col" for file locations.
std::string describeLoc(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto file = dyn_cast<FileLineColLoc>(loc))
    return llvm::formatv("{0}:{1}", file.getLine(), file.getColumn()).str();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    if (!fused.getLocations().empty())
      return describeLoc(fused.getLocations().front());
  return "";
}

std::string typesToString(TypeRange types) {
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleaveComma(types, os);
  return s;
}

FunctionLedger collect(FunctionOpInterface func) {
  FunctionLedger ledger;
  ledger.name = func.getName().str();
  llvm::DenseSet<Value> counted;
  func.walk([&](LedgerOpInterface op) {
    Row row;
    row.op = op->getName().getStringRef().str();
    row.where = describeLoc(op->getLoc());
    row.result = typesToString(op->getResultTypes());
    row.params = op.getParameterCount();
    row.paramBytes = op.getParameterBytes();
    row.flops = op.getForwardFlops();
    row.activationBytes = op.getActivationBytes();
    // Backward: the op's gradient rule, or for a composite layer (which
    // nn-derive-backward decomposes) 2x forward and its operands and results.
    SmallVector<Value> saved;
    if (auto rule = dyn_cast<GradientOpInterface>(op.getOperation())) {
      row.backwardFlops = rule.getBackwardFlops();
      saved = rule.getSavedForBackward(/*recompute=*/false);
    } else {
      row.backwardFlops = 2 * row.flops;
      saved.append(op->operand_begin(), op->operand_end());
      saved.append(op->result_begin(), op->result_end());
    }
    // Activations kept for the backward, each counted once per function;
    // weights (parameter operands, constants) are not activations.
    SmallVector<Value> weights = op.getParameterOperands();
    for (Value v : saved)
      if (!v.getDefiningOp<arith::ConstantOp>() &&
          !llvm::is_contained(weights, v) && counted.insert(v).second)
        row.savedBytes += ledger::countBytes(v.getType());
    for (Type t :
         llvm::concat<const Type>(op->getOperandTypes(), op->getResultTypes()))
      ledger.perSample |= ledger::hasDynamicShape(t);
    ledger.total.add(row);
    ledger.rows.push_back(std::move(row));
  });
  return ledger;
}

/// 524288 -> "524,288".
std::string grouped(int64_t v) {
  std::string digits = std::to_string(v < 0 ? -v : v), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

void printTable(ArrayRef<FunctionLedger> ledgers, raw_ostream &os) {
  for (const FunctionLedger &f : ledgers) {
    os << "Shape ledger for @" << f.name
       << (f.perSample ? " (per sample: dynamic dimensions count as 1)" : "")
       << "\n";
    size_t opWidth = 12, resultWidth = 6;
    for (const Row &r : f.rows) {
      opWidth = std::max(opWidth, r.op.size() + r.where.size() + 3);
      resultWidth = std::max(resultWidth, r.result.size());
    }
    auto line = [&](StringRef label, StringRef result, const Row &r) {
      os << llvm::left_justify(label, opWidth) << "  "
         << llvm::left_justify(result, resultWidth) << "  "
         << llvm::right_justify(grouped(r.params), 14) << "  "
         << llvm::right_justify(grouped(r.paramBytes), 14) << "  "
         << llvm::right_justify(grouped(r.flops), 18) << "  "
         << llvm::right_justify(grouped(r.activationBytes), 16) << "  "
         << llvm::right_justify(grouped(r.backwardFlops), 18) << "  "
         << llvm::right_justify(grouped(r.savedBytes), 16) << "\n";
    };
    os << llvm::left_justify("op", opWidth) << "  "
       << llvm::left_justify("result", resultWidth) << "  "
       << llvm::right_justify("params", 14) << "  "
       << llvm::right_justify("param bytes", 14) << "  "
       << llvm::right_justify("forward FLOPs", 18) << "  "
       << llvm::right_justify("activation bytes", 16) << "  "
       << llvm::right_justify("backward FLOPs", 18) << "  "
       << llvm::right_justify("saved for bwd", 16) << "\n";
    for (const Row &r : f.rows)
      line(r.where.empty() ? r.op : r.op + " (" + r.where + ")", r.result, r);
    line("total", "", f.total);
  }
}

llvm::json::Object toJSON(const Row &r) {
  return llvm::json::Object{{"parameters", r.params},
                            {"parameter_bytes", r.paramBytes},
                            {"forward_flops", r.flops},
                            {"activation_bytes", r.activationBytes},
                            {"backward_flops", r.backwardFlops},
                            {"saved_for_backward_bytes", r.savedBytes}};
}

void printJSON(ArrayRef<FunctionLedger> ledgers, raw_ostream &os) {
  llvm::json::Array functions;
  for (const FunctionLedger &f : ledgers) {
    llvm::json::Array ops;
    for (const Row &r : f.rows) {
      llvm::json::Object o = toJSON(r);
      o["op"] = r.op;
      o["location"] = r.where;
      o["result"] = r.result;
      ops.push_back(std::move(o));
    }
    functions.push_back(llvm::json::Object{{"function", f.name},
                                           {"per_sample", f.perSample},
                                           {"ops", std::move(ops)},
                                           {"total", toJSON(f.total)}});
  }
  os << llvm::formatv("{0:2}", llvm::json::Value(llvm::json::Object{
                                   {"functions", std::move(functions)}}))
     << "\n";
}

struct NNShapeLedgerPass
    : public nnc::nn::impl::NNShapeLedgerBase<NNShapeLedgerPass> {
  using NNShapeLedgerBase::NNShapeLedgerBase;

  void runOnOperation() override {
    nnc::nn::writeShapeLedger(getOperation(), format, llvm::outs());
    llvm::outs().flush();
    markAllAnalysesPreserved();
  }
};

} // namespace

void nnc::nn::writeShapeLedger(Operation *root, LedgerFormat format,
                               raw_ostream &os) {
  std::vector<FunctionLedger> ledgers;
  root->walk(
      [&](FunctionOpInterface func) { ledgers.push_back(collect(func)); });
  if (format == LedgerFormat::json)
    printJSON(ledgers, os);
  else
    printTable(ledgers, os);
}
