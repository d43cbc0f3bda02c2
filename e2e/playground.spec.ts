import { expect, test, type Page } from '@playwright/test';
import { PlaygroundPage } from './pages/playground';

/** Records main-thread long tasks (PerformanceObserver 'longtask') from page load on. */
async function watchLongTasks(page: Page) {
  await page.addInitScript(() => {
    const tasks: { start: number; duration: number }[] = [];
    (window as unknown as { longTasks: typeof tasks }).longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        tasks.push({ start: entry.startTime, duration: entry.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
  });
}

test.describe('backend selection', () => {
  test('auto does not pick the software WebGPU adapter', async ({ page }) => {
    const playground = new PlaygroundPage(page);
    await playground.open();
    // Measured, SwiftShader trains the playground's model tens of times slower than the processor.
    await expect(page.getByTestId('backend.reason')).toContainText('when measured', {
      timeout: 60_000,
    });
    await expect(playground.backendStatus).not.toContainText('webgpu');
  });

  test('?backend=webgpu forces WebGPU and shows the adapter', async ({ page }) => {
    const playground = new PlaygroundPage(page);
    await playground.open('webgpu');
    await expect(playground.backendStatus).toContainText('webgpu');
    await expect(playground.backendStatus).toContainText('google / swiftshader');
  });

  test('the backend control switches the backend and the URL follows', async ({ page }) => {
    const playground = new PlaygroundPage(page);
    await playground.open('cpu');
    await expect(playground.backendStatus).toContainText('cpu');
    await playground.choose('Backend', 'wasm');
    await expect(playground.backendStatus).toContainText('wasm');
    expect(new URL(page.url()).searchParams.get('backend')).toBe('wasm');
  });
});

test('the spiral trains on WebGPU to validation accuracy >= 0.9, drawing as it goes', async ({
  page,
}) => {
  await watchLongTasks(page);
  const playground = new PlaygroundPage(page);
  await playground.open('webgpu');
  await expect(playground.backendStatus).toContainText('webgpu');
  await expect(page.getByTestId('dataset.select')).toHaveValue('spiral');
  await playground.set('Epochs', 60);
  await expect.poll(() => playground.paintedShare('plot.data')).toBeGreaterThan(0.9);
  const untrained = await playground.snapshot('plot.data');

  const trainingStarted = await page.evaluate(() => performance.now());
  await playground.train();
  await playground.waitForEpoch(5);
  await expect(playground.status).toHaveText('running');
  // The worker sends new grid predictions during the run: the boundary moves before it ends.
  expect(await playground.snapshot('plot.data')).not.toBe(untrained);
  expect(await playground.paintedShare('chart.loss')).toBeGreaterThan(0.01);
  expect(await playground.paintedShare('chart.accuracy')).toBeGreaterThan(0.01);

  await expect(playground.status).toHaveText('done', { timeout: 200_000 });
  expect(await playground.metric('valAccuracy')).toBeGreaterThanOrEqual(0.9);
  expect(await playground.paintedShare('plot.data')).toBeGreaterThan(0.9);

  const longTasks = await page.evaluate(
    (since) =>
      (window as unknown as { longTasks: { start: number; duration: number }[] }).longTasks.filter(
        (t) => t.start >= since,
      ),
    trainingStarted,
  );
  expect(longTasks.filter((t) => t.duration > 200)).toEqual([]);

  await page.setViewportSize({ width: 1280, height: 860 });
  await page.screenshot({ path: 'docs/screenshot.png' });
});

test('pause holds the epoch still, resume continues, stop ends the run', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  await playground.set('Epochs', 10000);
  await playground.train();
  await playground.waitForEpoch(3);

  await page.getByTestId('train.pause').click();
  await expect(playground.status).toHaveText('paused');
  const held = await playground.epochNow();
  await page.waitForTimeout(1000);
  expect(await playground.epochNow()).toBe(held);

  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(playground.status).toHaveText('running');
  await playground.waitForEpoch(held + 2);

  await page.getByTestId('train.stop').click();
  await expect(playground.status).toHaveText('done');
  const stoppedAt = await playground.epochNow();
  expect(stoppedAt).toBeLessThan(10000);
  await page.waitForTimeout(500);
  expect(await playground.epochNow()).toBe(stoppedAt);
});

test('space starts and pauses training from the keyboard', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  await playground.set('Epochs', 10000);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Space');
  await expect(playground.status).toHaveText('running');
  await page.keyboard.press('Space');
  await expect(playground.status).toHaveText('paused');
});

for (const backend of ['webgl', 'wasm', 'cpu']) {
  test(`?backend=${backend} trains`, async ({ page }) => {
    const playground = new PlaygroundPage(page);
    await playground.open(backend);
    await expect(playground.backendStatus).toContainText(backend);
    await playground.trainToEnd(3, 120_000);
    expect(await playground.epochNow()).toBe(3);
    expect(Number.isFinite(await playground.metric('valLoss'))).toBe(true);
    expect(await playground.paintedShare('chart.loss')).toBeGreaterThan(0.01);
  });
}

test('an impossible setting is refused at its field', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  await playground.set('Learning rate', '1e999');
  await expect(page.getByText('Enter a number.')).toBeVisible();
  await playground.set('Batch size', 0);
  await expect(page.getByText('Enter a value from 1 to 65536.')).toBeVisible();
});

test('AdamW with weight decay and clipped gradients trains in the worker', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  const decay = page.getByTestId('train.weightDecay');
  await expect(decay).toHaveCount(0);
  await playground.choose('Optimizer', 'adamw');
  await expect(decay).toBeVisible();
  await playground.set('Weight decay', 0.01);
  await playground.set('Clip gradients (global norm)', 1);
  await playground.trainToEnd(3, 120_000);
  await expect(page.getByTestId('train.error')).toHaveCount(0);
  expect(Number.isFinite(await playground.metric('valLoss'))).toBe(true);
  // The settings are the experiment's: its autosave holds them.
  await expect
    .poll(async () => (await playground.savedExperiment())?.config)
    .toMatchObject({ optimizer: 'adamw', weightDecay: 0.01, clipNorm: 1 });
});
