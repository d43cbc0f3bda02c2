/**
 * Lighthouse's performance category on the built app's pages, with its default settings (mobile:
 * a Moto G Power-sized screen, simulated slow 4G and a 4x slower CPU), as the issue's target reads:
 * "Lighthouse performance on the home page at least 0.9". Each page runs ROUNDS times in a fresh
 * headless Chromium launched as the Lighthouse CLI launches it (chrome-launcher, its default flags:
 * not the e2e flags for software WebGPU, which add seconds of main-thread work on a machine without
 * a GPU), the e2e suite's binary (scripts/chromium.mjs); the run with the median score is kept.
 * Builds nothing: it measures the dist/ served at the URL it is given.
 *
 *   node scripts/bench/lighthouse.mjs [appUrl]   without a URL it serves dist/ with `vite preview`
 *
 * `npm run bench` runs it as its `lighthouse` section (`node scripts/bench.mjs --only=lighthouse`
 * runs it alone and updates only `lighthouse` in bench-results/bench.json).
 * Lighthouse 12: 13 needs Node 22.19.
 */
import { chromium } from '@playwright/test';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { fileURLToPath } from 'node:url';
import { chromiumExecutablePath } from '../chromium.mjs';

export const LIGHTHOUSE_PAGES = ['#/', '#/playground'];
export const LIGHTHOUSE_ROUNDS = 3;
/** The issue's target for the home page. */
export const LIGHTHOUSE_TARGET = 0.9;

/** One Lighthouse run of one URL in its own browser. */
async function runOnce(url) {
  const chrome = await launch({
    chromePath: chromiumExecutablePath() ?? chromium.executablePath(),
    chromeFlags: ['--headless=new', '--no-sandbox'],
    logLevel: 'silent',
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance'],
    });
    if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
    return result.lhr;
  } finally {
    chrome.kill();
  }
}

const ms = (lhr, id) => {
  const value = lhr.audits[id]?.numericValue;
  return typeof value === 'number' ? Math.round(value) : null;
};

/** The figures bench.json keeps from one report. */
export function summarise(lhr) {
  const unused = lhr.audits['unused-javascript'];
  return {
    score: lhr.categories.performance.score,
    fcpMs: ms(lhr, 'first-contentful-paint'),
    lcpMs: ms(lhr, 'largest-contentful-paint'),
    tbtMs: ms(lhr, 'total-blocking-time'),
    speedIndexMs: ms(lhr, 'speed-index'),
    cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? null,
    unusedJsBytes: unused?.details?.overallSavingsBytes ?? null,
    unusedJs: (unused?.details?.items ?? []).map((item) => ({
      url: new URL(item.url).pathname.replace(/^.*\/assets\//, 'assets/'),
      totalBytes: item.totalBytes,
      wastedBytes: item.wastedBytes,
    })),
    runtimeError: lhr.runtimeError?.message ?? null,
    warnings: lhr.runWarnings ?? [],
  };
}

/**
 * Lighthouse on each page of the app at appUrl; the run with the median score per page. Never
 * throws: a page that fails carries its error.
 */
export async function measureLighthouse(
  appUrl,
  { pages = LIGHTHOUSE_PAGES, rounds = LIGHTHOUSE_ROUNDS } = {},
) {
  const results = [];
  let settings = null;
  for (const page of pages) {
    const url = new URL(page, appUrl).href;
    try {
      const runs = [];
      for (let round = 0; round < rounds; round++) {
        const lhr = await runOnce(url);
        settings ??= {
          lighthouseVersion: lhr.lighthouseVersion,
          formFactor: lhr.configSettings.formFactor,
          throttlingMethod: lhr.configSettings.throttlingMethod,
          throttling: lhr.configSettings.throttling,
          screenEmulation: lhr.configSettings.screenEmulation,
          userAgent: lhr.environment?.hostUserAgent ?? null,
        };
        runs.push(summarise(lhr));
        console.log(`  [lighthouse] ${page} run ${round + 1}: score ${runs.at(-1).score}`);
      }
      const sorted = [...runs].sort((a, b) => (a.score ?? -1) - (b.score ?? -1));
      const median = sorted[Math.floor(sorted.length / 2)];
      results.push({ page, ...median, scores: runs.map((run) => run.score) });
    } catch (error) {
      console.log(`  [lighthouse] ${page} FAILED: ${error.message}`);
      results.push({ page, error: error.message });
    }
  }
  return {
    date: new Date().toISOString(),
    what: 'Lighthouse performance category, default (mobile) settings; the median-score run of each page',
    target: { page: '#/', score: LIGHTHOUSE_TARGET },
    rounds,
    settings,
    pages: results,
  };
}

const fmtMs = (value) =>
  value === null || value === undefined ? '-' : `${(value / 1000).toFixed(2)} s`;

/** Rows for bench.mjs's table(): page, score, FCP, LCP, TBT, CLS, unused JS. */
export function lighthouseTable(report) {
  const header = ['page', 'score', 'runs', 'FCP sim', 'LCP sim', 'TBT sim', 'CLS', 'unused JS'];
  const rows = report.pages.map((p) =>
    p.error
      ? [p.page, 'FAILED', '', '', '', '', '', p.error.split('\n')[0].slice(0, 60)]
      : [
          p.page,
          p.score === null ? '-' : p.score.toFixed(2),
          p.scores.map((s) => (s === null ? '-' : s.toFixed(2))).join(' '),
          fmtMs(p.fcpMs),
          fmtMs(p.lcpMs),
          p.tbtMs === null ? '-' : `${p.tbtMs} ms`,
          p.cls === null ? '-' : p.cls.toFixed(3),
          p.unusedJsBytes === null ? '-' : `${Math.round(p.unusedJsBytes / 1024)} KiB`,
        ],
  );
  const home = report.pages.find((p) => p.page === report.target.page);
  const notes = [
    `Target: ${report.target.page} at least ${report.target.score}` +
      (home && !home.error && home.score !== null
        ? ` (now ${home.score.toFixed(2)}: ${home.score >= report.target.score ? 'met' : 'not met'}).`
        : '.'),
    report.settings
      ? `Lighthouse ${report.settings.lighthouseVersion}, ${report.settings.formFactor}, ` +
        `${report.settings.throttlingMethod} throttling; score of each run under "runs".`
      : 'Lighthouse gave no settings (every run failed).',
    'sim: simulated from an unthrottled load, as the score is; the first-load section measures ' +
      'them with the throttling applied, and judges the targets there.',
  ];
  return { title: 'Lighthouse (performance, default mobile settings)', header, rows, notes };
}

function printTable({ title, header, rows, notes }) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  for (const note of notes) console.log(note);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let url = process.argv[2];
  let server;
  if (url === undefined) {
    const { preview } = await import('vite');
    server = await preview({ logLevel: 'warn', preview: { port: 4185, strictPort: false } });
    url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview gave no URL');
  }
  try {
    const report = await measureLighthouse(url);
    printTable(lighthouseTable(report));
    for (const p of report.pages) {
      if (p.unusedJs?.length) {
        console.log(
          `${p.page} unused JS: ${p.unusedJs.map((u) => `${u.url} ${Math.round(u.wastedBytes / 1024)}/${Math.round(u.totalBytes / 1024)} KiB`).join(', ')}`,
        );
      }
    }
  } finally {
    await server?.close();
  }
}
