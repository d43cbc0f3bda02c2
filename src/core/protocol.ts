/**
 * Every message between the UI and the training worker. Both sides parse what they receive with
 * these schemas, so a malformed message becomes a ProtocolError instead of undefined behaviour.
 * The contents of a training job (spec, config, dataset) are checked by the session that runs it,
 * which can name the field that is wrong.
 */
import * as v from 'valibot';
import type { BackendBrokenError, ProtocolError, SerializedError } from './errors';
import type { Experiment } from './experiment/experiment';
import { isRecord } from './is-record';
import type { Result } from './result';
import { parseMessage, type AnswerMap, type BridgeProtocol } from './worker-bridge';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export const BACKEND_CHOICES = ['auto', ...BACKENDS] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export const TRAIN_STATUSES = ['idle', 'running', 'paused', 'done', 'error'] as const;
export type TrainStatus = (typeof TRAIN_STATUSES)[number];

const shortText = v.pipe(v.string(), v.maxLength(100));

const PlaceSchema = v.variant('kind', [
  v.object({ kind: v.literal('playground') }),
  v.object({ kind: v.literal('cell'), notebookId: shortText, cellId: shortText }),
]);

/**
 * A training job: the experiment (its dataset as the worker can load it: generated, shipped or in
 * this browser's storage) and what only the worker needs. The experiment's fields are checked by
 * the worker with the experiment's own validator, which can name the field that is wrong.
 */
const TrainJobSchema = v.object({
  experiment: v.custom<Experiment>(isRecord, 'experiment must be an object'),
  /** Cells per side of the decision-boundary grid the worker predicts; 0 for none. */
  gridResolution: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(256)),
  /** Where the experiment lives; kept with the run's checkpoints, so Resume goes back there. */
  place: PlaceSchema,
  /**
   * The sweep trial this job trains, when a sweep started it. Nobody watches such a run as it
   * goes, so it trains quietly: no progress, insights or predictions, only its epoch ends, a
   * checkpoint at its last epoch (successive halving goes on from there) and its end. Its
   * checkpoints are the sweep's to resume, not the Resume banner's.
   */
  sweep: v.optional(v.object({ sweepId: shortText, trialId: shortText })),
});
export type TrainJob = v.InferOutput<typeof TrainJobSchema>;

const requestId = v.pipe(v.number(), v.integer(), v.minValue(0));

/** One weight of a model as TF.js's weights manifest names it; the bytes follow in this order. */
const WeightSpecSchema = v.object({
  name: v.string(),
  shape: v.array(v.pipe(v.number(), v.integer(), v.minValue(0))),
  dtype: v.picklist(['float32', 'int32', 'bool']),
});
export type LoadableWeightSpec = v.InferOutput<typeof WeightSpecSchema>;

/** Token ids, at most a long context's worth. */
const tokenIds = v.pipe(
  v.instance(Int32Array),
  v.check((ids) => ids.length <= 1024, 'at most 1024 tokens'),
);

const SequenceSourceSchema = v.variant('kind', [
  /** Row `row` of the dataset the model was made for (its input as training feeds it). */
  v.object({ kind: v.literal('example'), row: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  v.object({ kind: v.literal('tokens'), tokens: tokenIds }),
]);
export type SequenceSource = v.InferOutput<typeof SequenceSourceSchema>;

/**
 * The first command a training worker gets: the backend to start. `wasmThreads` caps the threads
 * the wasm backend may use: a sweep's workers each train on one, side by side, where threads in
 * each would only fight over the same cores.
 */
const InitSchema = v.object({
  type: v.literal('init'),
  backend: v.picklist(BACKEND_CHOICES),
  wasmThreads: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(64))),
});

/** The wasm thread cap of a message when it is an `init` that sets one; else null. */
export function wasmThreadsOf(message: unknown): number | null {
  const init = v.safeParse(InitSchema, message);
  return init.success ? (init.output.wasmThreads ?? null) : null;
}

