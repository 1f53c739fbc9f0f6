// RUN: nnc-opt %s --nnc-cpu-lower-vectors --canonicalize | FileCheck %s

// After bufferization, vectors become what the target's registers hold: an
// outer product is one FMA per accumulator row (a broadcast of the row's A
// element times the B vector), n-D transfers are 1-D loads and stores, a
// strided read is one contiguous load and a shuffle, and a copy of a buffer
// onto itself disappears.

// CHECK-LABEL: func.func @outer_product(
// CHECK: %[[B:.*]] = vector.load %arg1[%c0] : memref<32xf32>, vector<32xf32>
// CHECK: %[[C0:.*]] = vector.load %arg2[%c0, %c0] : memref<8x32xf32>, vector<32xf32>
// CHECK-COUNT-7: vector.load %arg2[%c{{[1-7]}}, %c0] : memref<8x32xf32>, vector<32xf32>
// CHECK: %[[A0:.*]] = vector.extract %{{.*}}[0] : f32 from vector<8xf32>
// CHECK: %[[SPLAT:.*]] = vector.broadcast %[[A0]] : f32 to vector<32xf32>
// CHECK: %[[ROW0:.*]] = vector.fma %[[SPLAT]], %[[B]], %[[C0]] : vector<32xf32>
// CHECK-COUNT-7: vector.fma %{{.*}}, %[[B]], %{{.*}} : vector<32xf32>
// CHECK: vector.store %[[ROW0]], %arg2[%c0, %c0] : memref<8x32xf32>, vector<32xf32>
// CHECK-COUNT-7: vector.store
// CHECK-NOT: vector.outerproduct
// CHECK: return
func.func @outer_product(%a: memref<8xf32>, %b: memref<32xf32>, %c: memref<8x32xf32>) {
  %c0 = arith.constant 0 : index
  %cst = arith.constant 0.0 : f32
  %va = vector.transfer_read %a[%c0], %cst {in_bounds = [true]} : memref<8xf32>, vector<8xf32>
  %vb = vector.transfer_read %b[%c0], %cst {in_bounds = [true]} : memref<32xf32>, vector<32xf32>
  %acc = vector.transfer_read %c[%c0, %c0], %cst {in_bounds = [true, true]} : memref<8x32xf32>, vector<8x32xf32>
  %r = vector.outerproduct %va, %vb, %acc {kind = #vector.kind<add>} : vector<8xf32>, vector<32xf32>
  vector.transfer_write %r, %c[%c0, %c0] {in_bounds = [true, true]} : vector<8x32xf32>, memref<8x32xf32>
  return
}

// Every second element of a row: 15 contiguous elements loaded (one masked
// load of 16), 8 kept.
// CHECK-LABEL: func.func @strided_read(
// CHECK: %[[FLAT:.*]] = memref.reinterpret_cast {{.*}} sizes: [15], strides: [1]
// CHECK: %[[LOAD:.*]] = vector.maskedload %[[FLAT]][%c0], %{{.*}}, %{{.*}} : memref<15xf32, strided<[1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
// CHECK: %[[WIDE:.*]] = vector.extract_strided_slice %[[LOAD]] {offsets = [0], sizes = [15], strides = [1]}
// CHECK: %[[V:.*]] = vector.shuffle %[[WIDE]], %[[WIDE]] [0, 2, 4, 6, 8, 10, 12, 14] : vector<15xf32>, vector<15xf32>
// CHECK-NOT: memref.load
// CHECK: return %[[V]]
func.func @strided_read(%x: memref<4x32xf32>, %i: index) -> vector<8xf32> {
  %c0 = arith.constant 0 : index
  %cst = arith.constant 0.0 : f32
  %s = memref.subview %x[%i, 0] [1, 16] [1, 2] : memref<4x32xf32> to memref<16xf32, strided<[2], offset: ?>>
  %v = vector.transfer_read %s[%c0], %cst {in_bounds = [true]} : memref<16xf32, strided<[2], offset: ?>>, vector<8xf32>
  return %v : vector<8xf32>
}

// CHECK-LABEL: func.func @self_copy(
// CHECK-NEXT: return
func.func @self_copy(%x: memref<16xf32>) {
  memref.copy %x, %x : memref<16xf32> to memref<16xf32>
  return
}

// exp of an f32 vector is a polynomial (no libm call per lane).
// CHECK-LABEL: func.func @vector_exp(
// CHECK-NOT: math.exp
// CHECK: math.fma
// CHECK-NOT: math.exp
// CHECK: return
func.func @vector_exp(%x: vector<16xf32>) -> vector<16xf32> {
  %y = math.exp %x : vector<16xf32>
  return %y : vector<16xf32>
}

// A load of 14 floats (a partial vector) is one masked load of 16 with the
// last two lanes off; one whose elements are taken one by one is left.
// CHECK-LABEL: func.func @partial_load(
// CHECK: %[[ROW:.*]] = vector.maskedload %{{.*}}[%{{.*}}], %{{.*}}, %{{.*}} : memref<64xf32>, vector<16xi1>, vector<16xf32> into vector<16xf32>
// CHECK: vector.extract_strided_slice %[[ROW]] {offsets = [0], sizes = [14], strides = [1]} : vector<16xf32> to vector<14xf32>
// CHECK: vector.load %{{.*}} : memref<64xf32>, vector<14xf32>
// CHECK-NOT: vector.maskedload
// CHECK: return
func.func @partial_load(%m: memref<64xf32>, %i: index, %j: index) -> (vector<14xf32>, f32) {
  %row = vector.load %m[%i] : memref<64xf32>, vector<14xf32>
  %y = arith.addf %row, %row : vector<14xf32>
  %other = vector.load %m[%j] : memref<64xf32>, vector<14xf32>
  %e = vector.extract %other[3] : f32 from vector<14xf32>
  return %y, %e : vector<14xf32>, f32
}

// A store of 14 floats is one masked store of 16 (nothing past the 14
// written); one of 7 is left to LLVM's pieces.
// CHECK-LABEL: func.func @partial_store(
// CHECK: %[[WIDE:.*]] = vector.shuffle %{{.*}}, %{{.*}} [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 0, 0] : vector<14xf32>, vector<14xf32>
// CHECK: %[[MASK:.*]] = vector.constant_mask [14] : vector<16xi1>
// CHECK: vector.maskedstore %{{.*}}[%{{.*}}], %[[MASK]], %[[WIDE]] : memref<64xf32>, vector<16xi1>, vector<16xf32>
// CHECK: vector.store %{{.*}} : memref<64xf32>, vector<7xf32>
// CHECK: return
func.func @partial_store(%m: memref<64xf32>, %i: index, %v: vector<14xf32>, %s: vector<7xf32>) {
  vector.store %v, %m[%i] : memref<64xf32>, vector<14xf32>
  vector.store %s, %m[%i] : memref<64xf32>, vector<7xf32>
  return
}
