//===- CAPITest.cpp - the C API through libnnc.so -------------------------===//
//
// Every function of nnc-c/nnc.h, used right and misused (NULL handles,
// wrong order, bad input): each returns a status, none aborts. Built as
// C++17 against the shared library users link.
//
//===----------------------------------------------------------------------===//
#include "nnc-c/nnc.h"

#include <gtest/gtest.h>

#include <dlfcn.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

const char *kRelu =
    "func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {\n"
    "  %y = nn.relu %x : tensor<1x4xf32>\n"
    "  return %y : tensor<1x4xf32>\n"
    "}\n";

struct Diagnostics {
  std::vector<std::string> errors, all;
  static void callback(void *self, nnc_severity severity, const char *loc,
                       const char *message) {
    auto *d = static_cast<Diagnostics *>(self);
    std::string text = std::string(loc) + "|" + message;
    d->all.push_back(text);
    if (severity == NNC_SEVERITY_ERROR)
      d->errors.push_back(text);
  }
};

class CAPI : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_EQ(nnc_context_create(&ctx), NNC_OK);
    ASSERT_EQ(
        nnc_context_set_diagnostic_callback(ctx, Diagnostics::callback, &diags),
        NNC_OK);
    char tmpl[] = "/tmp/nnc-capi-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir = tmpl;
  }
  void TearDown() override {
    nnc_context_destroy(ctx);
    std::string cmd = "rm -rf " + dir;
    ASSERT_EQ(std::system(cmd.c_str()), 0);
  }
  nnc_module parse(const char *text) {
    nnc_module m = nullptr;
    EXPECT_EQ(nnc_module_parse(ctx, text, std::strlen(text), &m), NNC_OK);
    return m;
  }
  static bool exists(const std::string &path) {
    return std::ifstream(path).good();
  }
  nnc_context ctx = nullptr;
  Diagnostics diags;
  std::string dir;
};

TEST(CAPIStatic, VersionAndStatusStrings) {
  EXPECT_EQ(std::strncmp(nnc_version(), "nnc ", 4), 0);
  EXPECT_STREQ(nnc_status_string(NNC_OK), "NNC_OK");
  EXPECT_STREQ(nnc_status_string(NNC_UNSUPPORTED), "NNC_UNSUPPORTED");
  EXPECT_STREQ(nnc_status_string(static_cast<nnc_status>(99)),
               "unknown nnc_status");
  nnc_free(nullptr);
}

TEST(CAPIStatic, NullHandlesAreRefused) {
  nnc_module m = nullptr;
  char *text = nullptr;
  void *data = nullptr;
  size_t size = 0;
  EXPECT_EQ(nnc_context_create(nullptr), NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_options_create(nullptr), NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_context_set_diagnostic_callback(nullptr, nullptr, nullptr),
            NNC_INVALID_ARGUMENT);
  EXPECT_STREQ(nnc_context_last_error(nullptr), "");
  EXPECT_EQ(nnc_module_parse(nullptr, kRelu, std::strlen(kRelu), &m),
            NNC_INVALID_ARGUMENT);
  EXPECT_EQ(
      nnc_module_import_file(nullptr, "x.onnx", NNC_INPUT_AUTO, nullptr, &m),
      NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_module_import_buffer(nullptr, "", 0, "x", NNC_INPUT_AUTO,
                                     nullptr, &m),
            NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_module_run_passes(nullptr, "canonicalize"),
            NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_module_print(nullptr, &text, &size), NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_module_ledger_json(nullptr, &text, &size),
            NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_module_signature_json(nullptr, nullptr, &text, &size),
            NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_module_compile(nullptr, nullptr, NNC_EMIT_OBJECT, "x.o"),
            NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_module_compile_to_buffer(nullptr, nullptr, NNC_EMIT_LLVM_IR,
                                         &data, &size),
            NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_options_set_target(nullptr, "", "", ""), NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_options_set_opt_level(nullptr, 2), NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_options_set_name(nullptr, "m"), NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_options_set_entry(nullptr, "main"), NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_options_set_num_threads(nullptr, 1), NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_options_set_dynamic_batch(nullptr, 1), NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_options_set_check_values(nullptr, 1), NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_options_set_train(nullptr, 1, nullptr, nullptr),
            NNC_INVALID_ARGUMENT);
  nnc_context_destroy(nullptr);
  nnc_module_destroy(nullptr);
  nnc_options_destroy(nullptr);
}

