/**
 * A GPU lost during training (here a WebGL context lost for real through WEBGL_lose_context) is
 * reported, and the run goes on to its end on the next backend from its last checkpoint.
 */
import { expect, test } from '@playwright/test';
import { PlaygroundPage } from './pages/playground';

test('a WebGL context lost during training is reported and the run goes on', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await page.goto('/?backend=webgl&testHooks=1#/playground');
  await expect(playground.backendStatus).toContainText('webgl');
  await expect(page.getByTestId('train.start')).toBeEnabled();
  await playground.set('Epochs', 12);
  await playground.set('Batch size', 64);
  await playground.train();
  await playground.waitForEpoch(3);

  await page.evaluate(() => window.gradlabTest?.loseGpuContext());
  const note = page.getByTestId('train.backendLost');
  await expect(note).toBeVisible({ timeout: 30_000 });
  await expect(note).toContainText(/WebGL/i);
  await expect(playground.backendStatus).not.toContainText('webgl');
  await expect(playground.status).toHaveText('done', { timeout: 120_000 });
  expect(await playground.epochNow()).toBe(12);
  expect(Number.isFinite(await playground.metric('loss'))).toBe(true);
});
