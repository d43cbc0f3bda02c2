/**
 * The backend in words a newcomer reads: where the model trains (this computer's GPU, a GPU the
 * browser emulates on the processor, or the processor itself), by what, and why when it is not a
 * GPU. The backend's own name, its adapter and the full reason are for the details under it.
 */
import type { BackendChoice, BackendName, ReadyEvent } from '../protocol';
import { counted } from '../plural';
import { isSoftwareAdapter, isSoftwareRenderer } from './backend-choice';
import { MEASURE_TOLERANCE } from './measured-choice';

/** What each backend runs on, in a newcomer's words. */
export const TECHNOLOGY: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'plain JavaScript',
};

/** Whether the GPU under a WebGPU or WebGL backend is one the browser emulates in software. */
function emulated(active: Pick<ReadyEvent, 'backend' | 'adapter' | 'renderer'>): boolean {
  if (active.backend === 'webgpu')
    return active.adapter !== null && isSoftwareAdapter(active.adapter);
  return active.renderer !== null && isSoftwareRenderer(active.renderer);
}

type Active = Pick<ReadyEvent, 'backend' | 'adapter' | 'renderer' | 'measurement' | 'threads'>;

/**
 * What auto's measurement says of the active backend, or null when it says nothing of it (none
 * yet, or the backend could not train the model when measured and auto stayed on it).
 */
function measuredWhy(active: Active): string | null {
  const results = active.measurement?.results ?? [];
  const rate = (backend: BackendName) =>
    results.find((r) => r.backend === backend && r.outcome !== 'failed')?.samplesPerSec ?? null;
  const mine = rate(active.backend);
  if (mine === null) return null;
  const best = Math.max(...results.map((r) => rate(r.backend) ?? 0));
  return mine >= best
    ? 'measured fastest for this model'
    : `measured within ${MEASURE_TOLERANCE * 100}% of the fastest`;
}

/** Why training is on the processor, given what was asked for and what auto measured. */
function processorWhy(active: Active, choice: BackendChoice): string {
  if (choice === active.backend) return 'as you chose';
  if (choice === 'auto') return measuredWhy(active) ?? 'no usable GPU was found';
  return `${TECHNOLOGY[choice]} is not available here`;
}

/**
 * E.g. "Training on this computer's GPU (WebGPU)", or "Training on this computer's processor
 * (WebAssembly, 2 threads): measured fastest for this model" (auto measured it; the figures are in the
 * details), or "…: no usable GPU was found" (before any model was measured, auto's fixed order).
 */
export function backendSentence(active: Active, choice: BackendChoice): string {
  const { backend } = active;
  const technology = TECHNOLOGY[backend];
  if (active.measurement?.state === 'measuring') {
    return 'Measuring where this model trains fastest…';
  }
  if (backend === 'wasm' || backend === 'cpu') {
    const threads = active.threads === undefined ? '' : `, ${counted(active.threads, 'thread')}`;
    return `Training on this computer's processor (${technology}${threads}): ${processorWhy(active, choice)}`;
  }
  const measured = choice === 'auto' ? measuredWhy(active) : null;
  if (emulated(active)) {
    return `Training on a GPU the browser emulates on the processor (${technology}): ${measured ?? 'slow'}`;
  }
  const gpu = `Training on this computer's GPU (${technology})`;
  return measured ? `${gpu}: ${measured}` : gpu;
}
