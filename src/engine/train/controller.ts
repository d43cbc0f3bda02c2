/**
 * The worker's side of the protocol, apart from the browser: parses each command, keeps at most
 * one training session, and answers with events. Commands that replace the session run one after
 * another so a start never overlaps the disposal of the previous run. When the GPU under the
 * backend is lost, the session moves to the next backend (see backend-loss.ts).
 */
import type { Dataset } from '../../core/data/dataset';
import { loadableRef, loadGenerated, type LoadDataset } from '../../core/data/load';
import { validateDatasetRef } from '../../core/data/ref';
import {
  BackendUnavailableError,
  InvalidStateError,
  MemoryBudgetError,
  serializeError,
  type GradlabError,
} from '../../core/errors';
import { answerExport } from '../model/export-tfjs';
import { answerProjectData } from '../model/project-data';
import { requestIdOf } from '../../core/worker-bridge';
import { validateExperiment } from '../../core/experiment/validate';
import { err, ok, type Result } from '../../core/result';
import {
  parseCommand,
  type BackendChoice,
  type BackendName,
  type Emit,
  type ReadyEvent,
  type TrainJob,
  type TrainStatus,
  type WorkerCommand,
} from '../../core/protocol';
import {
  activityOf,
  backendLostEvent,
  SessionRelay,
  type GpuWatch,
} from '../../core/train/backend-loss';
import { measuredJob, measuredSignature, type BackendChooser } from './choose-backend';
import { featureMaps, predictOne } from './insights';
import { answerSequenceQuestion } from './sequence-insights';
import type { Checkpoint } from '../../core/runs/checkpoint';
import { TrainingSession, type CheckpointSink } from './session';
import { GroupSession, type GroupTrial } from './group-session';
import { jobMemoryRefusal } from '../../core/train/memory-budget';
import { brokenBackendError, isBrokenBackend } from '../../core/train/broken-backend';
import type { Experiment } from '../../core/experiment/experiment';
import { backendBudget } from './memory-limits';

/** Activates the requested backend, or the next that starts, never one of the `lost` ones. */
export type SetupBackend = (
  requested: BackendChoice,
  lost: readonly BackendName[],
) => Promise<ReadyEvent>;

export interface Controller {
  /** Handles one incoming message; resolves when it has been acted on. */
  handle(message: unknown): Promise<void>;
}

/** Where the worker keeps checkpoints (IndexedDB); none in tests that do not need them. */
export interface CheckpointStore extends CheckpointSink {
  load(runId: string): Promise<Result<Checkpoint | null, GradlabError>>;
}

