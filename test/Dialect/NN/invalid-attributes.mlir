// RUN: nnc-opt %s --split-input-file --verify-diagnostics

// The nn dialect's discardable attributes are checked wherever they are.
// expected-error @+1 {{argument 0: 'nn.name' must be a string, got 3 : i64}}
func.func @arg_name(%x: tensor<2xf32> {nn.name = 3}) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}

// -----

// expected-error @+1 {{result 0: 'nn.name' must be a string}}
func.func @result_name(%x: tensor<2xf32>) -> (tensor<2xf32> {nn.name = [1]}) {
  return %x : tensor<2xf32>
}

// -----

// expected-error @+1 {{'nn.parameter_names' must be an array of strings, got [1, "b"]}}
func.func @names(%x: tensor<2xf32>) -> tensor<2xf32> attributes {nn.parameter_names = [1, "b"]} {
  return %x : tensor<2xf32>
}

// -----

// expected-error @+1 {{'nn.optimizer' must be "sgd" or "adam", got "rmsprop"}}
func.func @optimizer(%x: tensor<2xf32>) -> tensor<2xf32> attributes {nn.optimizer = "rmsprop"} {
  return %x : tensor<2xf32>
}

// -----

func.func @unknown(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{unknown attribute 'nn.nmae' of the nn dialect (expected nn.name, nn.parameter_names or nn.optimizer)}}
  %c = arith.constant {nn.nmae = "w"} dense<1.0> : tensor<2xf32>
  return %c : tensor<2xf32>
}

// -----

// Well-formed ones verify.
func.func @good(%x: tensor<2xf32> {nn.name = "x"}) -> (tensor<2xf32> {nn.name = "y"}) attributes {nn.parameter_names = ["w"], nn.optimizer = "adam"} {
  %c = arith.constant {nn.name = "w"} dense<1.0> : tensor<2xf32>
  %y = nn.add %x, %c : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}
