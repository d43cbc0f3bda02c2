/**
 * Import your own text: a .txt file to model (character or word tokens, a context length) or a CSV
 * with a text column and a label column to classify. The data worker reads and packs it; the
 * choices are stored with it, so the same file with them imports to the same dataset.
 */
import { useState } from 'react';
import type { CsvPreview, HeaderChoice } from '../../core/data-protocol';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { TEXT_LIMITS, type TextLayout } from '../../core/data/text-dataset';
import { DEFAULT_LANGUAGE_CHOICES, type TextChoices } from '../../core/data/text-choices';
import type { TokenizerKind } from '../../core/data/tokenizer';
import { useAppStore } from '../../store';
import { NumberField } from '../ui/NumberField';
import { SelectField } from '../ui/SelectField';
import { JobError } from './JobError';
import { JobProgress } from './JobProgress';
import { useDataJob } from './use-data-job';

type Mode = TextChoices['mode'];

const MODE_OPTIONS = [
  { value: 'language' as const, label: 'learn to write it (a .txt file)' },
  { value: 'classification' as const, label: 'classify texts (a CSV with a label column)' },
];
const TOKENIZER_OPTIONS = [
  { value: 'char' as const, label: 'characters' },
  { value: 'word' as const, label: 'words and punctuation' },
];
const LAYOUT_OPTIONS = [
  { value: 'windows' as const, label: 'one long text, cut in windows' },
  { value: 'lines' as const, label: 'one example per line (names, titles)' },
];

export function TextImport({
  onSaved,
}: {
  onSaved(saved: { record: StoredDataset; created: boolean }): void;
}) {
  const job = useDataJob();
  const refresh = useAppStore((s) => s.refreshStoredDatasets);
  const [mode, setMode] = useState<Mode>('language');
  const [file, setFile] = useState<File | null>(null);
  const [tokenizer, setTokenizer] = useState<TokenizerKind>('char');
  const [context, setContext] = useState(DEFAULT_LANGUAGE_CHOICES.context);
  const [layout, setLayout] = useState<TextLayout>('windows');
  const [maxVocab, setMaxVocab] = useState(DEFAULT_LANGUAGE_CHOICES.maxVocab);
  const [maxLength, setMaxLength] = useState(64);
  const [preview, setPreview] = useState<CsvPreview | null>(null);
  const [textColumn, setTextColumn] = useState(0);
  const [labelColumn, setLabelColumn] = useState(1);

  const choose = async (chosen: File | undefined) => {
    setFile(chosen ?? null);
    setPreview(null);
    if (!chosen || mode !== 'classification') return;
    const header: HeaderChoice = 'auto';
    const answer = await job.run({
      type: 'inspectCsv',
      file: { path: chosen.name, blob: chosen },
      header,
    });
    if (!answer) return;
    setPreview(answer.preview);
    setTextColumn(0);
    setLabelColumn(answer.preview.header.length - 1);
  };

  const choices = (): TextChoices =>
    mode === 'language'
      ? { mode, tokenizer, context, layout, maxVocab }
      : {
          mode,
          tokenizer,
          header: preview?.hasHeader ? 'present' : 'absent',
          textColumn,
          labelColumn,
          maxLength,
          maxVocab,
        };

  const importIt = async () => {
    if (!file) return;
    const answer = await job.run({
      type: 'importText',
      file: { path: file.name, blob: file },
      choices: choices(),
    });
    if (!answer) return;
    onSaved({ record: answer.record, created: answer.created });
    await refresh();
  };

  const columns = preview?.header.map((name, i) => ({ value: String(i), label: name })) ?? [];
  const ready = file !== null && (mode === 'language' || preview !== null);
  return (
    <div className="import-block">
      <h3>Text</h3>
      <div className="settings-grid">
        <SelectField<Mode>
          label="What to do with it"
          value={mode}
          options={MODE_OPTIONS}
          testId="import.textMode"
          onChange={(next) => {
            setMode(next);
            setFile(null);
            setPreview(null);
          }}
        />
        <SelectField<TokenizerKind>
          label="Tokens"
          value={tokenizer}
          options={TOKENIZER_OPTIONS}
          testId="import.tokenizer"
          onChange={setTokenizer}
        />
        {mode === 'language' ? (
          <>
            <NumberField
              label="Context (tokens)"
              value={context}
              min={TEXT_LIMITS.minContext}
              max={TEXT_LIMITS.maxContext}
              integer
              testId="import.context"
              onChange={setContext}
            />
            <SelectField<TextLayout>
              label="Examples"
              value={layout}
              options={LAYOUT_OPTIONS}
              testId="import.layout"
              onChange={setLayout}
            />
          </>
        ) : (
          <NumberField
            label="Tokens kept per text"
            value={maxLength}
            min={1}
            max={TEXT_LIMITS.maxContext}
            integer
            testId="import.maxLength"
            onChange={setMaxLength}
          />
        )}
        <NumberField
          label="Vocabulary cap"
          value={maxVocab}
          min={TEXT_LIMITS.minVocab}
          max={TEXT_LIMITS.maxVocab}
          integer
          testId="import.maxVocab"
          onChange={setMaxVocab}
        />
      </div>
      <div className="field">
        <label htmlFor="import-text-file">
          {mode === 'language' ? 'Text file' : 'CSV file of texts and labels'}
        </label>
        <input
          id="import-text-file"
          key={mode}
          type="file"
          accept={mode === 'language' ? '.txt,text/plain' : '.csv,.tsv,text/csv'}
          data-testid="import.textFile"
          onChange={(event) => void choose(event.target.files?.[0])}
        />
      </div>
      {preview && (
        <div className="settings-grid">
          <SelectField
            label="Text column"
            value={String(textColumn)}
            options={columns}
            testId="import.textColumn"
            onChange={(value) => setTextColumn(Number(value))}
          />
          <SelectField
            label="Label column"
            value={String(labelColumn)}
            options={columns}
            testId="import.labelColumn"
            onChange={(value) => setLabelColumn(Number(value))}
          />
        </div>
      )}
      {ready && !job.progress && (
        <button type="button" data-testid="import.textConfirm" onClick={() => void importIt()}>
          Import
        </button>
      )}
      {job.progress && <JobProgress progress={job.progress} onCancel={job.cancel} />}
      <JobError error={job.error} />
    </div>
  );
}
