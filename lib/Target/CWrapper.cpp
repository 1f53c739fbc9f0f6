//===- CWrapper.cpp - C glue around a compiled model ----------------------===//
#include "nnc/Target/CWrapper.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <set>

using namespace mlir;

namespace nnc::target {

namespace {

std::string shapeText(const TensorSig &t) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(t.shape))
    s += (i ? ", " : "") +
         (ShapedType::isDynamic(d) ? std::string("?") : std::to_string(d));
  return s + "]";
}

/// Elements per sample when the batch (dim 0) is dynamic, else in total.
int64_t numel(const TensorSig &t) {
  int64_t n = 1;
  for (int64_t d : t.shape)
    n *= ShapedType::isDynamic(d) ? 1 : d;
  return n;
}

bool dynamicBatch(const TensorSig &t) {
  return !t.shape.empty() && ShapedType::isDynamic(t.shape[0]);
}

std::string elementCount(const TensorSig &t) {
  return dynamicBatch(t) ? "batch x " + std::to_string(numel(t))
                         : std::to_string(numel(t));
}

std::string memrefType(size_t rank) {
  return "nnc_memref" + std::to_string(rank);
}

/// Descriptor typedefs for every rank the signatures use.
void emitTypedefs(raw_ostream &os, ArrayRef<const ModelSignature *> sigs) {
  std::set<size_t> ranks;
  for (const ModelSignature *sig : sigs)
    for (const TensorSig &t :
         llvm::concat<const TensorSig>(sig->inputs, sig->outputs))
      ranks.insert(t.shape.size());
  for (size_t r : ranks) {
    os << "typedef struct { void *allocated; void *aligned; int64_t offset;";
    if (r)
      os << " int64_t sizes[" << r << "]; int64_t strides[" << r << "];";
    os << " } " << memrefType(r) << ";\n";
  }
}

/// The C type of the results of an entry: a struct named `structName` when
/// it has several.
std::string resultsType(const ModelSignature &sig, StringRef structName) {
  return sig.outputs.size() > 1 ? structName.str()
                                : memrefType(sig.outputs[0].shape.size());
}

/// The results struct and the declaration of `_mlir_ciface_<symbol>`.
void emitEntryDecl(raw_ostream &os, const ModelSignature &sig, StringRef symbol,
                   StringRef structName) {
  if (sig.outputs.size() > 1) {
    os << "typedef struct {";
    for (auto [i, t] : llvm::enumerate(sig.outputs))
      os << " " << memrefType(t.shape.size()) << " r" << i << ";";
    os << " } " << structName << ";\n";
  }
  os << "extern void _mlir_ciface_" << symbol << "("
     << resultsType(sig, structName) << " *";
  for (const TensorSig &t : sig.inputs)
    os << ", " << memrefType(t.shape.size()) << " *";
  os << ");\n\n";
}

/// Descriptor typedefs, the results struct and the entry declaration.
void emitPrologue(raw_ostream &os, const ModelSignature &sig,
                  StringRef symbol) {
  emitTypedefs(os, {&sig});
  emitEntryDecl(os, sig, symbol, "nnc_results");
}

/// Fills descriptor `a<i>` over `data` with sizes from `sizeExpr(dim)`.
void emitDescriptor(raw_ostream &os, unsigned i, const TensorSig &t,
                    StringRef data,
                    llvm::function_ref<std::string(size_t)> sizeExpr) {
  size_t rank = t.shape.size();
  os << "  " << memrefType(rank) << " a" << i << ";\n";
  os << "  a" << i << ".allocated = a" << i << ".aligned = (void *)" << data
     << ";\n  a" << i << ".offset = 0;\n";
  for (size_t d = 0; d < rank; ++d)
    os << "  a" << i << ".sizes[" << d << "] = " << sizeExpr(d) << ";\n";
  for (size_t d = rank; d-- > 0;)
    os << "  a" << i << ".strides[" << d << "] = "
       << (d + 1 == rank
               ? std::string("1")
               : llvm::formatv("a{0}.strides[{1}] * a{0}.sizes[{1}]", i, d + 1)
                     .str())
       << ";\n";
}

