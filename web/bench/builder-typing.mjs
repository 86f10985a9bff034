// How long one keystroke takes, in Chromium, in the step settings panel of the builder with a 200-step draft open:
// from the key going down until the next animation frame after it has run (the frame that shows the letter), for `keys`
// letters typed at the end of an llm step's prompt, then of a classify step's text. Starts the demo with the debug or
// release binary, saves the draft through the API, signs in and opens it, then prints the median (min, max) per field.
// Last it reads the draft back through the API: autosave must have saved both fields as typed, or it exits non-zero.
//   PADDOCK_BIN=…/paddock node bench/builder-typing.mjs [steps=200] [keys=40]
// The figure goes into BENCHMARKS.md; no test asserts a time.
import { parse } from 'yaml';
import { rawSession, startDemo, until } from '../e2e/harness.mjs';

const steps = Number(process.argv[2] ?? 200);
const keys = Number(process.argv[3] ?? 40);

/**
 * A chain of steps with a branch every 20 steps, as in builder-page.mjs, but with model steps among the template
 * steps: a classify step (s2, s7, …) and an llm step (s3, s8, …) in every five, whose settings have text fields.
 */
function workflow(count) {
  const lines = ['apiVersion: paddock/v1', 'kind: Workflow', 'name: big', 'inputs:', '  text: { type: string, required: true }', 'steps:'];
  const categories =
    '[{ name: network, description: "Network and VPN problems" }, { name: hardware, description: "Laptops, screens, printers" }, ' +
    '{ name: access, description: "Accounts and permissions" }, { name: other, description: "Anything else" }]';
  for (let i = 1; i <= count; i++) {
    const from = i === 1 ? 'inputs.text' : `steps.s${i - 1}.output`;
    if (i % 20 === 0 && i < count) {
      lines.push(`  - id: s${i}`, '    uses: branch', '    with:', `      cases: [{ when: "{{ ${from} != '' }}", then: [s${i + 1}] }]`);
    } else if (i % 5 === 2) {
      lines.push(`  - id: s${i}`, '    uses: llm.classify', `    with: { model: builtin, text: "{{ ${from} }}", categories: ${categories} }`);
    } else if (i % 5 === 3) {
      lines.push(`  - id: s${i}`, '    uses: llm', `    with: { model: builtin, prompt: "Summarise {{ ${from} }}" }`);
    } else {
      const source = i % 20 === 1 && i > 1 ? `steps.s${i - 2}.output` : from;
      lines.push(`  - id: s${i}`, '    uses: template', `    with: { value: "{{ ${source} }} ${i}" }`);
    }
  }
  lines.push('outputs:', `  last: "{{ steps.s${count}.output }}"`);
  return lines.join('\n') + '\n';
}

/** The `keys` letters typed into each field. */
const typed = ' and more words here to type in'.repeat(Math.ceil(keys / 31)).slice(0, keys);
/** The fields typed into: the step (near the top of the canvas, so drawn), its field, and the value it starts with. */
const fields = [
  { label: 'llm prompt', step: 's3', field: 'prompt', before: 'Summarise {{ steps.s2.output }}' },
  { label: 'classify text', step: 's2', field: 'text', before: '{{ steps.s1.output }}' },
];

const demo = await startDemo();
let failed = false;
try {
  const { page } = demo;
  const builder = await rawSession(demo.baseUrl, 'builder@demo.local');
  const saved = await builder('PUT', '/api/v1/workspaces/claims/workflows/big', { definition: workflow(steps) });
  if (saved.status !== 200 && saved.status !== 201) throw new Error(`saving the draft: ${saved.status} ${saved.text}`);
  // Wide enough for the canvas and the settings panel side by side.
  await page.setViewportSize({ width: 1600, height: 1000 });
  page.setDefaultTimeout(30_000);
  await demo.signIn('builder@demo.local');
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
  await page.goto(`${demo.baseUrl}/build/claims/big`);
  await page.getByTestId('builder-node-inputs').waitFor({ timeout: 60_000 });
  await page.getByTestId('builder-no-problems').waitFor({ timeout: 60_000 });

  // Every keydown records, once the next animation frame has run, the time since the key went down: the
  // MessageChannel message runs right after that frame's rendering, so the time includes drawing the letter.
  await page.evaluate(() => {
    window.__times = [];
    document.addEventListener(
      'keydown',
      () => {
        const start = performance.now();
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => window.__times.push(performance.now() - start);
          channel.port2.postMessage(null);
        });
      },
      true,
    );
  });

  for (const { label, step, field } of fields) {
    await page.getByTestId(`builder-node-${step}`).click();
    const area = page.getByTestId(`step-field-with.${field}`).getByRole('combobox');
    await area.waitFor();
    await area.click();
    await page.keyboard.press('Control+End');
    // Let opening the panel settle before timing.
    await page.waitForTimeout(800);
    await page.evaluate(() => (window.__times = []));
    for (const char of typed) {
      const before = await page.evaluate(() => window.__times.length);
      await page.keyboard.type(char);
      await page.waitForFunction((count) => window.__times.length > count, before);
      await page.waitForTimeout(20);
    }
    const times = (await page.evaluate(() => window.__times)).sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(
      `${steps} steps, ${label}: ${median.toFixed(1)} ms a keystroke (median of ${times.length}; min ${times[0].toFixed(1)}, max ${times.at(-1).toFixed(1)})`,
    );
    // The debounced work once typing pauses (writing out the YAML, checks, autosave) before the next field.
    await page.waitForTimeout(2500);
  }

  // Autosave has saved the latest text of both fields.
  const expected = Object.fromEntries(fields.map(({ step, field, before }) => [`${step}.${field}`, before + typed]));
  const found = {};
  const saves = async () => {
    const draft = await builder('GET', '/api/v1/workspaces/claims/workflows/big');
    if (draft.status !== 200) return false;
    const definition = parse(draft.body.definition);
    for (const { step, field } of fields) found[`${step}.${field}`] = definition.steps.find((s) => s.id === step)?.with?.[field];
    return Object.entries(expected).every(([key, value]) => found[key] === value);
  };
  try {
    await until('autosave to save the typed text', saves, 15_000);
    console.log('autosave saved the typed text of both fields');
  } catch {
    failed = true;
    console.error(`autosave did not save the typed text: expected ${JSON.stringify(expected)}, the saved draft has ${JSON.stringify(found)}`);
  }
} finally {
  await demo.stop();
}
if (failed) process.exit(1);
