import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GENERATORS, SHIPPED_DATASETS } from '../data/dataset';
import { GENERATOR_INFO } from '../data/generators';
import { validateDatasetRef } from '../data/ref';
import { specArb } from '../model/test-arbitraries';
import { BACKENDS } from '../protocol';
import type { Result } from '../result';
import { LIMITS, LOSSES, OPTIMIZERS, validateConfig } from '../train/config';
import { canonicalJson, FORBIDDEN_KEYS, textFault } from './canonical';
import v1 from './fixtures/v1.json';
import { migrate } from './migrations';
import { BUNDLE_LIMITS, SCHEMA_VERSION, WEIGHT_DTYPES, type Bundle } from './schema';
import { validateBundle } from './validate';

const normalized =
  <T>(check: (input: unknown) => Result<T, Error>) =>
  (input: unknown): T => {
    const checked = check(input);
    if (!checked.ok)
      throw new Error(`the arbitrary made an invalid value: ${checked.error.message}`);
    return checked.value;
  };

/** A double in [min, max] without -0, which JSON cannot tell from 0. */
const real = (min: number, max: number) =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((x) => x + 0);

const isCleanText = (text: string) => textFault(text) === null;
const textArb = (minLength: number, maxLength: number) =>
  fc.string({ unit: 'grapheme', minLength, maxLength }).filter(isCleanText);

/** Keys that tempt a lookup through the prototype, and any other text. */
const trickyKeyArb = fc
  .oneof(
    fc.constantFrom(
      'toString',
      'valueOf',
      'hasOwnProperty',
      'isPrototypeOf',
      '__defineGetter__',
      '__proto',
      '__proto__ ',
      'Constructor',
      'prototype_',
    ),
    textArb(1, 20),
  )
  .filter((key) => !FORBIDDEN_KEYS.includes(key) && key.length <= BUNDLE_LIMITS.idLength);

const leafArb = fc.oneof(fc.constant(null), fc.boolean(), real(-1e6, 1e6), textArb(0, 12));
const unknownValueArb = fc.oneof(
  leafArb,
  fc.array(leafArb, { maxLength: 3 }),
  fc.dictionary(trickyKeyArb, leafArb, { maxKeys: 3 }),
);
/** Fields a newer Gradlab might add: prefixed so they never collide with a known one. */
const extrasArb = fc.dictionary(
  fc.oneof(
    fc.constantFrom('toString', 'valueOf', 'hasOwnProperty', '__proto', 'x-__proto__'),
    trickyKeyArb.map((key) => `x-${key}`),
  ),
  unknownValueArb,
  { maxKeys: 2 },
);
const withExtras = <T extends object>(arb: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.tuple(arb, extrasArb).map(([value, extras]) => ({ ...extras, ...value }));

const hexArb = (bytes: number) =>
  fc
    .uint8Array({ minLength: bytes, maxLength: bytes })
    .map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(''));
const idArb = hexArb(32).map((hex) => `sha256-${hex}`);
const dateArb = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
  .map((d) => d.toISOString());

const refArb = fc
  .oneof(
    fc.constantFrom(...GENERATORS).chain((generator) => {
      const { minClasses, maxClasses } = GENERATOR_INFO[generator];
      return fc.record({
        kind: fc.constant('builtin'),
        generator: fc.constant(generator),
        params: fc.record({
          size: fc.integer({ min: 4, max: 100_000 }),
          noise: real(0, 2),
          classes: fc.integer({ min: minClasses, max: maxClasses }),
        }),
        seed: fc.integer(),
      });
    }),
    fc.record(
      {
        kind: fc.constant('shipped'),
        name: fc.constantFrom(...SHIPPED_DATASETS),
        limit: fc.integer({ min: 1 }),
      },
      { requiredKeys: ['kind', 'name'] },
    ),
    fc.record({ kind: fc.constant('local'), sha256: hexArb(32), name: textArb(1, 30) }),
    fc.record({
      kind: fc.constant('url'),
      name: textArb(1, 30),
      format: fc.constant('csv'),
      files: fc.tuple(
        fc.record({
          url: fc.nat().map((n) => `https://data.example/${n}.csv`),
          sha256: hexArb(32),
        }),
      ),
    }),
    fc.record(
      {
        kind: fc.constant('inline'),
        name: textArb(1, 30),
        csv: textArb(1, 60),
        header: fc.constantFrom('auto', 'present', 'absent'),
        target: fc.integer({ min: 0, max: 999 }),
        task: fc.constantFrom('auto', 'classification', 'regression'),
      },
      { requiredKeys: ['kind', 'name', 'csv'] },
    ),
  )
  .map(normalized(validateDatasetRef));

