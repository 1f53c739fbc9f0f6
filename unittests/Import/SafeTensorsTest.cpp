//===- SafeTensorsTest.cpp - safetensors reader and weight init ----------===//
#include "nnc/Import/SafeTensors.h"
#include "nnc/Import/ModelFile.h"

#include "llvm/Support/MemoryBuffer.h"
#include "gtest/gtest.h"

#include <cmath>
#include <cstring>

using namespace nnc;

namespace {

/// A safetensors file: 8-byte little-endian header size, header, data.
std::string makeFile(const std::string &header, const std::string &data,
                     std::optional<uint64_t> sizeOverride = std::nullopt) {
  uint64_t n = sizeOverride ? *sizeOverride : header.size();
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i)
    out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
  return out + header + data;
}

std::string floats(std::initializer_list<float> values) {
  std::string s;
  for (float f : values) {
    char b[4];
    std::memcpy(b, &f, 4);
    s.append(b, 4);
  }
  return s;
}

llvm::Expected<std::unique_ptr<SafeTensorsFile>> parse(const std::string &s) {
  return SafeTensorsFile::parse(
      llvm::MemoryBuffer::getMemBufferCopy(s, "test.safetensors"));
}

/// Parses and expects an error containing every fragment.
void expectError(const std::string &file,
                 std::initializer_list<const char *> fragments) {
  auto result = parse(file);
  ASSERT_FALSE(static_cast<bool>(result)) << "parsed a hostile file";
  std::string message = llvm::toString(result.takeError());
  for (const char *f : fragments)
    EXPECT_NE(message.find(f), std::string::npos)
        << "error '" << message << "' lacks '" << f << "'";
}

TEST(SafeTensors, ReadsTensors) {
  std::string header =
      R"({"__metadata__":{"format":"pt"},)"
      R"("a.weight":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},)"
      R"("a.bias":{"dtype":"F64","shape":[1],"data_offsets":[16,24]}})";
  double d = -2.5;
  std::string data = floats({1, 2, 3, 4});
  data.append(reinterpret_cast<const char *>(&d), 8);
  auto file = parse(makeFile(header, data));
  ASSERT_TRUE(static_cast<bool>(file)) << llvm::toString(file.takeError());
  EXPECT_EQ((*file)->size(), 2u);
  const SafeTensor *w = (*file)->lookup("a.weight");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->shape, (llvm::SmallVector<int64_t>{2, 2}));
  EXPECT_EQ(w->toDoubles(), (std::vector<double>{1, 2, 3, 4}));
  const SafeTensor *b = (*file)->lookup("a.bias");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->toDoubles(), std::vector<double>{-2.5});
  EXPECT_EQ((*file)->lookup("missing"), nullptr);
}

TEST(SafeTensors, ScalarAndEmpty) {
  std::string header =
      R"({"s":{"dtype":"F32","shape":[],"data_offsets":[0,4]},)"
      R"("e":{"dtype":"F32","shape":[0,3],"data_offsets":[4,4]}})";
  auto file = parse(makeFile(header, floats({7})));
  ASSERT_TRUE(static_cast<bool>(file)) << llvm::toString(file.takeError());
  EXPECT_EQ((*file)->lookup("s")->toDoubles(), std::vector<double>{7});
  EXPECT_EQ((*file)->lookup("e")->getNumElements(), 0);
}

TEST(SafeTensors, TooShort) { expectError("abc", {"shorter than"}); }

TEST(SafeTensors, HeaderSizeTooBig) {
  expectError(makeFile("{}", "", uint64_t(1000)), {"header size 1000"});
  expectError(makeFile("{}", "", ~uint64_t(0)), {"exceeds"});
}

TEST(SafeTensors, BadJson) {
  expectError(makeFile("{\"a\": [1, 2", ""), {"not valid JSON"});
  expectError(makeFile("[1, 2]", ""), {"not a JSON object"});
}

TEST(SafeTensors, DeepNesting) {
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  expectError(makeFile(deep, ""), {"nests"});
}

TEST(SafeTensors, OffsetsPastEnd) {
  expectError(
      makeFile(R"({"t":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})",
               floats({1, 2})),
      {"tensor 't'", "data_offsets", "past the end"});
}

TEST(SafeTensors, WrongLength) {
  expectError(
      makeFile(R"({"t":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})",
               floats({1, 2})),
      {"tensor 't'", "data_offsets", "need 12"});
}

TEST(SafeTensors, BeginAfterEnd) {
  expectError(
      makeFile(R"({"t":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}})",
               floats({1, 2})),
      {"tensor 't'", "begin > end"});
}

TEST(SafeTensors, BadDType) {
  expectError(
      makeFile(R"({"t":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}})",
               floats({1})),
      {"tensor 't'", "dtype", "F33"});
  expectError(makeFile(R"({"t":{"dtype":4,"shape":[1],"data_offsets":[0,4]}})",
                       floats({1})),
              {"tensor 't'", "dtype", "not a string"});
}

