/**
 * Errors that mean the backend itself is broken, not the job: a WebAssembly trap or an Emscripten
 * abort inside TF.js's wasm backend (its heap ran out, or a kernel wrote past it). After one, every
 * later kernel fails too ("null function", "Aborted()"), so the worker reports it with
 * BackendBrokenError's code and the page replaces the worker (features/train/slice.ts).
 *
 * Recognised by the error's name (`WebAssembly.RuntimeError` is named "RuntimeError" in every
 * engine) or by a trap's message, as V8, SpiderMonkey and JavaScriptCore word them, for an error
 * that was wrapped on its way out.
 */
import { BackendBrokenError } from '../errors';

const TRAP_MESSAGES = [
  /memory access out of bounds/i,
  /out of bounds memory access/i,
  /null function/i,
  /function signature mismatch/i,
  /indirect call/i,
  /table index is out of bounds/i,
  /unreachable/i,
  /^Aborted\(/,
];

export function isBrokenBackend(error: { name: string; message: string }): boolean {
  return error.name === 'RuntimeError' || TRAP_MESSAGES.some((trap) => trap.test(error.message));
}

export function brokenBackendError(error: { message: string }): BackendBrokenError {
  return new BackendBrokenError(
    `The training backend broke down (${error.message}), which happens when a model needs more ` +
      'memory than it has. Gradlab restarted the training worker; lower the batch size or make ' +
      'the model smaller before training it again.',
  );
}
