//===- ONNXShapeOps.cpp - ONNX op handlers: shapes and data movement ----===//
#include "ONNXImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace nnc;
using namespace nnc::onnximport;

namespace {

LogicalResult importShape(Importer &im) {
  Value x = im.input(0);
  if (!x)
    return failure();
  auto shape = Importer::tensorType(x).getShape();
  int64_t rank = shape.size();
  int64_t start = im.attrInt("start", 0), end = im.attrInt("end", rank);
  if (start < 0)
    start += rank;
  if (end < 0)
    end += rank;
  start = std::clamp<int64_t>(start, 0, rank);
  end = std::clamp<int64_t>(end, start, rank);
  SmallVector<int64_t> dims(shape.begin() + start, shape.begin() + end);
  for (int64_t &d : dims)
    if (ShapedType::isDynamic(d))
      d = Importer::kUnknownDim;
  im.setConstOutput(0, i64Const(im.ctx, {(int64_t)dims.size()}, dims));
  return success();
}

LogicalResult importSize(Importer &im) {
  Value x;
  ShapedType type;
  if (auto c = im.constInput(0))
    type = cast<ShapedType>(c.getType());
  else if ((x = im.input(0)))
    type = Importer::tensorType(x);
  else
    return failure();
  if (!type.hasStaticShape())
    return im.fail("Size of a tensor with dynamic dimensions is not supported");
  im.setConstOutput(0, i64Const(im.ctx, {}, {type.getNumElements()}));
  return success();
}

/// Output 0 is input 0 (`x` when already read) reshaped to `shape`: folded
/// when the input is a constant and the shape static, an nn.reshape
/// otherwise.
LogicalResult setReshaped(Importer &im, Value x, ArrayRef<int64_t> shape) {
  auto c = dyn_cast_or_null<DenseElementsAttr>(im.constInput(0));
  if (c && !llvm::any_of(shape, ShapedType::isDynamic) &&
      c.getNumElements() == ShapedType::getNumElements(shape)) {
    im.setConstOutput(
        0, c.reshape(RankedTensorType::get(shape, c.getElementType())));
    return success();
  }
  if (!x && !(x = im.input(0)))
    return failure();
  return im.setOutput(0, im.reshape(x, shape));
}

LogicalResult importReshape(Importer &im) {
  Value x = im.input(0);
  if (!x)
    return failure();
  std::optional<SmallVector<int64_t>> target =
      im.opset < 5 ? im.attrInts("shape")
                   : im.constInts(1, /*allowUnknown=*/true);
  if (!target)
    return im.fail("the target shape must be a constant or initializer");
  auto in = Importer::tensorType(x).getShape();
  bool allowZero = im.attrInt("allowzero", 0);
  SmallVector<int64_t> shape;
  int64_t minusOne = -1, known = 1;
  bool inDynamic = llvm::any_of(in, ShapedType::isDynamic);
  for (auto [i, d] : llvm::enumerate(*target)) {
    if (d == 0 && !allowZero) {
      if (i >= in.size())
        return im.fail("shape entry 0 refers to a missing input dimension");
      shape.push_back(in[i]);
    } else if (d == -1 || d == Importer::kUnknownDim) {
      if (minusOne >= 0)
        return im.fail("more than one -1 in the target shape");
      minusOne = i;
      shape.push_back(-1);
      continue;
    } else if (d < -1) {
      return im.fail("invalid target dimension " + std::to_string(d));
    } else {
      shape.push_back(d);
    }
    if (!ShapedType::isDynamic(shape.back()))
      known *= shape.back();
  }
  if (minusOne >= 0) {
    if (inDynamic) {
      shape[minusOne] = ShapedType::kDynamic;
    } else {
      int64_t total = 1;
      for (int64_t d : in)
        total *= d;
      if (known == 0 || total % known)
        return im.fail("cannot infer the -1 dimension of the target shape");
      shape[minusOne] = total / known;
    }
  }
  return setReshaped(im, x, shape);
}

LogicalResult importFlatten(Importer &im) {
  Value x = im.input(0);
  if (!x)
    return failure();
  auto in = Importer::tensorType(x).getShape();
  int64_t rank = in.size();
  int64_t axis = im.attrInt("axis", 1);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis > rank)
    return im.fail("axis out of range");
  if (Importer::isFloat(x) && axis >= 1 && axis < rank)
    return im.setOutput(0, im.create1<nn::FlattenOp>(x, (uint64_t)axis));
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < rank; ++i) {
    if (ShapedType::isDynamic(in[i]))
      return im.fail("dynamic dimensions are not supported here");
    (i < axis ? outer : inner) *= in[i];
  }
  return im.setOutput(0, im.reshape(x, {outer, inner}));
}

