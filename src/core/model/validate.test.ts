import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { specArb } from './test-arbitraries';
import { MAX_LAYERS, validateSpec } from './validate';

const dense = { type: 'dense', units: 4, activation: 'relu' };

describe('validateSpec', () => {
  it('accepts every valid spec and returns an equal copy', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const result = validateSpec(JSON.parse(JSON.stringify(spec)));
        expect(result).toEqual({ ok: true, value: spec });
      }),
    );
  });

  it('keeps only known fields', () => {
    const input = JSON.parse(
      '{"layers":[{"type":"dense","units":2,"activation":"tanh","__proto__":{"x":1},"extra":1}],"note":"hi"}',
    );
    expect(validateSpec(input)).toEqual({
      ok: true,
      value: { layers: [{ type: 'dense', units: 2, activation: 'tanh' }] },
    });
  });

  it.each([
    ['null', null, null, /must be an object, got null/],
    ['a string', 'dense', null, /must be an object, got "dense"/],
    ['no layers', {}, null, /list of layers, got nothing/],
    ['layers not a list', { layers: { 0: dense } }, null, /list of layers, got an object/],
    ['empty layers', { layers: [] }, null, /at least one layer/],
    ['too many layers', { layers: Array(MAX_LAYERS + 1).fill(dense) }, MAX_LAYERS, /at most 64/],
    ['inherited layers', Object.create({ layers: [dense] }), null, /list of layers/],
    ['a null layer', { layers: [dense, null] }, 1, /^Layer 2: expected an object, got null/],
    [
      'a missing layer',
      { layers: [dense, undefined] },
      1,
      /^Layer 2: expected an object, got nothing/,
    ],
    ['a list as layer', { layers: [[dense]] }, 0, /^Layer 1: expected an object, got a list/],
    ['unknown type', { layers: [{ type: 'conv2d' }] }, 0, /^Layer 1: unknown layer type "conv2d"/],
    ['missing type', { layers: [{ units: 3 }] }, 0, /^Layer 1: unknown layer type nothing/],
    ['type "__proto__"', { layers: [{ type: '__proto__' }] }, 0, /unknown layer type "__proto__"/],
    [
      'zero units',
      { layers: [dense, { ...dense, units: 0 }] },
      1,
      /^Layer 2 \(dense\): units .* got 0\.$/,
    ],
    [
      'fractional units',
      { layers: [{ ...dense, units: 2.5 }] },
      0,
      /^Layer 1 \(dense\): units .*2\.5/,
    ],
    [
      'too many units',
      { layers: [{ ...dense, units: 4097 }] },
      0,
      /^Layer 1 \(dense\): units .*4097/,
    ],
    ['huge units', { layers: [{ ...dense, units: 1e300 }] }, 0, /^Layer 1 \(dense\): units/],
    ['NaN units', { layers: [{ ...dense, units: NaN }] }, 0, /^Layer 1 \(dense\): units .*NaN/],
    ['string units', { layers: [{ ...dense, units: '4' }] }, 0, /^Layer 1 \(dense\): units .*"4"/],
    [
      'unknown activation',
      { layers: [{ ...dense, activation: 'gelu' }] },
      0,
      /^Layer 1 \(dense\): activation .*"gelu"/,
    ],
    [
      'missing activation',
      { layers: [{ type: 'activation' }] },
      0,
      /^Layer 1 \(activation\): activation .*nothing/,
    ],
    [
      'activation "toString"',
      { layers: [{ type: 'activation', activation: 'toString' }] },
      0,
      /^Layer 1 \(activation\)/,
    ],
    [
      'string useBias',
      { layers: [{ ...dense, useBias: 'yes' }] },
      0,
      /^Layer 1 \(dense\): useBias/,
    ],
    [
      'null useBias',
      { layers: [{ ...dense, useBias: null }] },
      0,
      /^Layer 1 \(dense\): useBias .*null/,
    ],
    [
      'rate 1',
      { layers: [{ type: 'dropout', rate: 1 }] },
      0,
      /^Layer 1 \(dropout\): rate .*got 1\.$/,
    ],
    [
      'negative rate',
      { layers: [{ type: 'dropout', rate: -0.1 }] },
      0,
      /^Layer 1 \(dropout\): rate/,
    ],
    [
      'NaN rate',
      { layers: [{ type: 'dropout', rate: NaN }] },
      0,
      /^Layer 1 \(dropout\): rate .*NaN/,
    ],
    ['missing rate', { layers: [{ type: 'dropout' }] }, 0, /^Layer 1 \(dropout\): rate .*nothing/],
  ])('refuses %s', (_, spec, layerIndex, message) => {
    const result = validateSpec(spec);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-spec');
    expect(result.error.layerIndex).toBe(layerIndex);
    expect(result.error.message).toMatch(message);
  });

  it('never throws on junk', () => {
    const junkLayer = fc.oneof(
      fc.anything({ withBigInt: true, withNullPrototype: true, withObjectString: true }),
      fc.dictionary(
        fc.constantFrom(
          'type',
          'units',
          'activation',
          'rate',
          'useBias',
          '__proto__',
          'constructor',
        ),
        fc.oneof(fc.constantFrom('dense', 'activation', 'dropout', 'relu'), fc.anything()),
      ),
    );
    const junk = fc.oneof(
      fc.anything({ withBigInt: true, withNullPrototype: true, withMap: true, withSet: true }),
      fc.record({ layers: fc.array(junkLayer, { maxLength: 5 }) }),
      fc.record({ layers: fc.anything(), constructor: fc.anything(), __proto__: fc.anything() }),
    );
    fc.assert(
      fc.property(junk, (value) => {
        const result = validateSpec(value);
        if (!result.ok) expect(result.error.code).toBe('invalid-spec');
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on symbols', () => {
    expect(validateSpec({ layers: [{ ...dense, units: Symbol('x') }] }).ok).toBe(false);
  });
});
