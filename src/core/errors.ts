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
