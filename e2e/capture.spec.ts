/**
 * The capture page with Chromium's fake camera (--use-fake-device-for-media-stream, allowed by
 * --use-fake-ui-for-media-stream: scripts/chromium.mjs): webcam frames of two classes recorded,
 * saved and trained; the model's view of the camera; a camera the browser refuses; a browser that
 * cannot read camera frames; examples drawn on the pad; and examples added to a saved dataset
 * later as its next version.
 */
import { expect, test } from '@playwright/test';
import { CHROMIUM_FLAGS, chromiumExecutablePath } from '../scripts/chromium.mjs';
import { CapturePage } from './pages/capture';
import { PlaygroundPage } from './pages/playground';

/** A vertical bar and a ring: two shapes a model tells apart. */
const BAR = [
  [0.5, 0.15],
  [0.5, 0.85],
] as const;
const RING = Array.from({ length: 17 }, (_, i) => {
  const angle = (i / 16) * 2 * Math.PI;
  return [0.5 + 0.3 * Math.cos(angle), 0.5 + 0.3 * Math.sin(angle)] as const;
});

test('webcam frames of two classes are recorded, saved and trained', async ({ page }) => {
  const capture = new CapturePage(page);
  await capture.open();
  // The camera is asked for only when the user presses the button.
  await expect(page.getByTestId('capture.preview')).toBeHidden();
  await expect(capture.row(0).getByTestId('capture.record')).toBeDisabled();
  await capture.format(28, 'gray');
  await capture.openCamera();
  await capture.rename(0, 'early');
  await capture.rename(1, 'late');

  await capture.recordWithMouse(0, 12);
  // Released: the frames taken until then arrive, then no more come.
  await page.waitForTimeout(300);
  const recorded = await capture.count(0);
  await page.waitForTimeout(500);
  expect(await capture.count(0)).toBe(recorded);
  await capture.recordWithKeyboard(1, 12);
  await expect(capture.row(1).getByTestId('capture.frame').first()).toBeVisible();

  await capture.row(0).getByTestId('capture.deleteFrame').first().click();
  await expect(capture.row(0).getByTestId('capture.count')).toHaveText(String(recorded - 1));
  // Its format is fixed once it holds frames.
  await expect(page.getByTestId('capture.size')).toBeDisabled();

  const total = (await capture.count(0)) + (await capture.count(1));
  await capture.save('Fake camera', 'CC0 1.0');
  const playground = new PlaygroundPage(page);
  await expect(page.getByTestId('dataset.status')).toContainText('2 classes');
  await playground.choose('Backend', 'cpu');
  await expect(playground.backendStatus).toContainText('cpu');
  await playground.trainToEnd(2, 120_000);
  const accuracy = await playground.metric('accuracy');
  expect(accuracy).toBeGreaterThan(0);
  expect(accuracy).toBeLessThanOrEqual(1);

  await page.goto('/#/data');
  await expect(page.getByTestId('capture.makeYourOwn')).toContainText(
    `Fake camera v1 · ${total} examples`,
  );
});

test("the model's view shows the camera's picture", async ({ page }) => {
  const capture = new CapturePage(page);
  await capture.open();
  await capture.format(32, 'RGB');
  await capture.openCamera();
  const view = page.getByTestId('capture.view');
  // The fake camera's moving pattern: colours vary across the 32 x 32 frame once one is shown.
  await expect
    .poll(() =>
      view.evaluate((canvas: HTMLCanvasElement) => {
        const data = canvas
          .getContext('2d', { willReadFrequently: true })
          ?.getImageData(0, 0, 32, 32).data;
        return data ? new Set(Array.from(data.filter((_, i) => i % 4 === 1))).size : 0;
      }),
    )
    .toBeGreaterThan(8);
  await expect(capture.error).toBeHidden();
});

test('a browser that cannot read camera frames says what to use instead', async ({ page }) => {
  await page.addInitScript(() => Reflect.deleteProperty(globalThis, 'VideoFrame'));
  const capture = new CapturePage(page);
  await capture.open();
  await page.getByTestId('capture.webcam').click();
  await expect(capture.error).toHaveAttribute('data-problem', 'frames');
  await expect(capture.error).toContainText('cannot read camera frames');
  await capture.draw('Class 1', BAR);
  await expect(capture.row(0).getByTestId('capture.count')).toHaveText('1');
});

test('a refused camera says so, and drawing still adds examples', async ({
  playwright,
  baseURL,
}) => {
  // A browser without the flag that answers every camera prompt with "allow", so the site's
  // blocked camera permission (set below, as a user who denied it has it) makes it refuse.
  const browser = await playwright.chromium.launch({
    executablePath: chromiumExecutablePath(),
    args: CHROMIUM_FLAGS.filter((flag) => flag !== '--use-fake-ui-for-media-stream'),
  });
  const page = await browser.newPage({ baseURL, serviceWorkers: 'block' });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Browser.setPermission', {
    permission: { name: 'camera' },
    setting: 'denied',
    origin: baseURL,
  });
  const capture = new CapturePage(page);
  await capture.open();
  await page.getByTestId('capture.webcam').click();
  await expect(capture.error).toContainText('The camera was not allowed');
  await expect(capture.error).toHaveAttribute('role', 'alert');
  await expect(page.getByTestId('capture.preview')).toBeHidden();
  await expect(capture.row(0).getByTestId('capture.record')).toBeDisabled();

  await capture.draw('Class 1', BAR);
  await capture.draw('Class 2', RING);
  await capture.draw('Class 2', RING);
  await expect(capture.row(0).getByTestId('capture.count')).toHaveText('1');
  await expect(capture.row(1).getByTestId('capture.count')).toHaveText('2');
  await expect(capture.row(1).getByTestId('capture.frame')).toHaveCount(2);
  await browser.close();
});

test('examples added to a saved dataset later make its next version', async ({ page }) => {
  const capture = new CapturePage(page);
  await capture.open();
  await capture.format(28, 'gray');
  await capture.rename(0, 'bar');
  await capture.rename(1, 'ring');
  await capture.draw('bar', BAR);
  await capture.draw('bar', BAR);
  await capture.draw('ring', RING);
  await capture.draw('ring', RING);
  await capture.save('Drawn shapes', 'CC BY 4.0');
  await expect(page.getByTestId('dataset.status')).toContainText('2 classes');

  await page.goto('/#/data');
  const panel = page.getByTestId('capture.makeYourOwn');
  await expect(panel).toContainText('Drawn shapes v1 · 4 examples');
  await panel.getByTestId('capture.addExamples').first().click();
  await expect(page.getByRole('heading', { name: 'Add examples to Drawn shapes' })).toBeVisible();
  // The classes and the format are the dataset's.
  await expect(capture.row(1).getByTestId('capture.className')).toHaveValue('ring');
  await expect(page.getByTestId('capture.size')).toBeDisabled();
  await capture.draw('ring', RING);
  await expect(capture.row(1).getByTestId('capture.count')).toHaveText('1');
  await capture.saveVersion('one more ring');
  await expect(page.getByTestId('dataset.status')).toContainText('2 classes');

  await page.goto('/#/data');
  await expect(panel).toContainText('Drawn shapes v2 · 5 examples');
});
