// How long the builder page takes, in Chromium, to open a 200-step draft: from navigation until the canvas is drawn
// and the live checks (format, and policy for dev and the next environment) have answered. Starts the demo
// with the debug or release binary, saves the draft through the API, then opens it `runs` times and prints the median.
//   PADDOCK_BIN=…/paddock node bench/builder-page.mjs [steps=200] [runs=10]
// The figure goes into BENCHMARKS.md; no test asserts a time.
import { rawSession, startDemo } from '../e2e/harness.mjs';

const steps = Number(process.argv[2] ?? 200);
const runs = Number(process.argv[3] ?? 10);

/** A chain of template steps with a branch every 20 steps: what a large real workflow looks like to the canvas. */
function workflow(count) {
  const lines = ['apiVersion: paddock/v1', 'kind: Workflow', 'name: big', 'inputs:', '  text: { type: string, required: true }', 'steps:'];
  for (let i = 1; i <= count; i++) {
    const from = i === 1 ? 'inputs.text' : `steps.s${i - 1}.output`;
    if (i % 20 === 0 && i < count) {
      lines.push(`  - id: s${i}`, '    uses: branch', '    with:', `      cases: [{ when: "{{ ${from} != '' }}", then: [s${i + 1}] }]`);
    } else {
      const source = i % 20 === 1 && i > 1 ? `steps.s${i - 2}.output` : from;
      lines.push(`  - id: s${i}`, '    uses: template', `    with: { value: "{{ ${source} }} ${i}" }`);
    }
  }
  lines.push('outputs:', `  last: "{{ steps.s${count}.output }}"`);
  return lines.join('\n');
}

const demo = await startDemo();
try {
  const builder = await rawSession(demo.baseUrl, 'builder@demo.local');
  const saved = await builder('PUT', '/api/v1/workspaces/claims/workflows/big', { definition: workflow(steps) });
  if (saved.status !== 200 && saved.status !== 201) throw new Error(`saving the draft: ${saved.status} ${saved.text}`);
  await demo.signIn('builder@demo.local');
  await demo.page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
  const times = [];
  for (let run = 0; run < runs + 1; run++) {
    const started = performance.now();
    await demo.page.goto(`${demo.baseUrl}/build/claims/big`);
    // Nodes outside the view are not drawn on a large canvas: the Inputs node stands for the canvas being drawn.
    await demo.page.getByTestId('builder-node-inputs').waitFor({ timeout: 30_000 });
    await demo.page.getByTestId('builder-no-problems').waitFor({ timeout: 30_000 });
    // The first opening warms the browser's caches; it is not counted.
    if (run > 0) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`${steps} steps: opened and checked in ${median.toFixed(0)} ms (median of ${runs}; min ${times[0].toFixed(0)}, max ${times.at(-1).toFixed(0)})`);
} finally {
  await demo.stop();
}