const configArb = fc
  .record({
    optimizer: fc.constantFrom(...OPTIMIZERS),
    learningRate: real(LIMITS.learningRate.min, LIMITS.learningRate.max),
    loss: fc.constantFrom(...LOSSES),
    l1: real(0, 1),
    l2: real(0, 1),
    batchSize: fc.integer({ min: 1, max: LIMITS.batchSize.max }),
    epochs: fc.integer({ min: 1, max: LIMITS.epochs.max }),
    validationSplit: real(0, 0.9),
    seed: fc.integer({ min: 0, max: LIMITS.seed.max }),
    scheduleKind: fc.constantFrom('constant', 'step', 'cosine'),
    fraction: real(0, 1),
  })
  .map(({ scheduleKind, fraction, ...config }) => ({
    ...config,
    schedule:
      scheduleKind === 'step'
        ? {
            kind: 'step',
            everyEpochs: 1 + Math.floor(fraction * 100),
            factor: Math.max(1e-3, fraction),
          }
        : scheduleKind === 'cosine'
          ? { kind: 'cosine', minLearningRate: config.learningRate * fraction }
          : { kind: 'constant' },
  }))
  .map(normalized(validateConfig));

/** Ids; a run's id also keys its weights, where a prototype's name is refused. */
const idListArb = (max: number) =>
  fc.uniqueArray(
    textArb(1, 12).filter((id) => !FORBIDDEN_KEYS.includes(id)),
    { maxLength: max },
  );

const cellArb = (id: string, datasetKeys: string[]) =>
  fc.oneof(
    withExtras(
      fc.record({
        type: fc.constant('markdown' as const),
        id: fc.constant(id),
        text: textArb(0, 80),
      }),
    ),
    withExtras(
      fc.record(
        {
          type: fc.constant('experiment' as const),
          id: fc.constant(id),
          dataset: fc.constantFrom(...datasetKeys),
          model: specArb,
          config: configArb,
          views: fc.array(textArb(1, 12), { maxLength: 3 }),
          locks: fc.array(fc.constantFrom('dataset', 'model', 'config.learningRate'), {
            maxLength: 3,
          }),
        },
        { requiredKeys: ['type', 'id', 'dataset', 'model', 'config', 'views'] },
      ),
    ),
  );

/** TF.js-style weight specs with data of exactly the bytes they declare, as base64. */
const inlineWeightsArb = withExtras(
  fc
    .array(
      withExtras(
        fc.record({
          name: textArb(1, 20),
          shape: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
          dtype: fc.constantFrom(...WEIGHT_DTYPES),
        }),
      ),
      { minLength: 1, maxLength: 3 },
    )
    .chain((weightSpecs) => {
      const bytes = weightSpecs.reduce(
        (n, { shape, dtype }) => n + shape.reduce((a, b) => a * b, 1) * (dtype === 'bool' ? 1 : 4),
        0,
      );
      return fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((data) => ({
        format: 'tfjs-layers' as const,
        weightSpecs,
        data: btoa(String.fromCharCode(...data)),
      }));
    }),
);

const epochsArb = fc.array(
  withExtras(
    fc.record({
      trainLoss: real(0, 10),
      trainAccuracy: fc.option(real(0, 1), { nil: null }),
      validationLoss: fc.option(real(0, 10), { nil: null }),
      validationAccuracy: fc.option(real(0, 1), { nil: null }),
    }),
  ),
  { maxLength: 4 },
);

