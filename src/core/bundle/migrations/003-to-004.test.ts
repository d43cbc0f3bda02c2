import { describe, expect, it } from 'vitest';
import { canonicalJson, isJsonObject, toJsonValue, type JsonObject } from '../canonical';
import { verifyContentId } from '../content-id';
import v3 from '../fixtures/v3.json';
import { validateBundle } from '../validate';
import { migrate003to004 } from './003-to-004';

const json = (value: unknown): JsonObject => {
  const copy = toJsonValue(value);
  if (!copy.ok || !isJsonObject(copy.value)) throw new Error('not a JSON object');
  return copy.value;
};

const migrated = (value: unknown): JsonObject => {
  const result = migrate003to004(json(value));
  if (!result.ok) throw result.error;
  return result.value;
};

describe('migration 003 to 004', () => {
  it('is a version 3 fixture written by the previous Gradlab, whose id is its content', async () => {
    // The shipped lesson "depth-spiral" as scripts/build-lessons.ts wrote it in bundle format 3.
    expect(v3.schemaVersion).toBe(3);
    expect(JSON.stringify(v3)).not.toMatch(/"sweep"/);
    expect(v3.notebook.cells[1]).toMatchObject({ locks: ['dataset'] });
    expect(await verifyContentId(v3)).toEqual({ ok: true, value: v3.id });
  });

  it('turns the version 3 fixture into a version 4 bundle that validates, without sweeps', () => {
    const bundle = migrated(v3);
    expect(bundle.schemaVersion).toBe(4);
    const validated = validateBundle(bundle);
    if (!validated.ok) throw validated.error;
    expect(validated.value.schemaVersion).toBe(4);
    const experiments = validated.value.notebook.cells.filter((c) => c.type === 'experiment');
    expect(experiments.map((cell) => [cell.id, cell.sweep])).toEqual([
      ['shallow', undefined],
      ['deep', undefined],
    ]);
    expect(validated.value.runs.map((run) => [run.cellId, run.sweep])).toEqual([
      ['shallow', undefined],
      ['deep', undefined],
    ]);
  });

  it('changes nothing but the version number', () => {
    const bundle = migrated(v3);
    expect(canonicalJson({ ...bundle, schemaVersion: 3 })).toBe(canonicalJson(v3));
    expect(bundle.id).toBe(v3.id);
  });

  it('keeps unknown fields where they were', () => {
    const bundle = migrated({ ...v3, origin: 'teacher-tools 2.0' });
    expect(bundle).toMatchObject({ origin: 'teacher-tools 2.0', schemaVersion: 4 });
  });

  it('keeps the id the version 3 bundle was written with', () => {
    const validated = validateBundle(v3);
    expect(validated.ok && validated.value.id).toBe(v3.id);
  });
});
