import { describe, expect, it } from 'vitest';
import { canonicalJson, isJsonObject, toJsonValue, type JsonObject } from '../canonical';
import { verifyContentId } from '../content-id';
import v2 from '../fixtures/v2.json';
import { SCHEMA_VERSION } from '../schema';
import { validateBundle } from '../validate';
import { migrate002to003 } from './002-to-003';

const json = (value: unknown): JsonObject => {
  const copy = toJsonValue(value);
  if (!copy.ok || !isJsonObject(copy.value)) throw new Error('not a JSON object');
  return copy.value;
};

const migrated = (value: unknown): JsonObject => {
  const result = migrate002to003(json(value));
  if (!result.ok) throw result.error;
  return result.value;
};

describe('migration 002 to 003', () => {
  it('is a version 2 fixture written by the previous Gradlab, whose id is its content', async () => {
    expect(v2.schemaVersion).toBe(2);
    // The previous Gradlab's configs had no clipNorm or weightDecay.
    expect(JSON.stringify(v2)).not.toMatch(/clipNorm|weightDecay/);
    expect(await verifyContentId(v2)).toEqual({ ok: true, value: v2.id });
  });

  it('turns the version 2 fixture into a version 3 bundle that validates', () => {
    const bundle = migrated(v2);
    expect(bundle.schemaVersion).toBe(3);
    // Validation brings it on up to the current version.
    const validated = validateBundle(bundle);
    if (!validated.ok) throw validated.error;
    expect(validated.value.schemaVersion).toBe(SCHEMA_VERSION);
    expect(validated.value.notebook.authors).toEqual(['Ada Lovelace', 'Charles Babbage']);
    // The new config fields are filled with what means "as before": no clipping, no decay.
    for (const cell of validated.value.notebook.cells) {
      if (cell.type === 'experiment') {
        expect(cell.config).toMatchObject({ clipNorm: 0, weightDecay: 0 });
      }
    }
    expect(validated.value.runs[0]?.config).toMatchObject({ clipNorm: 0, weightDecay: 0 });
  });

  it('changes nothing but the version number, unknown fields included', () => {
    const bundle = migrated(v2);
    expect(canonicalJson({ ...bundle, schemaVersion: 2 })).toBe(canonicalJson(v2));
    expect(bundle).toMatchObject({ origin: 'teacher-tools 1.2', id: v2.id });
  });

  it('keeps the id the version 2 bundle was written with', () => {
    const validated = validateBundle(v2);
    expect(validated.ok && validated.value.id).toBe(v2.id);
  });
});
