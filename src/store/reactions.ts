/**
 * What follows from a change of state, in one place: each slice does its own part, and this says
 * when. An edit goes into the experiment's place; a new dataset is made ready; once its shape is
 * known the model fits it; a run that ended is recorded in the runs history and in its notebook;
 * the model on the worker follows the experiment.
 */
import type { AppState } from './app-state';

export function react(state: AppState, previous: AppState): void {
  const experiment = state.editor.experiment;
  const before = previous.editor.experiment;
  // Opening an experiment makes a new place; only edits of the one on show are saved.
  if (experiment !== before && state.place === previous.place) {
    if (state.place.kind === 'playground') state.playgroundEdited(experiment);
    else state.cellEdited(state.place, experiment);
  }
  if (experiment.dataset !== before.dataset) void state.prepareDataset(experiment.dataset);
  if (state.prepared.info !== previous.prepared.info && state.prepared.info !== null) {
    state.edit({ type: 'fit' });
  }
  // Before the model can follow the experiment: the run's record asks for the weights it ended
  // with, which a reset would replace.
  const ended = state.endedRun;
  if (ended !== null && ended !== previous.endedRun) {
    void state.recordRun(ended);
    void state.recordRunInCell(ended);
  }
  if (state.run !== null && state.run.id !== previous.run?.id) {
    state.runStarted();
    // A run trains the model on: the weights loaded from a past run are not what it holds.
    if (state.runWeights !== null) state.dismissRunWeights();
  }
  if (
    experiment !== before ||
    state.place !== previous.place ||
    state.prepared !== previous.prepared ||
    state.backend !== previous.backend ||
    state.status !== previous.status
  ) {
    state.syncModel();
  }
}