LogicalResult importTranspose(Importer &im) {
  Value x = im.input(0);
  if (!x)
    return failure();
  int64_t rank = Importer::tensorType(x).getRank();
  SmallVector<int64_t> perm;
  if (auto p = im.attrInts("perm"))
    perm = *p;
  else
    for (int64_t i = rank - 1; i >= 0; --i)
      perm.push_back(i);
  if ((int64_t)perm.size() != rank)
    return im.fail("perm must have one entry per dimension");
  for (int64_t &p : perm) {
    auto n = im.normAxis(p, rank);
    if (failed(n))
      return failure();
    p = *n;
  }
  if (Importer::isFloat(x))
    return im.setOutput(
        0, im.create1<nn::TransposeOp>(x, ArrayRef<int64_t>(perm)));
  SmallVector<int64_t> shape;
  auto xt = Importer::tensorType(x);
  SmallVector<bool> seen(rank, false);
  for (int64_t p : perm) {
    if (seen[p])
      return im.fail("perm is not a permutation");
    seen[p] = true;
    shape.push_back(xt.getDimSize(p));
  }
  if (!xt.hasStaticShape())
    return im.fail("dynamic non-float transpose is not supported");
  Value init =
      tensor::EmptyOp::create(im.b, im.loc, shape, xt.getElementType());
  return im.setOutput(
      0,
      linalg::TransposeOp::create(im.b, im.loc, x, init, perm)->getResult(0));
}

LogicalResult importConcat(Importer &im) {
  // Shape computations: concatenate 1-D integer constants.
  {
    SmallVector<APInt> vals;
    Type elt;
    bool allConst = im.numInputs() > 0;
    for (unsigned i = 0; i < im.numInputs() && allConst; ++i) {
      auto c = dyn_cast_or_null<DenseIntElementsAttr>(im.constInput(i));
      if (!c || c.getType().getRank() != 1 ||
          (elt && c.getElementType() != elt)) {
        allConst = false;
        break;
      }
      elt = c.getElementType();
      llvm::append_range(vals, c.getValues<APInt>());
    }
    if (allConst) {
      im.setConstOutput(
          0, DenseElementsAttr::get(
                 RankedTensorType::get({(int64_t)vals.size()}, elt), vals));
      return success();
    }
  }
  SmallVector<Value> ins;
  for (unsigned i = 0; i < im.numInputs(); ++i) {
    Value v = im.input(i);
    if (!v)
      return failure();
    ins.push_back(v);
  }
  if (ins.empty())
    return im.fail("needs at least one input");
  if (failed(im.requireFloat(ins)))
    return failure();
  auto axis = im.normAxis(im.attrInt("axis", 0),
                          Importer::tensorType(ins[0]).getRank());
  if (failed(axis))
    return failure();
  return im.setOutput(
      0, im.create1<nn::ConcatOp>(ValueRange(ins), (uint64_t)*axis));
}

