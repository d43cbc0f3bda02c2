/** One export at a time and what came of it: the file saved, or why it failed. */
import { useState } from 'react';

export interface ExportState {
  busy: boolean;
  /** The file name of the last export, once it is saved. */
  saved: string | null;
  /** "Export failed: …" for the last export that failed. */
  error: string | null;
}

const IDLE: ExportState = { busy: false, saved: null, error: null };

/** `run(exporter)` runs an exporter that resolves to the saved file's name. */
export function useExport(): [ExportState, (exporter: () => Promise<string>) => Promise<void>] {
  const [state, setState] = useState<ExportState>(IDLE);
  const run = async (exporter: () => Promise<string>) => {
    setState({ ...IDLE, busy: true });
    try {
      setState({ ...IDLE, saved: await exporter() });
    } catch (e) {
      setState({ ...IDLE, error: `Export failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  };
  return [state, run];
}