const runArb = (id: string, cellIds: string[], datasetKeys: string[]) =>
  withExtras(
    fc.record(
      {
        id: fc.constant(id),
        cellId: fc.constantFrom(...cellIds),
        datasetKey: fc.constantFrom(...datasetKeys),
        spec: specArb,
        config: configArb,
        backend: fc.constantFrom(...BACKENDS),
        adapter: fc.option(textArb(0, 30), { nil: null }),
        seed: fc.integer({ min: 0, max: LIMITS.seed.max }),
        epochs: epochsArb.map((records) => records.map((r, i) => ({ ...r, epoch: i + 1 }))),
        durationMs: real(0, 1e7),
        samplesPerSec: real(0, 1e6),
        appVersion: fc.constantFrom('0.1.0', '1.0.0-beta.2'),
        createdAt: dateArb,
        withWeights: fc.boolean(),
      },
      {
        requiredKeys: [
          'id',
          'cellId',
          'datasetKey',
          'spec',
          'config',
          'backend',
          'adapter',
          'seed',
          'epochs',
          'durationMs',
          'samplesPerSec',
          'appVersion',
          'createdAt',
          'withWeights',
        ],
      },
    ),
  ).map(({ withWeights, ...run }) => (withWeights ? { ...run, weightsKey: run.id } : run));

/** Valid bundles of the current schema, already in the form validation returns. */
const bundleArb: fc.Arbitrary<Bundle> = fc
  .uniqueArray(fc.tuple(trickyKeyArb, withExtras(refArb)), {
    selector: ([key]) => key,
    minLength: 1,
    maxLength: 4,
  })
  .chain((datasetEntries) => {
    const keys = datasetEntries.map(([key]) => key);
    return fc.tuple(
      fc.constant(datasetEntries),
      idListArb(5).chain((ids) => fc.tuple(...ids.map((id) => cellArb(id, keys)))),
      fc.constant(keys),
    );
  })
  .chain(([datasetEntries, cells, keys]) => {
    const experiments = cells.filter((cell) => cell.type === 'experiment').map((cell) => cell.id);
    const runs: fc.Arbitrary<{ id: string; weightsKey?: string }[]> =
      experiments.length === 0
        ? fc.constant([])
        : idListArb(3).chain((ids) =>
            fc.tuple(...ids.map((id) => runArb(id, experiments, keys))).map((list) => [...list]),
          );
    return fc.record({
      datasetEntries: fc.constant(datasetEntries),
      cells: fc.constant(cells),
      runs,
      weightsList: fc.array(inlineWeightsArb, { minLength: 3, maxLength: 3 }),
      remote: fc.option(
        fc.record({ url: fc.constant('https://models.example/w.bin'), sha256: hexArb(32) }),
        { nil: undefined },
      ),
      title: textArb(0, 40),
      authors: fc.array(textArb(1, 20), { maxLength: 3 }),
      id: idArb,
      parent: fc.option(idArb, { nil: null }),
      version: fc.integer({ min: 1, max: 1000 }),
      createdAt: dateArb,
      notebookExtras: extrasArb,
      app: withExtras(fc.record({ version: fc.constantFrom('0.1.0', '2.3.4') })),
      extras: extrasArb,
    });
  })
  .map(
    ({
      datasetEntries,
      cells,
      runs,
      weightsList,
      remote,
      notebookExtras,
      extras,
      title,
      authors,
      ...top
    }) => {
      const weights: Record<string, unknown> = {};
      runs.forEach((run, i) => {
        if (run.weightsKey !== undefined) weights[run.id] = weightsList[i % weightsList.length];
      });
      if (remote !== undefined) weights['remote-copy'] = remote;
      return {
        ...extras,
        type: 'gradlab/bundle',
        schemaVersion: SCHEMA_VERSION,
        ...top,
        notebook: { ...notebookExtras, title, authors, cells },
        datasets: Object.fromEntries(datasetEntries),
        runs,
        ...(Object.keys(weights).length > 0 ? { weights } : {}),
      } as unknown as Bundle;
    },
  );

