/**
 * Auto picks its backend by measuring the current model: the header says it measured, its details
 * give the figures, a reload takes them from storage instead of measuring again, and a model of
 * another size is measured anew.
 */
import { expect, test, type Page } from '@playwright/test';
import { PlaygroundPage } from './pages/playground';

/** Records every sentence the header's backend summary shows, from each page load on. */
async function recordSentences(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { backendSentences: string[] }).backendSentences = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="backend.summary"]')?.textContent;
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  return () =>
    page.evaluate(() => (window as unknown as { backendSentences: string[] }).backendSentences);
}

/** "auto measured this model (354 parameters, batch 32): wasm 27,700 samples/s, cpu 23,600, … -> wasm". */
const MEASURED_LINE =
  /^auto measured this model \(([\d,]+) parameters, batch (\d+)\)( earlier in this browser)?: (.+) -> (\w+)$/;

function parseLine(line: string) {
  const match = MEASURED_LINE.exec(line);
  if (!match) throw new Error(`not a measurement line: ${line}`);
  const [, params, batch, remembered, figures, chosen] = match;
  const rates = new Map<string, number>();
  for (const figure of figures!.split(', ')) {
    // "wasm 27,700 samples/s", "cpu 23,600", "webgpu under 64 (…)", "webgl failed (…)".
    const [backend, value] = figure.replace(' samples/s', '').replace(' under', '').split(' ');
    rates.set(backend!, Number(value!.replace(/,/g, '')) || 0);
  }
  return { params, batch, remembered: remembered !== undefined, figures, chosen: chosen!, rates };
}

// Headless Chromium offers software WebGPU and WebGL, WASM and cpu: auto measures all four.
const MEASURED_SENTENCE =
  /^Training on this computer's processor \((WebAssembly, \d+ threads?|plain JavaScript)\): measured (fastest for this model|within 5% of the fastest)$/;

test('auto measures the model, the header says what it measured, a reload remembers it', async ({
  page,
}) => {
  const sentences = await recordSentences(page);
  const playground = new PlaygroundPage(page);
  await page.goto('/#/playground');
  await expect(playground.backendSummary).toHaveText(MEASURED_SENTENCE, { timeout: 60_000 });
  expect(await sentences()).toContain('Measuring where this model trains fastest…');

  await playground.showBackendDetails();
  await expect(playground.backendMeasured).toHaveText(MEASURED_LINE);
  const first = parseLine((await playground.backendMeasured.textContent()) ?? '');
  expect(first.remembered).toBe(false);
  expect([...first.rates.keys()].sort()).toEqual(['cpu', 'wasm', 'webgl', 'webgpu']);
  // The pick runs, and is within 10% of the fastest figure measured.
  await expect(playground.backendStatus).toContainText(first.chosen);
  expect(first.rates.get(first.chosen)).toBeGreaterThanOrEqual(
    0.9 * Math.max(...first.rates.values()),
  );
  await expect(page.getByTestId('backend.reason')).toContainText(`auto: ${first.chosen} trained`);

  // The same model after a reload: the figures come from storage, with no second measurement.
  await page.reload();
  await expect(playground.backendSummary).toHaveText(MEASURED_SENTENCE, { timeout: 60_000 });
  await playground.showBackendDetails();
  const again = parseLine((await playground.backendMeasured.textContent()) ?? '');
  expect(again.remembered).toBe(true);
  expect(again.figures).toBe(first.figures);
  expect(again.chosen).toBe(first.chosen);
  expect(await sentences()).not.toContain('Measuring where this model trains fastest…');
  await playground.hideBackendDetails();

  // A model of another size has figures of its own.
  await playground.set('Layer 1 units', 256);
  await expect(playground.backendSummary).toHaveText('Measuring where this model trains fastest…');
  await expect(playground.backendSummary).toHaveText(MEASURED_SENTENCE, { timeout: 60_000 });
  await playground.showBackendDetails();
  const bigger = parseLine((await playground.backendMeasured.textContent()) ?? '');
  expect(bigger.remembered).toBe(false);
  expect(bigger.params).not.toBe(first.params);
});

test('a forced backend is not measured', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  await expect(playground.backendSummary).toHaveText(
    "Training on this computer's processor (plain JavaScript): as you chose",
  );
  await playground.showBackendDetails();
  await expect(playground.backendMeasured).toHaveCount(0);
});