TEST(CAPIStatic, OptionValuesAreChecked) {
  nnc_options o = nullptr;
  ASSERT_EQ(nnc_options_create(&o), NNC_OK);
  EXPECT_EQ(nnc_options_set_opt_level(o, 4), NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_options_set_opt_level(o, -1), NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_options_set_opt_level(o, 0), NNC_OK);
  EXPECT_EQ(nnc_options_set_name(o, "my-model"), NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_options_set_name(o, "9lives"), NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_options_set_name(o, ""), NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_options_set_name(o, nullptr), NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_options_set_name(o, "my_model2"), NNC_OK);
  EXPECT_EQ(nnc_options_set_num_threads(o, -2), NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_options_set_train(o, 1, "hinge", nullptr),
            NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_options_set_train(o, 1, "mse", "rmsprop"),
            NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_options_set_train(o, 1, "mse", "adam"), NNC_OK);
  EXPECT_EQ(nnc_options_set_target(o, nullptr, "haswell", nullptr), NNC_OK);
  EXPECT_EQ(nnc_options_set_entry(o, nullptr), NNC_INVALID_ARGUMENT);
  nnc_options_destroy(o);
}

TEST_F(CAPI, ParsePrintAndPasses) {
  nnc_module m = parse(kRelu);
  ASSERT_NE(m, nullptr);
  char *text = nullptr;
  size_t size = 0;
  ASSERT_EQ(nnc_module_print(m, &text, &size), NNC_OK);
  EXPECT_NE(std::string(text, size).find("nn.relu"), std::string::npos);
  EXPECT_EQ(std::strlen(text), size);
  nnc_free(text);
  EXPECT_EQ(nnc_module_run_passes(m, "nn-fuse-bias-activation,canonicalize"),
            NNC_OK);
  EXPECT_EQ(nnc_module_run_passes(m, "builtin.module(nn-decompose)"), NNC_OK);
  EXPECT_EQ(nnc_module_run_passes(m, "no-such-pass"), NNC_PASS_FAILED);
  EXPECT_NE(std::string(nnc_context_last_error(ctx)).find("no-such-pass"),
            std::string::npos);
  // The last error is the latest call's.
  EXPECT_EQ(nnc_module_run_passes(m, "canonicalize"), NNC_OK);
  EXPECT_STREQ(nnc_context_last_error(ctx), "");
  ASSERT_EQ(nnc_module_print(m, &text, nullptr), NNC_OK);
  EXPECT_NE(std::string(text).find("nn.relu"), std::string::npos);
  nnc_free(text);
  nnc_module_destroy(m);
}

