/**
 * The experiment is one value that lives somewhere: the playground's is autosaved and comes back
 * after a reload, a lesson opened in between leaves it as it was, and a run interrupted by a reload
 * resumes from its last epoch with its own settings in the editors.
 */
import { expect, test, type Page } from '@playwright/test';
import { ModelEditor } from './pages/model';
import { NotebookPage } from './pages/notebook';
import { PlaygroundPage } from './pages/playground';

/** Moons, an extra dense layer, learning rate 0.1 and 7 epochs: far from the defaults. */
async function editPlayground(page: Page): Promise<PlaygroundPage> {
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  await page.getByTestId('dataset.select').selectOption('moons');
  await new ModelEditor(page).add('dense');
  await playground.set('Epochs', 7);
  await playground.set('Learning rate', 0.1);
  await playground.savedWithLearningRate(0.1);
  return playground;
}

async function expectEdited(page: Page): Promise<void> {
  await expect(page.getByTestId('dataset.select')).toHaveValue('moons');
  expect(await new ModelEditor(page).types()).toEqual(['dense', 'dense', 'dense']);
  await expect(page.getByTestId('train.learningRate')).toHaveValue('0.1');
  await expect(page.getByTestId('train.epochs')).toHaveValue('7');
}

test('the playground comes back after a reload with its dataset, layers and settings', async ({
  page,
}) => {
  const playground = await editPlayground(page);
  await page.reload();
  await expect(playground.backendStatus).not.toHaveText(/starting/);
  await expectEdited(page);
  // Undo still works after the reload, from the experiment as it came back.
  await page.getByTestId('train.epochs').fill('9');
  await page.getByTestId('model.undo').click();
  await expect(page.getByTestId('train.epochs')).toHaveValue('7');
});

test('opening a lesson and coming back leaves the playground as it was', async ({ page }) => {
  await editPlayground(page);
  const notebook = new NotebookPage(page);
  await notebook.openLesson('Learning rate: too small, too large');
  await expect(page.getByTestId('dataset.select')).not.toHaveValue('moons');
  await page.getByRole('link', { name: 'Playground' }).click();
  await expectEdited(page);
  await page.reload();
  await expectEdited(page);
});

test('a reload at epoch 5 or later of 500 offers to resume from there, with the run’s settings', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  // A small fraction of a second an epoch on the cpu backend, now that what the page shows is
  // paced by its cost: enough epochs that the run is still going when the page reloads.
  await playground.set('Points', 5000);
  await playground.set('Batch size', 4);
  await playground.set('Learning rate', 0.02);
  await playground.set('Epochs', 500);
  await playground.train();
  await expect(playground.status).toHaveText('running');
  const note = page.getByTestId('train.checkpoint');
  await expect
    .poll(async () => Number((await note.textContent())?.match(/epoch (\d+)/)?.[1] ?? 0), {
      timeout: 90_000,
    })
    .toBeGreaterThanOrEqual(5);
  const shown = await playground.epochNow();
  await page.reload();
  await expect(playground.backendStatus).not.toHaveText(/starting/);

  const resume = page.getByTestId('train.resume');
  await expect(resume).toBeEnabled();
  const from = Number((await resume.textContent())?.match(/epoch (\d+)/)?.[1]);
  expect(from).toBeGreaterThanOrEqual(5);
  expect(from).toBeGreaterThanOrEqual(shown - 1);
  await expect(page.getByRole('status').filter({ has: resume })).toContainText(
    `stopped at epoch ${from} of 500`,
  );
  await expect(page.getByTestId('train.epochs')).toHaveValue('500');
  await expect(page.getByTestId('train.batchSize')).toHaveValue('4');
  await expect(page.getByTestId('train.learningRate')).toHaveValue('0.02');
  await expect(page.getByLabel('Points', { exact: true })).toHaveValue('5000');

  await resume.click();
  await expect(playground.status).toHaveText('running');
  expect(await playground.epochNow()).toBeGreaterThanOrEqual(from);
  await playground.waitForEpoch(from + 1);
  await page.getByTestId('train.stop').click();
  await expect(playground.status).toHaveText('done');
});