export function createController(
  send: Emit,
  setupBackend: SetupBackend,
  loadDataset: LoadDataset = loadGenerated,
  checkpoints?: CheckpointStore,
  gpu?: GpuWatch,
  chooser?: BackendChooser,
): Controller {
  /** Every error goes out through here: one that means the backend broke says so (see there). */
  const emit: Emit = (event) =>
    send(
      event.type === 'error' && isBrokenBackend(event.error)
        ? { ...event, error: serializeError(brokenBackendError(event.error)) }
        : event,
    );
  let ready: Promise<void> | null = null;
  let requested: BackendChoice = 'auto';
  let active: BackendName | null = null;
  const lost: BackendName[] = [];
  let session: TrainingSession | null = null;
  /** Sweep trials trained as one stacked model; at most one of it and `session` is there. */
  let group: GroupSession | null = null;
  /** The current session's events on their way out. */
  let relay: SessionRelay | null = null;
  let queue: Promise<void> = Promise.resolve();
  /** Questions being answered now; a command that replaces the model waits for them. */
  const answering = new Set<Promise<void>>();
  /** The last dataset loaded: runs on the same data decode it once, not once per run. */
  let loaded: { key: string; data: Dataset } | null = null;
  /** What the newest command that replaces the session trains (choose-backend.ts). */
  let latestSignature: string | null = null;
  let lastReady: string | null = null;

  const report = (error: unknown) => emit({ type: 'error', error: serializeError(error) });

  async function activate(choice: BackendChoice): Promise<void> {
    const event = await setupBackend(choice, lost);
    // A backend started afresh is watched afresh, even one of the same name.
    active = null;
    announce(event);
  }

  /** TF.js is on `event.backend` now: the page hears of it (once) and its GPU is watched. */
  function announce(event: ReadyEvent): void {
    const backend = event.backend;
    if (backend !== active) gpu?.watch(backend, (cause) => lose(backend, cause));
    active = backend;
    const budgeted = { ...event, memory: backendBudget(backend) };
    const said = JSON.stringify(budgeted);
    if (said !== lastReady) emit(budgeted);
    lastReady = said;
  }

  /** Auto measures which backend trains this job fastest, or remembers it, and moves there. */
  async function takeMeasuredBackend(job: TrainJob, data: Dataset): Promise<void> {
    if (!chooser || requested !== 'auto' || active === null) return;
    const signature = measuredSignature(job);
    const event = await chooser({
      job: measuredJob(job.experiment, data),
      lost,
      active,
      superseded: () => latestSignature !== signature,
      announce,
      memoryRefusal: (backend) => memoryRefusal(job.experiment, data, job.gridResolution, backend),
    });
    if (event) announce(event);
  }

  /**
   * The last check before a job trains, whatever sent it (the page checks first, but a bundle or a
   * notebook's Run all must not get past): its memory against the backend's budget.
   */
  function memoryRefusal(
    experiment: Experiment,
    data: Dataset,
    gridResolution: number,
    backend: BackendName,
  ): string | null {
    const dataset = {
      n: data.n,
      task: data.task,
      numClasses: data.task === 'regression' ? 0 : data.numClasses,
      inputShape: data.inputShape,
    };
    return jobMemoryRefusal(
      experiment.model,
      experiment.config,
      dataset,
      gridResolution,
      backendBudget(backend),
      backend,
    );
  }

  const init = (backend: BackendChoice): Promise<void> => {
    if (!ready) requested = backend;
    ready ??= activate(backend);
    return ready;
  };

  /**
   * Saves that reach storage only while the GPU is fine: a capture read back just after the
   * context died holds garbage, and its loss event may not have been delivered yet.
   */
  const guardedCheckpoints: CheckpointStore | undefined = checkpoints && {
    save(checkpoint) {
      const cause = gpu?.lostCause();
      if (cause && active) {
        lose(active, cause);
        return Promise.resolve(ok(undefined));
      }
      return checkpoints.save(checkpoint);
    },
    load: (runId) => checkpoints.load(runId),
  };

  /** `runId` names a new run; a session only shown (reset, shared weights) needs none. */
  async function replaceSession(job: TrainJob, runId?: string): Promise<TrainingSession | null> {
    await init('auto');
    // A question asked before this command is answered from the model it was asked about.
    await Promise.all(answering);
    await dropSessions();
    const created = await createSession(job, runId);
    if (!created.ok) {
      report(created.error);
      emit({ type: 'status', status: 'error' });
      return null;
    }
    session = created.value;
    return session;
  }

  async function dropSessions(): Promise<void> {
    await session?.dispose();
    session = null;
    await group?.dispose();
    group = null;
  }

  /** Sweep trials that train as one group (group-session.ts), on the backend already active. */
  async function startGroup(trials: readonly GroupTrial[]): Promise<void> {
    await init('auto');
    await Promise.all(answering);
    await dropSessions();
    const created = await createGroup(trials);
    if (!created.ok) {
      report(created.error);
      emit({ type: 'status', status: 'error' });
      return;
    }
    group = created.value;
    group.start();
  }

  async function createGroup(
    trials: readonly GroupTrial[],
  ): Promise<Result<GroupSession, GradlabError>> {
    const checked: GroupTrial[] = [];
    for (const trial of trials) {
      const experiment = validateExperiment(trial.job.experiment);
      if (!experiment.ok) return experiment;
      checked.push({ ...trial, job: { ...trial.job, experiment: experiment.value } });
    }
    const first = checked[0];
    if (first === undefined) return err(new InvalidStateError('A group needs a trial.'));
    // Each trial's data (a generated dataset follows its seed), each distinct one loaded once.
    const byRef = new Map<string, Dataset>();
    const datasets: Dataset[] = [];
    for (const trial of checked) {
      const key = JSON.stringify(trial.job.experiment.dataset);
      let data = byRef.get(key);
      if (data === undefined) {
        const loaded = await datasetOf(trial.job, byRef.size === 0);
        if (!loaded.ok) return loaded;
        data = loaded.value;
        byRef.set(key, data);
      }
      datasets.push(data);
    }
    const backend = active ?? 'cpu';
    const experiment = first.job.experiment;
    const data = datasets[0];
    if (data === undefined) return err(new InvalidStateError('A group needs a trial.'));
    const refusal = memoryRefusal(experiment, data, first.job.gridResolution, backend);
    if (refusal !== null) return err(new MemoryBudgetError(refusal));
    return GroupSession.create(checked, datasets, emit);
  }

  /** A session for the job, its experiment read by the experiment's own validator. */
  async function createSession(
    job: TrainJob,
    runId: string | undefined,
  ): Promise<Result<TrainingSession, GradlabError>> {
    const experiment = validateExperiment(job.experiment);
    if (!experiment.ok) return experiment;
    const checked = { ...job, experiment: experiment.value };
    const data = await datasetOf(checked);
    if (!data.ok) return data;
    await takeMeasuredBackend(checked, data.value);
    const backend = active ?? 'cpu';
    const refusal = memoryRefusal(checked.experiment, data.value, checked.gridResolution, backend);
    if (refusal !== null) return err(new MemoryBudgetError(refusal));
    const options = {
      ...(guardedCheckpoints ? { checkpoints: guardedCheckpoints } : {}),
      ...(runId === undefined ? {} : { runId }),
    };
    relay = new SessionRelay(emit, gpu ? lostAfterError : null);
    return TrainingSession.create(checked, data.value, relay.relay, options);
  }

  /**
   * The job's data, decoded once for the runs that follow; `keep: false` reads other data (a past
   * run's, for an export) without displacing the current session's.
   */
  async function datasetOf(
    job: Pick<TrainJob, 'experiment'>,
    keep = true,
  ): Promise<Result<Dataset, GradlabError>> {
    const checked = validateDatasetRef(job.experiment.dataset);
    if (!checked.ok) return checked;
    const ref = loadableRef(checked.value);
    if (!ref.ok) return ref;
    const key = JSON.stringify(ref.value);
    if (loaded?.key === key) return ok(loaded.data);
    if (!keep) return loadDataset(ref.value);
    loaded = null;
    const data = await loadDataset(ref.value);
    if (data.ok) loaded = { key, data: data.value };
    return data;
  }

  async function projectData(
    command: Extract<WorkerCommand, { type: 'projectData' }>,
  ): Promise<void> {
    await init('auto');
    const experiment = validateExperiment(command.experiment);
    if (!experiment.ok) throw experiment.error;
    const data = await datasetOf({ experiment: experiment.value }, false);
    if (!data.ok) throw data.error;
    const answer = await answerProjectData(experiment.value, data.value, command.requestId);
    emit(answer);
  }

  async function act(command: WorkerCommand): Promise<void> {
    switch (command.type) {
      case 'init':
        return init(command.backend);
      case 'start':
        (await replaceSession(command.job, command.runId))?.start();
        return;
      case 'startGroup':
        return startGroup(command.trials);
      case 'step': {
        const status = session?.currentStatus;
        const current =
          status === 'idle' || status === 'paused'
            ? session
            : await replaceSession(command.job, command.runId);
        current?.step();
        return;
      }
      case 'reset': {
        const fresh = await replaceSession(command.job);
        if (!fresh) return;
        emit({ type: 'status', status: 'idle' });
        await fresh.showPrediction();
        return;
      }
      case 'pause':
        session?.pause();
        group?.pause();
        return;
      case 'resume':
        session?.resume();
        group?.resume();
        return;
      case 'stop':
        session?.stop();
        group?.stop();
        return;
      case 'predictOne':
      case 'featureMaps':
      case 'export':
        return answer(command);
      // In turn with the commands that replace the model: asked just after a reset, they are
      // answered from the new model, not the old one or none. A running loop yields to them.
      case 'lookInside':
      case 'nextToken':
      case 'samples':
        emit(
          await answerSequenceQuestion(
            command,
            session?.currentModel ?? null,
            loaded?.data ?? null,
          ),
        );
        return;
      case 'resumeFrom':
        return resumeFrom(command.job, command.runId);
      case 'loadWeights':
        return loadWeights(command);
      case 'projectData':
        return projectData(command);
      case 'loseContext':
        if (!gpu?.lose()) {
          report(
            new BackendUnavailableError(
              `There is no GPU context to lose: the backend is ${active ?? 'not started'}.`,
            ),
          );
        }
        return;
    }
  }

  /**
   * The active backend lost its GPU: the session is dropped at once (nothing is read back from the
   * dead context) and the rest waits its turn behind other commands that replace the session.
   */
  function lose(backend: BackendName, cause: string): void {
    if (backend !== active || lost.includes(backend)) return;
    lost.push(backend);
    const old = session;
    const status = relay?.lastStatus ?? 'idle';
    session = null;
    old?.abandon();
    queue = queue.then(() => recover(backend, cause, old, status)).catch(report);
  }

  /** Asked when a run fails on a GPU backend: was it the GPU? Then the loss is handled. */
  async function lostAfterError(): Promise<boolean> {
    const backend = active;
    const cause = gpu ? await gpu.lossAfterError() : null;
    if (cause === null || backend === null) return false;
    lose(backend, cause);
    return true;
  }

  async function recover(
    backend: BackendName,
    cause: string,
    abandoned: TrainingSession | null,
    status: TrainStatus,
  ): Promise<void> {
    // Questions about the lost model may never be answered: the new one does not wait for them.
    answering.clear();
    // A command that was under way when the GPU went may have built a session on it since.
    const late = session;
    session = null;
    late?.abandon();
    const old = abandoned ?? late;
    const activity = activityOf(abandoned ? status : (late?.currentStatus ?? 'idle'));
    const job = old?.currentJob ?? null;
    const runId = old?.currentRunId ?? null;
    for (const dropped of [abandoned, late]) {
      try {
        await dropped?.dispose();
      } catch {
        // Its tensors lived in the lost context; there is nothing left to free.
      }
    }
    await activate(requested);
    const found = checkpoints && runId ? await checkpoints.load(runId) : ok(null);
    const checkpoint = found.ok ? found.value : null;
    // Where the run goes on: auto may move on from the fixed order's pick to the measured one.
    const event = () =>
      backendLostEvent({
        lost: backend,
        cause,
        next: active ?? 'cpu',
        requested,
        activity,
        checkpointEpoch: checkpoint?.epoch ?? null,
      });
    if (!job) return emit(event());
    const fresh = await replaceSession(job, runId ?? undefined);
    if (!fresh) return;
    if (checkpoint) await fresh.restore(checkpoint);
    emit(event());
    if (activity === 'other') {
      await fresh.showPrediction();
      return;
    }
    fresh.start({ paused: activity === 'paused' });
  }

  /** Shared weights into the current model, which the UI has just reset to the same job. */
  async function loadWeights(command: Extract<WorkerCommand, { type: 'loadWeights' }>) {
    const { requestId } = command;
    const loaded = session
      ? session.loadWeights(command.weightSpecs, command.data)
      : err(new InvalidStateError('There is no model to load the weights into yet.'));
    if (!loaded.ok) {
      emit({ type: 'error', error: serializeError(loaded.error), requestId });
      return;
    }
    // The views first: by the time the page hears "loaded", what it shows is the loaded model.
    await session?.showLoadedModel();
    emit({ type: 'weightsLoaded', requestId });
  }

  /** A run that a reload or a crash interrupted goes on from its last checkpoint. */
  async function resumeFrom(job: TrainJob, runId: string): Promise<void> {
    const found = checkpoints ? await checkpoints.load(runId) : ok(null);
    if (!found.ok) return report(found.error);
    if (!found.value) {
      return report(new InvalidStateError('That run has no checkpoint in this browser any more.'));
    }
    const fresh = await replaceSession(job);
    if (!fresh) return;
    try {
      await fresh.restore(found.value);
    } catch (error) {
      report(error);
      emit({ type: 'status', status: 'error' });
      return;
    }
    fresh.start();
  }

  /** Questions about the current model; asked of a run in progress too, between its steps. */
  async function answer(
    question: Extract<WorkerCommand, { type: 'predictOne' | 'featureMaps' | 'export' }>,
  ): Promise<void> {
    const model =
      question.type === 'export' && question.runId !== undefined && group !== null
        ? group.modelOf(question.runId)
        : session?.currentModel;
    const shape = loaded?.data.inputShape;
    const { requestId } = question;
    if (!model || !shape) {
      // Views ask as soon as they appear; before there is a model they get an empty answer.
      if (question.type === 'predictOne') {
        emit({ type: 'onePrediction', requestId, output: new Float32Array(0) });
      } else if (question.type === 'featureMaps') {
        emit({ type: 'featureMaps', requestId, maps: [] });
      } else {
        const error = new InvalidStateError(
          'There is no model yet: choose a dataset and wait for it to load.',
        );
        emit({ type: 'error', error: serializeError(error), requestId });
      }
      return;
    }
    switch (question.type) {
      case 'predictOne':
        emit({
          type: 'onePrediction',
          requestId,
          output: await predictOne(model, question.input, shape),
        });
        return;
      case 'featureMaps':
        emit({
          type: 'featureMaps',
          requestId,
          maps: await featureMaps(model, question.input, shape),
        });
        return;
      case 'export':
        emit(await answerExport(model, requestId));
        return;
    }
  }

  return {
    handle(message) {
      const command = parseCommand(message);
      if (!command.ok) {
        // A request that cannot be read is still answered, so its asker is not left waiting.
        const requestId = requestIdOf(message);
        emit({
          type: 'error',
          error: serializeError(command.error),
          ...(requestId === undefined ? {} : { requestId }),
        });
        return Promise.resolve();
      }
      // Pause, resume, stop and questions about the model must reach a running loop at once,
      // not wait behind a start.
      const immediate = [
        'pause',
        'resume',
        'stop',
        'predictOne',
        'featureMaps',
        'export',
        'loseContext',
      ].includes(command.value.type);
      if ('job' in command.value) latestSignature = measuredSignature(command.value.job);
      const requestId = requestIdOf(command.value);
      const failed = (error: unknown) =>
        emit({
          type: 'error',
          error: serializeError(error),
          ...(requestId === undefined ? {} : { requestId }),
        });
      const done = immediate ? act(command.value) : queue.then(() => act(command.value));
      const settled = done.catch(failed);
      if (!immediate) queue = settled;
      else if (requestId !== undefined) {
        answering.add(settled);
        void settled.finally(() => answering.delete(settled));
      }
      return settled;
    },
  };
}