const CommandSchema = v.variant('type', [
  InitSchema,
  /** `runId` names the run's checkpoints and its record; the page chooses it. */
  v.object({ type: v.literal('start'), job: TrainJobSchema, runId: shortText }),
  /**
   * Sweep trials trained side by side as one stacked model (group-session.ts): the jobs differ
   * only where `groupKeyOf` (core/sweep/group.ts) allows. Each run ends with its own `done` or
   * `trialFailed`; pause, resume and stop apply to all of them.
   */
  v.object({
    type: v.literal('startGroup'),
    trials: v.pipe(
      v.array(v.object({ job: TrainJobSchema, runId: shortText })),
      v.minLength(1),
      v.maxLength(64),
    ),
  }),
  v.object({ type: v.literal('pause') }),
  v.object({ type: v.literal('resume') }),
  v.object({ type: v.literal('stop') }),
  /** One batch: from a paused run, or a new paused run of `job` (named `runId`) when none is going. */
  v.object({ type: v.literal('step'), job: TrainJobSchema, runId: shortText }),
  /** Ends any run and re-initialises the weights of `job` from its seed. */
  v.object({ type: v.literal('reset'), job: TrainJobSchema }),
  /** Continues `job` from its last checkpoint in IndexedDB (after a reload or a crash). */
  v.object({
    type: v.literal('resumeFrom'),
    job: TrainJobSchema,
    runId: shortText,
  }),
  /** What the current model makes of one input (a drawing, or a dataset example). */
  v.object({
    type: v.literal('predictOne'),
    requestId,
    input: v.instance(Float32Array),
  }),
  /** The activations of every conv layer for one input. */
  v.object({
    type: v.literal('featureMaps'),
    requestId,
    input: v.instance(Float32Array),
  }),
  /** The current model in the TF.js layers format; `runId`: that run's, of a group's. */
  v.object({ type: v.literal('export'), requestId, runId: v.optional(shortText) }),
  /**
   * What a Keras training project of `experiment` needs from the worker: its dataset as training
   * sees it, and the model's seeded initial weights. Answered by `projectData`.
   */
  v.object({
    type: v.literal('projectData'),
    requestId,
    experiment: v.custom<Experiment>(isRecord, 'experiment must be an object'),
  }),
  /**
   * Puts shared weights (a bundle's) into the current, idle model; the UI sends `reset` with the
   * job first. Answered by `weightsLoaded` or by an `error` with the same requestId.
   */
  v.object({
    type: v.literal('loadWeights'),
    requestId,
    weightSpecs: v.array(WeightSpecSchema),
    data: v.instance(ArrayBuffer),
  }),
  /**
   * What a sequence model does with one sequence: each attention layer's weights per head, each
   * recurrent layer's hidden state per position. The sequence is a dataset example or given tokens.
   */
  v.object({ type: v.literal('lookInside'), requestId, source: SequenceSourceSchema }),
  /** The model's probabilities for the token after `tokens` (which start with the boundary). */
  v.object({ type: v.literal('nextToken'), requestId, tokens: tokenIds }),
  /** Text the model writes from the boundary token, drawn with these settings (core/train/sampling). */
  v.object({
    type: v.literal('samples'),
    requestId,
    count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(16)),
    maxLength: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(256)),
    temperature: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(5)),
    topK: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000)),
    seed: v.pipe(v.number(), v.integer()),
  }),
  /**
   * Test hook (`?testHooks=1`): loses the WebGL context or destroys the WebGPU device of the
   * active backend, as a crashed GPU would, to exercise the recovery.
   */
  v.object({ type: v.literal('loseContext') }),
]);
export type WorkerCommand = v.InferOutput<typeof CommandSchema>;

const finite = v.pipe(v.number(), v.finite());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
/**
 * Losses may be NaN or infinite when a run diverges: that is reported, not refused. (valibot's
 * number() refuses NaN, hence the union.)
 */
const lossValue = v.union([v.number(), v.nan()]);
const MetricsSchema = v.object({ loss: lossValue, accuracy: v.nullable(lossValue) });
export type Metrics = v.InferOutput<typeof MetricsSchema>;

const AdapterSchema = v.object({
  vendor: v.string(),
  architecture: v.string(),
  description: v.string(),
  isFallback: v.boolean(),
});
export type AdapterInfo = v.InferOutput<typeof AdapterSchema>;

/**
 * How fast one backend trained the current model in auto's measurement (core/train/measured-choice):
 * `measured` after its warm-up; `slow` when no full step fitted in its time budget, and then
 * `samplesPerSec` is at most that (an estimate, said in `note`); `failed` when it could not run.
 */
const BackendMeasurementSchema = v.object({
  backend: v.picklist(BACKENDS),
  outcome: v.picklist(['measured', 'slow', 'failed']),
  samplesPerSec: v.nullable(v.pipe(v.number(), v.finite(), v.minValue(0))),
  note: v.string(),
});
export type BackendMeasurement = v.InferOutput<typeof BackendMeasurementSchema>;
export const BackendMeasurementsSchema = v.array(BackendMeasurementSchema);

