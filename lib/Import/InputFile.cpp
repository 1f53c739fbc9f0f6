//===- InputFile.cpp - reading the files a model comes from ---------------===//
#include "nnc/Import/InputFile.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

Expected<std::unique_ptr<MemoryBuffer>> nnc::readInputFile(StringRef path,
                                                           uint64_t maxBytes,
                                                           bool isText,
                                                           bool allowStdin) {
  auto fail = [&](const Twine &why) {
    return createStringError(inconvertibleErrorCode(),
                             "cannot read '" + path + "': " + why);
  };
  if (allowStdin && path == "-") {
    auto buffer = MemoryBuffer::getSTDIN();
    if (!buffer)
      return fail(buffer.getError().message());
    if ((*buffer)->getBufferSize() > maxBytes)
      return fail(formatv("standard input has more than the {0} bytes allowed "
                          "(--max-input-bytes)",
                          maxBytes));
    return std::move(*buffer);
  }
  sys::fs::file_status status;
  if (std::error_code ec = sys::fs::status(path, status))
    return fail(ec.message());
  if (sys::fs::is_directory(status))
    return fail("it is a directory");
  if (!sys::fs::is_regular_file(status))
    return fail("not a regular file (a device, FIFO or socket)");
  if (status.getSize() > maxBytes)
    return fail(formatv("it is {0} bytes, more than the {1} allowed "
                        "(--max-input-bytes)",
                        status.getSize(), maxBytes));
  auto buffer = MemoryBuffer::getFile(path, isText,
                                      /*RequiresNullTerminator=*/false);
  if (!buffer)
    return fail(buffer.getError().message());
  return std::move(*buffer);
}
