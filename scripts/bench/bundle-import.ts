/**
 * Import-to-ready of a bundle with MNIST-10k CNN weights, in headless Chromium against the built
 * app: a by-reference link (`#url=<the .gradlab.zip on the bench's own server>&sha256=<hex>`)
 * opened in a fresh browser context each round, as on a machine that never saw the app. Timed
 * from Node around Playwright's waits, so each figure carries a few milliseconds of polling.
 */
import type { Browser, Page } from '@playwright/test';
import { median, toSeconds } from './stats';

export interface ImportPlan {
  /** The app's root, e.g. `http://localhost:4183/`. */
  appUrl: string;
  /** The bundle file's address on the bench server. */
  fileUrl: string;
  sha256: string;
  /** What the file holds, for the report. */
  bundle: string;
  fileBytes: number;
  rounds: number;
}

export interface ImportRound {
  /** page.goto to the preview visible. */
  previewSeconds: number;
  /** The click on Open to the notebook ready (see `weightsConfirmed`). */
  openToReadySeconds: number;
  totalSeconds: number;
  /** cell.weights read "loaded"; when false, ready means train.start enabled only. */
  weightsConfirmed: boolean;
  /** What cell.weights said when the app could not load the weights (its alert); else null. */
  weightsFailure: string | null;
}

export interface ImportReport {
  bundle: string;
  fileBytes: number;
  link: string;
  rounds: ImportRound[];
  median: { previewSeconds: number; openToReadySeconds: number; totalSeconds: number } | null;
  /** True only when every round saw the weights loaded. */
  weightsConfirmed: boolean;
  error: string | null;
}

const PREVIEW_TIMEOUT_MS = 60_000;
const READY_TIMEOUT_MS = 90_000;
/** From the click on Open; past it the notebook counts as ready without its weights confirmed. */
const WEIGHTS_TIMEOUT_MS = 60_000;

const messageOf = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

/** The `#url=` link the share dialog would give for the file at `fileUrl`. */
export function importLink(appUrl: string, fileUrl: string, sha256: string): string {
  const root = appUrl.split('#')[0] ?? appUrl;
  return `${root}?backend=cpu#url=${encodeURIComponent(fileUrl)}&sha256=${sha256}`;
}

/** Resolves when the preview shows; rejects with the app's message when it shows an error. */
async function waitForPreview(page: Page): Promise<void> {
  const shown = page.locator('[data-testid="import.preview"], [data-testid="import.error"]');
  await shown.first().waitFor({ state: 'visible', timeout: PREVIEW_TIMEOUT_MS });
  const error = page.getByTestId('import.error');
  if (await error.isVisible())
    throw new Error(`the app refused the link: ${await error.textContent()}`);
}

/** Where the page is, for a failure message: its route and its train.start, if any. */
const whereIs = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const start = document.querySelector('[data-testid="train.start"]');
    const state =
      start instanceof HTMLButtonElement ? (start.disabled ? 'disabled' : 'enabled') : 'absent';
    return `at ${window.location.hash.slice(0, 40) || 'no hash'}, train.start ${state}`;
  });

/**
 * Resolves when the opened notebook (the `#/notebook/<id>` route the app goes to after Open) has
 * train.start enabled; rejects on a shown error or after READY_TIMEOUT_MS, saying where it was.
 */
async function waitForNotebook(page: Page): Promise<void> {
  let value: unknown;
  try {
    const outcome = await page.waitForFunction(
      () => {
        const error = document.querySelector(
          '[data-testid="import.error"], [data-testid="notebook.error"]',
        );
        if (error) return `error: ${error.textContent ?? ''}`;
        if (!window.location.hash.startsWith('#/notebook/')) return false;
        const start = document.querySelector('[data-testid="train.start"]');
        return start instanceof HTMLButtonElement && !start.disabled ? 'ready' : false;
      },
      undefined,
      { timeout: READY_TIMEOUT_MS },
    );
    value = await outcome.jsonValue();
  } catch (error) {
    throw new Error(
      `the notebook was not ready ${READY_TIMEOUT_MS / 1000} s after Open (${await whereIs(page)})`,
      { cause: error },
    );
  }
  if (value !== 'ready') throw new Error(`opening failed, ${String(value)}`);
}