const validBundle = (): Bundle => {
  const result = validateBundle(v1);
  if (!result.ok) throw result.error;
  return result.value;
};

type Path = readonly (string | number)[];
type Change = readonly [Path, unknown];

/** The fixture, migrated and validated, as plain JSON with `value` put at each path (undefined deletes). */
function edited(...changes: Change[]): Record<string, unknown> {
  const bundle = JSON.parse(JSON.stringify(validBundle())) as Record<string, unknown>;
  for (const [path, value] of changes) {
    let parent = bundle as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    if (value === undefined) Reflect.deleteProperty(parent, last);
    else parent[last] = value;
  }
  return bundle;
}

const refusal = (input: unknown) => {
  const result = validateBundle(input);
  expect(result.ok).toBe(false);
  return result.ok ? { reason: '', message: '' } : result.error;
};

describe('validateBundle on valid bundles', () => {
  it('opens the version 1 fixture migrated, keeping its unknown fields', () => {
    const bundle = validBundle();
    expect(bundle.schemaVersion).toBe(SCHEMA_VERSION);
    expect(bundle.notebook.authors).toEqual(['Ada Lovelace']);
    expect(Object.keys(bundle.datasets)).toEqual(['spiral', 'iris']);
    expect(bundle).toMatchObject({ origin: 'teacher-tools 1.2', notebook: { level: 'beginner' } });
    expect(bundle.notebook.cells[2]).toMatchObject({ id: 'hidden', hint: 'Try 32 units.' });
  });

  it('encode, parse, validate is the identity for arbitrary valid bundles', () => {
    fc.assert(
      fc.property(bundleArb, (bundle) => {
        const text = canonicalJson(bundle);
        const result = validateBundle(JSON.parse(text));
        if (!result.ok) throw result.error;
        expect(result.value).toEqual(bundle);
        expect(canonicalJson(result.value)).toBe(text);
        expect(Object.getPrototypeOf(result.value.datasets)).toBeNull();
      }),
      { numRuns: 150 },
    );
  });

  it('keeps unknown fields inside models, configs and dataset refs, and they change nothing known', () => {
    const input = edited(
      [['notebook', 'cells', 1, 'model', 'layers', 0, 'kernelInitializer'], 'zeros'],
      [['notebook', 'cells', 1, 'config', 'warmup'], 3],
      [['datasets', 'spiral', 'params', 'shape'], 'round'],
      [['datasets', 'spiral', 'mirror'], 'https://elsewhere.example'],
    );
    const result = validateBundle(input);
    if (!result.ok) throw result.error;
    expect(canonicalJson(result.value)).toBe(canonicalJson(input));
    const cell = result.value.notebook.cells[1];
    expect(cell?.type === 'experiment' && cell.model.layers[0]).toMatchObject({
      type: 'dense',
      units: 2,
      kernelInitializer: 'zeros',
    });
  });

  it('fills in what validateConfig defaults, so validating twice changes nothing more', () => {
    const input = edited(
      [['notebook', 'cells', 1, 'config', 'schedule'], undefined],
      [['runs', 0, 'config', 'l2'], undefined],
    );
    const once = validateBundle(input);
    if (!once.ok) throw once.error;
    const cell = once.value.notebook.cells[1];
    expect(cell?.type === 'experiment' && cell.config.schedule).toEqual({ kind: 'constant' });
    expect(once.value.runs[0]?.config.l2).toBe(0);
    expect(validateBundle(JSON.parse(canonicalJson(once.value)))).toEqual(once);
  });

  it('finds datasets by own keys only: toString is a dataset name, not a method', () => {
    const named = edited(
      [['datasets', 'toString'], { kind: 'shipped', name: 'iris' }],
      [['notebook', 'cells', 3, 'dataset'], 'toString'],
    );
    expect(validateBundle(named).ok).toBe(true);
    const dangling = refusal(edited([['notebook', 'cells', 3, 'dataset'], 'toString']));
    expect(dangling.reason).toBe('dangling-key');
    expect(dangling.message).toContain('"toString"');
  });
});

