/**
 * Python scripts run from Node for the Keras check: in a warm interpreter (warm_runner.py, one
 * per backend, the backend imported once) or in a process of their own, for what must set up the
 * runtime before it starts (train.py --cpu-devices splits the CPU into logical devices).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isRecord } from '../../src/core/is-record';

export interface ScriptRun {
  exit: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

const RUNNER = join(import.meta.dirname, 'warm_runner.py');
const RESULT_PREFIX = '@@result ';

/** The environment of every Python the check starts: quiet TensorFlow, the chosen backend. */
export function pythonEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', PYTHONUNBUFFERED: '1', ...extra };
}

function scriptRunOf(value: unknown): (ScriptRun & { id: string }) | null {
  if (!isRecord(value)) return null;
  const { id, exit, stdout, stderr, seconds } = value;
  return typeof id === 'string' &&
    typeof exit === 'number' &&
    typeof stdout === 'string' &&
    typeof stderr === 'string' &&
    typeof seconds === 'number'
    ? { id, exit, stdout, stderr, seconds }
    : null;
}

/** One warm interpreter; scripts run one at a time, in the order they were asked for. */
export class WarmPython {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<string, (run: ScriptRun) => void>();
  private nextId = 0;
  private exited: Error | null = null;
  private log = '';

  constructor(python: string, env: Record<string, string>) {
    this.child = spawn(python, [RUNNER], { env: pythonEnv(env) });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => (this.log = (this.log + chunk).slice(-4000)));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      if (!line.startsWith(RESULT_PREFIX)) return;
      const run = scriptRunOf(JSON.parse(line.slice(RESULT_PREFIX.length)));
      if (!run) throw new Error(`warm_runner.py answered something else: ${line}`);
      this.pending.get(run.id)?.(run);
      this.pending.delete(run.id);
    });
    this.child.on('exit', (code) => {
      this.exited = new Error(`warm_runner.py exited (${code ?? 'signal'}): ${this.log}`);
      for (const resolve of this.pending.values()) {
        resolve({ exit: -1, stdout: '', stderr: this.exited.message, seconds: 0 });
      }
      this.pending.clear();
    });
  }

  /** Runs `python script ...args` in `cwd`, in this interpreter. */
  run(script: string, args: readonly string[], cwd: string): Promise<ScriptRun> {
    if (this.exited) {
      return Promise.resolve({ exit: -1, stdout: '', stderr: this.exited.message, seconds: 0 });
    }
    const id = String(this.nextId++);
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.stdin.write(`${JSON.stringify({ id, script, args, cwd })}\n`);
    });
  }

  close(): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.on('exit', () => resolve());
      this.child.stdin.end();
    });
  }
}

/** Runs `python script ...args` in `cwd` in a new process. */
export function runPython(
  python: string,
  script: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string>,
): Promise<ScriptRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(python, [script, ...args], { cwd, env: pythonEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (code) =>
      resolve({ exit: code ?? -1, stdout, stderr, seconds: (performance.now() - started) / 1000 }),
    );
  });
}
