/**
 * The data worker's version jobs: examples captured in the page stored as a dataset (or appended
 * to one as its next version), edits applied to a version to make the next, and two versions
 * compared. CONTRACT PLACEHOLDER: helper H2 replaces this body (issue 18).
 */
import type { DataCommand, DataEvent } from '../../src/core/data-protocol';
import { InvalidDatasetError, type GradlabError } from '../../src/core/errors';
import { err, type Result } from '../../src/core/result';
import type { JobContext } from './context';

export type VersionCommand = Extract<
  DataCommand,
  { type: 'storeCaptured' | 'editDataset' | 'diffDatasets' }
>;
type Post = (event: DataEvent, transfer?: Transferable[]) => void;

/** Posts one `saved` (storeCaptured, editDataset) or `diff` (diffDatasets) for the command. */
export function versionJob(
  command: VersionCommand,
  context: JobContext,
  post: Post,
): Promise<Result<true, GradlabError>> {
  void context;
  void post;
  return Promise.resolve(err(new InvalidDatasetError(`${command.type} is not built yet.`)));
}
