/**
 * The sequence bench's worker (scripts/bench/sequences.ts): starts the backend the plan forces, as
 * the app's worker does, loads the shipped names and spam, and posts progress lines, then one
 * report.
 */
import '@tensorflow/tfjs-backend-webgpu';
import type { BackendName } from '../../src/core/protocol';
import { activateBackend } from '../../src/engine/train/activate-backend';
import { registerCpuKernels } from '../../src/engine/cpu/register';
import { registerWasmKernels } from '../../src/engine/wasm/register';
import { probeBackends } from '../../workers/probe';
import { serveBundledWasm } from '../../workers/wasm-files';
import {
  loadShipped,
  presetTokens,
  raceTheBigram,
  type PresetPlan,
  type PresetTokens,
  type RaceReport,
  type SequenceData,
} from './sequences';

declare const self: DedicatedWorkerGlobalScope;

export interface SequencePlan extends SequenceData {
  backend: BackendName;
  presets: PresetPlan;
  /** The race against the bigram: seconds of training between marks and in all; null to skip. */
  race: { everySeconds: number; limitSeconds: number } | null;
}

export interface SequenceReport {
  requested: BackendName;
  backend: BackendName | null;
  reason: string;
  presets: PresetTokens[];
  race: RaceReport | null;
  error: string | null;
}

export type SequenceMessage =
  { type: 'log'; text: string } | { type: 'report'; report: SequenceReport };

registerWasmKernels();
registerCpuKernels();
const post = (message: SequenceMessage) => self.postMessage(message);
const log = (text: string) => post({ type: 'log', text });

self.onmessage = async ({ data: plan }: MessageEvent<SequencePlan>) => {
  serveBundledWasm();
  const report: SequenceReport = {
    requested: plan.backend,
    backend: null,
    reason: '',
    presets: [],
    race: null,
    error: null,
  };
  try {
    const ready = await activateBackend(plan.backend, await probeBackends());
    report.backend = ready.backend;
    report.reason = ready.reason;
    if (ready.backend !== plan.backend) {
      throw new Error(`${plan.backend} did not start, got ${ready.backend}: ${ready.reason}`);
    }
    const names = await loadShipped(plan.namesUrl);
    const spam = await loadShipped(plan.spamUrl);
    if (plan.race !== null) {
      const { everySeconds, limitSeconds } = plan.race;
      report.race = await raceTheBigram(names, everySeconds, limitSeconds, log);
    }
    report.presets = await presetTokens({ names, spam }, plan.presets, log);
  } catch (error) {
    report.error = error instanceof Error ? error.message : String(error);
  }
  post({ type: 'report', report });
};
