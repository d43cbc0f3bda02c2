/**
 * The training worker lost in the middle of a run, for real: it closes itself (`self.close()`,
 * which fires nothing on the page's Worker: the worker's life lock tells), an exception thrown
 * from one of its timers goes uncaught (an `error` event), or it sticks in an endless loop (the
 * watchdog, after two minutes of silence). Playwright runs the fault inside the
 * worker itself, so the app carries no hook for it. Each time the page says what happened, keeps
 * the status at error, offers Resume from the run's checkpoint on a fresh worker, and trains again
 * in the same page, with the playground's autosave and the runs stored before still there.
 */
import { expect, test, type Page } from '@playwright/test';
import { PlaygroundPage } from './pages/playground';
import { RunsPage } from './pages/runs';

const FAULTS = {
  close: {
    run: () => self.close(),
    message: 'The training worker stopped unexpectedly.',
  },
  throw: {
    run: () =>
      void setTimeout(() => {
        throw new Error('Test fault: thrown by a timer of the training worker');
      }, 0),
    message:
      'The training worker failed (Uncaught Error: Test fault: thrown by a timer of the ' +
      'training worker) and was stopped.',
  },
  // Alive but stuck: its event loop never comes back, so it neither answers nor beats, and the
  // watchdog stops it after WORKER_SILENCE_LIMIT_MS (120 s) of silence.
  hang: {
    run: () =>
      void setTimeout(() => {
        for (;;);
      }, 0),
    message:
      /^The training worker did not respond for 12\d s \(stuck in a step or a task that never ended\) and was stopped\./,
  },
} as const;

function trainWorker(page: Page) {
  const worker = page.workers().find((w) => w.url().includes('train.worker'));
  if (!worker) throw new Error('no training worker');
  return worker;
}

for (const [name, fault] of Object.entries(FAULTS)) {
  test(`a training worker that ${name}s mid-run is replaced, and the run resumes`, async ({
    page,
  }) => {
    if (name === 'hang') test.setTimeout(360_000);
    const playground = new PlaygroundPage(page);
    const runs = new RunsPage(page);
    await playground.open('cpu');
    // Saved before the fault: the playground's autosave, and a finished run.
    await playground.set('Learning rate', 0.02);
    await playground.savedWithLearningRate(0.02);
    await playground.trainToEnd(3);
    await runs.open();
    await expect(runs.rows).toHaveCount(1);
    await page.getByRole('link', { name: 'Playground' }).click();

    await playground.set('Epochs', 5000);
    await playground.train();
    await expect(page.getByTestId('train.checkpoint')).toBeVisible({ timeout: 60_000 });
    await playground.waitForEpoch(5);
    const before = trainWorker(page);
    await before.evaluate(fault.run);

    const error = page.getByTestId('train.error');
    await expect(error).toContainText(fault.message, {
      timeout: name === 'hang' ? 180_000 : 30_000,
    });
    await expect(playground.status).toHaveText('error');
    const resume = page.getByTestId('train.resume');
    await expect(resume).toBeEnabled({ timeout: 30_000 });
    await expect(resume).toHaveText(/Resume from epoch \d+/);
    const from = Number(/\d+/.exec((await resume.textContent()) ?? '')?.[0]);
    expect(from).toBeGreaterThanOrEqual(1);
    // A fresh worker on the same backend, and the status still says what happened.
    await expect(playground.backendStatus).toContainText('cpu');
    await expect
      .poll(() => page.workers().some((w) => w !== before && w.url().includes('train.worker')))
      .toBe(true);
    await expect(playground.status).toHaveText('error');
    await expect(error).toContainText(fault.message);

    await resume.click();
    await expect(playground.status).toHaveText('running');
    await expect(error).toHaveCount(0);
    await playground.waitForEpoch(from + 3);
    await page.getByTestId('train.stop').click();
    await expect(playground.status).toHaveText('done');

    // Train works again, and nothing saved before was lost.
    await playground.set('Epochs', 4);
    await page.getByTestId('train.start').click();
    await expect(playground.epoch).toHaveText('4', { timeout: 60_000 });
    await expect(playground.status).toHaveText('done');
    await playground.savedWithLearningRate(0.02);
    await runs.open();
    // The first run, the resumed one (stopped) and the last.
    await expect(runs.rows).toHaveCount(3);
  });
}
