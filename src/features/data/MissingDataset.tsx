/**
 * The step an experiment shows when its dataset is a `local` one this browser does not hold (a
 * shared notebook whose data did not travel): which dataset, by name and SHA-256, and a file
 * chooser that imports the file as its author did and attaches it when it is the same data. Any
 * other way the dataset gets stored (the Datasets page, another tab) attaches it too. A later
 * version of a dataset (its ref names its version and parent) says that its file will not do.
 */
import { useId } from 'react';
import type { LocalDatasetRef } from '../../core/data/dataset';
import { useAppStore } from '../../store';

function howImported(ref: LocalDatasetRef): string {
  const { csv } = ref;
  if (csv === undefined) {
    return 'It is imported as a CSV with the import’s defaults (the last column is the target).';
  }
  const task = csv.task === 'auto' ? '' : ` of a ${csv.task} task`;
  return `It is imported as its author did: column ${csv.target + 1} is the target${task}.`;
}

export function MissingDataset({ missing }: { missing: LocalDatasetRef }) {
  const inputId = useId();
  const attaching = useAppStore((s) =>
    s.attaching?.sha256 === missing.sha256 ? s.attaching : null,
  );
  const attach = useAppStore((s) => s.attachMissing);
  const busy = attaching !== null && attaching.error === null;

  return (
    <div className="missing-dataset" data-testid="dataset.missing">
      {missing.version !== undefined && missing.parent !== undefined && (
        <p className="status" data-testid="dataset.missingVersion">
          It is version {missing.version} of a dataset its author changed in Gradlab (it derives
          from the version with SHA-256 {missing.parent.slice(0, 12)}…), so its original file gives
          an earlier version: ask its author for the notebook’s file (.gradlab.zip), which carries
          it.
        </p>
      )}
      <div className="field">
        <label htmlFor={inputId}>Choose its CSV file</label>
        <input
          id={inputId}
          type="file"
          accept=".csv,.tsv,.txt,text/csv"
          disabled={busy}
          data-testid="dataset.missingFile"
          onChange={(event) => {
            const file = event.target.files?.[0];
            // The same file can be chosen again after a refusal.
            event.target.value = '';
            if (file !== undefined) void attach(file, file.name);
          }}
        />
      </div>
      <p className="muted">
        {howImported(missing)} It is used here only if it gives the same data (the same SHA-256).
      </p>
      {busy && (
        <p className="status" role="status">
          Importing {attaching.fileName}…
        </p>
      )}
      {attaching?.error != null && (
        <p className="status error" role="alert" data-testid="dataset.missingError">
          {attaching.error}
        </p>
      )}
      <p className="muted">
        Or import it on the <a href="#/data">Datasets page</a>: once a dataset with this SHA-256 is
        stored, it is used here.
      </p>
    </div>
  );
}