TEST(SafeTensors, BadShape) {
  expectError(
      makeFile(R"({"t":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})",
               floats({1})),
      {"tensor 't'", "shape"});
  expectError(
      makeFile(R"({"t":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}})",
               floats({1})),
      {"tensor 't'", "shape"});
  // Element count overflow.
  expectError(makeFile(R"({"t":{"dtype":"F32","shape":[4294967296,)"
                       R"(4294967296,16],"data_offsets":[0,4]}})",
                       floats({1})),
              {"tensor 't'", "shape", "overflow"});
}

TEST(SafeTensors, MissingAndUnknownFields) {
  expectError(makeFile(R"({"t":{"dtype":"F32","shape":[1]}})", floats({1})),
              {"tensor 't'", "data_offsets", "missing"});
  expectError(
      makeFile(R"({"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4],)"
               R"("x":1}})",
               floats({1})),
      {"tensor 't'", "'x'", "unknown"});
  expectError(makeFile(R"({"t":5})", ""), {"tensor 't'", "not an object"});
  expectError(
      makeFile(R"({"t":{"dtype":"F32","shape":[1],"data_offsets":[0]}})",
               floats({1})),
      {"tensor 't'", "data_offsets"});
}

TEST(SafeTensors, Overlap) {
  expectError(
      makeFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
               R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
               floats({1, 2, 3})),
      {"overlaps"});
}

// Weight initialization: statistics and determinism.
struct Stats {
  double mean, stddev, min, max;
};
Stats stats(const std::vector<double> &v) {
  Stats s{0, 0, v[0], v[0]};
  for (double x : v) {
    s.mean += x;
    s.min = std::min(s.min, x);
    s.max = std::max(s.max, x);
  }
  s.mean /= v.size();
  for (double x : v)
    s.stddev += (x - s.mean) * (x - s.mean);
  s.stddev = std::sqrt(s.stddev / v.size());
  return s;
}

TEST(Init, XavierUniform) {
  int64_t fanIn = 300, fanOut = 100;
  InitDistribution d =
      getWeightDistribution(InitScheme::XavierUniform, fanIn, fanOut);
  double bound = std::sqrt(6.0 / (fanIn + fanOut));
  Stats s = stats(drawInit(d, 200000, 1, "fc.weight"));
  EXPECT_GE(s.min, -bound);
  EXPECT_LE(s.max, bound);
  EXPECT_NEAR(s.mean, 0.0, 0.01 * bound);
  EXPECT_NEAR(s.stddev, bound / std::sqrt(3.0), 0.01 * bound);
  EXPECT_GT(s.max, 0.99 * bound);
}

TEST(Init, KaimingNormal) {
  InitDistribution d = getWeightDistribution(InitScheme::KaimingNormal, 50, 7);
  double sd = std::sqrt(2.0 / 50);
  Stats s = stats(drawInit(d, 200001, 3, "conv.weight"));
  EXPECT_NEAR(s.mean, 0.0, 0.01 * sd);
  EXPECT_NEAR(s.stddev, sd, 0.01 * sd);
}

TEST(Init, LecunAndPyTorch) {
  InitDistribution l = getWeightDistribution(InitScheme::LecunNormal, 64, 1);
  Stats s = stats(drawInit(l, 100000, 0, "x"));
  EXPECT_NEAR(s.stddev, 1.0 / 8.0, 0.002);
  InitDistribution p = getWeightDistribution(InitScheme::PyTorch, 16, 1);
  Stats t = stats(drawInit(p, 100000, 0, "x"));
  EXPECT_GE(t.min, -0.25);
  EXPECT_LE(t.max, 0.25);
  EXPECT_NEAR(t.stddev, 0.25 / std::sqrt(3.0), 0.002);
  InitDistribution lu = getWeightDistribution(InitScheme::LecunUniform, 12, 1);
  EXPECT_DOUBLE_EQ(lu.b, 0.5);
  InitDistribution ku = getWeightDistribution(InitScheme::KaimingUniform, 6, 1);
  EXPECT_DOUBLE_EQ(ku.b, 1.0);
}

TEST(Init, DeterministicPerNameAndSeed) {
  InitDistribution d = InitDistribution::normal(1.0);
  EXPECT_EQ(drawInit(d, 100, 42, "a.weight"), drawInit(d, 100, 42, "a.weight"));
  EXPECT_NE(drawInit(d, 100, 42, "a.weight"), drawInit(d, 100, 43, "a.weight"));
  EXPECT_NE(drawInit(d, 100, 42, "a.weight"), drawInit(d, 100, 42, "b.weight"));
  // A prefix of a longer draw is the shorter draw.
  std::vector<double> longer = drawInit(d, 101, 42, "a.weight");
  std::vector<double> shorter = drawInit(d, 100, 42, "a.weight");
  EXPECT_TRUE(std::equal(shorter.begin(), shorter.end(), longer.begin()));
  std::vector<double> c = drawInit(InitDistribution::constant(1.5), 5, 0, "c");
  EXPECT_EQ(c, std::vector<double>(5, 1.5));
}

TEST(Init, SchemeNames) {
  EXPECT_EQ(parseInitScheme("he_normal"), InitScheme::KaimingNormal);
  EXPECT_EQ(parseInitScheme("xavier_uniform"), InitScheme::XavierUniform);
  EXPECT_EQ(parseInitScheme("pytorch"), InitScheme::PyTorch);
  EXPECT_EQ(parseInitScheme("nope"), std::nullopt);
}

} // namespace