describe('validateBundle on bad input', () => {
  it.each([
    [999, 'newer-version', /made by a newer version of Gradlab.*Reload the page to update/],
    [-1, 'bad-version', /whole number from 1, got -1/],
    ['2', 'bad-version', /got "2"/],
    [1.5, 'bad-version', /got 1.5/],
    [0, 'bad-version', /got 0/],
    [null, 'bad-version', /got null/],
  ])('refuses schemaVersion %j', (schemaVersion, reason, message) => {
    const error = refusal(edited([['schemaVersion'], schemaVersion]));
    expect(error.reason).toBe(reason);
    expect(error.message).toMatch(message);
  });

  it('says a newer bundle is newer even when this version would refuse its content', () => {
    const newer = {
      type: 'gradlab/bundle',
      schemaVersion: SCHEMA_VERSION + 1,
      notebook: 'a\u0000',
      prototype: 1,
    };
    expect(refusal(newer).reason).toBe('newer-version');
  });

  it.each([
    ['not a bundle', 'not-a-bundle'],
    [[], 'not-a-bundle'],
    [{ type: 'gradlab/notebook', schemaVersion: 2 }, 'not-a-bundle'],
    [undefined, 'not-json'],
  ])('refuses %j as not a bundle', (input, reason) => {
    expect(refusal(input).reason).toBe(reason);
  });

  const cell = (i: number, ...rest: Path) => ['notebook', 'cells', i, ...rest];
  const run0 = (...rest: Path) => ['runs', 0, ...rest];
  const httpCsv = { url: 'http://example.org/a.csv', sha256: 'a'.repeat(64) };
  const markdown = (i: number) => ({ type: 'markdown', id: `m${i}`, text: '' });
  it.each<[string, Change, string, RegExp]>([
    [
      'an unknown layer',
      [cell(1, 'model', 'layers', 0, 'type'), 'transformerXL'],
      'invalid-model',
      /cells\[1\]\.model.*unknown layer type "transformerXL"/,
    ],
    [
      'an unknown activation',
      [run0('spec', 'layers', 0, 'activation'), 'gelu'],
      'invalid-model',
      /runs\[0\]\.spec.*activation/,
    ],
    [
      'an unknown optimizer',
      [cell(1, 'config', 'optimizer'), 'lion'],
      'invalid-config',
      /config\.optimizer.*Optimizer must be one of/,
    ],
    ['epochs 1e9', [cell(2, 'config', 'epochs'), 1e9], 'invalid-config', /config\.epochs/],
    [
      'units 2^31',
      [cell(2, 'model', 'layers', 0, 'units'), 2 ** 31],
      'invalid-model',
      /units must be a whole number/,
    ],
    ['batch size 0', [run0('config', 'batchSize'), 0], 'invalid-config', /Batch size/],
    [
      'learning rate 10.5',
      [run0('config', 'learningRate'), 10.5],
      'invalid-config',
      /Learning rate/,
    ],
    [
      'a dangling dataset key',
      [cell(1, 'dataset'), 'mnist'],
      'dangling-key',
      /cells\[1\]\.dataset names the dataset "mnist"/,
    ],
    [
      'a run of a missing dataset',
      [run0('datasetKey'), 'gone'],
      'dangling-key',
      /runs\[0\]\.datasetKey/,
    ],
    [
      'a run of a markdown cell',
      [run0('cellId'), 'intro'],
      'dangling-key',
      /experiment cell "intro"/,
    ],
    ['a run naming missing weights', [run0('weightsKey'), 'run-9'], 'dangling-key', /weightsKey/],
    ['a repeated cell id', [cell(2, 'id'), 'linear'], 'duplicate-id', /cells\[2\]\.id repeats/],
    ['a repeated run id', [['runs', 1], v1.runs[0]], 'duplicate-id', /runs\[1\]\.id repeats/],
    [
      'an unknown cell type',
      [cell(0, 'type'), 'code'],
      'invalid-field',
      /"markdown" or "experiment"/,
    ],
    [
      'a bad dataset ref',
      [['datasets', 'iris', 'name'], 'cifar'],
      'invalid-dataset',
      /datasets\.iris.*no shipped dataset/,
    ],
    [
      'a url dataset over http',
      [['datasets', 'web'], { kind: 'url', name: 'w', format: 'csv', files: [httpCsv] }],
      'invalid-dataset',
      /plain http/,
    ],
    [
      'an empty dataset key',
      [['datasets', ''], { kind: 'shipped', name: 'iris' }],
      'invalid-field',
      /key of datasets\[""\]/,
    ],
    [
      'a long title',
      [['notebook', 'title'], 'x'.repeat(201)],
      'invalid-field',
      /notebook\.title must be text of 0 to 200/,
    ],
    [
      'a missing author list',
      [['notebook', 'authors'], undefined],
      'invalid-field',
      /notebook\.authors must be a list/,
    ],
    [
      'a bad id',
      [['id'], 'sha256-XYZ'],
      'invalid-field',
      /^This bundle cannot be opened: id must be sha256-/,
    ],
    ['a bad parent', [['parent'], 'v1'], 'invalid-field', /parent must be/],
    ['a version 0', [['version'], 0], 'invalid-field', /version must be a whole number from 1/],
    ['a bad date', [['createdAt'], 'yesterday'], 'invalid-field', /createdAt must be an ISO-8601/],
    ['an impossible date', [['createdAt'], '2025-13-45T99:00:00Z'], 'invalid-field', /createdAt/],
    [
      'epochs out of order',
      [run0('epochs', 2, 'epoch'), 1],
      'invalid-field',
      /epochs\[2\]\.epoch must come after epoch 2/,
    ],
    ['an accuracy of 2', [run0('epochs', 0, 'trainAccuracy'), 2], 'invalid-field', /trainAccuracy/],
    [
      'an unknown backend',
      [run0('backend'), 'cuda'],
      'invalid-field',
      /backend must be one of webgpu/,
    ],
    [
      'too many cells',
      [['notebook', 'cells'], Array.from({ length: 201 }, (_, i) => markdown(i))],
      'too-large',
      /holds 201 items; at most 200/,
    ],
    [
      'too long a markdown text',
      [cell(0, 'text'), 'x'.repeat(100_001)],
      'invalid-field',
      /text must be text of 0 to 100000/,
    ],
    [
      'weights of unknown format',
      [['weights', 'run-1', 'format'], 'onnx'],
      'invalid-field',
      /format must be "tfjs-layers"/,
    ],
    [
      'weights that are not base64',
      [['weights', 'run-1', 'data'], 'AAA-'],
      'invalid-field',
      /padded standard base64/,
    ],
    [
      'remote weights over http',
      [['weights', 'copy'], { url: 'http://example.org/w', sha256: 'a'.repeat(64) }],
      'invalid-field',
      /weights\.copy\.url cannot be fetched/,
    ],
    [
      'remote weights without a hash',
      [['weights', 'copy'], { url: 'https://example.org/w' }],
      'invalid-field',
      /sha256 must be 64/,
    ],
  ])('refuses %s, naming the field', (_, change, reason, message) => {
    const error = refusal(edited(change));
    expect(error.reason).toBe(reason);
    expect(error.message).toMatch(message);
  });

  it('refuses weight bytes that do not match their declared shapes', () => {
    const short = refusal(edited([['weights', 'run-1', 'data'], btoa('\0'.repeat(20))]));
    expect(short.reason).toBe('weights-mismatch');
    expect(short.message).toMatch(
      /weights\["run-1"\]\.data holds 20 bytes, but its weightSpecs declare 24/,
    );
    const reshaped = refusal(
      edited([
        ['weights', 'run-1', 'weightSpecs', 0, 'shape'],
        [2, 3],
      ]),
    );
    expect(reshaped.message).toMatch(/holds 24 bytes, but its weightSpecs declare 32/);
    const asBool = edited([
      ['weights', 'run-1', 'weightSpecs'],
      [{ name: 'mask', shape: [24], dtype: 'bool' }],
    ]);
    expect(validateBundle(asBool).ok).toBe(true);
  });

  it.each([
    ['__proto__', '{"notebook":{"__proto__":{"title":"x"}}}'],
    ['constructor', '{"datasets":{"constructor":{"kind":"shipped","name":"iris"}}}'],
    ['prototype', '{"runs":[{"prototype":1}]}'],
  ])('refuses a %s key, and nothing reaches a prototype', (key, patch) => {
    const input = { ...edited(), ...(JSON.parse(patch) as object) };
    const error = refusal(input);
    expect(error.reason).toBe('forbidden-key');
    expect(error.message).toContain(key);
    expect(({} as Record<string, unknown>).title).toBeUndefined();
  });

  it('refuses NUL and lone surrogates in titles', () => {
    expect(refusal(edited([['notebook', 'title'], 'Lesson\u0000'])).message).toMatch(
      /notebook\.title contains a NUL character/,
    );
    expect(refusal(edited([['notebook', 'title'], 'Lesson \uD83D'])).message).toMatch(
      /notebook\.title contains a lone surrogate/,
    );
  });

  it('refuses non-finite numbers from JSON text (1e309) and from objects (NaN)', () => {
    const text = JSON.stringify(validBundle()).replace(
      '"learningRate":0.03',
      '"learningRate":1e309',
    );
    expect(refusal(JSON.parse(text)).message).toMatch(/learningRate is not a finite number/);
    expect(refusal(edited([['runs', 0, 'config', 'learningRate'], NaN])).reason).toBe('not-json');
  });

  it('refuses 100k-deep nesting and a 10M-item list without overflowing or hanging', () => {
    const depth = 100_000;
    const deep = JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown;
    expect(refusal(edited([['notebook', 'extra'], deep])).reason).toBe('too-deep');
    const huge = new Array<number>(10_000_000).fill(0);
    expect(refusal(edited([['runs'], huge])).reason).toBe('too-large');
  });
});