/// The call, with `res` holding the results.
void emitCall(raw_ostream &os, const ModelSignature &sig, StringRef symbol,
              StringRef structName = "nnc_results") {
  os << "  " << resultsType(sig, structName) << " res;\n";
  os << "  _mlir_ciface_" << symbol << "(&res";
  for (unsigned i = 0; i < sig.inputs.size(); ++i)
    os << ", &a" << i;
  os << ");\n";
}

/// Access path of result `i` inside `res`.
std::string resultRef(const ModelSignature &sig, unsigned i) {
  return sig.outputs.size() > 1 ? "res.r" + std::to_string(i) : "res";
}

/// Frees each result buffer once (two results may share one).
void emitFrees(raw_ostream &os, const ModelSignature &sig) {
  for (unsigned i = 0; i < sig.outputs.size(); ++i) {
    std::string r = resultRef(sig, i);
    os << "  if (1";
    for (unsigned j = 0; j < i; ++j)
      os << " && " << r << ".allocated != " << resultRef(sig, j)
         << ".allocated";
    os << ") free(" << r << ".allocated);\n";
  }
}

std::string basePointer(const ModelSignature &sig, unsigned i) {
  std::string r = resultRef(sig, i);
  return llvm::formatv("(const char *){0}.aligned + {0}.offset * {1}", r,
                       dtypeBytes(sig.outputs[i].dtype))
      .str();
}

std::string sizesArg(const ModelSignature &sig, unsigned i, StringRef field) {
  return sig.outputs[i].shape.empty() ? "NULL"
                                      : resultRef(sig, i) + "." + field.str();
}

bool hasDynamicBatch(const ModelSignature &sig) {
  return llvm::any_of(sig.inputs, dynamicBatch);
}

/// "[int64_t batch, ]const float *in0, ..., float *out0".
std::string runParameters(const ModelSignature &sig) {
  std::string s = hasDynamicBatch(sig) ? "int64_t batch, " : "";
  for (auto [i, t] : llvm::enumerate(sig.inputs))
    s += (i ? ", const " : "const ") + std::string(cTypeName(t.dtype)) + " *" +
         t.name;
  for (const TensorSig &t : sig.outputs)
    s += ", " + std::string(cTypeName(t.dtype)) + " *" + t.name;
  return s;
}

} // namespace

std::string cIdentifier(StringRef stem) {
  std::string id;
  for (char c : stem)
    id += (isalnum(static_cast<unsigned char>(c)) ? c : '_');
  if (id.empty() || isdigit(static_cast<unsigned char>(id[0])))
    id = "model_" + id;
  return id;
}

