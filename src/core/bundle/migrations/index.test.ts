import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../canonical';
import v1 from '../fixtures/v1.json';
import { SCHEMA_VERSION } from '../schema';
import { validateBundle } from '../validate';
import { migrate, readSchemaVersion, STEPS } from './index';

const fixtures = import.meta.glob<{ default: unknown }>('../fixtures/v*.json', { eager: true });

describe('migrate', () => {
  it('has one step and one fixture for every past schema version', () => {
    expect(STEPS).toHaveLength(SCHEMA_VERSION - 1);
    const versions = Object.keys(fixtures).map((path) => Number(/v(\d+)\.json$/.exec(path)?.[1]));
    expect(versions.sort()).toEqual(Array.from({ length: SCHEMA_VERSION - 1 }, (_, i) => i + 1));
  });

  it.each(Object.entries(fixtures))(
    'brings %s up to the current version, which validates',
    (_, fixture) => {
      const migrated = migrate(fixture.default);
      if (!migrated.ok) throw migrated.error;
      expect(migrated.value.schemaVersion).toBe(SCHEMA_VERSION);
      expect(validateBundle(migrated.value).ok).toBe(true);
      expect(validateBundle(fixture.default)).toEqual(validateBundle(migrated.value));
    },
  );

  it('leaves a current bundle as it is, as a detached copy', () => {
    const current = migrate(v1);
    if (!current.ok) throw current.error;
    const again = migrate(current.value);
    expect(again.ok && canonicalJson(again.value)).toBe(canonicalJson(current.value));
    expect(again.ok && again.value).not.toBe(current.value);
  });

  it('does not change its input', () => {
    const before = JSON.stringify(v1);
    migrate(v1);
    expect(JSON.stringify(v1)).toBe(before);
  });

  it.each([
    [{ schemaVersion: 1 }, 'not-a-bundle'],
    [{ type: 'gradlab/bundle' }, 'bad-version'],
    [{ type: 'gradlab/bundle', schemaVersion: Infinity }, 'not-json'],
    [{ type: 'gradlab/bundle', schemaVersion: SCHEMA_VERSION + 1 }, 'newer-version'],
    ['{"type":"gradlab/bundle"}', 'not-a-bundle'],
  ])('refuses %j', (input, reason) => {
    const result = migrate(input);
    expect(!result.ok && result.error.reason).toBe(reason);
  });
});

describe('readSchemaVersion', () => {
  it('reads every version up to the current one', () => {
    for (let version = 1; version <= SCHEMA_VERSION; version++) {
      expect(readSchemaVersion(version)).toEqual({ ok: true, value: version });
    }
  });

  it('refuses a newer version with a message that says so and what to do', () => {
    const result = readSchemaVersion(999);
    expect(!result.ok && result.error.reason).toBe('newer-version');
    expect(!result.ok && result.error.message).toMatch(
      /made by a newer version of Gradlab \(bundle format 999; this one reads up to 4\)\. Reload the page to update Gradlab/,
    );
  });

  it.each([-1, 0, '2', 1.5, null, undefined, [2], { n: 2 }, NaN, Infinity])(
    'refuses %j as invalid',
    (value) => {
      const result = readSchemaVersion(value);
      expect(!result.ok && result.error.reason).toBe('bad-version');
      expect(!result.ok && result.error.message).toMatch(/must be a whole number from 1/);
    },
  );
});
