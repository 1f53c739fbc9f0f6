//===- ONNXTensor.cpp - ONNX tensors as MLIR attributes -------------------===//
//
// TensorProto -> ElementsAttr. The data is checked against the dims before
// anything is allocated; floats above a size threshold become resources.
//
//===----------------------------------------------------------------------===//
#include "ONNXImporter.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <cstring>

using namespace mlir;
using namespace nnc::onnximport;

//===----------------------------------------------------------------------===//
// Tensors
//===----------------------------------------------------------------------===//

Type nnc::onnximport::convertElementType(int32_t dataType, MLIRContext *ctx) {
  switch (dataType) {
  case onnx::TensorProto::FLOAT:
    return Float32Type::get(ctx);
  case onnx::TensorProto::DOUBLE:
    return Float64Type::get(ctx);
  case onnx::TensorProto::FLOAT16:
    return Float16Type::get(ctx);
  case onnx::TensorProto::INT32:
    return IntegerType::get(ctx, 32);
  case onnx::TensorProto::INT64:
    return IntegerType::get(ctx, 64);
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::UINT8:
    return IntegerType::get(ctx, 8);
  case onnx::TensorProto::BOOL:
    return IntegerType::get(ctx, 1);
  default:
    return nullptr;
  }
}

std::string nnc::onnximport::dataTypeName(int32_t t) {
  if (onnx::TensorProto::DataType_IsValid(t))
    return onnx::TensorProto::DataType_Name(
        static_cast<onnx::TensorProto::DataType>(t));
  return "data type " + std::to_string(t);
}

ElementsAttr nnc::onnximport::convertTensor(const onnx::TensorProto &tensor,
                                            MLIRContext *ctx,
                                            std::string &error,
                                            int64_t resourceThreshold) {
  Type elt = convertElementType(tensor.data_type(), ctx);
  if (!elt) {
    error =
        "unsupported tensor element type " + dataTypeName(tensor.data_type());
    return nullptr;
  }
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL ||
      tensor.external_data_size() > 0) {
    error = "external tensor data is not supported";
    return nullptr;
  }
  SmallVector<int64_t> shape;
  int64_t count = 1;
  for (int64_t d : tensor.dims()) {
    if (d < 0 || (d > 0 && count > (int64_t(1) << 40) / d)) {
      error = "invalid or too large tensor dimension " + std::to_string(d);
      return nullptr;
    }
    shape.push_back(d);
    count *= d;
  }
  auto type = RankedTensorType::get(shape, elt);
  int32_t dt = tensor.data_type();
  int64_t width =
      dt == onnx::TensorProto::BOOL ? 1
      : dt == onnx::TensorProto::INT8 || dt == onnx::TensorProto::UINT8
          ? 1
          : (elt.getIntOrFloatBitWidth() / 8);
  // The data must hold what the dims declare before anything that size is
  // allocated (hostile dims would otherwise exhaust memory).
  int64_t present;
  if (tensor.has_raw_data()) {
    present = tensor.raw_data().size();
    if (present != count * width) {
      error = "raw_data has " + std::to_string(present) + " bytes, expected " +
              std::to_string(count * width) + " for shape";
      return nullptr;
    }
  } else {
    switch (dt) {
    case onnx::TensorProto::FLOAT:
      present = tensor.float_data_size();
      break;
    case onnx::TensorProto::DOUBLE:
      present = tensor.double_data_size();
      break;
    case onnx::TensorProto::INT64:
      present = tensor.int64_data_size();
      break;
    default:
      present = tensor.int32_data_size();
      break;
    }
    if (present != count) {
      error = "tensor has " + std::to_string(present) + " values, expected " +
              std::to_string(count) + " for its dims";
      return nullptr;
    }
  }
  // Bytes in MLIR's dense layout (i1 as one byte per element).
  std::vector<char> bytes(count * width);
  if (tensor.has_raw_data()) {
    if (count)
      std::memcpy(bytes.data(), tensor.raw_data().data(), count * width);
  } else {
    switch (dt) {
    case onnx::TensorProto::FLOAT:
      if (count)
        std::memcpy(bytes.data(), tensor.float_data().data(), count * 4);
      break;
    case onnx::TensorProto::DOUBLE:
      if (count)
        std::memcpy(bytes.data(), tensor.double_data().data(), count * 8);
      break;
    case onnx::TensorProto::INT64:
      if (count)
        std::memcpy(bytes.data(), tensor.int64_data().data(), count * 8);
      break;
    case onnx::TensorProto::INT32:
    case onnx::TensorProto::INT8:
    case onnx::TensorProto::UINT8:
    case onnx::TensorProto::BOOL:
    case onnx::TensorProto::FLOAT16:
      for (int64_t i = 0; i < count; ++i) {
        int32_t v = tensor.int32_data(i);
        if (width == 4)
          std::memcpy(&bytes[i * 4], &v, 4);
        else if (width == 2) {
          uint16_t h = v;
          std::memcpy(&bytes[i * 2], &h, 2);
        } else
          bytes[i] =
              static_cast<char>(dt == onnx::TensorProto::BOOL ? (v != 0) : v);
      }
      break;
    default:
      error = "unsupported tensor element type " + dataTypeName(dt);
      return nullptr;
    }
  }
  if (isa<FloatType>(elt) && count > resourceThreshold) {
    auto blob = HeapAsmResourceBlob::allocateAndCopyInferAlign(
        ArrayRef<char>(bytes.data(), bytes.size()));
    std::string name = tensor.name().empty() ? "onnx_tensor" : tensor.name();
    return DenseResourceElementsAttr::get(type, name, std::move(blob));
  }
  if (elt.isInteger(1)) {
    SmallVector<bool> bits(bytes.begin(), bytes.end());
    return DenseElementsAttr::get(type, ArrayRef<bool>(bits));
  }
  bool detectedSplat = false;
  if (!DenseElementsAttr::isValidRawBuffer(type, ArrayRef<char>(bytes),
                                           detectedSplat)) {
    error = "invalid tensor data";
    return nullptr;
  }
  return DenseElementsAttr::getFromRawBuffer(type, ArrayRef<char>(bytes));
}
