// RUN: nnc-opt %s --nnc-decompose-pads | FileCheck %s

// A pad becomes a fill of the padded buffer and an insert of the interior.
// The padded buffer is created before the interior's producer, so that
// empty-tensor elimination lets the producer write into it; it is a
// bufferization.alloc_tensor, which CSE does not merge with another padded
// buffer of the same shape. An argument is copied into the interior by a
// linalg.copy (which is tiled and vectorized like any other op).

#id = affine_map<(d0, d1) -> (d0, d1)>

// Only the border is filled (the interior is overwritten): one slab above
// and one below the interior per padded dimension, each through a slice;
// two slabs one element thick are one slice, strided across the interior.
// CHECK-LABEL: func.func @producer_writes_padded(
// CHECK: %[[EMPTY:.*]] = bufferization.alloc_tensor() : tensor<6x10xf32>
// CHECK: %[[ROWS:.*]] = tensor.extract_slice %[[EMPTY]][0, 0] [2, 10] [5, 1]
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[ROWS]] : tensor<2x10xf32>)
// CHECK: %[[B2:.*]] = tensor.insert_slice %{{.*}} into %[[EMPTY]][0, 0] [2, 10] [5, 1]
// CHECK: %[[LEFT:.*]] = tensor.extract_slice %[[B2]][1, 0] [4, 2] [1, 1]
// CHECK: %[[FILL:.*]] = tensor.insert_slice %{{.*}} into %[[B2]][1, 0] [4, 2] [1, 1]
// CHECK-NOT: tensor.extract_slice %[[FILL]][1, 10]
// CHECK: %[[RELU:.*]] = linalg.generic
// CHECK: %[[Y:.*]] = tensor.insert_slice %[[RELU]] into %[[FILL]][1, 2] [4, 8] [1, 1] : tensor<4x8xf32> into tensor<6x10xf32>
// CHECK: return %[[Y]]
func.func @producer_writes_padded(%x: tensor<4x8xf32>) -> tensor<6x10xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x8xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<4x8xf32>
  %p = tensor.pad %r low[1, 2] high[1, 0] {
  ^bb0(%i: index, %j: index):
    tensor.yield %zero : f32
  } : tensor<4x8xf32> to tensor<6x10xf32>
  return %p : tensor<6x10xf32>
}

// CHECK-LABEL: func.func @padded_argument(
// CHECK: %[[BUF:.*]] = bufferization.alloc_tensor() : tensor<8x12xf32>
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x12xf32>)
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x12xf32>)
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<4x2xf32>)
// CHECK: %[[FILL:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[2, 10] [4, 2] [1, 1]
// CHECK: %[[IN:.*]] = tensor.extract_slice %[[FILL]][2, 2] [4, 8] [1, 1] : tensor<8x12xf32> to tensor<4x8xf32>
// CHECK: %[[COPY:.*]] = linalg.copy ins(%arg0 : tensor<4x8xf32>) outs(%[[IN]] : tensor<4x8xf32>)
// CHECK: tensor.insert_slice %[[COPY]] into %[[FILL]][2, 2] [4, 8] [1, 1]
func.func @padded_argument(%x: tensor<4x8xf32>) -> tensor<8x12xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %p = tensor.pad %x low[2, 2] high[2, 2] {
  ^bb0(%i: index, %j: index):
    tensor.yield %ninf : f32
  } : tensor<4x8xf32> to tensor<8x12xf32>
  return %p : tensor<8x12xf32>
}

// Padded channel planes of 32 x 32 f32 (4 KB: the same pixel of every
// channel in one L1 set) get one more row at the bottom, never read; the
// consumer reads the 32 x 32 planes through a slice. 30 x 30 planes do not.
// CHECK-LABEL: func.func @staggered_planes(
// CHECK: %[[BUF:.*]] = bufferization.alloc_tensor() : tensor<1x8x33x32xf32>
// CHECK: %[[P:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 2, 2] [1, 8, 28, 28] [1, 1, 1, 1] : tensor<1x8x28x28xf32> into tensor<1x8x33x32xf32>
// CHECK: %[[V:.*]] = tensor.extract_slice %[[P]][0, 0, 0, 0] [1, 8, 32, 32] [1, 1, 1, 1] : tensor<1x8x33x32xf32> to tensor<1x8x32x32xf32>
// CHECK: return %[[V]], %{{.*}} : tensor<1x8x32x32xf32>, tensor<1x8x30x30xf32>
// CHECK-NOT: 31x30
func.func @staggered_planes(%x: tensor<1x8x28x28xf32>) -> (tensor<1x8x32x32xf32>, tensor<1x8x30x30xf32>) {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 2, 2] high[0, 0, 2, 2] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x8x28x28xf32> to tensor<1x8x32x32xf32>
  %q = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x8x28x28xf32> to tensor<1x8x30x30xf32>
  return %p, %q : tensor<1x8x32x32xf32>, tensor<1x8x30x30xf32>
}

// An image's padded planes: the border is filled in one parallel loop over
// 8 blocks of channels, each block taken out, its rows above and below (one
// strided slice) and its columns (one strided slice) filled, and put back
// whole. The interior is the producer's, after the loop.
// CHECK-LABEL: func.func @border_in_parallel(
// CHECK: %[[BUF:.*]] = bufferization.alloc_tensor() : tensor<1x16x16x16xf32>
// CHECK: %[[B:.*]] = scf.forall (%[[I:.*]]) in (8) shared_outs(%[[OUT:.*]] = %[[BUF]])
// CHECK: %[[C:.*]] = affine.apply #{{.*}}(%[[I]])
// CHECK: %[[BLOCK:.*]] = tensor.extract_slice %[[OUT]][0, %[[C]], 0, 0] [1, 2, 16, 16] [1, 1, 1, 1]
// CHECK: %[[ROWS:.*]] = tensor.extract_slice %[[BLOCK]][0, 0, 0, 0] [1, 2, 2, 16] [1, 1, 15, 1]
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[ROWS]] : tensor<1x2x2x16xf32>)
// CHECK: %[[R:.*]] = tensor.insert_slice %{{.*}} into %[[BLOCK]][0, 0, 0, 0] [1, 2, 2, 16] [1, 1, 15, 1]
// CHECK: %[[COLS:.*]] = tensor.extract_slice %[[R]][0, 0, 1, 0] [1, 2, 14, 2] [1, 1, 1, 15]
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[COLS]] : tensor<1x2x14x2xf32>)
// CHECK: %[[RC:.*]] = tensor.insert_slice %{{.*}} into %[[R]][0, 0, 1, 0] [1, 2, 14, 2] [1, 1, 1, 15]
// CHECK: tensor.parallel_insert_slice %[[RC]] into %[[OUT]][0, %[[C]], 0, 0] [1, 2, 16, 16] [1, 1, 1, 1]
// CHECK: linalg.generic
// CHECK: tensor.insert_slice %{{.*}} into %[[B]][0, 0, 1, 1] [1, 16, 14, 14] [1, 1, 1, 1]
func.func @border_in_parallel(%x: tensor<1x16x14x14xf32>) -> tensor<1x16x16x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16x14x14xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x16x14x14xf32>) outs(%e : tensor<1x16x14x14xf32>) {
  ^bb0(%a: f32, %b: f32):
    %m = arith.maximumf %a, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x16x14x14xf32>
  %p = tensor.pad %r low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x16x14x14xf32> to tensor<1x16x16x16xf32>
  return %p : tensor<1x16x16x16xf32>
}
