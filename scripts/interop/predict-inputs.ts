/**
 * The first rows of a reference experiment's dataset as a user would hand them to predict.py:
 * raw CSV lines for a table (the shipped file's own lines, before the import standardised them),
 * PNG files for images (the stored pixels), a CSV of the features for generated points. The
 * model's predictions for them must equal TF.js's for the preprocessed rows.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng } from '../lib/png';
import type { LoadedData } from './load-data';

/** Writes the inputs into `folder`; returns the file names to pass to predict.py. */
export function writePredictInputs(loaded: LoadedData, rows: number, folder: string): string[] {
  const { preprocessing, data } = loaded;
  switch (preprocessing.kind) {
    case 'tabular': {
      if (!loaded.raw) throw new Error('A table needs its raw CSV to be scored by predict.py.');
      const lines = new TextDecoder().decode(loaded.raw).split(/\r?\n/);
      writeFileSync(join(folder, 'rows.csv'), `${lines.slice(0, rows + 1).join('\n')}\n`);
      return ['rows.csv'];
    }
    case 'points': {
      const width = preprocessing.features.length;
      const lines = [preprocessing.features.join(',')];
      for (let row = 0; row < rows; row++) {
        lines.push(Array.from(data.x.subarray(row * width, (row + 1) * width), String).join(','));
      }
      writeFileSync(join(folder, 'rows.csv'), `${lines.join('\n')}\n`);
      return ['rows.csv'];
    }
    case 'text': {
      // Token ids, as predict.py takes them: the tokenizer is the dataset's.
      const length = preprocessing.inputShape[0] ?? 0;
      const ids = Array.from({ length: rows }, (_, row) =>
        Array.from(data.x.subarray(row * length, (row + 1) * length)),
      );
      writeFileSync(join(folder, 'tokens.json'), JSON.stringify(ids));
      return ['tokens.json'];
    }
    case 'image': {
      const stored = loaded.packed?.x;
      if (!(stored instanceof Uint8Array) || preprocessing.channels !== 1) {
        throw new Error('The Keras check scores gray uint8 images only.');
      }
      const { height, width } = preprocessing;
      const size = height * width;
      return Array.from({ length: rows }, (_, row) => {
        const name = `image-${row}.png`;
        const pixels = stored.slice(row * size, (row + 1) * size);
        writeFileSync(join(folder, name), encodePng({ width, height, channels: 1, pixels }));
        return name;
      });
    }
  }
}
