/** What browsers offer, for the tests of auto's backend choice and measurement. */
import type { BackendProbe } from './backend-choice';

/** Headless Chromium on a machine without a GPU (the e2e suite's): SwiftShader WebGPU and WebGL. */
export const SOFTWARE_GPU: BackendProbe = {
  webgpu: {
    available: true,
    detail: { vendor: 'google', architecture: 'swiftshader', description: '', isFallback: false },
  },
  webgl: {
    available: true,
    detail: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)',
  },
  wasm: { available: true, detail: null },
};

/** A machine with a hardware GPU. */
export const HARDWARE_GPU: BackendProbe = {
  webgpu: {
    available: true,
    detail: { vendor: 'nvidia', architecture: 'ampere', description: '', isFallback: false },
  },
  webgl: { available: true, detail: 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060)' },
  wasm: { available: true, detail: null },
};
