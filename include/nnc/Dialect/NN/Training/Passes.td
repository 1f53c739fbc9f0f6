//===- Passes.td - training passes ---------------------------*- tablegen -*-===//
//
// From a model to the entries of a trainer: the loss appended to the
// output, the backward graph, and one optimizer step.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_DIALECT_NN_TRAINING_PASSES_TD
#define NNC_DIALECT_NN_TRAINING_PASSES_TD

include "mlir/Pass/PassBase.td"

def NNAppendLoss : Pass<"nn-append-loss", "mlir::ModuleOp"> {
  let summary = "Append a loss to a function's output: @f(x...) -> y becomes "
                "@f(x..., target) -> loss";
  let description = [{
    The function (`function`, default: the only public one) must return one
    float tensor. It gets one more argument, the target, named `target`
    (`nn.name`), and returns the mean loss of its output against it:

    - `cross_entropy`: `nn.cross_entropy` of logits `[B, C]` and int64
      class labels `[B]`;
    - `mse`: `nn.mse`, a float target shaped like the output;
    - `bce_with_logits`: `nn.bce_with_logits`, the same.

    `nnc-translate --train --loss=<kind>` runs it before
    `nn-derive-backward`.
  }];
  let options = [
    Option<"loss", "loss", "::nnc::nn::TrainingLoss",
           /*default=*/"::nnc::nn::TrainingLoss::none",
           "The loss (required): cross_entropy, mse or bce_with_logits", [{::llvm::cl::values(
             clEnumValN(::nnc::nn::TrainingLoss::cross_entropy,
                        "cross_entropy",
                        "nn.cross_entropy of logits and int64 labels"),
             clEnumValN(::nnc::nn::TrainingLoss::mse, "mse", "nn.mse"),
             clEnumValN(::nnc::nn::TrainingLoss::bce_with_logits,
                        "bce_with_logits", "nn.bce_with_logits"))}]>,
    Option<"function", "function", "std::string", /*default=*/"\"\"",
           "The function (default: the only public function)">
  ];
  let dependentDialects = ["nnc::nn::NNDialect"];
}

def NNDeriveBackward : Pass<"nn-derive-backward", "mlir::ModuleOp"> {
  let summary = "Derive @<name>_grad (loss and gradients) and @<name>_init "
                "from a function that ends in a scalar loss";
  let description = [{
    For every public function that returns one scalar float loss (or the
    one named by `function`), adds

    - `@<name>_grad(inputs..., params..., %seed: tensor<i64>) -> (loss,
      d params..., [d inputs...])`: the forward computation followed by its
      reverse-mode derivative. The parameters are the constant weights the
      ops report through `LedgerOpInterface` (dense/conv weights and biases,
      norm scales, embedding tables, ...); they are lifted to arguments,
      named by the constant's `nn.name` attribute (the model-file importer
      sets the safetensors name) or `param<i>`, and listed in the function
      attribute `nn.parameter_names`. With `wrt-inputs`, the gradients of
      the float inputs follow. `%seed` drives dropout in training mode.
    - `@<name>_init() -> (params...)`: the initial parameter values.

    The forward in `_grad` first has its epilogues split off (dense + relu
    becomes dense, relu), and the composite layers (attention, swiglu, rnn,
    lstm, layer_norm, rms_norm, kmeans) decomposed with the nn-decompose
    patterns; every remaining op must implement `GradientOpInterface`
    (dense: dX = dY·W, dW = dYᵀ·X, db = Σ dY; the rules are in
    `lib/Dialect/NN/Gradient`). Gradients reaching a value from several uses
    are summed. The activations the backward reads are the forward's own
    values (kept, not recomputed); `recompute` makes the elementwise rules
    recompute their activation from the input instead of reading the saved
    result. In training mode (`training`, the default) `nn.dropout` draws
    its mask from a counter-based hash of the seed, the op and the element
    index; otherwise it is the identity.

    An op on the path from a parameter to the loss without a gradient rule
    is an error naming the op.
  }];
  let options = [
    Option<"function", "function", "std::string", /*default=*/"\"\"",
           "The loss function to differentiate (default: every public "
           "function returning one scalar)">,
    Option<"wrtInputs", "wrt-inputs", "bool", /*default=*/"false",
           "Also return the gradients of the float inputs">,
    Option<"recompute", "recompute", "bool", /*default=*/"false",
           "Recompute elementwise activations in the backward instead of "
           "keeping them">,
    Option<"training", "training", "bool", /*default=*/"true",
           "Dropout active (masks from %seed); otherwise the identity">
  ];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::func::FuncDialect", "nnc::nn::NNDialect"];
}

def NNBuildTrainStep : Pass<"nn-build-train-step", "mlir::ModuleOp"> {
  let summary = "Build @<name>_train_step: one optimizer step (SGD with "
                "momentum or Adam) around @<name>_grad";
  let description = [{
    Runs after `nn-derive-backward`. For every `@<name>_grad` (the function
    carrying `nn.parameter_names`), adds

    ```
    @<name>_train_step(inputs..., params..., state..., %seed: tensor<i64>,
                       %hyper: tensor<8xT>)
        -> (loss, new params..., new state...)
    ```

    whose body is the gradient computation (cloned from `@<name>_grad`)
    followed, per parameter, by one elementwise `linalg.generic` computing
    the update. `T` is the parameters' element type. The hyperparameters are
    run-time values so that one compiled trainer takes them on its command
    line: `%hyper = [lr, momentum, beta1, beta2, eps, weight_decay, l1,
    step]` (the same layout for both optimizers; an optimizer ignores the
    entries it does not use). With `g' = g + weight_decay·p + l1·sign(p)`:

    - `sgd` (PyTorch's SGD, dampening 0, no Nesterov; state: one velocity
      per parameter, zeros at the start): `v = momentum·v + g'`,
      `p = p - lr·v`.
    - `adam` (PyTorch's Adam; state: `m` then `v` per parameter, zeros at the
      start; `step` = 1 for the first update): `m = beta1·m + (1-beta1)·g'`,
      `v = beta2·v + (1-beta2)·g'²`,
      `p = p - lr/(1-beta1^step) · m / (sqrt(v)/sqrt(1-beta2^step) + eps)`.

    The new function's arguments are named (`nn.name`): the parameter names,
    `<param>.momentum_buffer` / `<param>.exp_avg` / `<param>.exp_avg_sq`,
    `seed` and `hyper`; it carries `nn.parameter_names` and
    `nn.optimizer`.
  }];
  let options = [
    Option<"optimizer", "optimizer", "::nnc::nn::Optimizer",
           /*default=*/"::nnc::nn::Optimizer::sgd",
           "The update rule: sgd (with momentum) or adam",
           [{::llvm::cl::values(
             clEnumValN(::nnc::nn::Optimizer::sgd, "sgd", "SGD with momentum"),
             clEnumValN(::nnc::nn::Optimizer::adam, "adam", "Adam"))}]>,
    Option<"function", "function", "std::string", /*default=*/"\"\"",
           "Build the step of @<function>_grad only (default: every "
           "_grad function)">
  ];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::func::FuncDialect",
                           "mlir::linalg::LinalgDialect",
                           "mlir::math::MathDialect",
                           "mlir::tensor::TensorDialect"];
}

#endif // NNC_DIALECT_NN_TRAINING_PASSES_TD
