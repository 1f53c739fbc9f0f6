// RUN: nnc-opt %s --nnc-padded-buffers-in-place | FileCheck %s

// Values inserted into the interior of a padded buffer (an alloc_tensor,
// filled) are computed in place: readers after the insertion read the
// interior, and a value inserted through a reshape is computed in the
// reshaped interior.

#id = affine_map<(d0, d1) -> (d0, d1)>
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>

// The residual reader of %r reads the padded buffer's interior.
// CHECK-LABEL: func.func @later_reader(
// CHECK: %[[R:.*]] = linalg.generic
// CHECK: %[[P:.*]] = tensor.insert_slice %[[R]] into %{{.*}}[1, 1] [4, 8] [1, 1]
// CHECK: %[[IN:.*]] = tensor.extract_slice %[[P]][1, 1] [4, 8] [1, 1] : tensor<6x10xf32> to tensor<4x8xf32>
// CHECK: arith.addf %[[IN]], %[[IN]]
func.func @later_reader(%x: tensor<4x8xf32>) -> (tensor<6x10xf32>, tensor<4x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %buf = bufferization.alloc_tensor() : tensor<6x10xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%buf : tensor<6x10xf32>) -> tensor<6x10xf32>
  %e = tensor.empty() : tensor<4x8xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<4x8xf32>
  %p = tensor.insert_slice %r into %fill[1, 1] [4, 8] [1, 1] : tensor<4x8xf32> into tensor<6x10xf32>
  %s = arith.addf %r, %r : tensor<4x8xf32>
  return %p, %s : tensor<6x10xf32>, tensor<4x8xf32>
}

// A result computed in [2][2][8] and collapsed to [4][8] is computed in the
// interior expanded to [2][2][8].
// CHECK-LABEL: func.func @through_reshape(
// CHECK: %[[FILL:.*]] = linalg.fill
// CHECK: %[[IN:.*]] = tensor.extract_slice %[[FILL]][1, 1] [4, 8] [1, 1] : tensor<6x10xf32> to tensor<4x8xf32>
// CHECK: %[[OUT:.*]] = tensor.expand_shape %[[IN]] {{\[\[}}0, 1], [2]] output_shape [2, 2, 8] : tensor<4x8xf32> into tensor<2x2x8xf32>
// CHECK: %[[R:.*]] = linalg.generic {{.*}} outs(%[[OUT]] : tensor<2x2x8xf32>)
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[R]]
// CHECK: tensor.insert_slice %[[C]] into %[[FILL]][1, 1] [4, 8] [1, 1]
func.func @through_reshape(%x: tensor<2x2x8xf32>) -> tensor<6x10xf32> {
  %zero = arith.constant 0.0 : f32
  %buf = bufferization.alloc_tensor() : tensor<6x10xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%buf : tensor<6x10xf32>) -> tensor<6x10xf32>
  %e = tensor.empty() : tensor<2x2x8xf32>
  %r = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%x : tensor<2x2x8xf32>) outs(%e : tensor<2x2x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<2x2x8xf32>
  %c = tensor.collapse_shape %r [[0, 1], [2]] : tensor<2x2x8xf32> into tensor<4x8xf32>
  %p = tensor.insert_slice %c into %fill[1, 1] [4, 8] [1, 1] : tensor<4x8xf32> into tensor<6x10xf32>
  return %p : tensor<6x10xf32>
}

// Tiled without threads, the result is an scf.for's: its init becomes the
// expanded interior.
// CHECK-LABEL: func.func @loop_through_reshape(
// CHECK: %[[FILL:.*]] = linalg.fill
// CHECK: %[[IN:.*]] = tensor.extract_slice %[[FILL]][1, 1] [4, 8] [1, 1] : tensor<6x10xf32> to tensor<4x8xf32>
// CHECK: %[[OUT:.*]] = tensor.expand_shape %[[IN]] {{\[\[}}0, 1], [2]] output_shape [2, 2, 8] : tensor<4x8xf32> into tensor<2x2x8xf32>
// CHECK: scf.for %{{.*}} iter_args(%{{.*}} = %[[OUT]]) -> (tensor<2x2x8xf32>)
func.func @loop_through_reshape(%x: tensor<2x2x8xf32>) -> tensor<6x10xf32> {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %buf = bufferization.alloc_tensor() : tensor<6x10xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%buf : tensor<6x10xf32>) -> tensor<6x10xf32>
  %e = tensor.empty() : tensor<2x2x8xf32>
  %r = scf.for %i = %c0 to %c2 step %c1 iter_args(%acc = %e) -> (tensor<2x2x8xf32>) {
    %xi = tensor.extract_slice %x[%i, 0, 0] [1, 2, 8] [1, 1, 1] : tensor<2x2x8xf32> to tensor<1x2x8xf32>
    %oi = tensor.extract_slice %acc[%i, 0, 0] [1, 2, 8] [1, 1, 1] : tensor<2x2x8xf32> to tensor<1x2x8xf32>
    %ri = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%xi : tensor<1x2x8xf32>) outs(%oi : tensor<1x2x8xf32>) {
    ^bb0(%in: f32, %out: f32):
      %m = arith.maximumf %in, %zero : f32
      linalg.yield %m : f32
    } -> tensor<1x2x8xf32>
    %next = tensor.insert_slice %ri into %acc[%i, 0, 0] [1, 2, 8] [1, 1, 1] : tensor<1x2x8xf32> into tensor<2x2x8xf32>
    scf.yield %next : tensor<2x2x8xf32>
  }
  %c = tensor.collapse_shape %r [[0, 1], [2]] : tensor<2x2x8xf32> into tensor<4x8xf32>
  %p = tensor.insert_slice %c into %fill[1, 1] [4, 8] [1, 1] : tensor<4x8xf32> into tensor<6x10xf32>
  return %p : tensor<6x10xf32>
}

// Not a padded buffer (a plain tensor.empty destination): left alone.
// CHECK-LABEL: func.func @not_padded(
// CHECK-NOT: tensor.extract_slice
// CHECK: return
func.func @not_padded(%x: tensor<4x8xf32>, %d: tensor<6x10xf32>) -> (tensor<6x10xf32>, tensor<4x8xf32>) {
  %p = tensor.insert_slice %x into %d[1, 1] [4, 8] [1, 1] : tensor<4x8xf32> into tensor<6x10xf32>
  %s = arith.addf %x, %x : tensor<4x8xf32>
  return %p, %s : tensor<6x10xf32>, tensor<4x8xf32>
}
