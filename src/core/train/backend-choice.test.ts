import { describe, expect, test } from 'vitest';
import type { AdapterInfo } from '../protocol';
import { backendCandidates, type BackendProbe } from './backend-choice';

const swiftshader: AdapterInfo = {
  vendor: 'google',
  architecture: 'swiftshader',
  description: '',
  isFallback: true,
};
const hardware: AdapterInfo = {
  vendor: 'nvidia',
  architecture: 'ampere',
  description: '',
  isFallback: false,
};
const softwareGl =
  'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';

function probe(webgpu: AdapterInfo | null, webgl: string | null): BackendProbe {
  return {
    webgpu: webgpu ? { available: true, detail: webgpu } : { available: false, why: 'no gpu' },
    webgl: webgl ? { available: true, detail: webgl } : { available: false, why: 'no gl' },
    wasm: { available: true, detail: null },
  };
}

const order = (p: BackendProbe, requested: Parameters<typeof backendCandidates>[0] = 'auto') =>
  backendCandidates(requested, p).map((c) => c.backend);

describe('backend choice', () => {
  test('auto takes WebGPU on a hardware adapter', () => {
    expect(order(probe(hardware, 'ANGLE (NVIDIA)'))).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });

  test('auto skips a software WebGPU adapter and a software WebGL renderer', () => {
    const candidates = backendCandidates('auto', probe(swiftshader, softwareGl));
    expect(candidates.map((c) => c.backend)).toEqual(['wasm', 'cpu']);
    expect(candidates[0]?.reason).toMatch(/WebGPU adapter is software \(google \/ swiftshader\)/);
    expect(candidates[0]?.reason).toMatch(/WebGL renderer is software/);
  });

  test('an adapter is software when it says it is a fallback, whatever its architecture', () => {
    expect(order(probe({ ...hardware, isFallback: true }, null))).toEqual(['wasm', 'cpu']);
  });

  test('a hardware WebGL renderer is taken when WebGPU is missing', () => {
    expect(order(probe(null, 'ANGLE (Intel, Mesa Intel(R) UHD)'))).toEqual([
      'webgl',
      'wasm',
      'cpu',
    ]);
  });

  test('a forced backend comes first even when software, then auto order as fallback', () => {
    const candidates = backendCandidates('webgpu', probe(swiftshader, softwareGl));
    expect(candidates.map((c) => c.backend)).toEqual(['webgpu', 'wasm', 'cpu']);
    expect(candidates[0]?.reason).toBe('webgpu requested');
    expect(order(probe(swiftshader, softwareGl), 'webgl')).toEqual(['webgl', 'wasm', 'cpu']);
    expect(order(probe(swiftshader, softwareGl), 'cpu')).toEqual(['cpu', 'wasm']);
  });

  test('a forced backend that is missing says so and falls back', () => {
    const candidates = backendCandidates('webgpu', probe(null, null));
    expect(candidates.map((c) => c.backend)).toEqual(['wasm', 'cpu']);
    expect(candidates[0]?.reason).toMatch(/webgpu requested but unavailable \(no gpu\)/);
  });

  test('a lost backend is never tried again, even when forced', () => {
    const gpu = probe(hardware, 'ANGLE (Intel, Mesa Intel(R) UHD)');
    expect(backendCandidates('auto', gpu, ['webgpu']).map((c) => c.backend)).toEqual([
      'webgl',
      'wasm',
      'cpu',
    ]);
    const forced = backendCandidates('webgl', gpu, ['webgpu', 'webgl']);
    expect(forced.map((c) => c.backend)).toEqual(['wasm', 'cpu']);
    expect(forced[0]?.reason).toBe(
      'webgl requested but unavailable (its GPU stopped responding); auto: webgpu was lost ' +
        '(its GPU stopped responding); webgl was lost (its GPU stopped responding); so wasm',
    );
  });
});
