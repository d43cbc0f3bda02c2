/**
 * Why the camera did not open, said so a user knows what to do. getUserMedia rejects with a
 * DOMException whose name tells refusal (NotAllowedError, SecurityError) from a missing camera
 * (NotFoundError, OverconstrainedError) and a busy one (NotReadableError, AbortError).
 */

export type CameraProblem = 'refused' | 'missing' | 'busy' | 'unsupported' | 'other';

export interface CameraError {
  problem: CameraProblem;
  message: string;
}

const MESSAGES: Record<CameraProblem, string> = {
  refused:
    'The camera was not allowed. Allow it for this site (the camera icon in the address bar, or ' +
    "the browser's site settings), then press Open the camera again. You can still draw examples.",
  missing:
    'No camera was found. Connect one (or check that it is enabled) and press Open the camera ' +
    'again. You can still draw examples.',
  busy:
    'The camera is in use by another program or tab, or could not start. Close what uses it and ' +
    'press Open the camera again.',
  unsupported:
    'This browser cannot open a camera here: it needs a secure page (https or localhost) and a ' +
    'browser with camera access. You can still draw examples.',
  other: 'The camera could not be opened',
};

const PROBLEMS: Record<string, CameraProblem> = {
  NotAllowedError: 'refused',
  SecurityError: 'refused',
  PermissionDeniedError: 'refused',
  NotFoundError: 'missing',
  DevicesNotFoundError: 'missing',
  OverconstrainedError: 'missing',
  NotReadableError: 'busy',
  TrackStartError: 'busy',
  AbortError: 'busy',
};

/** What a getUserMedia rejection (or its absence: `null`) means for the user. */
export function cameraError(error: unknown): CameraError {
  if (error === null) return { problem: 'unsupported', message: MESSAGES.unsupported };
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  const problem = PROBLEMS[name] ?? 'other';
  const detail = error instanceof Error ? error.message : String(error);
  return {
    problem,
    message: problem === 'other' ? `${MESSAGES.other}: ${detail}` : MESSAGES[problem],
  };
}
