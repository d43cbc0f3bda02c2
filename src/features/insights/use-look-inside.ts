/** What the model does with one sequence (attention, hidden states), asked again as it learns. */
import { useCallback } from 'react';
import type { LookInsideEvent, SequenceSource } from '../../core/protocol';
import { useAppStore } from '../../store';
import { useModelAnswer, useModelVersion } from './use-model-answer';

/** `source` should keep its identity while it names the same sequence (useMemo). */
export function useLookInside(source: SequenceSource): LookInsideEvent | null {
  const version = useModelVersion();
  const sourceKey = source.kind === 'example' ? `row ${source.row}` : source.tokens.join(',');
  const ask = useCallback(async () => {
    const answer = await useAppStore.getState().ask({ type: 'lookInside', source });
    return answer.ok ? answer.value : null;
  }, [source]);
  return useModelAnswer(ask, `${version}|${sourceKey}`)?.value ?? null;
}
