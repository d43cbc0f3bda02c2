/**
 * Which TF.js backend to run on, decided from what the browser offers. Software WebGPU and
 * software WebGL are skipped by "auto": measured in DESIGN.md, WebGPU on SwiftShader is ~40x
 * slower than the cpu backend on a small MLP. Forcing a backend that is missing falls back along
 * the same order and says so, rather than leaving the user with nothing.
 */
import type { AdapterInfo, BackendChoice, BackendName } from '../protocol';

export type Probe<T> = { available: true; detail: T } | { available: false; why: string };

export interface BackendProbe {
  webgpu: Probe<AdapterInfo>;
  /** The WebGL renderer string (unmasked when the browser allows). */
  webgl: Probe<string>;
  wasm: Probe<null>;
}

export interface BackendCandidate {
  backend: BackendName;
  reason: string;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

export function isSoftwareAdapter(adapter: AdapterInfo): boolean {
  return adapter.isFallback || SOFTWARE_RENDERER.test(adapter.architecture);
}

export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

/** `vendor / architecture`, as the header and the reasons show an adapter. */
export const describeAdapter = (a: AdapterInfo) =>
  `${a.vendor || 'unknown vendor'} / ${a.architecture || 'unknown architecture'}`;

/** Why auto passes over a backend, or null when auto takes it. */
function skipReason(
  backend: BackendName,
  probe: BackendProbe,
  lost: readonly BackendName[],
): string | null {
  if (lost.includes(backend)) return `${backend} was lost (its GPU stopped responding)`;
  switch (backend) {
    case 'webgpu':
      if (!probe.webgpu.available) return `WebGPU unavailable (${probe.webgpu.why})`;
      return isSoftwareAdapter(probe.webgpu.detail)
        ? `WebGPU adapter is software (${describeAdapter(probe.webgpu.detail)})`
        : null;
    case 'webgl':
      if (!probe.webgl.available) return `WebGL unavailable (${probe.webgl.why})`;
      return isSoftwareRenderer(probe.webgl.detail)
        ? `WebGL renderer is software (${probe.webgl.detail})`
        : null;
    case 'wasm':
      return probe.wasm.available ? null : `WebAssembly unavailable (${probe.wasm.why})`;
    case 'cpu':
      return null;
  }
}

function missing(
  backend: BackendName,
  probe: BackendProbe,
  lost: readonly BackendName[],
): string | null {
  if (lost.includes(backend)) return 'its GPU stopped responding';
  if (backend === 'cpu') return null;
  const p = probe[backend];
  return p.available ? null : p.why;
}

const AUTO_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/**
 * Backends to try in order, each with the reason it would be the one. `lost` backends lost their
 * GPU earlier in this worker and are never tried again, even when forced.
 */
export function backendCandidates(
  requested: BackendChoice,
  probe: BackendProbe,
  lost: readonly BackendName[] = [],
): BackendCandidate[] {
  const auto: BackendCandidate[] = [];
  const skipped: string[] = [];
  for (const backend of AUTO_ORDER) {
    const why = skipReason(backend, probe, lost);
    if (why) {
      skipped.push(why);
      continue;
    }
    const reason = skipped.length
      ? `auto: ${skipped.join('; ')}; so ${backend}`
      : `auto: ${backend} is the fastest available`;
    auto.push({ backend, reason });
  }
  if (requested === 'auto') return auto;
  const why = missing(requested, probe, lost);
  if (why === null) {
    const forced = { backend: requested, reason: `${requested} requested` };
    return [forced, ...auto.filter((c) => c.backend !== requested)];
  }
  return auto.map((c) => ({
    backend: c.backend,
    reason: `${requested} requested but unavailable (${why}); ${c.reason}`,
  }));
}