/**
 * What auto measured for the current model: `measuring` while it measures, `measured` when it did
 * in this worker, `remembered` when the figures come from an earlier visit (cached per machine and
 * model size). `model` says what was measured ("2,306 parameters, batch 32").
 */
const MeasurementSchema = v.object({
  state: v.picklist(['measuring', 'measured', 'remembered']),
  model: v.string(),
  results: BackendMeasurementsSchema,
});
export type Measurement = v.InferOutput<typeof MeasurementSchema>;

const ExtentSchema = v.object({ xMin: finite, xMax: finite, yMin: finite, yMax: finite });

/** Which examples a baseline was scored on: the validation split, or training without one. */
const JudgedOnSchema = v.picklist(['validation', 'training']);

/**
 * What always giving the same answer scores on the examples the model is judged on, learnt from
 * the training split alone (see core/train/baseline.ts): a model must beat it to have learnt
 * anything from the features.
 */
const BaselineSchema = v.variant('kind', [
  /** Always the training split's most common class; `accuracy` in [0, 1]. */
  v.object({
    kind: v.literal('majority'),
    classIndex: count,
    accuracy: v.pipe(finite, v.minValue(0), v.maxValue(1)),
    judgedOn: JudgedOnSchema,
  }),
  /** Always the training split's mean target; `error` is typicalError's, in the target's units. */
  v.object({
    kind: v.literal('mean'),
    mean: finite,
    error: v.pipe(finite, v.minValue(0)),
    judgedOn: JudgedOnSchema,
  }),
  /**
   * Next-token prediction: a bigram model fitted on the training split (add-one smoothing); `loss`
   * is its mean next-token loss in nats over the positions that are not padding.
   */
  v.object({
    kind: v.literal('bigram'),
    loss: v.pipe(finite, v.minValue(0)),
    judgedOn: JudgedOnSchema,
  }),
]);
export type Baseline = v.InferOutput<typeof BaselineSchema>;

const PredictionSchema = v.variant('kind', [
  /** Class probabilities over a resolution x resolution grid, rows from the top, row-major. */
  v.object({
    kind: v.literal('grid'),
    resolution: count,
    numClasses: count,
    extent: ExtentSchema,
    probabilities: v.instance(Float32Array),
  }),
  /** A regression model's output at evenly spaced inputs. */
  v.object({
    kind: v.literal('line'),
    xs: v.instance(Float32Array),
    ys: v.instance(Float32Array),
  }),
]);
export type Prediction = v.InferOutput<typeof PredictionSchema>;

