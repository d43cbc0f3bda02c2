import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { specArb } from './test-arbitraries';
import { LAYER_TYPES, MAX_LAYERS, validateSpec } from './validate';

const dense = { type: 'dense', units: 4, activation: 'relu' };
const conv = { type: 'conv2d', filters: 4, kernelSize: 3, activation: 'relu' };
const pool = { type: 'maxPooling2d', poolSize: 2 };

/** [case, spec, layerIndex, message] for the layers beyond dense, activation and dropout. */
const newLayerCases: [string, unknown, number, RegExp][] = [
  ['zero filters', { ...conv, filters: 0 }, /^Layer 2 \(conv2d\): filters .*got 0\.$/],
  [
    '2^31 filters',
    { ...conv, filters: 2 ** 31 },
    /^Layer 2 \(conv2d\): filters .*4096, got 2147483648/,
  ],
  ['negative filters', { ...conv, filters: -3 }, /^Layer 2 \(conv2d\): filters .*got -3/],
  ['string filters', { ...conv, filters: '8' }, /^Layer 2 \(conv2d\): filters .*got "8"/],
  [
    'missing kernelSize',
    { ...conv, kernelSize: undefined },
    /\(conv2d\): kernelSize .*got nothing/,
  ],
  ['kernelSize 0', { ...conv, kernelSize: 0 }, /^Layer 2 \(conv2d\): kernelSize .*got 0\.$/],
  ['kernelSize 65', { ...conv, kernelSize: 65 }, /\(conv2d\): kernelSize .*1 to 64.*got 65/],
  ['NaN kernelSize', { ...conv, kernelSize: NaN }, /\(conv2d\): kernelSize .*got NaN/],
  ['kernelSize [3]', { ...conv, kernelSize: [3] }, /\(conv2d\): kernelSize .*got \[3\]/],
  ['kernelSize [3, 0]', { ...conv, kernelSize: [3, 0] }, /kernelSize .*got \[3, 0\]/],
  ['kernelSize [3, "3"]', { ...conv, kernelSize: [3, '3'] }, /kernelSize .*got \[3, "3"\]/],
  ['kernelSize [3, 3, 3]', { ...conv, kernelSize: [3, 3, 3] }, /kernelSize .*\[3, 3, 3\]/],
  ['strides 0', { ...conv, strides: 0 }, /^Layer 2 \(conv2d\): strides .*got 0/],
  ['strides 1.5', { ...conv, strides: [1, 1.5] }, /\(conv2d\): strides .*got \[1, 1\.5\]/],
  ['null strides', { ...conv, strides: null }, /\(conv2d\): strides .*got null/],
  ['padding "full"', { ...conv, padding: 'full' }, /\(conv2d\): padding .*valid, same, got "full"/],
  ['conv activation', { ...conv, activation: 'gelu' }, /\(conv2d\): activation .*"gelu"/],
  ['conv useBias 1', { ...conv, useBias: 1 }, /\(conv2d\): useBias .*got 1/],
  ['poolSize 0', { ...pool, poolSize: 0 }, /^Layer 2 \(maxPooling2d\): poolSize .*got 0\.$/],
  ['missing poolSize', { type: 'averagePooling2d' }, /^Layer 2 \(averagePooling2d\): poolSize/],
  ['poolSize 2^31', { ...pool, poolSize: 2 ** 31 }, /\(maxPooling2d\): poolSize .*2147483648/],
  ['pool strides -1', { ...pool, strides: -1 }, /\(maxPooling2d\): strides .*got -1/],
  ['pool padding 1', { ...pool, padding: 1 }, /\(maxPooling2d\): padding .*got 1/],
  [
    'momentum 1',
    { type: 'batchNormalization', momentum: 1 },
    /\(batchNormalization\): momentum .*got 1\.$/,
  ],
  ['momentum NaN', { type: 'batchNormalization', momentum: NaN }, /momentum .*got NaN/],
  ['momentum "0.9"', { type: 'batchNormalization', momentum: '0.9' }, /momentum .*"0\.9"/],
  [
    'epsilon 0',
    { type: 'batchNormalization', epsilon: 0 },
    /\(batchNormalization\): epsilon .*got 0\.$/,
  ],
  ['epsilon -1', { type: 'batchNormalization', epsilon: -1 }, /epsilon .*got -1/],
  ['epsilon Infinity', { type: 'batchNormalization', epsilon: Infinity }, /epsilon .*Infinity/],
  ['no targetShape', { type: 'reshape' }, /^Layer 2 \(reshape\): targetShape .*got nothing/],
  ['empty targetShape', { type: 'reshape', targetShape: [] }, /targetShape .*got a list of 0/],
  ['targetShape of 4', { type: 'reshape', targetShape: [1, 1, 1, 4] }, /targetShape .*a list of 4/],
  ['targetShape [2, 0]', { type: 'reshape', targetShape: [2, 0] }, /targetShape .*item 2 is 0\.$/],
  ['targetShape [-1]', { type: 'reshape', targetShape: [-1] }, /targetShape .*item 1 is -1/],
  ['targetShape 2^31', { type: 'reshape', targetShape: [2 ** 31] }, /item 1 is 2147483648/],
  ['targetShape ["4"]', { type: 'reshape', targetShape: ['4'] }, /item 1 is "4"/],
  ['targetShape 4', { type: 'reshape', targetShape: 4 }, /\(reshape\): targetShape .*got 4\.$/],
  [
    'a vocabulary of 0',
    { type: 'embedding', inputDim: 0, outputDim: 8 },
    /^Layer 2 \(embedding\): inputDim .*1 to 65536, got 0\.$/,
  ],
  ['no outputDim', { type: 'embedding', inputDim: 9 }, /\(embedding\): outputDim .*got nothing/],
  ['lstm units 0', { type: 'lstm', units: 0, returnSequences: true }, /\(lstm\): units .*got 0/],
  [
    'an RNN of 513 units',
    { type: 'simpleRNN', units: 513, returnSequences: true },
    /\(simpleRNN\): units must be a whole number from 1 to 512, got 513/,
  ],
  [
    'gru without returnSequences',
    { type: 'gru', units: 4 },
    /^Layer 2 \(gru\): returnSequences must be true or false, got nothing\.$/,
  ],
  [
    'causal conv1d (TF.js cannot run it)',
    { type: 'conv1d', filters: 2, kernelSize: 3, padding: 'causal', activation: 'relu' },
    /\(conv1d\): padding must be one of valid, same, got "causal"/,
  ],
  [
    'conv1d kernel [3, 3]',
    { type: 'conv1d', filters: 2, kernelSize: [3, 3], activation: 'relu' },
    /\(conv1d\): kernelSize must be a whole number from 1 to 64, got a list/,
  ],
  ['layer norm epsilon 0', { type: 'layerNormalization', epsilon: 0 }, /epsilon .*got 0\.$/],
  [
    '65 heads',
    { type: 'causalSelfAttention', heads: 65, keyDim: 8 },
    /\(causalSelfAttention\): heads .*1 to 64, got 65/,
  ],
  [
    'keyDim 513',
    { type: 'causalSelfAttention', heads: 2, keyDim: 513 },
    /\(causalSelfAttention\): keyDim .*1 to 512, got 513/,
  ],
  [
    'an empty block',
    { type: 'residual', layers: [] },
    /^Layer 2 \(residual\): layers must be a list of 1 to 16 layers, got a list of 0\.$/,
  ],
  [
    'a block of 17 layers',
    { type: 'residual', layers: Array(17).fill(dense) },
    /\(residual\): layers .*got a list of 17/,
  ],
  [
    'a bad layer in a block',
    { type: 'residual', layers: [dense, { ...dense, units: -1 }] },
    /^Layer 2 \(residual\): its layer 2 \(dense\): units .*got -1\.$/,
  ],
  [
    'a block in a block',
    { type: 'residual', layers: [{ type: 'residual', layers: [dense] }] },
    /^Layer 2 \(residual\): its layer 1 \(residual\): a residual block cannot hold another one/,
  ],
].map(([name, layer, message]) => [
  name as string,
  { layers: [dense, layer] },
  1,
  message as RegExp,
]);

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

  it('keeps optional fields of the new layers and drops unknown ones', () => {
    const input = JSON.parse(
      '{"layers":[' +
        '{"type":"conv2d","filters":2,"kernelSize":[3,1],"strides":2,"padding":"same",' +
        '"activation":"relu","useBias":false,"__proto__":{"filters":9},"dilation":2},' +
        '{"type":"averagePooling2d","poolSize":[2,1],"strides":[1,1],"padding":"valid"},' +
        '{"type":"batchNormalization","momentum":0.9,"epsilon":0.01,"__proto__":null},' +
        '{"type":"flatten","dataFormat":"channelsFirst"},' +
        '{"type":"reshape","targetShape":[2,3]}]}',
    );
    expect(validateSpec(input)).toEqual({
      ok: true,
      value: {
        layers: [
          {
            type: 'conv2d',
            filters: 2,
            kernelSize: [3, 1],
            strides: 2,
            padding: 'same',
            activation: 'relu',
            useBias: false,
          },
          { type: 'averagePooling2d', poolSize: [2, 1], strides: [1, 1], padding: 'valid' },
          { type: 'batchNormalization', momentum: 0.9, epsilon: 0.01 },
          { type: 'flatten' },
          { type: 'reshape', targetShape: [2, 3] },
        ],
      },
    });
  });

  it('copies lists, so later edits to the input do not reach the spec', () => {
    const kernelSize = [3, 3];
    const targetShape = [4];
    const result = validateSpec({
      layers: [
        { ...conv, kernelSize },
        { type: 'reshape', targetShape },
      ],
    });
    kernelSize[0] = 0;
    targetShape[0] = 0;
    expect(result.ok && result.value.layers).toEqual([
      { ...conv, kernelSize: [3, 3] },
      { type: 'reshape', targetShape: [4] },
    ]);
  });

  it('ignores a __proto__ key that would otherwise supply a missing field', () => {
    const layer = JSON.parse(
      '{"type":"conv2d","kernelSize":3,"activation":"relu","__proto__":{"filters":4}}',
    );
    const result = validateSpec({ layers: [layer] });
    expect(!result.ok && result.error.message).toMatch(/^Layer 1 \(conv2d\): filters .*nothing/);
  });

  it.each([
    ['null', null, null, /must be an object, got null/],
    ['a string', 'dense', null, /must be an object, got "dense"/],
    ['no layers', {}, null, /list of layers, got nothing/],
    ['layers not a list', { layers: { 0: dense } }, null, /list of layers, got an object/],
    ['empty layers', { layers: [] }, null, /at least one layer/],
    ['too many layers', { layers: Array(MAX_LAYERS + 1).fill(dense) }, MAX_LAYERS, /at most 64/],
    [
      'too many layers counting those inside residual blocks',
      // Each block counts 3: itself and its two layers; the 22nd makes 66.
      { layers: Array(22).fill({ type: 'residual', layers: [dense, dense] }) },
      21,
      /^A model can have at most 64 layers, counting those inside residual blocks; layer 22/,
    ],
    ['inherited layers', Object.create({ layers: [dense] }), null, /list of layers/],
    ['a null layer', { layers: [dense, null] }, 1, /^Layer 2: expected an object, got null/],
    [
      'a missing layer',
      { layers: [dense, undefined] },
      1,
      /^Layer 2: expected an object, got nothing/,
    ],
    ['a list as layer', { layers: [[dense]] }, 0, /^Layer 1: expected an object, got a list/],
    ['unknown type', { layers: [{ type: 'conv3d' }] }, 0, /^Layer 1: unknown layer type "conv3d"/],
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
    ...newLayerCases,
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
          'filters',
          'kernelSize',
          'poolSize',
          'strides',
          'padding',
          'momentum',
          'epsilon',
          'targetShape',
          '__proto__',
          'constructor',
        ),
        fc.oneof(
          fc.constantFrom(...LAYER_TYPES, 'relu', 'same', 'valid'),
          fc.array(fc.oneof(fc.integer(), fc.anything()), { maxLength: 4 }),
          fc.anything(),
        ),
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
