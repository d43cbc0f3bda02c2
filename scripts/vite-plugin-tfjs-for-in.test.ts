import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  TFJS_FOR_IN_REWRITES,
  TfjsRewriteError,
  rewriteTfjsForIn,
  unrewrittenTfjsLoops,
} from './vite-plugin-tfjs-for-in';

const coreDist = join(
  dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-core/package.json')),
  'dist',
);
const installed = (file: string) => {
  const path = join(coreDist, file);
  return { id: path, code: readFileSync(path, 'utf8') };
};

describe('rewriteTfjsForIn', () => {
  it("rewrites every for...in of the installed TF.js's tape and tensor walk", () => {
    for (const file of ['tape.js', 'tensor_util.js']) {
      const { id, code } = installed(file);
      expect(unrewrittenTfjsLoops(code).length).toBeGreaterThan(0);
      const out = rewriteTfjsForIn(id, code);
      expect(out).not.toBeNull();
      expect(unrewrittenTfjsLoops(out ?? '')).toEqual([]);
      // No other for...in is left in them to deoptimize instead.
      expect(out).not.toMatch(/for \(const \w+ in /);
      for (const r of TFJS_FOR_IN_REWRITES.filter((x) => x.file.endsWith(`/${file}`))) {
        expect((out ?? '').split(r.to).length - 1).toBe(r.count);
      }
    }
  });

  it('leaves the rest of the module as it was', () => {
    const { id, code } = installed('tape.js');
    const out = rewriteTfjsForIn(id, code) ?? '';
    const undo = TFJS_FOR_IN_REWRITES.reduce((text, r) => text.split(r.to).join(r.from), out);
    expect(undo).toBe(code);
  });

  it('takes ids with a query and Windows separators', () => {
    const { code } = installed('tensor_util.js');
    const id = 'C:\\app\\node_modules\\@tensorflow\\tfjs-core\\dist\\tensor_util.js?v=1a2b';
    expect(unrewrittenTfjsLoops(rewriteTfjsForIn(id, code) ?? 'null')).toEqual([]);
  });

  it('touches no other module, even one of the same name', () => {
    const { code } = installed('tape.js');
    expect(rewriteTfjsForIn('/app/src/tape.js', code)).toBeNull();
    expect(rewriteTfjsForIn(join(coreDist, 'engine.js'), code)).toBeNull();
  });

  it('fails the build when a loop is not where it was (TF.js changed)', () => {
    const { id, code } = installed('tape.js');
    const changed = code.replace('for (const inputName in nodeInputs) {', 'for (;;) {');
    expect(() => rewriteTfjsForIn(id, changed)).toThrow(TfjsRewriteError);
    expect(() => rewriteTfjsForIn(id, changed)).toThrow(/expected 2 of .*found 1/);
  });
});
