"""End-to-end cases: embedding and kmeans against PyTorch."""
import numpy as np
import torch
import torch.nn.functional as F

from e2e_case import Case, randn, rng


def kmeans_ref(x, c, temperature=1.0):
    d = ((x.unsqueeze(-2) - c) ** 2).sum(-1)
    return torch.softmax(-d / temperature, dim=-1)


ids = rng(30).integers(0, 11, size=(3, 5)).astype(np.int64)
ids1 = rng(31).integers(0, 11, size=(7,)).astype(np.int64)
table = randn(11, 6, seed=32)

CASES = [
    Case("embedding_2d_indices_dynbatch", """
func.func @main(%ids: tensor<?x5xi64>, %table: tensor<11x6xf32>) -> tensor<?x5x6xf32> {
  %0 = nn.embedding %ids, %table : (tensor<?x5xi64>, tensor<11x6xf32>) -> tensor<?x5x6xf32>
  return %0 : tensor<?x5x6xf32>
}
""", [ids, table], lambda i, t: F.embedding(i, t)),
    Case("embedding_1d_indices", """
func.func @main(%ids: tensor<7xi64>, %table: tensor<11x6xf32>) -> tensor<7x6xf32> {
  %0 = nn.embedding %ids, %table : (tensor<7xi64>, tensor<11x6xf32>) -> tensor<7x6xf32>
  return %0 : tensor<7x6xf32>
}
""", [ids1, table], lambda i, t: F.embedding(i, t)),
    Case("embedding_f64_dynamic_vocab", """
func.func @main(%ids: tensor<?x5xi64>, %table: tensor<?x6xf64>) -> tensor<?x5x6xf64> {
  %0 = nn.embedding %ids, %table : (tensor<?x5xi64>, tensor<?x6xf64>) -> tensor<?x5x6xf64>
  return %0 : tensor<?x5x6xf64>
}
""", [ids, table.astype(np.float64)], lambda i, t: F.embedding(i, t)),

    Case("kmeans_2d_dynbatch", """
func.func @main(%x: tensor<?x4xf32>, %c: tensor<3x4xf32>) -> tensor<?x3xf32> {
  %0 = nn.kmeans %x, %c : (tensor<?x4xf32>, tensor<3x4xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}
""", [randn(5, 4, seed=33), randn(3, 4, seed=34)], lambda x, c: kmeans_ref(x, c)),
    Case("kmeans_temperature", """
func.func @main(%x: tensor<5x4xf32>, %c: tensor<3x4xf32>) -> tensor<5x3xf32> {
  %0 = nn.kmeans %x, %c {temperature = 0.25 : f64} : (tensor<5x4xf32>, tensor<3x4xf32>) -> tensor<5x3xf32>
  return %0 : tensor<5x3xf32>
}
""", [randn(5, 4, seed=35), randn(3, 4, seed=36)],
         lambda x, c: kmeans_ref(x, c, 0.25)),
    Case("kmeans_far_points_stable", """
func.func @main(%x: tensor<4x2xf32>, %c: tensor<3x2xf32>) -> tensor<4x3xf32> {
  %0 = nn.kmeans %x, %c {temperature = 0.1 : f64} : (tensor<4x2xf32>, tensor<3x2xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
""", [(30 * randn(4, 2, seed=37)).astype(np.float32), randn(3, 2, seed=38)],
         lambda x, c: kmeans_ref(x, c, 0.1),
         note="distances in the hundreds over T = 0.1: exp would overflow "
              "without the max subtraction"),
    Case("kmeans_3d_dynbatch", """
func.func @main(%x: tensor<?x6x4xf32>, %c: tensor<5x4xf32>) -> tensor<?x6x5xf32> {
  %0 = nn.kmeans %x, %c {temperature = 2.0 : f64} : (tensor<?x6x4xf32>, tensor<5x4xf32>) -> tensor<?x6x5xf32>
  return %0 : tensor<?x6x5xf32>
}
""", [randn(2, 6, 4, seed=39), randn(5, 4, seed=40)],
         lambda x, c: kmeans_ref(x, c, 2.0)),
    Case("kmeans_f64", """
func.func @main(%x: tensor<5x4xf64>, %c: tensor<3x4xf64>) -> tensor<5x3xf64> {
  %0 = nn.kmeans %x, %c : (tensor<5x4xf64>, tensor<3x4xf64>) -> tensor<5x3xf64>
  return %0 : tensor<5x3xf64>
}
""", [randn(5, 4, seed=41, dtype=np.float64), randn(3, 4, seed=42, dtype=np.float64)],
         lambda x, c: kmeans_ref(x, c), rtol=1e-10),
]
