/**
 * The points of a stored 2-D dataset (drawn on the plot, or any stored set of kind 'points'),
 * read from storage for the plot. Such a set is a few thousand float pairs at most, so the page
 * reads it itself; larger data stays with the workers, which train on it.
 */
import { useEffect, useState } from 'react';
import type { ClassificationDataset } from '../../core/data/dataset';
import { decodePacked, toDataset } from '../../core/data/packed';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { appDb } from '../../storage/app-db';
import { readDatasetBytes } from '../../storage/datasets-repo';
import { MAX_POINTS } from './points-draft';

/** Whether the plot draws this stored dataset: 2-D points of classes, few enough to read here. */
export const isPlottedRecord = (record: StoredDataset | null): record is StoredDataset =>
  record !== null &&
  record.header.kind === 'points' &&
  record.header.task === 'classification' &&
  record.header.inputShape.length === 1 &&
  record.header.inputShape[0] === 2 &&
  record.header.count <= MAX_POINTS;

export interface StoredPoints {
  /** The record they were read for. */
  sha256: string;
  points: ClassificationDataset | null;
  error: string | null;
}

async function readPoints(sha256: string): Promise<ClassificationDataset | string> {
  const db = await appDb();
  if (!db.ok) return db.error.message;
  const bytes = await readDatasetBytes(db.value, sha256, { verify: true });
  if (!bytes.ok) return bytes.error.message;
  const packed = decodePacked(bytes.value);
  if (!packed.ok) return packed.error.message;
  const data = toDataset(packed.value);
  return data.task === 'classification' ? data : 'This dataset holds no classes to plot.';
}

/** The record's points once read (null while they are read, or for a record not plotted). */
export function useStoredPoints(record: StoredDataset | null): StoredPoints | null {
  const [read, setRead] = useState<StoredPoints | null>(null);
  const sha256 = isPlottedRecord(record) ? record.sha256 : null;
  useEffect(() => {
    if (sha256 === null) return;
    let live = true;
    void readPoints(sha256).then((answer) => {
      if (!live) return;
      setRead(
        typeof answer === 'string'
          ? { sha256, points: null, error: answer }
          : { sha256, points: answer, error: null },
      );
    });
    return () => {
      live = false;
    };
  }, [sha256]);
  return read !== null && read.sha256 === sha256 ? read : null;
}
