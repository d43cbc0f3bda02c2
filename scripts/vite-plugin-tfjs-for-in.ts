/**
 * A Vite plugin for the bundles that train (the workers; `npm run dev`'s pre-bundled packages):
 * rewrites the `for...in` loops of TF.js's gradient tape (tfjs-core `dist/tape.js`) and of its
 * walk over a tensor container (`dist/tensor_util.js`) as loops over `Object.keys`.
 *
 * Why: in Chromium 156, V8 deoptimizes `getFilteredNodesXToY` and `walkTensorContainer` at those
 * loops about sixty times a second of training ("wrong map": each kernel's named inputs are an
 * object of another shape) and optimizes them again each time, seconds of background compiling
 * in a run of ten, on the cores the training and the page need. With the loops over
 * `Object.keys`, the same headless job ran 1.10x faster on cpu, 1.35x on wasm, 1.14x on
 * WebGL and 1.13x on WebGPU (README, "The gradient tape's loops").
 *
 * The keys are the same: the objects walked are a kernel's named inputs and what `tidy` returns
 * (plain objects and arrays; tensors are taken before the walk), whose own enumerable keys are all
 * that `for...in` visits. Each rewrite must find its text as many times as written here, or the
 * build fails: a TF.js whose files differ must not lose the fix unnoticed.
 */
import type { Plugin } from 'vite';

interface Rewrite {
  /** The end of the module's path. */
  readonly file: string;
  readonly from: string;
  readonly to: string;
  /** How many times `from` is in the file. */
  readonly count: number;
}

export const TFJS_FOR_IN_REWRITES: readonly Rewrite[] = [
  {
    file: '@tensorflow/tfjs-core/dist/tape.js',
    from: 'for (const inputName in nodeInputs) {',
    to: 'for (const inputName of Object.keys(nodeInputs)) {',
    count: 2,
  },
  {
    file: '@tensorflow/tfjs-core/dist/tape.js',
    from: 'for (const inputName in node.inputs) {',
    to: 'for (const inputName of Object.keys(node.inputs)) {',
    count: 2,
  },
  {
    file: '@tensorflow/tfjs-core/dist/tensor_util.js',
    from: 'for (const k in iterable) {',
    to: 'for (const k of Object.keys(iterable)) {',
    count: 1,
  },
];

export class TfjsRewriteError extends Error {
  readonly code = 'tfjs-rewrite-missing' as const;
}

/**
 * The module's code with its rewrites made, or null when none is for this module. Throws
 * TfjsRewriteError when a rewrite's text is not there as many times as expected.
 */
export function rewriteTfjsForIn(id: string, code: string): string | null {
  const path = id
    .replace(/[?#].*$/, '')
    .split('\\')
    .join('/');
  const rewrites = TFJS_FOR_IN_REWRITES.filter((r) => path.endsWith(`/node_modules/${r.file}`));
  if (rewrites.length === 0) return null;
  let out = code;
  for (const { file, from, to, count } of rewrites) {
    const pieces = out.split(from);
    const found = pieces.length - 1;
    if (found !== count) {
      throw new TfjsRewriteError(
        `${file}: expected ${count} of \`${from}\`, found ${found}. TF.js changed: check whether ` +
          'V8 still deoptimizes its loops (README, "The gradient tape\'s loops") and update ' +
          'scripts/vite-plugin-tfjs-for-in.ts.',
      );
    }
    out = pieces.join(to);
  }
  return out;
}

/**
 * The loops a built bundle still has unrewritten, for scripts/check-build.ts: the text of each
 * rewrite's `from` found in `code`.
 */
export function unrewrittenTfjsLoops(code: string): string[] {
  return TFJS_FOR_IN_REWRITES.map((r) => r.from).filter((from) => code.includes(from));
}

export function tfjsForInPlugin(): Plugin {
  return {
    name: 'gradlab:tfjs-for-in',
    transform(code, id) {
      const rewritten = rewriteTfjsForIn(id, code);
      return rewritten === null ? null : { code: rewritten, map: null };
    },
  };
}
