//===- SafeTensors.h - strict safetensors reader ----------------*- C++ -*-===//
//
// Reads a safetensors file (https://github.com/huggingface/safetensors):
// an 8-byte little-endian header length N, N bytes of JSON mapping tensor
// names to {"dtype", "shape", "data_offsets": [begin, end)} (offsets relative
// to the data section that follows the header; "__metadata__" is ignored),
// then the data. Every byte is treated as hostile: the header length is
// bounded by the file size, each tensor's fields are type-checked, the
// element count is computed with overflow checks, `end - begin` must equal
// `numel * sizeof(dtype)` and `[begin, end)` must lie inside the data
// section. Errors name the tensor and the field.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_IMPORT_SAFETENSORS_H
#define NNC_IMPORT_SAFETENSORS_H

#include "nnc/Import/InputFile.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <memory>
#include <string>

namespace nnc {

/// Element types of safetensors files that nnc reads.
enum class SafeTensorDType { F16, BF16, F32, F64, I8, U8, I16, I32, I64, BOOL };

/// Size in bytes of one element.
unsigned getSafeTensorDTypeSize(SafeTensorDType dtype);
/// The dtype's name as written in files ("F32", ...).
llvm::StringRef getSafeTensorDTypeName(SafeTensorDType dtype);

struct SafeTensor {
  std::string name;
  SafeTensorDType dtype;
  llvm::SmallVector<int64_t> shape;
  /// The tensor's bytes inside the file buffer (little-endian, row-major).
  llvm::ArrayRef<char> data;

  int64_t getNumElements() const;
  /// The tensor converted to double (any float or integer dtype).
  std::vector<double> toDoubles() const;
};

class SafeTensorsFile {
public:
  /// Parses a file in memory. `what` names the file in errors.
  static llvm::Expected<std::unique_ptr<SafeTensorsFile>>
  parse(std::unique_ptr<llvm::MemoryBuffer> buffer);
  /// Reads (a regular file of at most `maxBytes`) and parses a file.
  static llvm::Expected<std::unique_ptr<SafeTensorsFile>>
  open(llvm::StringRef path, uint64_t maxBytes = kDefaultMaxInputBytes);

  /// The tensor of this name, or null.
  const SafeTensor *lookup(llvm::StringRef name) const;
  /// Tensor names in file order of the header (sorted).
  llvm::ArrayRef<std::string> getNames() const { return names; }
  size_t size() const { return names.size(); }

private:
  std::unique_ptr<llvm::MemoryBuffer> buffer;
  llvm::StringMap<SafeTensor> tensors;
  std::vector<std::string> names;
};

} // namespace nnc

#endif // NNC_IMPORT_SAFETENSORS_H