describe('validateBundle and migrate never throw', () => {
  const neverThrow = (input: unknown) => {
    const migrated = migrate(input);
    const result = validateBundle(input);
    expect(typeof migrated.ok).toBe('boolean');
    expect(typeof result.ok).toBe('boolean');
    if (!result.ok) expect(result.error.code).toBe('invalid-bundle');
  };

  it('on random strings, parsed or not', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        neverThrow(text);
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return;
        }
        neverThrow(parsed);
      }),
      { numRuns: 300 },
    );
  });

  it('on random JSON and random JavaScript values', () => {
    fc.assert(
      fc.property(
        fc.json().map((text) => JSON.parse(text) as unknown),
        neverThrow,
      ),
      { numRuns: 200 },
    );
    const anything = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
    });
    fc.assert(fc.property(anything, neverThrow), { numRuns: 200 });
  });

  it('on valid bundles with one value anywhere replaced by random JSON', () => {
    const bundle = JSON.parse(canonicalJson(validBundle())) as unknown;
    const paths: (string | number)[][] = [];
    const walk = (value: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (typeof value === 'object' && value !== null) {
        for (const [key, item] of Object.entries(value)) {
          walk(item, [...path, Array.isArray(value) ? Number(key) : key]);
        }
      }
    };
    walk(bundle, []);
    fc.assert(
      fc.property(fc.nat(paths.length - 1), fc.jsonValue({ maxDepth: 2 }), (index, replacement) => {
        const copy = JSON.parse(JSON.stringify(bundle)) as Record<string, unknown>;
        const path = paths[index] ?? [];
        let parent: Record<string | number, unknown> = copy;
        for (const key of path.slice(0, -1))
          parent = parent[key] as Record<string | number, unknown>;
        const last = path.at(-1);
        neverThrow(last === undefined ? replacement : ((parent[last] = replacement), copy));
      }),
      { numRuns: 300 },
    );
  });
});
