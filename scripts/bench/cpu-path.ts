/**
 * The CPU path of `npm run bench` (`--only=cpu-path`): one training step of LeNet-5 and of the
 * 784-128-10 MLP on TF.js's wasm backend, as the app's session takes it (a gathered batch, the
 * model applied in training mode, the loss, the accuracy count, Adam), timed per kernel through a
 * wrapper around every kernel the backend has; then Keras on the same machine training the same
 * models (scripts/bench/keras_reference.py), single-threaded, for the ratio the issue asks for.
 *
 * It runs in Node on the same wasm binary the browser loads (SIMD, one thread: Node has no
 * cross-origin isolated page to give it threads); the threaded figures come from the browser
 * sections of the bench. Run alone: `npx tsx scripts/bench/cpu-path.ts [--json]`.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { lenetSpec } from '../../src/core/model/presets';
import type { ModelSpec } from '../../src/core/model/spec';
import { buildModel } from '../../src/engine/model/build';
import { correctCount, meanLoss } from '../../src/engine/train/losses';
import { createOptimizer } from '../../src/engine/train/optimizers';
import { minimizeWithPenalty } from '../../src/engine/train/regularization';
import { registerWasmKernels } from '../../src/engine/wasm/register';

export interface KernelTime {
  kernel: string;
  msPerStep: number;
  callsPerStep: number;
}

export interface StepProfile {
  job: 'lenet' | 'mlp';
  batch: number;
  samplesPerSecond: number;
  msPerStep: number;
  /** Time inside kernels; the rest of a step is TF.js's engine: tape, scopes, bookkeeping. */
  kernelMsPerStep: number;
  kernels: KernelTime[];
}

export interface KerasReference {
  keras: string;
  tensorflow: string;
  threads: number;
  lenet: number;
  mlp: number;
}

const JOBS = {
  lenet: { batch: 64, input: [28, 28, 1], steps: 40, spec: lenetSpec(10) },
  mlp: {
    batch: 128,
    input: [784],
    steps: 150,
    spec: {
      layers: [
        { type: 'dense', units: 128, activation: 'relu' },
        { type: 'dense', units: 10, activation: 'softmax' },
      ],
    } satisfies ModelSpec,
  },
} as const;

/** Wraps every kernel of the active backend so that each call adds its time to `times`. */
function timeKernels(times: Map<string, { ms: number; calls: number }>): void {
  const backendName = tf.getBackend();
  for (const config of tf.getKernelsForBackend(backendName)) {
    const inner = config.kernelFunc;
    tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel({
      ...config,
      kernelFunc: (call) => {
        const start = performance.now();
        const out = inner(call);
        const entry = times.get(config.kernelName) ?? { ms: 0, calls: 0 };
        entry.ms += performance.now() - start;
        entry.calls += 1;
        times.set(config.kernelName, entry);
        return out;
      },
    });
  }
}

function profileJob(
  job: keyof typeof JOBS,
  times: Map<string, { ms: number; calls: number }>,
): StepProfile {
  const { batch, input, steps, spec } = JOBS[job];
  const model = buildModel(spec, [...input], 1);
  const optimizer = createOptimizer('adam', 0.001);
  const pool = 4 * batch;
  const xs = tf.randomUniform([pool, ...input], 0, 1, 'float32', 1);
  const ys = tf.oneHot(tf.randomUniform([pool], 0, 10, 'int32', 2) as tf.Tensor1D, 10);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const step = (k: number) =>
    tf.tidy(() => {
      const rows = tf.range((k % 4) * batch, (k % 4) * batch + batch, 1, 'int32');
      const x = tf.gather(xs, rows);
      const y = tf.gather(ys, rows);
      minimizeWithPenalty(optimizer, variables, [], { l1: 0, l2: 0 }, () => {
        const prediction = model.apply(x, { training: true }) as tf.Tensor;
        tf.keep(correctCount(y, prediction)).dispose();
        return meanLoss('categoricalCrossentropy', y, prediction);
      });
    });
  for (let k = 0; k < 5; k++) step(k);
  times.clear();
  const start = performance.now();
  for (let k = 0; k < steps; k++) step(k);
  const total = performance.now() - start;
  const kernels = [...times.entries()]
    .map(([kernel, { ms, calls }]) => ({
      kernel,
      msPerStep: ms / steps,
      callsPerStep: calls / steps,
    }))
    .sort((a, b) => b.msPerStep - a.msPerStep);
  tf.dispose([xs, ys]);
  model.dispose();
  optimizer.dispose();
  return {
    job,
    batch,
    samplesPerSecond: (steps * batch * 1000) / total,
    msPerStep: total / steps,
    kernelMsPerStep: kernels.reduce((sum, k) => sum + k.msPerStep, 0),
    kernels,
  };
}