TEST_F(CAPI, ParseErrorsReachTheCallbackWithTheirLocation) {
  nnc_module m = reinterpret_cast<nnc_module>(1);
  const char *bad = "func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {\n"
                    "  %y = nn.relu %x %x : tensor<4xf32>\n}\n";
  EXPECT_EQ(nnc_module_parse(ctx, bad, std::strlen(bad), &m),
            NNC_IMPORT_FAILED);
  EXPECT_EQ(m, nullptr);
  ASSERT_FALSE(diags.errors.empty());
  EXPECT_EQ(diags.errors[0].rfind("<buffer>.mlir:2:", 0), 0u)
      << diags.errors[0];
  EXPECT_NE(std::string(nnc_context_last_error(ctx)).find("<buffer>.mlir:2:"),
            std::string::npos);
  // A verifier error is an import failure too.
  const char *shape =
      "func.func @main(%x: tensor<2x3xf32>, %w: tensor<5x4xf32>) -> "
      "tensor<2x5xf32> {\n  %y = nn.dense %x, %w : (tensor<2x3xf32>, "
      "tensor<5x4xf32>) -> tensor<2x5xf32>\n  return %y : tensor<2x5xf32>\n}\n";
  EXPECT_EQ(nnc_module_parse(ctx, shape, std::strlen(shape), &m),
            NNC_IMPORT_FAILED);
  EXPECT_NE(std::string(nnc_context_last_error(ctx)).find("'nn.dense' op"),
            std::string::npos);
  // Not a model at all.
  EXPECT_EQ(nnc_module_import_buffer(ctx, "\x08\x01garbage", 9, "m.onnx",
                                     NNC_INPUT_AUTO, nullptr, &m),
            NNC_IMPORT_FAILED);
  EXPECT_EQ(nnc_module_import_file(ctx, "/no/such/model.json", NNC_INPUT_AUTO,
                                   nullptr, &m),
            NNC_IMPORT_FAILED);
  EXPECT_EQ(nnc_module_import_file(ctx, "x", static_cast<nnc_input_kind>(7),
                                   nullptr, &m),
            NNC_INVALID_ARGUMENT);
}

TEST_F(CAPI, ModelFileFromPathAndBuffer) {
  std::string path = NNC_SOURCE_DIR "/examples/models/dense.json";
  nnc_module a = nullptr, b = nullptr;
  ASSERT_EQ(
      nnc_module_import_file(ctx, path.c_str(), NNC_INPUT_AUTO, nullptr, &a),
      NNC_OK);
  std::stringstream json;
  json << std::ifstream(path).rdbuf();
  std::string text = json.str();
  ASSERT_EQ(nnc_module_import_buffer(ctx, text.data(), text.size(),
                                     path.c_str(), NNC_INPUT_MODEL_FILE,
                                     nullptr, &b),
            NNC_OK);
  char *ta = nullptr, *tb = nullptr;
  ASSERT_EQ(nnc_module_print(a, &ta, nullptr), NNC_OK);
  ASSERT_EQ(nnc_module_print(b, &tb, nullptr), NNC_OK);
  EXPECT_STREQ(ta, tb);
  nnc_free(ta);
  nnc_free(tb);
  char *ledger = nullptr;
  ASSERT_EQ(nnc_module_ledger_json(a, &ledger, nullptr), NNC_OK);
  EXPECT_NE(std::string(ledger).find("\"functions\""), std::string::npos);
  EXPECT_NE(std::string(ledger).find("nn.dense"), std::string::npos);
  nnc_free(ledger);
  nnc_module_destroy(a);
  nnc_module_destroy(b);
}

TEST_F(CAPI, DynamicBatchAndUncheckedValues) {
  std::string path = NNC_SOURCE_DIR "/examples/models/embedding.json";
  nnc_options o = nullptr;
  ASSERT_EQ(nnc_options_create(&o), NNC_OK);
  ASSERT_EQ(nnc_options_set_dynamic_batch(o, 1), NNC_OK);
  ASSERT_EQ(nnc_options_set_check_values(o, 0), NNC_OK);
  nnc_module m = nullptr;
  ASSERT_EQ(nnc_module_import_file(ctx, path.c_str(), NNC_INPUT_AUTO, o, &m),
            NNC_OK);
  char *json = nullptr;
  ASSERT_EQ(nnc_module_signature_json(m, o, &json, nullptr), NNC_OK);
  EXPECT_NE(std::string(json).find("\"shape\":[-1,"), std::string::npos)
      << json;
  nnc_free(json);
  // Without the checks, the library has no report site left.
  void *ir = nullptr;
  size_t size = 0;
  ASSERT_EQ(nnc_module_compile_to_buffer(m, o, NNC_EMIT_LLVM_IR, &ir, &size),
            NNC_OK);
  EXPECT_EQ(std::string(static_cast<char *>(ir), size).find("nnc_check_failed"),
            std::string::npos);
  nnc_free(ir);
  ASSERT_EQ(nnc_options_set_check_values(o, 1), NNC_OK);
  ASSERT_EQ(nnc_module_compile_to_buffer(m, o, NNC_EMIT_LLVM_IR, &ir, &size),
            NNC_OK);
  EXPECT_NE(std::string(static_cast<char *>(ir), size).find("nnc_check_failed"),
            std::string::npos);
  nnc_free(ir);
  nnc_options_destroy(o);
  nnc_module_destroy(m);
}

