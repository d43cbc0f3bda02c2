/**
 * Auto's choice by measurement (a departure from DESIGN.md's fixed order, see README "Backends"):
 * every backend that can start trains the current model for about a second
 * (engine/train/measure-backend.ts) and auto takes the fastest. Where several are within
 * MEASURE_TOLERANCE of the fastest, it takes the first of them in the fixed order it used before
 * (a hardware GPU, then wasm, then cpu, then an emulated GPU): near-equal backends then do not
 * swap from one visit to the next on measurement noise, and the pick stays within 10% of the
 * fastest with half of that left for the noise itself.
 */
import type { BackendMeasurement, BackendName } from '../protocol';
import { isSoftwareAdapter, isSoftwareRenderer, type BackendProbe } from './backend-choice';

export const MEASURE_TOLERANCE = 0.05;

/** Whether a backend runs its steps on the processor, inside the worker's own thread(s). */
export const runsOnProcessor = (backend: BackendName): boolean =>
  backend === 'wasm' || backend === 'cpu';

function offeredNow(backend: BackendName, offered: BackendProbe): boolean {
  return backend === 'cpu' || offered[backend].available;
}

/** Whether a GPU backend runs on a GPU the browser emulates in software (SwiftShader). */
export function emulated(backend: BackendName, offered: BackendProbe): boolean {
  if (backend === 'webgpu' && offered.webgpu.available) {
    return isSoftwareAdapter(offered.webgpu.detail);
  }
  if (backend === 'webgl' && offered.webgl.available) {
    return isSoftwareRenderer(offered.webgl.detail);
  }
  return false;
}

/** Auto's order of preference among backends measured about as fast as each other. */
export function preferenceOrder(offered: BackendProbe): BackendName[] {
  const hardware = (['webgpu', 'webgl'] as const).filter((b) => !emulated(b, offered));
  // Emulated WebGL is the faster of the two emulations (DESIGN.md, Testing).
  const software = (['webgl', 'webgpu'] as const).filter((b) => emulated(b, offered));
  return [...hardware, 'wasm', 'cpu', ...software];
}

/**
 * The backends to measure, in the order to measure them: those on the processor first, so that
 * GPU work a slow candidate left queued (its step was not waited for) cannot slow them down; a
 * GPU emulated on the processor would. WebGL before WebGPU: its shaders compile in the worker's
 * thread, so when its step returns little of it is left running.
 */
export function measureOrder(offered: BackendProbe, lost: readonly BackendName[]): BackendName[] {
  const order: BackendName[] = ['wasm', 'cpu', 'webgl', 'webgpu'];
  return order.filter((b) => offeredNow(b, offered) && !lost.includes(b));
}

/**
 * The backend auto takes, given what was measured, or null when nothing usable was measured (then
 * it keeps the fixed order's pick). Lost backends are never taken, even from remembered figures.
 */
export function chooseMeasured(
  results: readonly BackendMeasurement[],
  offered: BackendProbe,
  lost: readonly BackendName[],
): BackendName | null {
  const usable = results.filter(
    (r) => r.samplesPerSec !== null && r.outcome !== 'failed' && !lost.includes(r.backend),
  );
  const best = Math.max(...usable.map((r) => r.samplesPerSec ?? 0));
  if (usable.length === 0 || !(best > 0)) return null;
  const close = new Set(
    usable
      .filter((r) => (r.samplesPerSec ?? 0) >= best * (1 - MEASURE_TOLERANCE))
      .map((r) => r.backend),
  );
  return preferenceOrder(offered).find((b) => close.has(b)) ?? null;
}

/** Why auto took `chosen`, for the ready event's reason. */
export function measuredReason(
  results: readonly BackendMeasurement[],
  chosen: BackendName,
): string {
  const rate = (r: BackendMeasurement) => (r.outcome === 'failed' ? -1 : (r.samplesPerSec ?? -1));
  const fastest = [...results].sort((a, b) => rate(b) - rate(a))[0];
  if (!fastest || fastest.backend === chosen) {
    return `auto: ${chosen} trained this model fastest when measured`;
  }
  return (
    `auto: ${chosen} trained this model within ${MEASURE_TOLERANCE * 100}% of the fastest ` +
    `(${fastest.backend}) when measured, and comes first in auto's order`
  );
}

const RATE = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });

/** "24,100", rounded to three significant figures: a one-second measurement says no more. */
export const formatRate = (samplesPerSec: number): string => RATE.format(Math.round(samplesPerSec));

function resultText(r: BackendMeasurement, first: boolean): string {
  const unit = first ? ' samples/s' : '';
  if (r.outcome === 'failed' || r.samplesPerSec === null) return `${r.backend} failed (${r.note})`;
  if (r.outcome === 'slow')
    return `${r.backend} under ${formatRate(r.samplesPerSec)}${unit} (${r.note})`;
  return `${r.backend} ${formatRate(r.samplesPerSec)}${unit}`;
}

/** Fastest first; failures last, in the order they were tried. */
function ranked(results: readonly BackendMeasurement[]): BackendMeasurement[] {
  const rate = (r: BackendMeasurement) => (r.outcome === 'failed' ? -1 : (r.samplesPerSec ?? -1));
  return [...results].sort((a, b) => rate(b) - rate(a));
}

/**
 * The measurement in one line for the backend details: "auto measured this model (2,306
 * parameters, batch 32): wasm 24,100 samples/s, cpu 18,400, webgl 1,050 -> wasm".
 */
export function measurementLine(
  measurement: {
    state: 'measuring' | 'measured' | 'remembered';
    model: string;
    results: readonly BackendMeasurement[];
  },
  chosen: BackendName,
): string {
  const { state, model } = measurement;
  if (state === 'measuring') {
    return `auto is measuring how fast each backend trains this model (${model})…`;
  }
  const when = state === 'remembered' ? ' earlier in this browser' : '';
  const figures = ranked(measurement.results).map((r, i) => resultText(r, i === 0));
  return `auto measured this model (${model})${when}: ${figures.join(', ')} -> ${chosen}`;
}