interface WeightsOutcome {
  loaded: boolean;
  failure: string | null;
}

/**
 * Whether cell.weights reads "loaded" within `timeoutMs`. Its failure message ("could not be
 * loaded") is an alert, so the role tells the two apart, not the words.
 */
async function weightsOutcome(page: Page, timeoutMs: number): Promise<WeightsOutcome> {
  if (timeoutMs <= 0) return { loaded: false, failure: null };
  try {
    const shown = await page.waitForFunction(
      () => {
        const note = document.querySelector('[data-testid="cell.weights"]');
        const text = note?.textContent ?? '';
        if (note?.getAttribute('role') === 'alert') return { loaded: false, failure: text };
        return text.includes('loaded') ? { loaded: true, failure: null } : false;
      },
      undefined,
      { timeout: timeoutMs },
    );
    return (await shown.jsonValue()) as WeightsOutcome;
  } catch {
    return { loaded: false, failure: null };
  }
}

async function oneRound(
  browser: Browser,
  link: string,
  awaitWeights: boolean,
): Promise<ImportRound> {
  const context = await browser.newContext();
  const pageErrors: string[] = [];
  let stage = '';
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const t0 = performance.now();
    await page.goto(link);
    await waitForPreview(page);
    const tPreview = performance.now();
    stage = `preview in ${toSeconds(tPreview - t0)} s, then `;
    await page.getByTestId('import.open').click();
    await waitForNotebook(page);
    const tStart = performance.now();
    const waited = tStart - tPreview;
    const weights = awaitWeights
      ? await weightsOutcome(page, WEIGHTS_TIMEOUT_MS - waited)
      : { loaded: false, failure: null };
    const tReady = weights.loaded ? performance.now() : tStart;
    return {
      previewSeconds: toSeconds(tPreview - t0),
      openToReadySeconds: toSeconds(tReady - tPreview),
      totalSeconds: toSeconds(tReady - t0),
      weightsConfirmed: weights.loaded,
      weightsFailure: weights.failure,
    };
  } catch (error) {
    const page = pageErrors.length === 0 ? '' : ` (page error: ${pageErrors[0]})`;
    throw new Error(`${stage}${messageOf(error)}${page}`, { cause: error });
  } finally {
    await context.close();
  }
}

/**
 * `plan.rounds` imports, one fresh context each; stops at the first failure, reported with the
 * rounds done. Once a round sees no weights, later ones do not wait for them again.
 */
export async function measureBundleImport(
  browser: Browser,
  plan: ImportPlan,
): Promise<ImportReport> {
  const link = importLink(plan.appUrl, plan.fileUrl, plan.sha256);
  const rounds: ImportRound[] = [];
  let error: string | null = null;
  let awaitWeights = true;
  for (let i = 0; i < plan.rounds; i++) {
    try {
      const round = await oneRound(browser, link, awaitWeights);
      awaitWeights = round.weightsConfirmed;
      rounds.push(round);
      console.log(
        `  [import] round ${i + 1}: preview ${round.previewSeconds} s, ready +` +
          `${round.openToReadySeconds} s${round.weightsConfirmed ? '' : ' (weights not loaded)'}`,
      );
    } catch (failure) {
      error = messageOf(failure);
      break;
    }
  }
  const of = (key: 'previewSeconds' | 'openToReadySeconds' | 'totalSeconds') =>
    median(rounds.map((r) => r[key]));
  return {
    bundle: plan.bundle,
    fileBytes: plan.fileBytes,
    link,
    rounds,
    median:
      rounds.length === 0
        ? null
        : {
            previewSeconds: of('previewSeconds'),
            openToReadySeconds: of('openToReadySeconds'),
            totalSeconds: of('totalSeconds'),
          },
    weightsConfirmed: rounds.length > 0 && rounds.every((r) => r.weightsConfirmed),
    error,
  };
}