const EventSchema = v.variant('type', [
  v.object({
    type: v.literal('ready'),
    backend: v.picklist(BACKENDS),
    requested: v.picklist(BACKEND_CHOICES),
    reason: v.string(),
    adapter: v.nullable(AdapterSchema),
    renderer: v.nullable(v.string()),
    /** Which build of the backend runs, where there are several: "wasm (SIMD, 4 threads)". */
    variant: v.optional(v.string()),
    /** The threads the backend trains on, where it can run several (wasm). */
    threads: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    /** Auto's measurement of the current model, once one is known; absent for a forced backend. */
    measurement: v.optional(MeasurementSchema),
    /** What the backend's memory can hold (core/train/memory-budget.ts); jobs above it are refused. */
    memory: v.optional(
      v.object({
        totalBytes: v.pipe(v.number(), v.minValue(1)),
        tensorBytes: v.pipe(v.number(), v.minValue(1)),
      }),
    ),
  }),
  /**
   * The backend's GPU context or device was lost during the session; the worker moved to `next`
   * and went on from the last checkpoint (`resumedFromEpoch` epochs kept; 0: started again).
   */
  v.object({
    type: v.literal('backendLost'),
    lost: v.picklist(BACKENDS),
    next: v.picklist(BACKENDS),
    resumedFromEpoch: count,
    message: v.string(),
  }),
  v.object({ type: v.literal('status'), status: v.picklist(TRAIN_STATUSES) }),
  v.object({
    type: v.literal('progress'),
    epoch: count,
    batch: count,
    batchesPerEpoch: count,
    loss: lossValue,
    accuracy: v.nullable(lossValue),
    samplesPerSec: v.pipe(v.number(), v.minValue(0)),
  }),
  v.object({
    type: v.literal('epochEnd'),
    runId: v.string(),
    epoch: count,
    train: MetricsSchema,
    validation: v.nullable(MetricsSchema),
    samplesPerSec: v.pipe(v.number(), v.minValue(0)),
    /** tf.memory().numTensors after the epoch: constant from epoch 1 on, or tensors leak. */
    numTensors: count,
  }),
  v.object({ type: v.literal('prediction'), epoch: count, prediction: PredictionSchema }),
  /**
   * What the model gets right and wrong on the validation set at an epoch end (classes, or the
   * values it predicts for a regression target), what always giving one answer would score, and
   * how each layer's weights are spread. Sent at most a few times a second.
   */
  v.object({
    type: v.literal('insights'),
    epoch: count,
    insights: v.object({
      /** numClasses x numClasses counts, row = actual class, column = predicted class. */
      confusion: v.nullable(v.object({ numClasses: count, counts: v.instance(Int32Array) })),
      /** Validation examples as dataset row indices, with their actual and predicted classes. */
      examples: v.nullable(
        v.object({
          rows: v.instance(Int32Array),
          actual: v.instance(Int32Array),
          predicted: v.instance(Int32Array),
          confidence: v.instance(Float32Array),
        }),
      ),
      /** Regression: each validation example's target and the model's prediction, in order. */
      regression: v.nullable(
        v.object({ actual: v.instance(Float32Array), predicted: v.instance(Float32Array) }),
      ),
      baseline: v.nullable(BaselineSchema),
      /**
       * A sequence model on a toy task, over the validation answers (core/train/answer-accuracy):
       * the token confusion (row = target) and, per position, the answer tokens right and in all.
       */
      tokens: v.optional(
        v.nullable(
          v.object({
            vocabSize: count,
            confusion: v.instance(Int32Array),
            positionCorrect: v.instance(Int32Array),
            positionCount: v.instance(Int32Array),
          }),
        ),
      ),
      histograms: v.array(
        v.object({
          layer: v.string(),
          min: v.number(),
          max: v.number(),
          counts: v.instance(Int32Array),
        }),
      ),
    }),
  }),
  v.object({
    type: v.literal('onePrediction'),
    requestId: count,
    /** Class probabilities, or the single regression output. */
    output: v.instance(Float32Array),
  }),
  v.object({
    type: v.literal('featureMaps'),
    requestId: count,
    maps: v.array(
      v.object({
        layer: v.string(),
        /** [height, width, channels] of this layer's output. */
        shape: v.array(count),
        values: v.instance(Float32Array),
      }),
    ),
  }),
  v.object({
    type: v.literal('exported'),
    requestId: count,
    /** model.json's text (topology and weights manifest pointing at `weights.bin`). */
    modelJson: v.string(),
    weights: v.instance(ArrayBuffer),
  }),
  v.object({
    type: v.literal('projectData'),
    requestId: count,
    /** Row-major features of every example, as the training worker feeds them. */
    x: v.instance(Float32Array),
    /** Class indices (classification) or target values (regression), one per example. */
    y: v.union([v.instance(Int32Array), v.instance(Float32Array)]),
    /** The untrained model built from the experiment's seed, in the TF.js layers format. */
    initialModelJson: v.string(),
    initialWeights: v.instance(ArrayBuffer),
  }),
  v.object({
    type: v.literal('lookInside'),
    requestId: count,
    /** The sequence looked at, without its trailing padding: the heatmaps' rows and columns. */
    tokens: v.instance(Int32Array),
    /** Per attention layer: [heads, length, length] row-major, row = the position that attends. */
    attention: v.array(
      v.object({ layer: v.string(), heads: count, weights: v.instance(Float32Array) }),
    ),
    /** Per recurrent layer: [length, units] row-major, the hidden state after each position. */
    hidden: v.array(
      v.object({ layer: v.string(), units: count, values: v.instance(Float32Array) }),
    ),
  }),
  v.object({
    type: v.literal('nextToken'),
    requestId: count,
    /** One probability per vocabulary id; empty when there is no sequence model. */
    probabilities: v.instance(Float32Array),
  }),
  v.object({
    type: v.literal('samples'),
    requestId: count,
    /** Every sample's tokens one after another; `lengths` says where each ends. */
    tokens: v.instance(Int32Array),
    lengths: v.instance(Int32Array),
  }),
  /** Shared weights are in the model (answer to `loadWeights`). */
  v.object({ type: v.literal('weightsLoaded'), requestId: count }),
  /** A checkpoint of the run was saved in IndexedDB at this epoch's end. */
  v.object({ type: v.literal('checkpoint'), runId: v.string(), epoch: count }),
  v.object({
    type: v.literal('done'),
    runId: v.string(),
    reason: v.picklist(['completed', 'stopped']),
    epochs: count,
  }),
  /** One run of a group failed (its loss became NaN); the others go on. */
  v.object({
    type: v.literal('trialFailed'),
    runId: v.string(),
    error: v.object({ name: v.string(), code: v.string(), message: v.string() }),
  }),
  v.object({
    type: v.literal('error'),
    error: v.object({ name: v.string(), code: v.string(), message: v.string() }),
    /** Set when the error answers a request rather than concerning the run. */
    requestId: v.optional(count),
  }),
]);
export type WorkerEvent = v.InferOutput<typeof EventSchema>;
export type ReadyEvent = Extract<WorkerEvent, { type: 'ready' }>;
export type BackendLostEvent = Extract<WorkerEvent, { type: 'backendLost' }>;
export type ExportedEvent = Extract<WorkerEvent, { type: 'exported' }>;
export type ProjectDataEvent = Extract<WorkerEvent, { type: 'projectData' }>;
export type FeatureMap = Extract<WorkerEvent, { type: 'featureMaps' }>['maps'][number];
export type LookInsideEvent = Extract<WorkerEvent, { type: 'lookInside' }>;
export type NextTokenEvent = Extract<WorkerEvent, { type: 'nextToken' }>;
export type SamplesEvent = Extract<WorkerEvent, { type: 'samples' }>;
export type TokenInsights = NonNullable<
  Extract<WorkerEvent, { type: 'insights' }>['insights']['tokens']
