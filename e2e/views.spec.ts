/** The views that teach draw what they say, in the playground and in a lesson alike. */
import { expect, test, type Locator } from '@playwright/test';
import { DatasetsPage, fixturePath } from './pages/datasets';
import { NotebookPage } from './pages/notebook';
import { PlaygroundPage } from './pages/playground';

/** The share of a canvas's pixels that differ from its top-left corner (its background). */
function paintedShare(canvas: Locator): Promise<number> {
  return canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement;
    const context = c.getContext('2d');
    if (!context || c.width === 0 || c.height === 0) return 0;
    const { data } = context.getImageData(0, 0, c.width, c.height);
    const [r0, g0, b0] = [data[0]!, data[1]!, data[2]!];
    let painted = 0;
    for (let i = 0; i < data.length; i += 4) {
      const d = Math.abs(data[i]! - r0) + Math.abs(data[i + 1]! - g0) + Math.abs(data[i + 2]! - b0);
      if (d > 6) painted += 1;
    }
    return painted / (data.length / 4);
  });
}

async function expectHistogramsDrawn(histograms: Locator): Promise<void> {
  const canvases = histograms.locator('canvas');
  await expect(canvases.first()).toBeVisible();
  const count = await canvases.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    await expect.poll(() => paintedShare(canvases.nth(i))).toBeGreaterThan(0.05);
  }
}

test('weight histograms are drawn after an epoch in the playground', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  await playground.trainToEnd(3);
  await expectHistogramsDrawn(page.getByTestId('insights.histograms'));
});

test('weight histograms are drawn in a lesson that shows them', async ({ page }) => {
  const notebook = new NotebookPage(page);
  // Its first experiment shows the weights to the student.
  await notebook.openLesson('What a single neuron can separate');
  await page.getByTestId('cell.run').first().click();
  await expect(page.getByTestId('train.status')).toHaveText('done', { timeout: 120_000 });
  await expectHistogramsDrawn(page.getByTestId('insights.histograms'));
});

test('weight histograms are drawn for a model trained on an imported CSV', async ({ page }) => {
  const datasets = new DatasetsPage(page);
  await datasets.open();
  await datasets.importCsv(fixturePath('csv/good.csv'), 'label', 'good');
  await datasets.useLastInPlayground('3 classes');
  const playground = new PlaygroundPage(page);
  await playground.choose('Backend', 'cpu');
  await expect(playground.backendStatus).toContainText('cpu');
  await playground.trainToEnd(3, 60_000);
  await expectHistogramsDrawn(page.getByTestId('insights.histograms'));
});
