import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BackendBrokenError, NonFiniteLossError, serializeError } from './errors';
import {
  BACKEND_CHOICES,
  BACKENDS,
  TRAIN_STATUSES,
  TRAIN_WORKER,
  parseCommand,
  parseEvent,
  transferablesOf,
  wasmThreadsOf,
  type WorkerCommand,
  type WorkerEvent,
} from './protocol';

// The experiment's own fields are the worker's to check (with their validator), not the protocol's.
const job = fc.record({
  experiment: fc.record({
    dataset: fc.record({
      kind: fc.constant('builtin'),
      generator: fc.constantFrom('spiral', 'xor'),
      params: fc.record({ size: fc.nat(), noise: fc.double({ noNaN: true }) }),
      seed: fc.nat(),
    }),
    model: fc.record({
      layers: fc.array(fc.record({ type: fc.constant('dense'), units: fc.nat() })),
    }),
    config: fc.record({ learningRate: fc.double({ noNaN: true }), epochs: fc.nat() }),
    views: fc.array(fc.constantFrom('curves', 'boundary')),
  }),
  gridResolution: fc.integer({ min: 0, max: 256 }),
  sweep: fc.option(fc.record({ sweepId: fc.string({ maxLength: 100 }), trialId: fc.string() }), {
    nil: undefined,
  }),
  place: fc.oneof(
    fc.record({ kind: fc.constant('playground' as const) }),
    fc.record({
      kind: fc.constant('cell' as const),
      notebookId: fc.string({ maxLength: 100 }),
      cellId: fc.string({ maxLength: 100 }),
    }),
  ),
});
const runId = fc.string({ maxLength: 100 });

const command: fc.Arbitrary<WorkerCommand> = fc.oneof(
  fc.record(
    {
      type: fc.constant('init' as const),
      backend: fc.constantFrom(...BACKEND_CHOICES),
      wasmThreads: fc.integer({ min: 1, max: 64 }),
    },
    { requiredKeys: ['type', 'backend'] },
  ),
  fc.record({ type: fc.constantFrom('start' as const, 'step' as const), job, runId }),
  fc.record({ type: fc.constant('reset' as const), job }),
  fc.record({ type: fc.constantFrom('pause' as const, 'resume' as const, 'stop' as const) }),
  fc.record({ type: fc.constant('loseContext' as const) }),
  fc.record({
    type: fc.constant('lookInside' as const),
    requestId: fc.nat(),
    source: fc.oneof(
      fc.record({ kind: fc.constant('example' as const), row: fc.nat() }),
      fc.record({ kind: fc.constant('tokens' as const), tokens: fc.int32Array({ maxLength: 64 }) }),
    ),
  }),
  fc.record({
    type: fc.constant('nextToken' as const),
    requestId: fc.nat(),
    tokens: fc.int32Array({ maxLength: 1024 }),
  }),
  fc.record({
    type: fc.constant('samples' as const),
    requestId: fc.nat(),
    count: fc.integer({ min: 1, max: 16 }),
    maxLength: fc.integer({ min: 1, max: 256 }),
    temperature: fc.double({ min: 0, max: 5, noNaN: true }),
    topK: fc.integer({ min: 0, max: 1000 }),
    seed: fc.integer(),
  }),
  fc.record({
    type: fc.constant('loadWeights' as const),
    requestId: fc.nat(),
    weightSpecs: fc.array(
      fc.record({
        name: fc.string(),
        shape: fc.array(fc.nat({ max: 64 }), { maxLength: 4 }),
        dtype: fc.constantFrom('float32' as const, 'int32' as const, 'bool' as const),
      }),
    ),
    data: fc.uint8Array({ maxLength: 64 }).map((a) => a.buffer as ArrayBuffer),
  }),
) as fc.Arbitrary<WorkerCommand>;

const metrics = fc.record({
  loss: fc.double(),
  accuracy: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
});
const floats = fc.float32Array({ maxLength: 64 });
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