>;
/** How the worker's parts hand events to whoever sends them on. */
export type Emit = (event: WorkerEvent) => void;

export function parseEvent(input: unknown): Result<WorkerEvent, ProtocolError> {
  return parseMessage(EventSchema, 'worker event', input);
}

export const parseCommand = (input: unknown) =>
  parseMessage(CommandSchema, 'worker command', input);

/** The training worker's protocol, as the page's worker bridge needs it. */
/** The training worker's backend cannot go on (BackendBrokenError): the worker is replaced. */
const BACKEND_BROKEN: BackendBrokenError['code'] = 'backend-broken';

export const TRAIN_WORKER = {
  workerName: 'training worker',
  parseEvent,
  answers: {
    predictOne: 'onePrediction',
    featureMaps: 'featureMaps',
    export: 'exported',
    projectData: 'projectData',
    loadWeights: 'weightsLoaded',
    lookInside: 'lookInside',
    nextToken: 'nextToken',
    samples: 'samples',
  },
  fatal: (error: SerializedError) => error.code === BACKEND_BROKEN,
} as const satisfies BridgeProtocol<
  WorkerCommand,
  WorkerEvent,
  AnswerMap<WorkerCommand, WorkerEvent>
>;
export const parseTrainJob = (input: unknown) =>
  parseMessage(TrainJobSchema, 'training job', input);

/** The buffers of an event that can be transferred instead of copied. */
export function transferablesOf(event: WorkerEvent): ArrayBuffer[] {
  switch (event.type) {
    case 'prediction': {
      const p = event.prediction;
      const arrays = p.kind === 'grid' ? [p.probabilities] : [p.xs, p.ys];
      return arrays.map((a) => a.buffer as ArrayBuffer);
    }
    case 'insights': {
      const { confusion, examples, regression, histograms, tokens } = event.insights;
      const arrays = [
        ...(confusion ? [confusion.counts] : []),
        ...(tokens ? [tokens.confusion, tokens.positionCorrect, tokens.positionCount] : []),
        ...(examples
          ? [examples.rows, examples.actual, examples.predicted, examples.confidence]
          : []),
        ...(regression ? [regression.actual, regression.predicted] : []),
        ...histograms.map((h) => h.counts),
      ];
      return arrays.map((a) => a.buffer as ArrayBuffer);
    }
    case 'onePrediction':
      return [event.output.buffer as ArrayBuffer];
    case 'featureMaps':
      return event.maps.map((m) => m.values.buffer as ArrayBuffer);
    case 'lookInside':
      return [
        event.tokens.buffer as ArrayBuffer,
        ...event.attention.map((a) => a.weights.buffer as ArrayBuffer),
        ...event.hidden.map((h) => h.values.buffer as ArrayBuffer),
      ];
    case 'nextToken':
      return [event.probabilities.buffer as ArrayBuffer];
    case 'samples':
      return [event.tokens.buffer as ArrayBuffer, event.lengths.buffer as ArrayBuffer];
    case 'exported':
      return [event.weights];
    case 'projectData':
      return [event.x.buffer as ArrayBuffer, event.y.buffer as ArrayBuffer, event.initialWeights];
    default:
      return [];
  }
}