LogicalResult importSplit(Importer &im) {
  Value x = im.input(0);
  if (failed(im.requireFloat({x})))
    return failure();
  auto xt = Importer::tensorType(x);
  auto axis = im.normAxis(im.attrInt("axis", 0), xt.getRank());
  if (failed(axis))
    return failure();
  std::optional<SmallVector<int64_t>> sizes;
  if (im.opset >= 13 && im.hasInput(1)) {
    sizes = im.constInts(1);
    if (!sizes)
      return im.fail("split sizes must be a constant");
  } else if (im.opset < 13) {
    sizes = im.attrInts("split");
  }
  int64_t n = im.node->output_size();
  if (!sizes || sizes->empty()) {
    int64_t d = xt.getDimSize(*axis);
    if (ShapedType::isDynamic(d) || n == 0 || d % n)
      return im.fail("cannot split the axis evenly into " + std::to_string(n) +
                     " parts");
    sizes = SmallVector<int64_t>(n, d / n);
  }
  if ((int64_t)sizes->size() != n)
    return im.fail("split has " + std::to_string(sizes->size()) +
                   " sizes for " + std::to_string(n) + " outputs");
  auto op =
      im.create<nn::SplitOp>(n, x, (uint64_t)*axis, ArrayRef<int64_t>(*sizes));
  if (!op)
    return failure();
  for (int64_t i = 0; i < n; ++i)
    (void)im.setOutput(i, op->getResult(i));
  return success();
}

std::optional<SmallVector<int64_t>> axesOf(Importer &im) {
  if (im.opset >= 13)
    return im.hasInput(1) ? im.constInts(1)
                          : std::optional<SmallVector<int64_t>>();
  return im.attrInts("axes");
}

/// The shape of input `i` without materializing a constant; `x` is set for
/// non-constant inputs.
std::optional<SmallVector<int64_t>> inputShape(Importer &im, unsigned i,
                                               Value &x) {
  if (auto c = im.constInput(i)) {
    auto s = cast<ShapedType>(c.getType()).getShape();
    return SmallVector<int64_t>(s.begin(), s.end());
  }
  x = im.input(i);
  if (!x)
    return std::nullopt;
  auto s = Importer::tensorType(x).getShape();
  return SmallVector<int64_t>(s.begin(), s.end());
}

LogicalResult importSqueeze(Importer &im) {
  Value x;
  auto inShape = inputShape(im, 0, x);
  if (!inShape)
    return failure();
  ArrayRef<int64_t> in = *inShape;
  int64_t rank = in.size();
  auto axes = axesOf(im);
  if (im.opset >= 13 && im.hasInput(1) && !axes)
    return im.fail("axes must be a constant");
  SmallVector<bool> drop(rank, false);
  if (!axes || axes->empty()) {
    for (int64_t i = 0; i < rank; ++i)
      drop[i] = in[i] == 1;
  } else {
    for (int64_t a : *axes) {
      auto n = im.normAxis(a, rank);
      if (failed(n))
        return failure();
      if (in[*n] != 1 && !ShapedType::isDynamic(in[*n]))
        return im.fail("cannot squeeze dimension " + std::to_string(*n) +
                       " of size " + std::to_string(in[*n]));
      drop[*n] = true;
    }
  }
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i)
    if (!drop[i])
      shape.push_back(in[i]);
  return setReshaped(im, x, shape);
}

LogicalResult importUnsqueeze(Importer &im) {
  Value x;
  auto inShape = inputShape(im, 0, x);
  if (!inShape)
    return failure();
  ArrayRef<int64_t> in = *inShape;
  auto axes = axesOf(im);
  if (!axes)
    return im.fail("axes must be given as a constant");
  int64_t rank = in.size() + axes->size();
  SmallVector<bool> ins(rank, false);
  for (int64_t a : *axes) {
    auto n = im.normAxis(a, rank);
    if (failed(n))
      return failure();
    if (ins[*n])
      return im.fail("repeated axis");
    ins[*n] = true;
  }
  SmallVector<int64_t> shape;
  size_t j = 0;
  for (int64_t i = 0; i < rank; ++i)
    shape.push_back(ins[i] ? 1 : in[j++]);
  return setReshaped(im, x, shape);
}

