// How long the builder takes to open a 200-step workflow on the page's side: read the YAML, build the canvas graph,
// lay it out. Bundles the builder's model (TypeScript) with esbuild, then times it in Node and prints medians.
//   node bench/builder-open.mjs [steps=200] [runs=30]
// The figure goes into BENCHMARKS.md; no test asserts a time.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const steps = Number(process.argv[2] ?? 200);
const runs = Number(process.argv[3] ?? 30);
const model = join(dirname(fileURLToPath(import.meta.url)), '../src/pages/build/builder/model');

const out = mkdtempSync(join(tmpdir(), 'builder-bench-'));
const outfile = join(out, 'model.mjs');
await build({
  stdin: {
    contents: ['fixtures', 'graph', 'layout', 'parse', 'serialize'].map((file) => `export * from './${file}';`).join('\n'),
    resolveDir: model,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  // The YAML library is CommonJS inside: it may `require` Node's own modules.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  outfile,
  logLevel: 'error',
});
const { autoLayout, bigDoc, canvasGraph, parse, serialize } = await import(pathToFileURL(outfile).href);
rmSync(out, { recursive: true, force: true });

function median(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function time(what, run) {
  for (let i = 0; i < 3; i++) run(); // Warm-up: the first runs compile.
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  console.log(`${what.padEnd(34)} median ${median(times).toFixed(1).padStart(7)} ms   (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`);
}

const doc = bigDoc(steps);
const text = serialize(doc);
console.log(`${steps} steps, ${text.length} characters of YAML, ${runs} runs each; Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}`);
time('open: parse + graph + layout', () => {
  const result = parse(text);
  if ('error' in result) throw new Error(result.error);
  autoLayout(canvasGraph(result.doc));
});
time('  parse (YAML → doc)', () => parse(text));
time('  graph (nodes and edges)', () => canvasGraph(doc));
time('  layout (top to bottom)', () => autoLayout(canvasGraph(doc)));
time('serialize (doc → YAML, per change)', () => serialize(doc));
