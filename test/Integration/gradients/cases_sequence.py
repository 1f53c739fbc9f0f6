"""FD cases: nn.embedding (repeated indices) and the composite layers
(attention, swiglu, rnn, lstm, kmeans), whose gradients come through
nn-decompose."""
import numpy as np

from fd_case import away_from_zero, Case, randn, t, tshape


def embedding(name, indices, vocab, dim, seed=0):
    idx = np.array(indices, dtype=np.int64)
    table = randn(vocab, dim, seed=seed)
    y = tshape(idx.shape + (dim,))
    return Case(name, f"%y = nn.embedding %x0, %p0 : ({tshape(idx.shape, 'i64')}, {tshape(table.shape)}) -> {y}",
                y, [idx], [table], op="nn.embedding")


CASES = [
    Case("attention_self_bias",
         f"%y = nn.attention %x0, %x0, %x0 weights(%p0, %p1, %p2, %p3) biases(%p4, %p5, %p6, %p7) "
         f"{{num_heads = 2 : i64}} : ({t(2, 3, 4)}, {t(2, 3, 4)}, {t(2, 3, 4)}, {t(4, 4)}, {t(4, 4)}, "
         f"{t(4, 4)}, {t(4, 4)}, {t(4)}, {t(4)}, {t(4)}, {t(4)}) -> {t(2, 3, 4)}",
         t(2, 3, 4), [randn(2, 3, 4, seed=1)],
         [randn(4, 4, seed=s) * 0.5 for s in range(2, 6)] + [randn(4, seed=s) for s in range(6, 10)],
         op="nn.attention"),
    Case("attention_causal_cross",
         f"%y = nn.attention %x0, %x1, %x1 weights(%p0, %p1, %p2, %p3) "
         f"{{num_heads = 1 : i64, causal}} : ({t(1, 3, 4)}, {t(1, 3, 2)}, {t(1, 3, 2)}, {t(4, 4)}, "
         f"{t(4, 2)}, {t(4, 2)}, {t(4, 4)}) -> {t(1, 3, 4)}",
         t(1, 3, 4), [randn(1, 3, 4, seed=1), randn(1, 3, 2, seed=2)],
         [randn(4, 4, seed=3) * 0.5, randn(4, 2, seed=4), randn(4, 2, seed=5), randn(4, 4, seed=6)],
         op="nn.attention"),
    Case("swiglu",
         f"%y = nn.swiglu %x0, %p0, %p1, %p2 biases(%p3, %p4, %p5) : ({t(3, 4)}, {t(6, 4)}, {t(6, 4)}, "
         f"{t(2, 6)}, {t(6)}, {t(6)}, {t(2)}) -> {t(3, 2)}",
         t(3, 2), [randn(3, 4, seed=1)],
         [randn(6, 4, seed=2), randn(6, 4, seed=3), randn(2, 6, seed=4), randn(6, seed=5),
          randn(6, seed=6), randn(2, seed=7)], op="nn.swiglu"),
    Case("rnn_tanh_both_results",
         f"""%out, %hn = nn.rnn %x0, %p0, %p1 biases(%p2, %p3) initial(%x1) : ({t(2, 3, 4)}, {t(5, 4)}, {t(5, 5)}, {t(5)}, {t(5)}, {t(2, 5)}) -> ({t(2, 3, 5)}, {t(2, 5)})
             %hn3 = nn.reshape %hn : ({t(2, 5)}) -> {t(2, 1, 5)}
             %y = nn.mul %out, %hn3 : ({t(2, 3, 5)}, {t(2, 1, 5)}) -> {t(2, 3, 5)}""",
         t(2, 3, 5), [randn(2, 3, 4, seed=1), randn(2, 5, seed=2)],
         [randn(5, 4, seed=3) * 0.5, randn(5, 5, seed=4) * 0.5, randn(5, seed=5), randn(5, seed=6)],
         op="nn.rnn"),
    Case("rnn_relu",
         f"%y, %hn = nn.rnn %x0, %p0, %p1 {{activation = #nn.rnn_activation<relu>}} : "
         f"({t(1, 4, 3)}, {t(4, 3)}, {t(4, 4)}) -> ({t(1, 4, 4)}, {t(1, 4)})",
         t(1, 4, 4), [away_from_zero(1, 4, 3, seed=1)],
         [randn(4, 3, seed=2), randn(4, 4, seed=3) * 0.3], op="nn.rnn"),
    Case("lstm",
         f"""%out, %hn, %cn = nn.lstm %x0, %p0, %p1 biases(%p2, %p3) initial(%x1, %x2) : ({t(2, 3, 2)}, {t(12, 2)}, {t(12, 3)}, {t(12)}, {t(12)}, {t(2, 3)}, {t(2, 3)}) -> ({t(2, 3, 3)}, {t(2, 3)}, {t(2, 3)})
             %cn3 = nn.reshape %cn : ({t(2, 3)}) -> {t(2, 1, 3)}
             %y = nn.add %out, %cn3 : ({t(2, 3, 3)}, {t(2, 1, 3)}) -> {t(2, 3, 3)}""",
         t(2, 3, 3), [randn(2, 3, 2, seed=1), randn(2, 3, seed=2), randn(2, 3, seed=3)],
         [randn(12, 2, seed=4) * 0.5, randn(12, 3, seed=5) * 0.5, randn(12, seed=6), randn(12, seed=7)],
         op="nn.lstm"),
    Case("kmeans",
         f"%y = nn.kmeans %x0, %p0 {{temperature = 2.0 : f64}} : ({t(4, 3)}, {t(5, 3)}) -> {t(4, 5)}",
         t(4, 5), [randn(4, 3, seed=1)], [randn(5, 3, seed=2)], op="nn.kmeans"),
    embedding("embedding_repeated", [[1, 3, 1, 5], [0, 1, 3, 3]], 6, 3, seed=40),
    embedding("embedding_1d", [2, 2, 0, 3, 2], 4, 2, seed=41),
]
