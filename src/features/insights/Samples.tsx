/**
 * Text the model writes, asked for again at every epoch end so students watch names or text get
 * better epoch by epoch. Each sample starts after the boundary token and ends at the next one; the
 * temperature, top-k and seed are the user's, and the same seed gives the same samples from the
 * same model.
 */
import { useCallback, useState } from 'react';
import type { Tokenizer } from '../../core/data/dataset';
import { decode } from '../../core/data/tokenizer';
import {
  DEFAULT_SAMPLING,
  SAMPLING_LIMITS,
  type SamplingSettings,
} from '../../core/train/sampling';
import { useAppStore } from '../../store';
import { NumberField } from '../ui/NumberField';
import { useModelAnswer, useModelVersion } from './use-model-answer';

const SAMPLES = 8;
/** Tokens per sample at most; the worker also stops at the model's context. */
const MAX_LENGTH = 120;

interface Written {
  epoch: number;
  texts: string[];
}

export function Samples({ tokenizer }: { tokenizer: Tokenizer }) {
  const [settings, setSettings] = useState<SamplingSettings>(DEFAULT_SAMPLING);
  const version = useModelVersion();
  const change = (patch: Partial<SamplingSettings>) => setSettings((s) => ({ ...s, ...patch }));
  const ask = useCallback(async (): Promise<Written | null> => {
    const state = useAppStore.getState();
    const epoch = state.history.length;
    const answer = await state.ask({
      type: 'samples',
      count: SAMPLES,
      maxLength: MAX_LENGTH,
      ...settings,
    });
    if (!answer.ok) return null;
    const { tokens, lengths } = answer.value;
    let offset = 0;
    const texts = Array.from(lengths, (length) =>
      decode(tokenizer, tokens.subarray(offset, (offset += length))),
    );
    return { epoch, texts };
  }, [settings, tokenizer]);
  const written = useModelAnswer(ask, `${version}|${JSON.stringify(settings)}`)?.value ?? null;

  return (
    <div>
      <div className="sequence-controls">
        <NumberField
          label="Temperature"
          value={settings.temperature}
          {...SAMPLING_LIMITS.temperature}
          step={0.1}
          testId="insights.temperature"
          onChange={(temperature) => change({ temperature })}
        />
        <NumberField
          label="Top-k (0: all)"
          value={settings.topK}
          {...SAMPLING_LIMITS.topK}
          integer
          testId="insights.topK"
          onChange={(topK) => change({ topK })}
        />
        <NumberField
          label="Seed"
          value={settings.seed}
          min={0}
          max={2 ** 31 - 1}
          integer
          testId="insights.sampleSeed"
          onChange={(seed) => change({ seed })}
        />
      </div>
      {written === null ? (
        <p className="muted">Asking the model…</p>
      ) : written.texts.length === 0 ? (
        <p className="muted">This model does not write text.</p>
      ) : (
        <>
          <p className="muted">
            {written.epoch === 0
              ? 'Written by the untrained model: train it and watch these change.'
              : `Written after epoch ${written.epoch}.`}
          </p>
          <ol className="samples" aria-label="Generated samples">
            {written.texts.map((text, i) => (
              <li key={i} data-testid="insights.samples">
                {text === '' ? <span className="muted">(nothing: it ended at once)</span> : text}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
