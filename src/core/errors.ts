/**
 * Every error a user can cause or meet is one of these classes, each with a string-literal `code`,
 * so the UI can say what happened and workers can send errors as plain `{ name, code, message }`.
 */

export abstract class GradlabError<C extends string = string> extends Error {
  abstract readonly code: C;
}

/** A model spec that cannot be built; `layerIndex` points at the layer that breaks it. */
export class InvalidSpecError extends GradlabError<'invalid-spec'> {
  readonly code = 'invalid-spec';
  override readonly name = 'InvalidSpecError';
  constructor(
    message: string,
    readonly layerIndex: number | null,
  ) {
    super(message);
  }
}

/** A training setting (learning rate, batch size, epochs, ...) outside what can run. */
export class InvalidConfigError extends GradlabError<'invalid-config'> {
  readonly code = 'invalid-config';
  override readonly name = 'InvalidConfigError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** Dataset parameters that cannot produce data (unknown generator, size out of range, ...). */
export class InvalidDatasetError extends GradlabError<'invalid-dataset'> {
  readonly code = 'invalid-dataset';
  override readonly name = 'InvalidDatasetError';
}

/** The loss became NaN or infinite; the weights were restored to the last good ones. */
export class NonFiniteLossError extends GradlabError<'non-finite-loss'> {
  readonly code = 'non-finite-loss';
  override readonly name = 'NonFiniteLossError';
}

/** A requested backend cannot run in this browser. */
export class BackendUnavailableError extends GradlabError<'backend-unavailable'> {
  readonly code = 'backend-unavailable';
  override readonly name = 'BackendUnavailableError';
}

/** A message between UI and worker that does not match the protocol. */
export class ProtocolError extends GradlabError<'protocol'> {
  readonly code = 'protocol';
  override readonly name = 'ProtocolError';
}

/** A command that makes no sense in the current state (resume while idle, ...). */
export class InvalidStateError extends GradlabError<'invalid-state'> {
  readonly code = 'invalid-state';
  override readonly name = 'InvalidStateError';
}

/**
 * A file or download whose bytes are not what its format promises (ragged CSV rows, a truncated
 * image, an IDX header that does not match its length, ...). `reason` names the kind of fault so
 * tests and the UI can tell them apart; the message says what to do.
 */
export class DataFormatError extends GradlabError<'data-format'> {
  readonly code = 'data-format';
  override readonly name = 'DataFormatError';
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

/** Input larger than Gradlab accepts: bytes, rows, columns, pixels, or bytes produced by inflating. */
export class LimitExceededError extends GradlabError<'limit-exceeded'> {
  readonly code = 'limit-exceeded';
  override readonly name = 'LimitExceededError';
  constructor(
    message: string,
    readonly limit: 'bytes' | 'rows' | 'columns' | 'pixels' | 'images' | 'inflated-bytes',
  ) {
    super(message);
  }
}

/** Downloaded bytes whose SHA-256 is not the one they were promised to have. */
export class IntegrityError extends GradlabError<'integrity'> {
  readonly code = 'integrity';
  override readonly name = 'IntegrityError';
}

/** A download that failed, stalled, was refused or was cancelled; `reason` says which. */
export class DownloadError extends GradlabError<'download'> {
  readonly code = 'download';
  override readonly name = 'DownloadError';
  constructor(
    message: string,
    readonly reason:
      'network' | 'http-status' | 'cancelled' | 'stalled' | 'refused-url' | 'not-found',
  ) {
    super(message);
  }
}

/** The browser refused to store more (QuotaExceededError, also when wrapped in an AbortError). */
export class StorageFullError extends GradlabError<'storage-full'> {
  readonly code = 'storage-full';
  override readonly name = 'StorageFullError';
}

/** IndexedDB cannot be opened or used (private mode, blocked upgrade, corruption). */
export class StorageUnavailableError extends GradlabError<'storage-unavailable'> {
  readonly code = 'storage-unavailable';
  override readonly name = 'StorageUnavailableError';
}

/** Stored data that is missing or does not match its key (a lost chunk, a changed hash). */
export class StorageCorruptError extends GradlabError<'storage-corrupt'> {
  readonly code = 'storage-corrupt';
  override readonly name = 'StorageCorruptError';
}

/** An error as it crosses postMessage. */
export interface SerializedError {
  name: string;
  code: string;
  message: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof GradlabError) {
    return { name: error.name, code: error.code, message: error.message };
  }
  if (error instanceof Error) {
    return { name: error.name, code: 'internal', message: error.message };
  }
  return { name: 'Error', code: 'internal', message: String(error) };
}

/**
 * A link, file or bundle that cannot be opened: bad encoding, refused size or shape, a schema
 * fault. `reason` names the kind of fault so tests and the UI can tell them apart; the message
 * says what happened and what to do.
 */
export class BundleError extends GradlabError<'invalid-bundle'> {
  readonly code = 'invalid-bundle';
  override readonly name = 'BundleError';
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

/**
 * An experiment (in a stored record, or a training job) that is not one: `reason` names the kind
 * of fault as a bundle's would, and the message names the field.
 */
export class InvalidExperimentError extends GradlabError<'invalid-experiment'> {
  readonly code = 'invalid-experiment';
  override readonly name = 'InvalidExperimentError';
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

/**
 * An error a worker reported in answer to a request (it crossed as a SerializedError), as the UI
 * receives it: the worker's own name, code and message, which already say what to do.
 */
export class WorkerError extends GradlabError {
  readonly code: string;
  override readonly name: string;
  constructor(error: SerializedError) {
    super(error.message);
    this.code = error.code;
    this.name = error.name;
  }
}

/**
 * A request whose worker went away before it answered: it crashed, closed, fell silent (its
 * event loop blocked past the watchdog's limit), said its backend is broken, sent what could not
 * be read, or was replaced or stopped by the page. `reason` says which; the message what to do.
 */
export class WorkerLostError extends GradlabError<'worker-lost'> {
  readonly code = 'worker-lost';
  override readonly name = 'WorkerLostError';
  constructor(
    message: string,
    readonly reason:
      | 'crashed'
      | 'closed'
      | 'unreadable'
      | 'malformed'
      | 'silent'
      | 'broken'
      | 'replaced'
      | 'terminated',
  ) {
    super(message);
  }
}

/**
 * The worker's backend cannot be trusted any more (a WebAssembly trap such as "memory access out
 * of bounds" leaves its heap in an unknown state): the worker reports it with this code, and the
 * bridge replaces the worker as if it had died (the training worker's protocol calls it fatal).
 */
export class BackendBrokenError extends GradlabError<'backend-broken'> {
  readonly code = 'backend-broken';
  override readonly name = 'BackendBrokenError';
}

/** A request that a worker did not answer in the time it was given. */
export class RequestTimeoutError extends GradlabError<'timeout'> {
  readonly code = 'timeout';
  override readonly name = 'RequestTimeoutError';
}

/** A request that its sender cancelled before the worker answered. */
export class RequestAbortedError extends GradlabError<'aborted'> {
  readonly code = 'aborted';
  override readonly name = 'RequestAbortedError';
}

/** A job that needs more memory than the backend can give; the message says what would fit. */
export class MemoryBudgetError extends GradlabError<'memory-budget'> {
  readonly code = 'memory-budget';
  override readonly name = 'MemoryBudgetError';
}

/**
 * A sweep that cannot run as defined: an unreadable values text, too many fields or runs, a field
 * the experiment does not have or locks, a value it cannot take. `field` names where (`values`,
 * `plan.fields[1].values`, `layer 2 (dense) units`), so the dialog can point at it.
 */
export class InvalidSweepError extends GradlabError<'invalid-sweep'> {
  readonly code = 'invalid-sweep';
  override readonly name = 'InvalidSweepError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}
