/** A notebook as one standalone HTML page with its results (no script), downloaded. */
import { APP_VERSION } from '../../app-version';
import { BUNDLE_FILE_SUFFIX, fileNameFor } from '../../core/bundle/file';
import type { Bundle } from '../../core/bundle/schema';
import { datasetRefName } from '../../core/data/ref';
import { planWords, trialWords } from '../../core/notebook/sweep-cell';
import {
  standaloneHtml,
  type StandaloneCell,
  type StandaloneInput,
} from '../../core/notebook/standalone-html';
import { escapeHtml } from '../../core/markdown/escape';
import { notesHtml } from '../../core/markdown/render';
import { downloadFile } from '../download';
import { renderMarkdownInWorker } from './markdown-client';

function factsOf(
  bundle: Bundle,
  cell: Extract<Bundle['notebook']['cells'][number], { type: 'experiment' }>,
) {
  const ref = bundle.datasets[cell.dataset];
  const { config } = cell;
  const facts: [string, string][] = [
    ['Dataset', ref ? datasetRefName(ref) : 'missing'],
    ['Layers', cell.model.layers.map((l) => l.type).join(' → ')],
    ['Optimizer', `${config.optimizer}, learning rate ${config.learningRate}`],
    ['Batch size', String(config.batchSize)],
    ['Epochs', String(config.epochs)],
    ['Validation split', String(config.validationSplit)],
    ['Seed', String(config.seed)],
  ];
  if (cell.sweep !== undefined) facts.push(['Sweep', planWords(cell.sweep)]);
  return facts;
}

export function standaloneInputOf(bundle: Bundle, exportedAt: Date): StandaloneInput {
  let experiment = 0;
  const cells = bundle.notebook.cells.map((cell): StandaloneCell => {
    if (cell.type === 'markdown') return { type: 'markdown', text: cell.text };
    experiment += 1;
    return {
      type: 'experiment',
      title: `Experiment ${experiment}`,
      facts: factsOf(bundle, cell),
      runs: bundle.runs
        .filter((run) => run.cellId === cell.id)
        .map((run) => ({
          label:
            run.sweep !== undefined && cell.sweep !== undefined
              ? `Sweep run, ${trialWords(cell.sweep, run.sweep.values)}`
              : `Run of ${new Date(run.createdAt).toLocaleDateString()} on ${run.backend}`,
          epochs: run.epochs,
        })),
    };
  });
  return {
    title: bundle.notebook.title,
    authors: bundle.notebook.authors,
    exportedAt: exportedAt.toISOString(),
    appVersion: APP_VERSION,
    link: null,
    cells,
  };
}

/** Each text cell's HTML, rendered in the markdown worker rather than on the page. */
async function renderTexts(input: StandaloneInput): Promise<StandaloneInput> {
  const cells: StandaloneCell[] = [];
  for (const cell of input.cells) {
    if (cell.type !== 'markdown') {
      cells.push(cell);
      continue;
    }
    const rendered = await renderMarkdownInWorker(cell.text);
    const html = rendered.ok
      ? rendered.value.html + notesHtml(rendered.value.notes)
      : `<pre>${escapeHtml(cell.text)}</pre>`;
    cells.push({ ...cell, html });
  }
  return { ...input, cells };
}

export async function exportStandalone(bundle: Bundle): Promise<void> {
  const html = standaloneHtml(await renderTexts(standaloneInputOf(bundle, new Date())));
  const name = fileNameFor(bundle.notebook.title).slice(0, -BUNDLE_FILE_SUFFIX.length);
  downloadFile(html, `${name}.html`, 'text/html');
}
