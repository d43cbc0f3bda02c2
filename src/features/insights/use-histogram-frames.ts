/**
 * The weight histograms of the current run, epoch after epoch. The store keeps only the latest
 * insights, so the history lives here and restarts with each run (when the store's epoch history
 * and insights are cleared).
 */
import { useState } from 'react';
import { useAppStore } from '../../store';
import type { Insights } from '../train/slice';
import { appendFrame, type HistogramFrame } from './histogram-history';

export function useHistogramFrames(): HistogramFrame[] {
  const insights = useAppStore((s) => s.insights);
  const newRun = useAppStore((s) => s.history.length === 0);
  const [state, setState] = useState<{ seen: Insights | null; frames: HistogramFrame[] }>({
    seen: null,
    frames: [],
  });
  if (insights !== state.seen) {
    const frames = insights
      ? appendFrame(newRun ? [] : state.frames, {
          epoch: insights.epoch,
          histograms: insights.histograms,
        })
      : [];
    setState({ seen: insights, frames });
    return frames;
  }
  return state.frames;
}
