// ort_bench.js: ONNX Runtime (CPU, onnxruntime-node) latency of ONNX models.
//   node ort_bench.js THREADS REPS model.onnx input.bin shape output.bin ...
// Per model: one session with intraOpNumThreads = THREADS and
// interOpNumThreads = 1, 10 warm-up runs, then the median of REPS runs. The
// output of the first run is written to output.bin (float32, raw) for the
// caller to check. Prints one JSON line per model: {"model", "ms"}.
const ort = require('onnxruntime-node');
const fs = require('fs');

async function main() {
  const [threads, reps] = [parseInt(process.argv[2]), parseInt(process.argv[3])];
  const rest = process.argv.slice(4);
  for (let i = 0; i < rest.length; i += 4) {
    const [model, input, shapeText, output] = rest.slice(i, i + 4);
    const shape = shapeText.split(',').map(Number);
    const session = await ort.InferenceSession.create(model, {
      intraOpNumThreads: threads, interOpNumThreads: 1,
      graphOptimizationLevel: 'all'});
    const raw = fs.readFileSync(input);
    const data = new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
    const feeds = {};
    feeds[session.inputNames[0]] = new ort.Tensor('float32', data, shape);
    let result = await session.run(feeds);
    const y = result[session.outputNames[0]].data;
    fs.writeFileSync(output, Buffer.from(y.buffer, y.byteOffset, y.byteLength));
    for (let r = 0; r < 10; ++r) await session.run(feeds);
    const times = [];
    for (let r = 0; r < reps; ++r) {
      const t0 = process.hrtime.bigint();
      await session.run(feeds);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({model, ms: times[times.length >> 1]}));
  }
}
main().catch((e) => { console.error(e.message); process.exit(1); });