export async function profileCpuPath(): Promise<StepProfile[]> {
  const require = createRequire(import.meta.url);
  await import('@tensorflow/tfjs-backend-wasm');
  setWasmPaths(
    path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) +
      path.sep,
  );
  registerWasmKernels();
  await tf.setBackend('wasm');
  const times = new Map<string, { ms: number; calls: number }>();
  timeKernels(times);
  return [profileJob('lenet', times), profileJob('mlp', times)];
}

/**
 * Keras' figures through the Python named by KERAS_PYTHON (else `python3`), or why there are none.
 */
export function kerasReference(threads: number): KerasReference | { missing: string } {
  const python = process.env['KERAS_PYTHON'] ?? 'python3';
  const script = path.join(import.meta.dirname, 'keras_reference.py');
  const run = spawnSync(python, [script, '--threads', String(threads)], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  const last = run.stdout?.trim().split('\n').pop();
  if (run.status !== 0 || !last) {
    const why = (run.stderr || String(run.error ?? '')).trim().split('\n').pop() ?? '';
    return {
      missing:
        `no Keras reference (${python}: ${why}). Install it with ` +
        '`python3 -m venv .venv-keras && .venv-keras/bin/pip install --retries 0 --timeout 5 ' +
        'tensorflow-cpu keras`, then run with KERAS_PYTHON=.venv-keras/bin/python',
    };
  }
  return JSON.parse(last) as KerasReference;
}

const fixed = (n: number, digits = 1) => n.toFixed(digits);

export function profileTable(profiles: StepProfile[], top = 8): string {
  const lines: string[] = [];
  for (const p of profiles) {
    lines.push(
      `${p.job} (batch ${p.batch}): ${Math.round(p.samplesPerSecond)} samples/s, ` +
        `${fixed(p.msPerStep, 2)} ms a step, ${fixed(p.kernelMsPerStep, 2)} ms in kernels`,
    );
    for (const k of p.kernels.slice(0, top)) {
      lines.push(
        `  ${k.kernel.padEnd(24)} ${fixed(k.msPerStep, 2).padStart(7)} ms  ` +
          `${fixed(k.callsPerStep, 0).padStart(3)} calls  ` +
          `${fixed((100 * k.msPerStep) / p.msPerStep).padStart(5)} %`,
      );
    }
  }
  return lines.join('\n');
}

export function ratioTable(profiles: StepProfile[], keras: KerasReference): string {
  const targets = { lenet: 0.4, mlp: 0.5 };
  return profiles
    .map((p) => {
      const reference = keras[p.job];
      const ratio = p.samplesPerSecond / reference;
      const verdict = ratio >= targets[p.job] ? 'PASS' : 'MISS';
      return (
        `${p.job.padEnd(6)} wasm ${String(Math.round(p.samplesPerSecond)).padStart(6)} samples/s, ` +
        `Keras ${keras.keras} on TF ${keras.tensorflow} (${keras.threads} thread) ` +
        `${String(reference).padStart(6)}: ${fixed(ratio, 2)}x (target ${targets[p.job]}x) ${verdict}`
      );
    })
    .join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const profiles = await profileCpuPath();
  const keras = kerasReference(1);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ profiles, keras }));
  } else {
    console.log(profileTable(profiles));
    console.log('missing' in keras ? keras.missing : ratioTable(profiles, keras));
  }
}