std::string generateExecutableMain(const ModelSignature &sig,
                                   StringRef modelName) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "/* Generated by nnc-translate: the main of model '" << modelName
     << "'. */\n#include <stdint.h>\n#include <stdlib.h>\n#include "
        "\"nnc_runtime.h\"\n\n";
  emitPrologue(os, sig, entrySymbol);
  auto specs = [&](StringRef kind, ArrayRef<TensorSig> list) {
    for (auto [i, t] : llvm::enumerate(list)) {
      os << "static const int64_t nnc_" << kind << i << "_shape[] = {";
      for (auto [d, size] : llvm::enumerate(t.shape))
        os << (d ? ", " : "") << (ShapedType::isDynamic(size) ? -1 : size);
      if (t.shape.empty())
        os << "0";
      os << "};\n";
    }
    os << "static const nnc_tensor_spec nnc_" << kind << "s[] = {\n";
    for (auto [i, t] : llvm::enumerate(list))
      os << "  {\"" << t.name << "\", " << runtimeDType(t.dtype) << ", "
         << t.shape.size() << ", nnc_" << kind << i << "_shape},\n";
    os << "};\n";
  };
  specs("input", sig.inputs);
  specs("output", sig.outputs);
  os << "\nstatic int nnc_invoke(const nnc_array *in, nnc_array *out) {\n";
  for (auto [i, t] : llvm::enumerate(sig.inputs))
    emitDescriptor(os, i, t, llvm::formatv("in[{0}].data", i).str(),
                   [&](size_t d) {
                     return llvm::formatv("in[{0}].shape[{1}]", i, d).str();
                   });
  emitCall(os, sig, entrySymbol);
  // A dense result buffer becomes the output array as it is (no copy); the
  // others are copied and freed.
  os << "  int rc = 0;\n  void *nnc_kept[" << sig.outputs.size()
     << "] = {0};\n";
  for (auto [i, t] : llvm::enumerate(sig.outputs)) {
    std::string r = resultRef(sig, i);
    os << "  rc |= nnc_take_result(&out[" << i << "], " << runtimeDType(t.dtype)
       << ", " << t.shape.size() << ", " << sizesArg(sig, i, "sizes") << ", "
       << sizesArg(sig, i, "strides") << ", " << r << ".allocated, " << r
       << ".aligned, " << r << ".offset, nnc_kept, " << i << ");\n";
  }
  for (unsigned i = 0; i < sig.outputs.size(); ++i) {
    std::string r = resultRef(sig, i);
    os << "  if (" << r << ".allocated != nnc_kept[" << i << "]";
    for (unsigned j = 0; j < sig.outputs.size(); ++j)
      if (j != i)
        os << " && " << r << ".allocated != nnc_kept[" << j << "]";
    for (unsigned j = 0; j < i; ++j)
      os << " && " << r << ".allocated != " << resultRef(sig, j)
         << ".allocated";
    os << ") free(" << r << ".allocated);\n";
  }
  os << "  return rc;\n}\n\n";
  os << "int main(int argc, char **argv) {\n  return nnc_main(argc, argv, \""
     << modelName << "\", nnc_inputs, " << sig.inputs.size()
     << ", nnc_outputs, " << sig.outputs.size() << ", nnc_invoke);\n}\n";
  return s;
}

std::string generateHeader(const ModelSignature &sig, StringRef name,
                           StringRef source, StringRef linking,
                           StringRef version) {
  std::string s, upper = StringRef(name).upper();
  llvm::raw_string_ostream os(s);
  bool batch = hasDynamicBatch(sig);
  os << "/* " << name << ".h: generated by " << version << " from " << source
     << ". Do not edit.\n *\n"
     << " * int " << name << "_run(" << runParameters(sig) << ")\n *\n";
  for (const TensorSig &t : sig.inputs)
    os << " *   input  " << t.name << ": " << dtypeName(t.dtype) << " "
       << shapeText(t) << ", " << elementCount(t) << " elements\n";
  for (const TensorSig &t : sig.outputs)
    os << " *   output " << t.name << ": " << dtypeName(t.dtype) << " "
       << shapeText(t) << ", " << elementCount(t) << " elements\n";
  if (batch)
    os << " *\n * The first dimension (?) is the batch: pass its size as "
          "`batch`;\n"
          " * the _SIZE macros give the elements of one sample.\n";
  os << " *\n"
        " * Buffer ownership: the caller owns every buffer. Inputs are read,\n"
        " * never written, and may be freed as soon as the call returns. Each\n"
        " * output must point to a buffer of the element count above; it is\n"
        " * written in row-major (C) order.\n"
        " *\n"
        " * Thread safety: the model keeps no pointer after the call returns\n"
        " * and has no mutable global state, so calls may run concurrently\n"
        " * from several threads (each uses its own scratch arena). The\n"
        " * weights are part of the compiled code.\n"
        " *\n"
        " * Returns 0 on success; ";
  if (batch)
    os << "2 if an output's batch differs from `batch`\n"
          " * (nothing is written then); 3 if `batch` is less than 1 (nothing\n"
          " * is read or written); ";
  os << "4 if a value the model checks is out of\n"
        " * range (an embedding id outside its table, a class label outside\n"
        " * the classes, a dynamic size smaller than a window; the outputs\n"
        " * are then unspecified, but nothing is read or written out of\n"
        " * bounds).\n";
  os << " *\n * const char *" << name
     << "_last_error(void) says why the "
        "calling thread's\n * last "
     << name
     << "_run failed (\"\" after a "
        "success).\n";
  if (!linking.empty())
    os << " *\n * Linking: " << linking << "\n";
  os << " */\n";
  os << "#ifndef " << upper << "_H\n#define " << upper
     << "_H\n\n#include <stdint.h>\n\n#ifdef __cplusplus\nextern \"C\" "
        "{\n#endif\n\n";
  os << "/* The compiler that generated this header, and the version of the\n"
        " * calling convention of <name>_run (changed when it changes). */\n";
  os << "#define " << upper << "_NNC_VERSION \"" << cStringEscape(version)
     << "\"\n#define " << upper << "_ABI_VERSION 1\n\n";
  for (const TensorSig &t : sig.inputs)
    os << "#define " << upper << "_" << StringRef(t.name).upper() << "_SIZE "
       << numel(t) << "\n";
  for (const TensorSig &t : sig.outputs)
    os << "#define " << upper << "_" << StringRef(t.name).upper() << "_SIZE "
       << numel(t) << "\n";
  os << "\nint " << name << "_run(" << runParameters(sig) << ");\n"
     << "const char *" << name << "_last_error(void);\n"
     << "\n#ifdef __cplusplus\n}\n#endif\n\n#endif\n";
  return s;
}

