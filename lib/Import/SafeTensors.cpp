//===- SafeTensors.cpp - strict safetensors reader ------------------------===//
#include "nnc/Import/SafeTensors.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cstring>

using namespace llvm;
using namespace nnc;

namespace {
/// Header JSON above this size is refused (the format's own limit is 100 MB).
constexpr uint64_t kMaxHeaderSize = 100u << 20;

Error err(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

std::optional<SafeTensorDType> parseDType(StringRef s) {
  return StringSwitch<std::optional<SafeTensorDType>>(s)
      .Case("F16", SafeTensorDType::F16)
      .Case("BF16", SafeTensorDType::BF16)
      .Case("F32", SafeTensorDType::F32)
      .Case("F64", SafeTensorDType::F64)
      .Case("I8", SafeTensorDType::I8)
      .Case("U8", SafeTensorDType::U8)
      .Case("I16", SafeTensorDType::I16)
      .Case("I32", SafeTensorDType::I32)
      .Case("I64", SafeTensorDType::I64)
      .Case("BOOL", SafeTensorDType::BOOL)
      .Default(std::nullopt);
}

/// A non-negative JSON integer (rejects floats, negatives, > INT64_MAX).
std::optional<uint64_t> getUInt(const json::Value &v) {
  if (v.kind() != json::Value::Number)
    return std::nullopt;
  std::optional<int64_t> i = v.getAsInteger();
  if (!i || *i < 0)
    return std::nullopt;
  return static_cast<uint64_t>(*i);
}
} // namespace

unsigned nnc::getSafeTensorDTypeSize(SafeTensorDType dtype) {
  switch (dtype) {
  case SafeTensorDType::I8:
  case SafeTensorDType::U8:
  case SafeTensorDType::BOOL:
    return 1;
  case SafeTensorDType::F16:
  case SafeTensorDType::BF16:
  case SafeTensorDType::I16:
    return 2;
  case SafeTensorDType::F32:
  case SafeTensorDType::I32:
    return 4;
  case SafeTensorDType::F64:
  case SafeTensorDType::I64:
    return 8;
  }
  llvm_unreachable("unknown dtype");
}

StringRef nnc::getSafeTensorDTypeName(SafeTensorDType dtype) {
  switch (dtype) {
  case SafeTensorDType::F16:
    return "F16";
  case SafeTensorDType::BF16:
    return "BF16";
  case SafeTensorDType::F32:
    return "F32";
  case SafeTensorDType::F64:
    return "F64";
  case SafeTensorDType::I8:
    return "I8";
  case SafeTensorDType::U8:
    return "U8";
  case SafeTensorDType::I16:
    return "I16";
  case SafeTensorDType::I32:
    return "I32";
  case SafeTensorDType::I64:
    return "I64";
  case SafeTensorDType::BOOL:
    return "BOOL";
  }
  llvm_unreachable("unknown dtype");
}

int64_t SafeTensor::getNumElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d; // checked for overflow when parsed
  return n;
}

std::vector<double> SafeTensor::toDoubles() const {
  int64_t n = getNumElements();
  std::vector<double> out(n);
  const char *p = data.data();
  for (int64_t i = 0; i < n; ++i) {
    switch (dtype) {
    case SafeTensorDType::F16:
    case SafeTensorDType::BF16: {
      uint16_t bits = support::endian::read16le(p + 2 * i);
      APFloat f(dtype == SafeTensorDType::F16 ? APFloat::IEEEhalf()
                                              : APFloat::BFloat(),
                APInt(16, bits));
      out[i] = f.convertToDouble();
      break;
    }
    case SafeTensorDType::F32: {
      uint32_t bits = support::endian::read32le(p + 4 * i);
      float f;
      std::memcpy(&f, &bits, 4);
      out[i] = f;
      break;
    }
    case SafeTensorDType::F64: {
      uint64_t bits = support::endian::read64le(p + 8 * i);
      double f;
      std::memcpy(&f, &bits, 8);
      out[i] = f;
      break;
    }
    case SafeTensorDType::I8:
      out[i] = static_cast<int8_t>(p[i]);
      break;
    case SafeTensorDType::U8:
    case SafeTensorDType::BOOL:
      out[i] = static_cast<uint8_t>(p[i]);
      break;
    case SafeTensorDType::I16:
      out[i] = static_cast<int16_t>(support::endian::read16le(p + 2 * i));
      break;
    case SafeTensorDType::I32:
      out[i] = static_cast<int32_t>(support::endian::read32le(p + 4 * i));
      break;
    case SafeTensorDType::I64:
      out[i] = static_cast<double>(
          static_cast<int64_t>(support::endian::read64le(p + 8 * i)));
      break;
    }
  }
  return out;
}