TEST_F(CAPI, SignatureJSON) {
  nnc_module m = parse(kRelu);
  nnc_options o = nullptr;
  ASSERT_EQ(nnc_options_create(&o), NNC_OK);
  ASSERT_EQ(nnc_options_set_name(o, "relu4"), NNC_OK);
  char *json = nullptr;
  ASSERT_EQ(nnc_module_signature_json(m, o, &json, nullptr), NNC_OK);
  EXPECT_STREQ(json, "{\"inputs\":[{\"dtype\":\"float32\",\"name\":\"in0\","
                     "\"shape\":[1,4]}],\"name\":\"relu4\",\"outputs\":[{"
                     "\"dtype\":\"float32\",\"name\":\"out0\",\"shape\":[1,4]"
                     "}]}");
  nnc_free(json);
  ASSERT_EQ(nnc_options_set_entry(o, "nope"), NNC_OK);
  EXPECT_EQ(nnc_module_signature_json(m, o, &json, nullptr),
            NNC_COMPILE_FAILED);
  EXPECT_NE(std::string(nnc_context_last_error(ctx)).find("@nope not found"),
            std::string::npos);
  // The diagnostic is the message, without a dump of the module.
  for (const std::string &d : diags.all)
    EXPECT_EQ(d.find("func.func"), std::string::npos) << d;
  nnc_options_destroy(o);
  nnc_module_destroy(m);
}

