/**
 * Sweep cells: an author turns an experiment cell into a sweep cell whose plan varies only what
 * the cell leaves free; shared by link, it opens in a fresh browser with its plan and its locks (a
 * locked field cannot be chosen in the Sweep dialog), the student changes the swept values and
 * Run sweep trains them. A link whose sweep varies a locked field is refused, naming the field;
 * the shipped lesson "Find the learning-rate cliff" is a sweep cell with everything else locked.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { canonicalJson } from '../src/core/bundle/canonical';
import { contentId } from '../src/core/bundle/content-id';
import { encodeInlineLink } from '../src/core/bundle/link';
import { NotebookPage } from './pages/notebook';
import { PlaygroundPage } from './pages/playground';
import { SweepPage } from './pages/sweep';
import { SweepCell } from './pages/sweep-cell';

/** The options of the dialog's first field select: the fields it lets the user vary. */
const fieldOptions = (page: Page): Promise<string[]> =>
  page
    .getByTestId('sweep.field')
    .first()
    .locator('option')
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));

test('a sweep cell shared by link opens in a fresh browser with its plan and locks, and runs', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  // A tiny experiment: the playground's spiral, 2 epochs in batches of 64.
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  await playground.set('Epochs', 2);
  await playground.set('Batch size', 64);
  await page.goto('/?backend=cpu#/');
  await page.getByTestId('home.newNotebook').click();
  const notebook = new NotebookPage(page);
  await expect(notebook.title).toHaveText('Untitled notebook');
  await notebook.addExperiment();
  const cell = new SweepCell(page, notebook.experiments().first());
  await cell.cell.getByTestId('cell.open').click();
  await notebook.waitForOpenCell();
  await expect(page.getByTestId('train.epochs')).toHaveValue('2');

  // The author locks the model, the data and the batch size: the dialog offers none of them.
  await cell.lock('dataset', 'model', 'config.batchSize', 'config.epochs');
  await cell.openDialog();
  const sweep = new SweepPage(page);
  let offered = await fieldOptions(page);
  expect(offered).toContain('config.learningRate');
  expect(offered).not.toContain('config.batchSize');
  expect(offered).not.toContain('layer.0.units');
  expect(offered).not.toContain('dataset.noise');
  await expect(page.getByTestId('sweep.locked')).toContainText('batch size', { ignoreCase: true });
  await sweep.vary(0, 'config.learningRate', '0.01, 0.1');
  while ((await sweep.fields.count()) > 1) {
    await page.getByTestId('sweep.removeField').last().click();
  }
  await page.getByTestId('sweep.start').click();
  await expect(sweep.dialog).toHaveCount(0);
  await expect(cell.plan).toBeVisible();
  await expect(cell.valuesOf('config.learningRate')).toHaveValue('0.01, 0.1');
  // What the sweep varies cannot be locked now.
  await expect(await cell.lockCheckbox('config.learningRate')).toBeDisabled();
  await notebook.saved();

  // Before the sweep ran, Share has no runs of it to offer; after, they go along when ticked.
  await page.getByTestId('share.open').click();
  await expect(page.getByTestId('share.sweepRuns')).toBeDisabled();
  await page.getByTestId('share.close').click();
  await cell.run(2);
  await page.getByTestId('share.open').click();
  const sweepRuns = page.getByTestId('share.sweepRuns');
  await expect(sweepRuns).toBeEnabled();
  await expect(sweepRuns).not.toBeChecked();
  const link = page.getByTestId('share.link');
  await expect(link).toHaveValue(/#b=/);
  const withoutRuns = await link.inputValue();
  await sweepRuns.check();
  await expect(link).not.toHaveValue(withoutRuns);
  await expect(link).toHaveValue(/#b=/);
  const url = await link.inputValue();

  const context = await browser.newContext();
  const fresh = await context.newPage();
  await fresh.goto(url.replace(/\?[^#]*#/, '?backend=cpu#'));
  await fresh.getByTestId('import.open').click();
  const student = new NotebookPage(fresh);
  await student.waitForOpenCell();
  await expect(fresh.getByTestId('notebook.mode.student')).toBeChecked();
  const shared = new SweepCell(fresh, student.experiments().first());
  await expect(shared.plan).toBeVisible();
  await expect(shared.valuesOf('config.learningRate')).toHaveValue('0.01, 0.1');
  for (const locked of ['train.batchSize', 'train.epochs', 'dataset.select']) {
    await expect(fresh.getByTestId(locked)).toBeDisabled();
  }
  await expect(fresh.getByTestId('train.learningRate')).toBeEnabled();
  // The author's two sweep runs came along, listed with the rate each tried, best first.
  const trials = shared.cell.getByTestId('cell.sharedTrial');
  await shared.cell.getByTestId('cell.sharedSweep').locator('summary').click();
  await expect(trials).toHaveCount(2);
  await expect(trials.first()).toHaveAttribute('data-best', 'true');
  const rates = await trials.locator('td:first-child').allTextContents();
  expect(rates.sort()).toEqual(['0.01', '0.1']);

  // The student's Sweep dialog offers no locked field either.
  await shared.openDialog();
  offered = await fieldOptions(fresh);
  expect(offered).toContain('config.learningRate');
  expect(offered).not.toContain('config.batchSize');
  expect(offered).not.toContain('layer.0.units');
  await fresh.getByTestId('sweep.cancel').click();

  // The student changes the swept values (a bad one is named, not kept) and runs the sweep.
  const values = shared.valuesOf('config.learningRate');
  await values.fill('0.05, fast');
  await expect(shared.cell.getByTestId('cell.sweepValuesProblem')).toBeVisible();
  await values.fill('0.05, 0.5');
  await expect(shared.cell.getByTestId('cell.sweepValuesProblem')).toHaveCount(0);
  await shared.run(2);
  await shared.link.click();
  const sweepPage = new SweepPage(fresh);
  await expect(fresh).toHaveURL(/#\/sweep\/[\w-]+$/);
  await expect(sweepPage.status).toContainText('2 of 2 runs');
  await expect(sweepPage.rows).toHaveCount(2);
  await context.close();
});

interface FixtureCell {
  id: string;
  type: string;
  locks?: string[];
  sweep?: unknown;
}

test('a link whose sweep varies a field its cell locks is refused, naming the field', async ({
  page,
}) => {
  const bundle = JSON.parse(readFileSync('src/core/bundle/fixtures/v3.json', 'utf8')) as {
    schemaVersion: number;
    id: string;
    notebook: { cells: FixtureCell[] };
  };
  bundle.schemaVersion = 4;
  const shallow = bundle.notebook.cells.find((c) => c.id === 'shallow') as FixtureCell;
  shallow.locks = ['dataset', 'config.learningRate'];
  shallow.sweep = {
    fields: [
      {
        target: { kind: 'config', field: 'learningRate' },
        values: { kind: 'list', values: [0.1, 1] },
      },
    ],
    method: { kind: 'grid' },
    maxRuns: 2,
    maxMinutes: null,
    objective: { metric: 'validationAccuracy', goal: 'max' },
  };
  bundle.id = await contentId(bundle);
  await page.goto(`/?backend=cpu${encodeInlineLink(canonicalJson(bundle)).fragment}`);
  const error = page.getByTestId('import.error');
  await expect(error).toHaveAttribute('role', 'alert');
  await expect(error).toContainText(
    'notebook.cells[1].sweep.fields[0] varies config.learningRate, which the cell locks',
  );
});

test('the learning-rate cliff lesson sweeps the learning rate with everything else locked', async ({
  page,
}) => {
  const notebook = new NotebookPage(page);
  await notebook.openLesson('Find the learning-rate cliff');
  await expect(page.getByTestId('notebook.mode.student')).toBeChecked();
  const cell = new SweepCell(page, notebook.experiments().first());
  await expect(cell.valuesOf('config.learningRate')).toHaveValue('log 0.03..10 x6');
  await expect(cell.cell.getByTestId('cell.runSweep')).toBeEnabled();
  for (const locked of ['train.optimizer', 'train.batchSize', 'train.epochs', 'dataset.select']) {
    await expect(page.getByTestId(locked)).toBeDisabled();
  }
  await cell.openDialog();
  expect(await fieldOptions(page)).toEqual(['config.learningRate']);
  await expect(page.getByTestId('sweep.addField')).toBeDisabled();
});
