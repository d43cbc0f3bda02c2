import { expect, test } from '@playwright/test';
import { PlaygroundPage } from './pages/playground';
import { PointsDrawing } from './pages/points';

/** Points spaced wider than the pick radius, in a square of the plot from (u0, v0). */
function cluster(u0: number, v0: number): [number, number][] {
  const spots: [number, number][] = [];
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) spots.push([u0 + 0.09 * i, v0 + 0.09 * j]);
  return spots;
}

test('points drawn on the plot (two classes) train to a finished run with accuracy shown', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  const points = new PointsDrawing(page);
  await expect(page.getByTestId('dataset.select')).toHaveValue('spiral');

  // The drawing starts from the plotted spiral's points; a student may edit them or start afresh.
  await points.start();
  expect(await points.points()).toBeGreaterThan(100);
  await points.clear();

  await points.chooseClass(0);
  for (const [u, v] of cluster(0.12, 0.12)) await points.clickAt(u, v);
  await points.chooseClass(1);
  for (const [u, v] of cluster(0.62, 0.62)) await points.clickAt(u, v);
  await expect(points.count).toHaveText('18 points: 9 class 0, 9 class 1');

  // Erase with Alt-click, undo it; drag a point (a move keeps the count).
  await points.clickAt(0.12, 0.12, ['Alt']);
  await expect(points.count).toHaveText('17 points: 8 class 0, 9 class 1');
  await points.undo();
  await expect(points.count).toHaveText('18 points: 9 class 0, 9 class 1');
  await points.drag([0.3, 0.3], [0.35, 0.1]);
  await expect(points.count).toHaveText('18 points: 9 class 0, 9 class 1');
  await points.undo();

  // The keyboard: the cursor starts in the middle; Space adds a point there (and does not start
  // training), Delete erases it.
  await points.plot.focus();
  await page.keyboard.press('2');
  await page.keyboard.press(' ');
  await expect(points.count).toHaveText('19 points: 9 class 0, 10 class 1');
  await expect(playground.status).toHaveText('idle');
  await page.keyboard.press('Delete');
  await expect(points.count).toHaveText('18 points: 9 class 0, 9 class 1');

  await points.save('Two clusters');
  await expect(points.saved).toContainText('Saved as “Two clusters”, version 1');
  await expect(page.getByTestId('dataset.select')).toHaveValue(/^local:[0-9a-f]{64}$/);

  await playground.trainToEnd(60, 120_000);
  const accuracy = await playground.metric('accuracy');
  expect(accuracy).toBeGreaterThanOrEqual(0.9);
  expect(accuracy).toBeLessThanOrEqual(1);
  // Drawing done, the stored points are plotted over the trained model's decision boundary.
  await points.toggle.click();
  await expect(points.toggle).toHaveAttribute('aria-pressed', 'false');
  expect(await playground.paintedShare('plot.data')).toBeGreaterThan(0.9);

  // Drawing again starts from the stored points; more of them, saved: the next version.
  const first = await page.getByTestId('dataset.select').inputValue();
  await points.start();
  await expect(points.count).toHaveText('18 points: 9 class 0, 9 class 1');
  await points.chooseClass(0);
  await points.clickAt(0.1, 0.5);
  await points.clickAt(0.1, 0.62);
  await points.clickAt(0.1, 0.74);
  await points.save();
  await expect(points.saved).toContainText('version 2: 21 points: 12 class 0, 9 class 1');
  await expect(page.getByTestId('dataset.select')).not.toHaveValue(first);

  // Erasing a stored point and saving makes the version after, without it. (Erasing every new
  // point would give back version 1's content, which is version 1.)
  await page.getByTestId('points.erase').check();
  await points.clickAt(0.1, 0.5);
  await expect(points.count).toHaveText('20 points: 11 class 0, 9 class 1');
  await points.save();
  await expect(points.saved).toContainText('version 3: 20 points: 11 class 0, 9 class 1');

  // A moved point is one removed and one added: an edit of version 3 (version 4), then an
  // append to that (version 5).
  await page.getByTestId('points.add').check();
  await points.drag([0.1, 0.74], [0.2, 0.8]);
  await points.save();
  await expect(points.saved).toContainText('version 5: 20 points: 11 class 0, 9 class 1');
});