TEST_F(CAPI, CompileASharedLibraryAndRunIt) {
  nnc_module m = parse(kRelu);
  nnc_options o = nullptr;
  ASSERT_EQ(nnc_options_create(&o), NNC_OK);
  ASSERT_EQ(nnc_options_set_num_threads(o, 1), NNC_OK);
  std::string lib = dir + "/librelu.so";
  ASSERT_EQ(nnc_module_compile(m, o, NNC_EMIT_SHARED_LIBRARY, lib.c_str()),
            NNC_OK)
      << nnc_context_last_error(ctx);
  EXPECT_TRUE(exists(dir + "/relu.h"));
  // A parsed module's default C name is "model"; an output file's name
  // gives another.
  char *sig = nullptr;
  ASSERT_EQ(nnc_module_signature_json(m, nullptr, &sig, nullptr), NNC_OK);
  EXPECT_NE(std::string(sig).find("\"name\":\"model\""), std::string::npos);
  nnc_free(sig);
  void *handle = dlopen(lib.c_str(), RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(handle, nullptr) << dlerror();
  using Run = int (*)(const float *, float *);
  auto run = reinterpret_cast<Run>(dlsym(handle, "relu_run"));
  ASSERT_NE(run, nullptr);
  float x[4] = {-1, 2, -3, 4}, y[4] = {9, 9, 9, 9};
  EXPECT_EQ(run(x, y), 0);
  EXPECT_EQ(y[0], 0.0f);
  EXPECT_EQ(y[1], 2.0f);
  EXPECT_EQ(y[2], 0.0f);
  EXPECT_EQ(y[3], 4.0f);
  dlclose(handle);
  // The module is unchanged: it compiles again, to another kind.
  std::string exe = dir + "/relu";
  EXPECT_EQ(nnc_module_compile(m, nullptr, NNC_EMIT_EXECUTABLE, exe.c_str()),
            NNC_OK);
  EXPECT_EQ(access(exe.c_str(), X_OK), 0);
  std::string st = dir + "/libr.a";
  EXPECT_EQ(nnc_module_compile(m, o, NNC_EMIT_STATIC_LIBRARY, st.c_str()),
            NNC_OK);
  EXPECT_TRUE(exists(dir + "/r.h"));
  nnc_options_destroy(o);
  nnc_module_destroy(m);
  EXPECT_TRUE(diags.errors.empty());
}

TEST_F(CAPI, CompileToBuffer) {
  nnc_module m = parse(kRelu);
  nnc_options o = nullptr;
  ASSERT_EQ(nnc_options_create(&o), NNC_OK);
  ASSERT_EQ(nnc_options_set_target(o, nullptr, "haswell", nullptr), NNC_OK);
  void *data = nullptr;
  size_t size = 0;
  ASSERT_EQ(nnc_module_compile_to_buffer(m, o, NNC_EMIT_LLVM_IR, &data, &size),
            NNC_OK);
  std::string ir(static_cast<char *>(data), size);
  EXPECT_NE(ir.find("define"), std::string::npos);
  EXPECT_NE(ir.find("\"target-cpu\"=\"haswell\""), std::string::npos);
  nnc_free(data);
  ASSERT_EQ(nnc_module_compile_to_buffer(m, o, NNC_EMIT_OBJECT, &data, &size),
            NNC_OK);
  ASSERT_GT(size, 4u);
  EXPECT_EQ(std::memcmp(data,
                        "\x7f"
                        "ELF",
                        4),
            0);
  nnc_free(data);
  nnc_options_destroy(o);
  nnc_module_destroy(m);
}

TEST_F(CAPI, UnsupportedAndWrongOrder) {
  nnc_module m = parse(kRelu);
  void *data = reinterpret_cast<void *>(1);
  size_t size = 7;
  EXPECT_EQ(
      nnc_module_compile_to_buffer(m, nullptr, NNC_EMIT_PTX, &data, &size),
      NNC_UNSUPPORTED);
  EXPECT_EQ(data, nullptr);
  EXPECT_EQ(size, 0u);
  EXPECT_NE(std::string(nnc_context_last_error(ctx)).find("GPU"),
            std::string::npos);
  EXPECT_EQ(nnc_module_compile(m, nullptr, static_cast<nnc_emit_kind>(42), "x"),
            NNC_INVALID_ARGUMENT);
  EXPECT_EQ(nnc_module_compile(m, nullptr, NNC_EMIT_OBJECT, ""),
            NNC_INVALID_ARGUMENT);
  std::string noDir = dir + "/no/such/dir/m.o";
  EXPECT_EQ(nnc_module_compile(m, nullptr, NNC_EMIT_OBJECT, noDir.c_str()),
            NNC_COMPILE_FAILED);
  // Lowered to the LLVM dialect, the module has no function left to compile.
  ASSERT_EQ(nnc_module_run_passes(m, "nnc-cpu-pipeline"), NNC_OK);
  std::string obj = dir + "/m.o";
  EXPECT_EQ(nnc_module_compile(m, nullptr, NNC_EMIT_OBJECT, obj.c_str()),
            NNC_COMPILE_FAILED);
  EXPECT_NE(std::string(nnc_context_last_error(ctx)).find("no public function"),
            std::string::npos);
  // A module outlives the context handle it was made in.
  nnc_context_destroy(ctx);
  ctx = nullptr;
  char *text = nullptr;
  EXPECT_EQ(nnc_module_print(m, &text, nullptr), NNC_OK);
  nnc_free(text);
  nnc_module_destroy(m);
}

} // namespace
