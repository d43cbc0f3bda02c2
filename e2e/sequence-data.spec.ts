import { expect, test } from '@playwright/test';
import { DatasetsPage, fixturePath } from './pages/datasets';
import { PlaygroundPage } from './pages/playground';

test.describe('sequence data', () => {
  test('a toy task and the shipped names preview as decoded text in the playground', async ({
    page,
  }) => {
    const playground = new PlaygroundPage(page);
    await playground.open('cpu');
    const select = page.getByTestId('dataset.select');
    const examples = page.getByTestId('dataset.example');

    await select.selectOption({ label: 'Reverse (toy task)' });
    await expect(page.getByTestId('dataset.status')).toContainText(
      '2,000 examples of 12 tokens, 11 tokens in the vocabulary',
    );
    await expect(examples).toHaveCount(6);
    // Each example is a prompt and the answer the model must write: the prompt reversed.
    for (const text of await examples.allTextContents()) {
      const [prompt, answer] = text.split(' → ');
      expect(prompt).toMatch(/^[a-h]{6}$/);
      expect(answer).toBe([...(prompt ?? '')].reverse().join(''));
    }
    await page.getByTestId('dataset.length').fill('4');
    await expect(examples.first()).toHaveText(/^[a-h]{4} → [a-h]{4}$/);

    await select.selectOption({ label: 'Names (character model)' });
    await expect(page.getByTestId('dataset.status')).toContainText('next-token prediction');
    await expect(page.getByTestId('dataset.vocabulary')).toHaveText(
      '30 tokens in the vocabulary (character tokenizer)',
    );
    await expect(examples).toHaveCount(6);
    for (const text of await examples.allTextContents()) {
      expect(text).toMatch(/^<s>[a-z-]+<s>$/);
    }
  });

  test('a text file imports as a character model and opens in the playground', async ({ page }) => {
    const datasets = new DatasetsPage(page);
    await datasets.open();
    await datasets.importTextLines(fixturePath('text/names.txt'), 16, 'names');
    await datasets.useLastInPlayground('next-token prediction');
    await expect(page.getByTestId('dataset.example')).toHaveCount(6);
    await expect(page.getByTestId('dataset.vocabulary')).toContainText('character tokenizer');

    await datasets.open();
    await page.getByTestId('import.textFile').setInputFiles({
      name: 'blank.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('  \n\n '),
    });
    await page.getByTestId('import.textConfirm').click();
    await expect(datasets.importError).toHaveText(/blank.txt holds only spaces/);
  });

  test('a CSV of texts and labels imports for text classification', async ({ page }) => {
    const datasets = new DatasetsPage(page);
    await datasets.open();
    await page.getByTestId('import.textMode').selectOption('classification');
    await page.getByTestId('import.tokenizer').selectOption('word');
    const rows = ['win money now,spam', 'lunch at noon?,ham', 'free pills,spam', 'see you,ham'];
    await page.getByTestId('import.textFile').setInputFiles({
      name: 'mail.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(['message,kind', ...rows].join('\n')),
    });
    await expect(page.getByTestId('import.labelColumn')).toHaveValue('1');
    await page.getByTestId('import.textConfirm').click();
    await expect(datasets.row('mail')).toBeVisible();
    await datasets.useLastInPlayground('2 classes');
    // The example's text, then its class (the annotation controls beside them are not text).
    const first = page.getByTestId('dataset.example').first();
    await expect(first.locator('code').nth(1)).toHaveText(/^(spam|ham)$/);
  });
});