const judgedOn = fc.constantFrom('validation' as const, 'training' as const);
const baseline = fc.oneof(
  fc.record({
    kind: fc.constant('majority' as const),
    classIndex: fc.nat(),
    accuracy: fc.double({ min: 0, max: 1, noNaN: true }),
    judgedOn,
  }),
  fc.record({
    kind: fc.constant('mean' as const),
    mean: finite,
    error: fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }),
    judgedOn,
  }),
);

const event: fc.Arbitrary<WorkerEvent> = fc.oneof(
  fc.record({
    type: fc.constant('ready' as const),
    backend: fc.constantFrom(...BACKENDS),
    requested: fc.constantFrom(...BACKEND_CHOICES),
    reason: fc.string(),
    adapter: fc.option(
      fc.record({
        vendor: fc.string(),
        architecture: fc.string(),
        description: fc.string(),
        isFallback: fc.boolean(),
      }),
      { nil: null },
    ),
    renderer: fc.option(fc.string(), { nil: null }),
    variant: fc.option(fc.string(), { nil: undefined }),
  }),
  fc.record({ type: fc.constant('status' as const), status: fc.constantFrom(...TRAIN_STATUSES) }),
  fc.record({
    type: fc.constant('progress' as const),
    epoch: fc.nat(),
    batch: fc.nat(),
    batchesPerEpoch: fc.nat(),
    loss: fc.double(),
    accuracy: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
    samplesPerSec: fc.double({ min: 0, noNaN: true }),
  }),
  fc.record({
    type: fc.constant('epochEnd' as const),
    runId,
    epoch: fc.nat(),
    train: metrics,
    validation: fc.option(metrics, { nil: null }),
    samplesPerSec: fc.double({ min: 0, noNaN: true }),
    numTensors: fc.nat(),
  }),
  fc.record({
    type: fc.constant('prediction' as const),
    epoch: fc.nat(),
    prediction: fc.oneof(
      fc.record({
        kind: fc.constant('grid' as const),
        resolution: fc.nat(),
        numClasses: fc.nat(),
        extent: fc.record({ xMin: finite, xMax: finite, yMin: finite, yMax: finite }),
        probabilities: floats,
      }),
      fc.record({ kind: fc.constant('line' as const), xs: floats, ys: floats }),
    ),
  }),
  fc.record({
    type: fc.constant('insights' as const),
    epoch: fc.nat(),
    insights: fc.record({
      confusion: fc.constant(null),
      examples: fc.constant(null),
      regression: fc.option(fc.record({ actual: floats, predicted: floats }), { nil: null }),
      baseline: fc.option(baseline, { nil: null }),
      histograms: fc.array(
        fc.record({
          layer: fc.string(),
          min: finite,
          max: finite,
          counts: fc.int32Array({ maxLength: 8 }),
        }),
        { maxLength: 3 },
      ),
    }),
  }),
  fc.record({
    type: fc.constant('done' as const),
    runId,
    reason: fc.constantFrom('completed' as const, 'stopped' as const),
    epochs: fc.nat(),
  }),
  fc.record({
    type: fc.constant('error' as const),
    error: fc.record({ name: fc.string(), code: fc.string(), message: fc.string() }),
  }),
  fc.record({
    type: fc.constant('error' as const),
    error: fc.record({ name: fc.string(), code: fc.string(), message: fc.string() }),
    requestId: fc.nat(),
  }),
  fc.record({ type: fc.constant('weightsLoaded' as const), requestId: fc.nat() }),
  fc.record({
    type: fc.constant('lookInside' as const),
    requestId: fc.nat(),
    tokens: fc.int32Array({ maxLength: 16 }),
    attention: fc.array(
      fc.record({
        layer: fc.string(),
        heads: fc.nat(),
        weights: fc.float32Array({ maxLength: 16 }),
      }),
      { maxLength: 3 },
    ),
    hidden: fc.array(
      fc.record({
        layer: fc.string(),
        units: fc.nat(),
        values: fc.float32Array({ maxLength: 16 }),
      }),
      { maxLength: 3 },
    ),
  }),
  fc.record({
    type: fc.constant('nextToken' as const),
    requestId: fc.nat(),
    probabilities: fc.float32Array({ maxLength: 16 }),
  }),
  fc.record({
    type: fc.constant('samples' as const),
    requestId: fc.nat(),
    tokens: fc.int32Array({ maxLength: 16 }),
    lengths: fc.int32Array({ maxLength: 4 }),
  }),
  fc.record({
    type: fc.constant('backendLost' as const),
    lost: fc.constantFrom(...BACKENDS),
    next: fc.constantFrom(...BACKENDS),
    resumedFromEpoch: fc.nat(),
    message: fc.string(),
  }),
) as fc.Arbitrary<WorkerEvent>;

