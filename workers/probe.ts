/** What this browser offers for each TF.js backend, asked from inside the worker. */
import type { BackendProbe, Probe } from '../src/core/train/backend-choice';
import type { AdapterInfo } from '../src/core/protocol';

async function probeWebGpu(): Promise<Probe<AdapterInfo>> {
  if (!('gpu' in navigator) || !navigator.gpu) {
    return { available: false, why: 'this browser has no navigator.gpu' };
  }
  try {
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) return { available: false, why: 'no WebGPU adapter was found' };
    const info = adapter.info;
    return {
      available: true,
      detail: {
        vendor: info.vendor,
        architecture: info.architecture,
        description: info.description,
        isFallback: info.isFallbackAdapter ?? false,
      },
    };
  } catch (error) {
    return { available: false, why: (error as Error).message };
  }
}

function probeWebGl(): Probe<string> {
  if (typeof OffscreenCanvas === 'undefined') {
    return { available: false, why: 'no OffscreenCanvas in workers' };
  }
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return { available: false, why: 'no WebGL2 context' };
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { available: true, detail: renderer };
  } catch (error) {
    return { available: false, why: (error as Error).message };
  }
}

function probeWasm(): Probe<null> {
  return typeof WebAssembly === 'object'
    ? { available: true, detail: null }
    : { available: false, why: 'no WebAssembly' };
}

export async function probeBackends(): Promise<BackendProbe> {
  return { webgpu: await probeWebGpu(), webgl: probeWebGl(), wasm: probeWasm() };
}
