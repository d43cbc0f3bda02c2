/**
 * Where a run trained, in a few words for the runs table: "This browser · WebGPU", or
 * "Keras 3.15.1 · TensorFlow 2.21.0 · 2× GPU · mirrored" for an imported run.
 */
import type { BackendName } from '../../core/protocol';
import type { ImportedOrigin } from '../../core/runs/origin';
import type { StoredRun } from '../../core/runs/stored-run';

const BACKEND_LABELS: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'CPU',
};

const FRAMEWORK_LABELS: Record<string, string> = {
  tensorflow: 'TensorFlow',
  jax: 'JAX',
  torch: 'PyTorch',
};

/** `tensorflow 2.21.0` -> `TensorFlow 2.21.0`; anything else as it came. */
function frameworkLabel(framework: string): string {
  const [name = '', ...rest] = framework.trim().split(/\s+/);
  const label = FRAMEWORK_LABELS[name.toLowerCase()];
  return label === undefined ? framework : [label, ...rest].join(' ');
}

/** `GPU:0`, `/physical_device:GPU:1`, `cuda:0`, `TFRT_CPU_0` -> the kind of device. */
function deviceKind(device: string): string {
  const kind = /gpu|tpu|cpu|cuda|mps/i.exec(device)?.[0].toUpperCase();
  if (kind === 'CUDA' || kind === 'MPS') return 'GPU';
  return kind ?? device;
}

/** `2× GPU`, `CPU`, `4× GPU + CPU`. */
export function devicesLabel(devices: readonly string[]): string {
  if (devices.length === 0) return 'no devices named';
  const counts = new Map<string, number>();
  for (const d of devices) counts.set(deviceKind(d), (counts.get(deviceKind(d)) ?? 0) + 1);
  return [...counts].map(([kind, count]) => (count === 1 ? kind : `${count}× ${kind}`)).join(' + ');
}

function strategyLabel(origin: ImportedOrigin): string | null {
  switch (origin.strategy) {
    case 'none':
      return null;
    case 'mirrored':
      return 'mirrored';
    case 'multiworker':
      return `multi-worker, ${origin.replicas} replicas`;
    case 'jax-dp':
      return 'JAX data parallel';
  }
}

const ENDINGS: Record<ImportedOrigin['ending'], string | null> = {
  finished: null,
  stopped: 'stopped early',
  killed: 'no end line: stopped or killed',
};

export function originLabel(run: StoredRun): string {
  const { origin } = run;
  if (origin.kind === 'browser') {
    return `This browser · ${run.backend === null ? 'no backend' : BACKEND_LABELS[run.backend]}`;
  }
  return [
    `Keras ${origin.keras}`,
    frameworkLabel(origin.framework),
    devicesLabel(origin.devices),
    strategyLabel(origin),
    ENDINGS[origin.ending],
  ]
    .filter((part) => part !== null)
    .join(' · ');
}

/** The details behind the label, for its tooltip. */
export function originDetails(run: StoredRun): string | undefined {
  const { origin } = run;
  if (origin.kind === 'browser') return run.adapter ?? undefined;
  const start = origin.init === 'browser' ? "from the browser's weights" : 'from the seed';
  return (
    `${origin.hostname} (${origin.platform}, Python ${origin.python}), ` +
    `${origin.replicas} ${origin.replicas === 1 ? 'replica' : 'replicas'}, trained ${start}; ` +
    `imported from ${origin.fileName} on ${new Date(origin.importedAt).toLocaleString()}`
  );
}