bool sharedResultsInPlace(const ModelSignature &sig) {
  return llvm::none_of(sig.outputs, [](const TensorSig &t) {
    return llvm::any_of(t.shape, ShapedType::isDynamic);
  });
}

std::string generateSharedWrapper(const ModelSignature &sig, StringRef name) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "/* Generated by nnc-translate: " << name
     << "_run for a library. */\n#include <stdint.h>\n#include "
        "<stdio.h>\n#include <stdlib.h>\n#include \"nnc_runtime.h\"\n\n";
  // Why the calling thread's last call failed, for <name>_last_error.
  os << "static __thread char nnc_err[256];\n\n"
     << "__attribute__((visibility(\"default\"))) const char *" << name
     << "_last_error(void) {\n  return nnc_err;\n}\n\n";
  bool inPlace = sharedResultsInPlace(sig);
  std::string symbol = libraryEntrySymbol(name);
  if (inPlace) {
    // void entry(inputs..., outputs...): the results are the caller's.
    emitTypedefs(os, {&sig});
    os << "extern void _mlir_ciface_" << symbol << "(";
    for (auto [i, t] : llvm::enumerate(
             llvm::concat<const TensorSig>(sig.inputs, sig.outputs)))
      os << (i ? ", " : "") << memrefType(t.shape.size()) << " *";
    os << ");\n\n";
  } else {
    emitPrologue(os, sig, symbol);
  }
  os << "__attribute__((visibility(\"default\"))) int " << name << "_run("
     << runParameters(sig) << ") {\n";
  auto sizeOf = [](const TensorSig &t) {
    return [&t](size_t d) {
      return ShapedType::isDynamic(t.shape[d]) ? std::string("batch")
                                               : std::to_string(t.shape[d]);
    };
  };
  os << "  nnc_err[0] = '\\0';\n";
  if (hasDynamicBatch(sig))
    os << "  if (batch < 1) {\n    snprintf(nnc_err, sizeof nnc_err, \"batch "
          "%lld is less than 1\", (long long)batch);\n    return 3;\n  }\n";
  for (auto [i, t] : llvm::enumerate(sig.inputs))
    emitDescriptor(os, i, t, t.name, sizeOf(t));
  if (inPlace) {
    size_t n = sig.inputs.size();
    for (auto [i, t] : llvm::enumerate(sig.outputs))
      emitDescriptor(os, n + i, t, t.name, sizeOf(t));
    os << "  _mlir_ciface_" << symbol << "(";
    for (size_t i = 0; i < n + sig.outputs.size(); ++i)
      os << (i ? ", " : "") << "&a" << i;
    os << ");\n  return nnc_take_failure(nnc_err, sizeof nnc_err) ? 4 : "
          "0;\n}\n";
    return s;
  }
  emitCall(os, sig, symbol);
  os << "  if (nnc_take_failure(nnc_err, sizeof nnc_err)) {\n";
  emitFrees(os, sig);
  os << "    return 4;\n  }\n";
  // A result whose batch is not the caller's would overrun its buffer.
  for (auto [i, t] : llvm::enumerate(sig.outputs))
    if (dynamicBatch(t)) {
      std::string r = resultRef(sig, i);
      os << "  if (" << r << ".sizes[0] != batch) {\n"
         << "    snprintf(nnc_err, sizeof nnc_err, \"output '" << t.name
         << "' has batch %lld, not %lld\", (long long)" << r
         << ".sizes[0], (long long)batch);\n";
      emitFrees(os, sig);
      os << "    return 2;\n  }\n";
    }
  for (auto [i, t] : llvm::enumerate(sig.outputs))
    os << "  nnc_copy_strided_into(" << t.name << ", " << dtypeBytes(t.dtype)
       << ", " << t.shape.size() << ", " << sizesArg(sig, i, "sizes") << ", "
       << sizesArg(sig, i, "strides") << ", " << basePointer(sig, i) << ");\n";
  emitFrees(os, sig);
  os << "  return 0;\n}\n";
  return s;
}

} // namespace nnc::target