LogicalResult importSlice(Importer &im) {
  Value x = im.input(0);
  if (!x)
    return failure();
  auto xt = Importer::tensorType(x);
  int64_t rank = xt.getRank();
  std::optional<SmallVector<int64_t>> starts, ends, axes, steps;
  if (im.opset < 10) {
    starts = im.attrInts("starts");
    ends = im.attrInts("ends");
    axes = im.attrInts("axes");
  } else {
    starts = im.constInts(1);
    ends = im.constInts(2);
    if (im.hasInput(3) && !(axes = im.constInts(3)))
      return im.fail("axes must be a constant");
    if (im.hasInput(4) && !(steps = im.constInts(4)))
      return im.fail("steps must be a constant");
  }
  if (!starts || !ends)
    return im.fail("starts and ends must be constants");
  size_t n = starts->size();
  if (ends->size() != n || (axes && axes->size() != n) ||
      (steps && steps->size() != n))
    return im.fail("starts/ends/axes/steps have different lengths");
  SmallVector<OpFoldResult> offsets, sizes, strides;
  SmallVector<int64_t> off(rank, 0), sz(xt.getShape()), st(rank, 1);
  for (size_t i = 0; i < n; ++i) {
    auto a = im.normAxis(axes ? (*axes)[i] : (int64_t)i, rank);
    if (failed(a))
      return failure();
    int64_t step = steps ? (*steps)[i] : 1;
    if (step <= 0)
      return im.fail("negative or zero steps are not supported");
    int64_t dim = xt.getDimSize(*a);
    if (ShapedType::isDynamic(dim))
      return im.fail("slicing a dynamic dimension is not supported");
    int64_t s = (*starts)[i], e = (*ends)[i];
    if (s < 0)
      s += dim;
    if (e < 0)
      e += dim;
    s = std::clamp<int64_t>(s, 0, dim);
    e = std::clamp<int64_t>(e, 0, dim);
    off[*a] = s;
    st[*a] = step;
    sz[*a] = e > s ? (e - s + step - 1) / step : 0;
  }
  for (int64_t i = 0; i < rank; ++i) {
    offsets.push_back(im.b.getIndexAttr(off[i]));
    if (ShapedType::isDynamic(sz[i])) // an axis that is not sliced
      sizes.push_back(tensor::DimOp::create(im.b, im.loc, x, i).getResult());
    else
      sizes.push_back(im.b.getIndexAttr(sz[i]));
    strides.push_back(im.b.getIndexAttr(st[i]));
  }
  auto resultType = RankedTensorType::get(sz, xt.getElementType());
  return im.setOutput(0, tensor::ExtractSliceOp::create(im.b, im.loc,
                                                        resultType, x, offsets,
                                                        sizes, strides));
}

LogicalResult importExpand(Importer &im) {
  Value x = im.input(0);
  if (!x)
    return failure();
  auto shape = im.constInts(1);
  if (!shape)
    return im.fail("the shape must be a constant");
  auto s = im.broadcastShapes(Importer::tensorType(x).getShape(), *shape);
  if (failed(s))
    return failure();
  return im.setOutput(
      0, im.broadcastGeneric({x}, *s, Importer::tensorType(x).getElementType(),
                             [](OpBuilder &, Location, ValueRange a) -> Value {
                               return a[0];
                             }));
}

} // namespace

void nnc::onnximport::registerShapeHandlers(llvm::StringMap<Handler> &m) {
  m["Shape"] = importShape;
  m["Size"] = importSize;
  m["Reshape"] = importReshape;
  m["Flatten"] = importFlatten;
  m["Transpose"] = importTranspose;
  m["Concat"] = importConcat;
  m["Split"] = importSplit;
  m["Squeeze"] = importSqueeze;
  m["Unsqueeze"] = importUnsqueeze;
  m["Slice"] = importSlice;
  m["Expand"] = importExpand;
}
