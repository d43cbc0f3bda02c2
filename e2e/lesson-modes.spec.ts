/**
 * Lessons and modes: a student who switches a lesson to author mode is told so and gets a copy of
 * their own, locks off, while the lesson, reopened from the gallery, is as it was (student mode,
 * locks on); a notebook made with New has no lesson to reset to, and its first version is 1.
 */
import { expect, test } from '@playwright/test';
import { NotebookPage } from './pages/notebook';

const LESSON = 'Learning rate: too small, too large';

test('a student’s switch to author mode makes their own copy and leaves the lesson intact', async ({
  page,
}) => {
  const notebook = new NotebookPage(page);
  await notebook.openLesson(LESSON);
  const lessonHash = new URL(page.url()).hash;
  const studentMode = page.getByTestId('notebook.mode.student');
  const optimizer = page.getByTestId('train.optimizer');
  const rate = page.getByTestId('train.learningRate');
  await expect(studentMode).toBeChecked();
  await expect(optimizer).toBeDisabled();
  await expect(page.getByTestId('notebook.version')).toHaveText('1');
  // A change of the student's own, which the copy takes along.
  await rate.fill('0.2');
  await rate.blur();
  await expect(notebook.experiments().first().getByTestId('cell.summary')).toContainText(
    'rate 0.2',
  );

  // The radio is not simply flipped: a note says what author mode does, and waits.
  await page.getByTestId('notebook.mode.author').click();
  const note = page.getByTestId('notebook.fork');
  await expect(note).toContainText('Author mode makes your own copy of this lesson');
  await expect(studentMode).toBeChecked();
  await expect(optimizer).toBeDisabled();
  await page.getByTestId('notebook.fork.cancel').click();
  await expect(note).toHaveCount(0);
  await expect(studentMode).toBeChecked();

  await page.getByTestId('notebook.mode.author').click();
  await page.getByTestId('notebook.fork.confirm').click();
  await expect(notebook.title).toHaveText(`${LESSON} (my copy)`);
  expect(new URL(page.url()).hash).not.toBe(lessonHash);
  await expect(page.getByTestId('notebook.mode.author')).toBeChecked();
  await notebook.waitForOpenCell();
  await expect(optimizer).toBeEnabled();
  await expect(rate).toHaveValue('0.2');
  // Its first version is the one after the lesson's, and its history leads back to the lesson.
  await expect(page.getByTestId('notebook.version')).toHaveText('2');
  await page.getByTestId('notebook.history').click();
  await expect(page.getByTestId('version.row')).toHaveCount(2);
  await page.getByTestId('notebook.titleInput').fill('My learning-rate notes');
  await notebook.saved();

  // The lesson, from the gallery: the same notebook as before, for its student, locks on.
  await page.goto('/?backend=cpu#/');
  await expect(page.getByTestId('home.notebook')).toHaveCount(2);
  await page
    .getByTestId('lesson.card')
    .filter({ hasText: LESSON })
    .getByTestId('lesson.open')
    .click();
  await expect(notebook.title).toHaveText(LESSON);
  expect(new URL(page.url()).hash).toBe(lessonHash);
  await notebook.waitForOpenCell();
  await expect(studentMode).toBeChecked();
  await expect(optimizer).toBeDisabled();
  await expect(page.getByTestId('dataset.select')).toBeDisabled();
  await expect(rate).toHaveValue('0.2');
  await expect(page.getByTestId('notebook.version')).toHaveText('1');
});

test('a new notebook has no lesson to reset to, and its first saved version is 1', async ({
  page,
}) => {
  await page.goto('/#/');
  await page.getByTestId('home.newNotebook').click();
  const notebook = new NotebookPage(page);
  await expect(notebook.title).toHaveText('Untitled notebook');
  await expect(page.getByTestId('notebook.version')).toHaveCount(0);
  await expect(page.locator('.notebook-heading')).toContainText('No version saved yet');
  await page.getByTestId('notebook.titleInput').fill('Mine');
  await expect(notebook.title).toHaveText('Mine');
  await expect(page.getByTestId('notebook.reset')).toHaveCount(0);
  await notebook.saveVersion();
  await expect(page.getByTestId('notebook.version')).toHaveText('1');
  await page.getByTestId('notebook.titleInput').fill('Mine, again');
  await notebook.saveVersion();
  await expect(page.getByTestId('notebook.version')).toHaveText('2');
  await expect(page.getByTestId('notebook.reset')).toHaveCount(0);
});