Expected<std::unique_ptr<SafeTensorsFile>>
SafeTensorsFile::open(StringRef path, uint64_t maxBytes) {
  auto buffer = readInputFile(path, maxBytes, /*isText=*/false);
  if (!buffer)
    return buffer.takeError();
  return parse(std::move(*buffer));
}

Expected<std::unique_ptr<SafeTensorsFile>>
SafeTensorsFile::parse(std::unique_ptr<MemoryBuffer> buffer) {
  StringRef bytes = buffer->getBuffer();
  uint64_t fileSize = bytes.size();
  if (fileSize < 8)
    return err(formatv("file is {0} bytes long, shorter than the 8-byte "
                       "header size",
                       fileSize));
  uint64_t headerSize = support::endian::read64le(bytes.data());
  if (headerSize > fileSize - 8)
    return err(formatv("header size {0} exceeds the {1} bytes after the "
                       "8-byte size field",
                       headerSize, fileSize - 8));
  if (headerSize > kMaxHeaderSize)
    return err(formatv("header size {0} exceeds the limit of {1} bytes",
                       headerSize, kMaxHeaderSize));
  StringRef headerText = bytes.substr(8, headerSize);
  StringRef dataSection = bytes.substr(8 + headerSize);
  uint64_t dataSize = dataSection.size();

  // Deep nesting would exhaust the stack of the recursive JSON parser; a
  // valid header nests three levels.
  int depth = 0, maxDepth = 0;
  bool inString = false;
  for (size_t i = 0; i < headerText.size(); ++i) {
    char c = headerText[i];
    if (inString) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      maxDepth = std::max(maxDepth, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  if (maxDepth > 64)
    return err(formatv("header nests {0} levels deep (at most 64)", maxDepth));
  Expected<json::Value> header = json::parse(headerText);
  if (!header)
    return err("header is not valid JSON: " + toString(header.takeError()));
  const json::Object *root = header->getAsObject();
  if (!root)
    return err("header is not a JSON object");

  auto file = std::unique_ptr<SafeTensorsFile>(new SafeTensorsFile());
  struct Range {
    uint64_t begin, end;
    std::string name;
  };
  std::vector<Range> ranges;
  for (const auto &kv : *root) {
    std::string name = kv.first.str();
    if (name == "__metadata__") {
      if (!kv.second.getAsObject())
        return err("'__metadata__' is not an object");
      continue;
    }
    auto tensorErr = [&](const Twine &field, const Twine &message) {
      return err("tensor '" + name + "': field '" + field + "' " + message);
    };
    const json::Object *obj = kv.second.getAsObject();
    if (!obj)
      return err("tensor '" + name + "': entry is not an object");
    for (const auto &field : *obj) {
      StringRef key = field.first;
      if (key != "dtype" && key != "shape" && key != "data_offsets")
        return tensorErr(key, "is unknown (expected dtype, shape, "
                              "data_offsets)");
    }
    SafeTensor tensor;
    tensor.name = name;
    // dtype
    const json::Value *dtypeValue = obj->get("dtype");
    if (!dtypeValue)
      return tensorErr("dtype", "is missing");
    std::optional<StringRef> dtypeName = dtypeValue->getAsString();
    if (!dtypeName)
      return tensorErr("dtype", "is not a string");
    std::optional<SafeTensorDType> dtype = parseDType(*dtypeName);
    if (!dtype)
      return tensorErr("dtype", "has unsupported value '" + *dtypeName +
                                    "' (expected F16, BF16, F32, F64, I8, "
                                    "U8, I16, I32, I64 or BOOL)");
    tensor.dtype = *dtype;
    // shape
    const json::Value *shapeValue = obj->get("shape");
    if (!shapeValue)
      return tensorErr("shape", "is missing");
    const json::Array *shapeArray = shapeValue->getAsArray();
    if (!shapeArray)
      return tensorErr("shape", "is not an array");
    if (shapeArray->size() > 16)
      return tensorErr(
          "shape", formatv("has rank {0} (at most 16)", shapeArray->size()));
    uint64_t numel = 1;
    for (auto [i, d] : llvm::enumerate(*shapeArray)) {
      std::optional<uint64_t> dim = getUInt(d);
      if (!dim)
        return tensorErr("shape", formatv("entry {0} is not a non-negative "
                                          "integer",
                                          i));
      bool overflow = false;
      numel = SaturatingMultiply(numel, *dim, &overflow);
      if (overflow || numel > (uint64_t(1) << 62))
        return tensorErr("shape", "has too many elements (overflow)");
      tensor.shape.push_back(static_cast<int64_t>(*dim));
    }
    // data_offsets
    const json::Value *offsetsValue = obj->get("data_offsets");
    if (!offsetsValue)
      return tensorErr("data_offsets", "is missing");
    const json::Array *offsets = offsetsValue->getAsArray();
    if (!offsets || offsets->size() != 2)
      return tensorErr("data_offsets", "is not an array of two integers");
    std::optional<uint64_t> begin = getUInt((*offsets)[0]);
    std::optional<uint64_t> end = getUInt((*offsets)[1]);
    if (!begin || !end)
      return tensorErr("data_offsets", "is not an array of two non-negative "
                                       "integers");
    if (*begin > *end)
      return tensorErr("data_offsets",
                       formatv("[{0}, {1}] has begin > end", *begin, *end));
    if (*end > dataSize)
      return tensorErr("data_offsets",
                       formatv("[{0}, {1}] lies past the end of the {2}-byte "
                               "data section",
                               *begin, *end, dataSize));
    bool overflow = false;
    uint64_t expectedBytes = SaturatingMultiply(
        numel, uint64_t(getSafeTensorDTypeSize(*dtype)), &overflow);
    if (overflow || *end - *begin != expectedBytes)
      return tensorErr("data_offsets",
                       formatv("[{0}, {1}] spans {2} bytes, but shape and "
                               "dtype {3} need {4}",
                               *begin, *end, *end - *begin, *dtypeName,
                               expectedBytes));
    tensor.data = ArrayRef<char>(dataSection.data() + *begin, expectedBytes);
    ranges.push_back({*begin, *end, name});
    file->names.push_back(name);
    file->tensors[name] = std::move(tensor);
  }
  // Tensors must not overlap (empty tensors are exempt).
  llvm::sort(ranges, [](const Range &a, const Range &b) {
    return std::tie(a.begin, a.end) < std::tie(b.begin, b.end);
  });
  for (size_t i = 1; i < ranges.size(); ++i)
    if (ranges[i].begin < ranges[i - 1].end && ranges[i].begin != ranges[i].end)
      return err("tensor '" + ranges[i].name +
                 "': field 'data_offsets' "
                 "overlaps tensor '" +
                 ranges[i - 1].name + "'");
  llvm::sort(file->names);
  file->buffer = std::move(buffer);
  return file;
}

const SafeTensor *SafeTensorsFile::lookup(StringRef name) const {
  auto it = tensors.find(name);
  return it == tensors.end() ? nullptr : &it->second;
}