describe('protocol', () => {
  test('every command survives structured cloning and parsing unchanged', () => {
    fc.assert(
      fc.property(command, (c) => {
        const parsed = parseCommand(structuredClone(c));
        expect(parsed).toEqual({ ok: true, value: c });
      }),
    );
  });

  test('every event survives structured cloning and parsing unchanged', () => {
    fc.assert(
      fc.property(event, (e) => {
        const parsed = parseEvent(structuredClone(e));
        expect(parsed).toEqual({ ok: true, value: e });
      }),
    );
  });

  test('a diverged run reports NaN and infinite losses rather than being refused', () => {
    const epochEnd: WorkerEvent = {
      type: 'epochEnd',
      runId: 'run',
      epoch: 3,
      train: { loss: Infinity, accuracy: 0.5 },
      validation: { loss: NaN, accuracy: NaN },
      samplesPerSec: 10,
      numTensors: 12,
    };
    expect(parseEvent(structuredClone(epochEnd))).toEqual({ ok: true, value: epochEnd });
    const progress = { type: 'progress', epoch: 1, batch: 2, batchesPerEpoch: 4 };
    const diverged = { ...progress, loss: NaN, accuracy: null, samplesPerSec: 1 };
    expect(parseEvent(diverged).ok).toBe(true);
  });

  test('malformed messages are refused with a protocol error, never thrown', () => {
    fc.assert(
      fc.property(fc.anything(), (junk) => {
        const c = parseCommand(junk);
        const e = parseEvent(junk);
        if (!c.ok) expect(c.error.code).toBe('protocol');
        if (!e.ok) expect(e.error.code).toBe('protocol');
      }),
    );
    const bad = parseCommand({ type: 'init', backend: 'tpu' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/backend/);
    expect(parseCommand({ type: 'launch' }).ok).toBe(false);
    expect(parseEvent({ type: 'progress', epoch: -1 }).ok).toBe(false);
  });

  test('predictions name their buffers for transfer; other events have none', () => {
    const probabilities = new Float32Array(8);
    const grid: WorkerEvent = {
      type: 'prediction',
      epoch: 1,
      prediction: {
        kind: 'grid',
        resolution: 2,
        numClasses: 2,
        extent: { xMin: 0, xMax: 1, yMin: 0, yMax: 1 },
        probabilities,
      },
    };
    expect(transferablesOf(grid)).toEqual([probabilities.buffer]);
    expect(transferablesOf({ type: 'status', status: 'idle' })).toEqual([]);
    const actual = new Float32Array(3);
    const predicted = new Float32Array(3);
    const fitted: WorkerEvent = {
      type: 'insights',
      epoch: 1,
      insights: {
        confusion: null,
        examples: null,
        regression: { actual, predicted },
        baseline: { kind: 'mean', mean: 2, error: 1, judgedOn: 'validation' },
        histograms: [],
      },
    };
    expect(transferablesOf(fitted)).toEqual([actual.buffer, predicted.buffer]);
  });

  test('a baseline beyond its range is refused', () => {
    const insights = (baseline: unknown) => ({
      type: 'insights',
      epoch: 1,
      insights: { confusion: null, examples: null, regression: null, baseline, histograms: [] },
    });
    const majority = { kind: 'majority', classIndex: 0, accuracy: 0.5, judgedOn: 'validation' };
    expect(parseEvent(insights(majority)).ok).toBe(true);
    expect(parseEvent(insights({ ...majority, accuracy: 1.5 })).ok).toBe(false);
    const mean = { kind: 'mean', mean: 3, error: 1, judgedOn: 'training' };
    expect(parseEvent(insights(mean)).ok).toBe(true);
    expect(parseEvent(insights({ ...mean, error: -1 })).ok).toBe(false);
    expect(parseEvent(insights({ ...mean, judgedOn: 'test' })).ok).toBe(false);
  });
});

test("the worker reads a cap on wasm's threads from `init` alone", () => {
  expect(wasmThreadsOf({ type: 'init', backend: 'wasm', wasmThreads: 1 })).toBe(1);
  expect(wasmThreadsOf({ type: 'init', backend: 'auto' })).toBeNull();
  expect(wasmThreadsOf({ type: 'init', backend: 'wasm', wasmThreads: 0 })).toBeNull();
  expect(wasmThreadsOf({ type: 'start', wasmThreads: 1 })).toBeNull();
  expect(parseCommand({ type: 'init', backend: 'wasm', wasmThreads: 2.5 }).ok).toBe(false);
});

test("the training worker's protocol calls a broken backend fatal, and nothing else", () => {
  const fatal = (error: Error) => TRAIN_WORKER.fatal(serializeError(error));
  expect(fatal(new BackendBrokenError('memory access out of bounds'))).toBe(true);
  expect(fatal(new NonFiniteLossError('NaN'))).toBe(false);
  expect(fatal(new Error('anything'))).toBe(false);
});

describe('sequence views in the protocol', () => {
  test('refuse sampling settings out of range and over-long token lists', () => {
    const samples = { type: 'samples', requestId: 1, count: 8, maxLength: 16, topK: 0, seed: 1 };
    expect(parseCommand({ ...samples, temperature: 1 }).ok).toBe(true);
    expect(parseCommand({ ...samples, temperature: -1 }).ok).toBe(false);
    expect(parseCommand({ ...samples, temperature: 1, count: 17 }).ok).toBe(false);
    const long = { type: 'nextToken', requestId: 1, tokens: new Int32Array(1025) };
    expect(parseCommand(long).ok).toBe(false);
  });

  test('their answers and the token insights name every buffer for transfer', () => {
    const tokens = Int32Array.of(2, 3);
    const weights = new Float32Array(4);
    const values = new Float32Array(6);
    expect(
      transferablesOf({
        type: 'lookInside',
        requestId: 1,
        tokens,
        attention: [{ layer: 'a', heads: 1, weights }],
        hidden: [{ layer: 'h', units: 3, values }],
      }),
    ).toEqual([tokens.buffer, weights.buffer, values.buffer]);
    const lengths = Int32Array.of(2);
    expect(transferablesOf({ type: 'samples', requestId: 1, tokens, lengths })).toEqual([
      tokens.buffer,
      lengths.buffer,
    ]);
    const accuracy = {
      vocabSize: 1,
      confusion: new Int32Array(1),
      positionCorrect: new Int32Array(2),
      positionCount: new Int32Array(2),
    };
    const insights: WorkerEvent = {
      type: 'insights',
      epoch: 1,
      insights: {
        confusion: null,
        examples: null,
        regression: null,
        baseline: null,
        histograms: [],
        tokens: accuracy,
      },
    };
    expect(parseEvent(structuredClone(insights)).ok).toBe(true);
    expect(transferablesOf(insights)).toEqual([
      accuracy.confusion.buffer,
      accuracy.positionCorrect.buffer,
      accuracy.positionCount.buffer,
    ]);
  });
});
