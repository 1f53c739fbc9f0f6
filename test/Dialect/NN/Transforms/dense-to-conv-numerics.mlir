// nn-dense-to-conv numerics against PyTorch: a LeNet (seeded PyTorch
// weights as dense_resource constants; conv 5x5 (6), relu, pool 2, conv 5x5
// (16), relu, pool 2, flatten, dense 256->120 relu, 120->84 relu, 84->10;
// and a variant ending in softmax) compiled as is, after the pass at 28x28
// (input-size=28,28 and dynamic H, W), and at 36x40, where map position
// (i, j) must equal the model on the crop input[:, :, 4i:4i+28, 4j:4j+28].
// Every comparison: max|nnc - torch| / max|torch| <= 1e-5.
// RUN: %python %S/Inputs/dense_to_conv_numerics.py nnc-opt nnc-translate %t | FileCheck %s
// CHECK-COUNT-10: ok {{.*}} max relative error
// CHECK-NOT: FAIL