namespace nnc::target {

std::string cStringEscape(StringRef text) {
  std::string s;
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      s += '\\';
      s += c;
    } else if (c < 0x20 || c >= 0x7f) {
      s += llvm::formatv("\\{0:o3}", unsigned(c)).str();
    } else {
      s += c;
    }
  }
  return s;
}

std::string generateTrainerMain(const TrainerSpec &spec) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "/* Generated by nnc-translate --train: the trainer of model '"
     << cStringEscape(spec.modelName)
     << "'. */\n#include <stdint.h>\n#include <stdlib.h>\n#include "
        "\"nnc_runtime.h\"\n\n";
  SmallVector<const ModelSignature *> sigs{&spec.init};
  for (const auto &st : spec.steps)
    sigs.push_back(&st.sig);
  emitTypedefs(os, sigs);
  emitEntryDecl(os, spec.init, spec.initSymbol, "nnc_init_results");
  // A step returns its loss only: it updates the params and state in
  // place (nn-build-train-step writes over them, and nnc-translate drops
  // those results).
  std::vector<ModelSignature> returned;
  for (const auto &st : spec.steps) {
    returned.push_back(st.sig);
    returned.back().outputs.resize(1);
  }
  for (auto [k, st] : llvm::enumerate(spec.steps))
    emitEntryDecl(os, returned[k], st.symbol,
                  "nnc_step" + std::to_string(k) + "_results");

  // Specs of the data inputs and of the parameters.
  const ModelSignature &first = spec.steps.front().sig;
  unsigned numParams = spec.paramNames.size();
  auto shapeArray = [&](StringRef name, const TensorSig &t) {
    os << "static const int64_t " << name << "[] = {";
    for (auto [d, size] : llvm::enumerate(t.shape))
      os << (d ? ", " : "") << (ShapedType::isDynamic(size) ? -1 : size);
    if (t.shape.empty())
      os << "0";
    os << "};\n";
  };
  for (unsigned i = 0; i < spec.numInputs; ++i)
    shapeArray("nnc_input" + std::to_string(i) + "_shape", first.inputs[i]);
  os << "static const nnc_tensor_spec nnc_inputs[] = {\n";
  for (unsigned i = 0; i < spec.numInputs; ++i) {
    const TensorSig &t = first.inputs[i];
    os << "  {\"" << t.name << "\", " << runtimeDType(t.dtype) << ", "
       << t.shape.size() << ", nnc_input" << i << "_shape},\n";
  }
  os << "};\n";
  for (unsigned i = 0; i < numParams; ++i)
    shapeArray("nnc_param" + std::to_string(i) + "_shape",
               spec.init.outputs[i]);
  os << "static const nnc_tensor_spec nnc_params[] = {\n";
  for (unsigned i = 0; i < numParams; ++i) {
    const TensorSig &t = spec.init.outputs[i];
    os << "  {\"" << cStringEscape(spec.paramNames[i]) << "\", "
       << runtimeDType(t.dtype) << ", " << t.shape.size() << ", nnc_param" << i
       << "_shape},\n";
  }
  os << "};\n\n";

  // The initial parameters: copies of @<f>_init's results.
  os << "static int nnc_init(nnc_array *params) {\n";
  emitCall(os, spec.init, spec.initSymbol, "nnc_init_results");
  os << "  int rc = 0;\n";
  for (auto [i, t] : llvm::enumerate(spec.init.outputs))
    os << "  rc |= nnc_copy_strided(&params[" << i << "], "
       << runtimeDType(t.dtype) << ", " << t.shape.size() << ", "
       << sizesArg(spec.init, i, "sizes") << ", "
       << sizesArg(spec.init, i, "strides") << ", " << basePointer(spec.init, i)
       << ");\n";
  emitFrees(os, spec.init);
  os << "  return rc;\n}\n\n";

  // One step per optimizer: batch, params and state in (updated in place);
  // the loss out.
  for (auto [k, st] : llvm::enumerate(spec.steps)) {
    const ModelSignature &sig = st.sig;
    unsigned n = sig.inputs.size();
    os << "static int nnc_step_" << st.optimizer
       << "(const nnc_array *batch, nnc_array *params, nnc_array *state, "
          "int64_t seed, const void *hyper, double *loss) {\n";
    auto data = [&](unsigned i) -> std::string {
      if (i < spec.numInputs)
        return llvm::formatv("batch[{0}].data", i).str();
      if (i < spec.numInputs + numParams)
        return llvm::formatv("params[{0}].data", i - spec.numInputs).str();
      if (i + 2 < n)
        return llvm::formatv("state[{0}].data", i - spec.numInputs - numParams)
            .str();
      return i + 2 == n ? "&seed" : "hyper";
    };
    for (unsigned i = 0; i < n; ++i)
      emitDescriptor(os, i, sig.inputs[i], data(i), [&](size_t d) {
        if (i < spec.numInputs)
          return llvm::formatv("batch[{0}].shape[{1}]", i, d).str();
        return std::to_string(sig.inputs[i].shape[d]);
      });
    std::string structName = "nnc_step" + std::to_string(k) + "_results";
    emitCall(os, returned[k], st.symbol, structName);
    const char *lossType = cTypeName(sig.outputs[0].dtype);
    os << "  *loss = *(const " << lossType << " *)("
       << basePointer(returned[k], 0) << ");\n";
    emitFrees(os, returned[k]);
    os << "  return 0;\n}\n\n";
  }
  os << "static const nnc_optimizer nnc_optimizers[] = {\n";
  for (const auto &st : spec.steps)
    os << "  {\"" << st.optimizer << "\", " << st.numState << ", nnc_step_"
       << st.optimizer << "},\n";
  os << "};\n\n";
  os << "static const nnc_trainer nnc_trainer_desc = {\n  \""
     << cStringEscape(spec.modelName) << "\", \"" << cStringEscape(spec.loss)
     << "\",\n  nnc_inputs, " << spec.numInputs << ", nnc_params, " << numParams
     << ",\n  " << runtimeDType(first.inputs.back().dtype)
     << ", nnc_init, nnc_optimizers, " << spec.steps.size() << ",\n  "
     << spec.labelInput << ", " << spec.numClasses << "};\n\n";
  os << "int main(int argc, char **argv) {\n"
        "  return nnc_train_main(argc, argv, &nnc_trainer_desc);\n}\n";
  return s;
}

} // namespace nnc::target
