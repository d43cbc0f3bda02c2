/**
 * A notebook as one self-contained HTML page with its results, readable offline in any browser
 * and printable. The page holds no script at all, and its Content-Security-Policy forbids any
 * (and any request: images only as data URLs), so a bug here cannot make a shared notebook run
 * code. Every string from the notebook is escaped; markdown goes through renderMarkdown, whose
 * KaTeX MathML needs no script either.
 *
 * Images of the markdown given by a relative path (`lessons/x.png`) do not load here: the page
 * has no origin to load them from. Their alt text shows instead.
 */
import { escapeHtml } from '../markdown/escape';
import { renderMarkdown } from '../markdown/render';
import type { EpochRecord } from '../runs/epoch';
import { hasAccuracy, metricChartSvg, type ChartMetric } from './svg-chart';

export interface StandaloneRun {
  label: string;
  epochs: EpochRecord[];
}

export interface StandaloneMarkdownCell {
  type: 'markdown';
  text: string;
  /**
   * The text as renderMarkdown makes it, when the caller rendered it already (the page does, in
   * its markdown worker, so that exporting a long notebook does not hold the page).
   */
  html?: string;
}

export interface StandaloneExperimentCell {
  type: 'experiment';
  title: string;
  /** Label and value pairs (dataset, layers, optimizer, ...), shown as a table in this order. */
  facts: [string, string][];
  runs: StandaloneRun[];
}

export type StandaloneCell = StandaloneMarkdownCell | StandaloneExperimentCell;

export interface StandaloneInput {
  title: string;
  authors: string[];
  /** ISO-8601. */
  exportedAt: string;
  appVersion: string;
  /** A link that opens the notebook in Gradlab; shown only when it is https (or local http). */
  link: string | null;
  cells: StandaloneCell[];
}

export const STANDALONE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** Light colours only: the page is as likely to be printed as read. */
const STYLE = `
:root { color-scheme: light; }
body { margin: 0 auto; max-width: 800px; padding: 24px 20px 48px; color: #1d232b; background: #fff;
  font: 15px/1.6 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
header { border-bottom: 1px solid #dfe3e8; margin-bottom: 24px; }
header h1 { margin: 0 0 4px; font-size: 1.8rem; line-height: 1.25; }
.byline, footer { color: #5b6470; font-size: 0.9rem; }
a { color: #0b6bcb; }
.cell { margin: 0 0 28px; page-break-inside: avoid; break-inside: avoid; }
.experiment { border: 1px solid #dfe3e8; border-radius: 6px; padding: 12px 16px; }
.experiment h2 { margin: 0 0 8px; font-size: 1.15rem; }
.markdown h1, .markdown h2, .markdown h3 { line-height: 1.25; margin: 1.2em 0 0.5em; }
.markdown h2 { border-bottom: 1px solid #dfe3e8; padding-bottom: 0.2em; }
.markdown blockquote { margin-left: 0; padding: 0.1em 1em; border-left: 4px solid #dfe3e8; color: #5b6470; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em;
  background: #f6f7f9; border: 1px solid #dfe3e8; border-radius: 4px; padding: 0.1em 0.3em; }
pre { background: #f6f7f9; border: 1px solid #dfe3e8; border-radius: 6px; padding: 0.75em 1em;
  overflow-x: auto; white-space: pre-wrap; }
pre code { background: none; border: 0; padding: 0; }
table { border-collapse: collapse; margin: 0 0 1em; }
th, td { border: 1px solid #dfe3e8; padding: 0.3em 0.7em; text-align: left; vertical-align: top; }
th { background: #f6f7f9; font-weight: 600; }
.md-align-center { text-align: center; } .md-align-right, td.num { text-align: right; }
.facts th { width: 30%; }
img { max-width: 100%; height: auto; }
.math-display { display: block; text-align: center; overflow: auto hidden; padding: 0.2em 0; margin: 0.5em 0; }
li:has(.task-checkbox) { list-style: none; }
.task-checkbox { margin: 0 0.4em 0 -1.3em; }
.katex-error { color: #b3261e; }
.markdown-truncated, .no-run { color: #5b6470; font-style: italic; }
figure { margin: 12px 0; page-break-inside: avoid; break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: 4px; }
figure svg { max-width: 100%; height: auto; }
@media print {
  body { max-width: none; padding: 0; }
  a { color: inherit; }
  .experiment { border-color: #999; }
}
`;

