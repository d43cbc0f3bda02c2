/**
 * The backend in words a newcomer reads: where the model trains (this computer's GPU, a GPU the
 * browser emulates on the processor, or the processor itself), by what, and why when it is not a
 * GPU. The backend's own name, its adapter and the full reason are for the details under it.
 */
import type { BackendChoice, BackendName, ReadyEvent } from '../protocol';
import { isSoftwareAdapter, isSoftwareRenderer } from './backend-choice';

const TECHNOLOGY: Record<BackendName, string> = {
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

type Active = Pick<ReadyEvent, 'backend' | 'adapter' | 'renderer' | 'measurement'>;

/** Why training is on the processor, given what was asked for and what auto measured. */
function processorWhy(active: Active, choice: BackendChoice): string {
  if (choice === active.backend) return 'as you chose';
  if (choice === 'auto') {
    return active.measurement ? 'it trains this model fastest here' : 'no usable GPU was found';
  }
  return `${TECHNOLOGY[choice]} is not available here`;
}

/**
 * E.g. "Training on this computer's GPU (WebGPU)", or "Training on this computer's processor
 * (WebAssembly): it trains this model fastest here" (auto measured it), or "…: no usable GPU was
 * found" (before any model was measured, auto's fixed order).
 */
export function backendSentence(active: Active, choice: BackendChoice): string {
  const { backend } = active;
  const technology = TECHNOLOGY[backend];
  if (active.measurement?.state === 'measuring') {
    return 'Measuring where this model trains fastest…';
  }
  if (backend === 'wasm' || backend === 'cpu') {
    return `Training on this computer's processor (${technology}): ${processorWhy(active, choice)}`;
  }
  return emulated(active)
    ? `Training on a GPU the browser emulates on the processor (${technology}): slow`
    : `Training on this computer's GPU (${technology})`;
}
