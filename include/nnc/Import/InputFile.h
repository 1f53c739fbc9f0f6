//===- InputFile.h - reading the files a model comes from -------*- C++ -*-===//
#ifndef NNC_IMPORT_INPUTFILE_H
#define NNC_IMPORT_INPUTFILE_H

#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <memory>

namespace nnc {

/// The default cap on the size of one input file (16 GiB): larger files are
/// refused before they are read (`--max-input-bytes` changes it).
constexpr uint64_t kDefaultMaxInputBytes = uint64_t(16) << 30;

/// Reads `path` whole ("-" is stdin where `allowStdin`). Only regular files
/// are read (a device such as /dev/zero would never end), and only up to
/// `maxBytes`; the error says which check failed.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readInputFile(llvm::StringRef path, uint64_t maxBytes, bool isText,
              bool allowStdin = false);

} // namespace nnc

#endif // NNC_IMPORT_INPUTFILE_H