/** Only links that open Gradlab over https, or a local development server. */
export function isOpenableLink(link: string): boolean {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return link.startsWith('https://');
  return (
    url.protocol === 'http:' &&
    (url.hostname === 'localhost' || url.hostname === '127.0.0.1') &&
    /^http:\/\/(?:localhost|127\.0\.0\.1)[:/]/.test(link)
  );
}

function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

function runsTable(runs: StandaloneRun[], accuracy: boolean): string {
  const headings = ['Run', 'Epochs', 'Train loss', 'Validation loss'];
  if (accuracy) headings.push('Train accuracy', 'Validation accuracy');
  const rows = runs.map((run) => {
    const last = run.epochs.at(-1);
    const values = [run.epochs.length, last?.trainLoss, last?.validationLoss];
    if (accuracy) values.push(last?.trainAccuracy, last?.validationAccuracy);
    const cells = values.map((value) => `<td class="num">${escapeHtml(formatNumber(value))}</td>`);
    return `<tr><th scope="row">${escapeHtml(run.label)}</th>${cells.join('')}</tr>`;
  });
  const head = headings.map((heading) => `<th scope="col">${heading}</th>`).join('');
  return `<table class="runs"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function experimentHtml(cell: StandaloneExperimentCell): string {
  const facts = cell.facts
    .map(
      ([label, value]) =>
        `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  const parts = [`<h2>${escapeHtml(cell.title)}</h2>`];
  if (facts) parts.push(`<table class="facts"><tbody>${facts}</tbody></table>`);
  const trained = cell.runs.filter((run) => run.epochs.length > 0);
  if (trained.length === 0) {
    parts.push('<p class="no-run">No run yet.</p>');
  } else {
    const metrics: ChartMetric[] = hasAccuracy(trained) ? ['loss', 'accuracy'] : ['loss'];
    for (const metric of metrics) {
      const caption = metric === 'loss' ? 'Loss' : 'Accuracy';
      parts.push(
        `<figure><figcaption>${caption}</figcaption>${metricChartSvg(trained, metric)}</figure>`,
      );
    }
    parts.push(runsTable(trained, metrics.includes('accuracy')));
  }
  return `<section class="cell experiment">${parts.join('\n')}</section>`;
}

function cellHtml(cell: StandaloneCell): string {
  if (cell.type === 'markdown') {
    return `<section class="cell markdown">${cell.html ?? renderMarkdown(cell.text)}</section>`;
  }
  return experimentHtml(cell);
}

/** The whole page, `<!doctype html>` to `</html>`. */
export function standaloneHtml(input: StandaloneInput): string {
  const title = escapeHtml(input.title.trim() || 'Untitled notebook');
  const byline: string[] = [];
  if (input.authors.length > 0) byline.push(`By ${escapeHtml(input.authors.join(', '))}`);
  byline.push(
    `Exported <time datetime="${escapeHtml(input.exportedAt)}">${escapeHtml(input.exportedAt)}</time>`,
  );
  const open =
    input.link !== null && isOpenableLink(input.link)
      ? `<p><a href="${escapeHtml(input.link)}" rel="noopener noreferrer">Open in Gradlab</a></p>`
      : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${STANDALONE_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Gradlab ${escapeHtml(input.appVersion)}">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${title}</h1>
<p class="byline">${byline.join(' · ')}</p>
${open}
</header>
<main>
${input.cells.map(cellHtml).join('\n')}
</main>
<footer><p>Exported from Gradlab ${escapeHtml(input.appVersion)}. A copy for reading: this page runs no script.</p></footer>
</body>
</html>
`;
}
