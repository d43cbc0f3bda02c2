/**
 * predict.mjs, the model ZIP's Node scorer: raw CSV rows (or already-scaled example arrays as
 * JSON) in, class names with probabilities out, with TensorFlow.js's own loader. Its cell rules
 * are those of encode-row.ts and cells.ts, written out in plain JavaScript so that the script
 * needs nothing but `@tensorflow/tfjs`; a unit test runs it against rowEncoder.
 */
import { MODEL_JSON_FILE } from '../model/tfjs-format';
import { GRADLAB_LAYERS_FILE } from './gradlab-layers-mjs';
import { PREPROCESSING_FILE } from './model-files';

export const PREDICT_MJS_FILE = 'predict.mjs';

export function predictMjs(): string {
  return `// Scores new raw data with a model exported from Gradlab, preprocessed as Gradlab preprocessed
// the data it was trained on (${PREPROCESSING_FILE}). Needs Node 18+ and TensorFlow.js:
//
//   npm install @tensorflow/tfjs
//   node predict.mjs rows.csv          CSV rows with a header row; columns are found by name,
//                                      in any order; the target column may be left out
//   node predict.mjs examples.json     examples already preprocessed (an array of arrays), e.g.
//                                      image pixels divided by the scale in ${PREPROCESSING_FILE}
//   node predict.mjs --json rows.csv   the model's raw outputs, one JSON array per example
//
// Prints one JSON object per row: the most likely class and every class's probability, or the
// predicted value for regression. Cells read as missing are reported on stderr.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { registerGradlabLayers } from './${GRADLAB_LAYERS_FILE}';

const HERE = dirname(fileURLToPath(import.meta.url));
const MISSING = /^(?:|nan|na|null)$/i;
const NUMBER = /^[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?$/;
const FLOAT32_MAX = 3.4028234663852886e38;

/** A number, or 'missing', 'too-large' or 'text': the CSV import's cell rules. */
function readCell(raw) {
  const cell = raw.trim();
  if (MISSING.test(cell)) return 'missing';
  if (NUMBER.test(cell)) {
    const value = Number(cell);
    return Math.abs(value) <= FLOAT32_MAX ? value : 'too-large';
  }
  return 'text';
}

/** RFC 4180 records: quoted fields may hold delimiters, doubled quotes and line breaks. */
function parseCsv(text, delimiter) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  // A row of one empty field is a blank line unless that field was quoted.
  let wasQuoted = false;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== '' || wasQuoted) rows.push(row);
    row = [];
    field = '';
    wasQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') {
      quoted = true;
      wasQuoted = true;
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\\n' || ch === '\\r') {
      if (ch === '\\r' && text[i + 1] === '\\n') i++;
      endRow();
    } else field += ch;
  }
  endRow();
  return rows;
}

/** The delimiter that splits the first records into the same number of fields. */
function sniffDelimiter(text) {
  const lines = text.split(/\\r\\n|\\n|\\r/).filter((line) => line !== '').slice(0, 50);
  let best = ',';
  let bestTotal = 0;
  for (const candidate of ['\\t', ';', ',']) {
    const counts = lines.map((line) => parseCsv(line, candidate)[0].length - 1);
    if (counts[0] > 0 && counts.every((n) => n === counts[0])) return candidate;
    const total = counts.reduce((a, b) => a + b, 0);
    if (total > bestTotal) [best, bestTotal] = [candidate, total];
  }
  return best;
}

const columnName = (header, i) => (header[i].trim() === '' ? \`column \${i + 1}\` : header[i]);

/** A function from one row's cells to { x, notes }, for a file with this header. */
function rowEncoder(preprocessing, header) {
  const columns =
    preprocessing.kind === 'points'
      ? preprocessing.features.map((name) => ({ name, kind: 'numeric', mean: 0, std: 1 }))
      : preprocessing.columns;
  const positions = new Map();
  header.forEach((_, i) => {
    const name = columnName(header, i);
    positions.set(name, [...(positions.get(name) ?? []), i]);
  });
  const seen = new Map();
  const slots = [];
  const absent = [];
  let width = 0;
  for (const column of columns) {
    const occurrence = seen.get(column.name) ?? 0;
    seen.set(column.name, occurrence + 1);
    if (column.kind !== 'numeric' && column.kind !== 'one-hot') continue;
    const at = positions.get(column.name)?.[occurrence];
    if (at === undefined) absent.push(column.name);
    else slots.push({ column, at, offset: width });
    width += column.kind === 'numeric' ? 1 : column.categories.length + (column.missing ? 1 : 0);
  }
  if (absent.length > 0) {
    throw new Error(\`The rows have no column \${absent.map((a) => \`'\${a}'\`).join(', ')}, which the model needs.\`);
  }
  return (cells) => {
    const x = new Float32Array(width);
    const notes = [];
    for (const { column, at, offset } of slots) {
      const raw = cells[at] ?? '';
      const cell = readCell(raw);
      const { name } = column;
      if (column.kind === 'numeric') {
        if (typeof cell === 'number') x[offset] = (cell - column.mean) / column.std;
        else if (cell !== 'missing') {
          const why = cell === 'too-large' ? 'is too large for 32-bit numbers' : 'is not a number';
          notes.push(\`'\${name}': '\${raw.trim()}' \${why}; read as missing (the mean).\`);
        }
        continue;
      }
      const present = cell !== 'missing' && cell !== 'too-large';
      const index = present ? column.categories.indexOf(raw.trim()) : -1;
      if (index >= 0) x[offset + index] = 1;
      else if (!present && column.missing) x[offset + column.categories.length] = 1;
      else if (present) notes.push(\`'\${name}': '\${raw.trim()}' was not seen in training; no category set.\`);
      else notes.push(\`'\${name}' is missing, which training never saw; no category set.\`);
    }
    return { x, notes };
  };
}

/** The model inputs for every data row of a CSV file, with notes per row (1-based). */
export function encodeCsv(preprocessing, text) {
  const body = text.replace(/^\\uFEFF/, '');
  const [header, ...rows] = parseCsv(body, sniffDelimiter(body));
  if (header === undefined) throw new Error('The file has no header row.');
  const encode = rowEncoder(preprocessing, header);
  const notes = [];
  const inputs = rows.map((cells, i) => {
    const encoded = encode(cells);
    notes.push(...encoded.notes.map((note) => \`row \${i + 1}: \${note}\`));
    return encoded.x;
  });
  return { inputs, notes };
}

async function loadModel() {
  const modelJson = JSON.parse(readFileSync(join(HERE, ${JSON.stringify(MODEL_JSON_FILE)}), 'utf8'));
  const groups = modelJson.weightsManifest;
  const chunks = groups.flatMap((group) => group.paths.map((path) => readFileSync(join(HERE, path))));
  const weightData = new Uint8Array(Buffer.concat(chunks)).buffer;
  // Gradlab's attention and positional embedding layers, which TensorFlow.js does not ship.
  registerGradlabLayers(tf);
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: groups.flatMap((group) => group.weights),
      weightData,
    }),
  );
}

function describe(preprocessing, output, x) {
  if (preprocessing.task === 'sequence') {
    // One row of probabilities per position: the most likely token after the last one given
    // (padding, id 0, is not a token).
    const vocab = preprocessing.tokenizer.vocab;
    let at = x.length - 1;
    while (at > 0 && x[at] === 0) at--;
    const row = output.slice(at * vocab.length, (at + 1) * vocab.length);
    const best = row.reduce((top, p, i) => (p > row[top] ? i : top), 0);
    return { position: at + 1, next: vocab[best], probability: row[best] };
  }
  if (preprocessing.task === 'regression') {
    return { target: preprocessing.targetName, prediction: output[0] };
  }
  const names = preprocessing.classNames;
  const order = output.map((_, i) => i).sort((a, b) => output[b] - output[a] || a - b);
  return {
    class: names[order[0]],
    probabilities: Object.fromEntries(order.map((i) => [names[i], output[i]])),
  };
}

async function main() {
  const args = process.argv.slice(2);
  const raw = args.includes('--json');
  const files = args.filter((arg) => arg !== '--json');
  if (files.length !== 1) {
    console.error('Usage: node predict.mjs [--json] rows.csv | examples.json');
    process.exit(2);
  }
  const preprocessing = JSON.parse(readFileSync(join(HERE, ${JSON.stringify(PREPROCESSING_FILE)}), 'utf8'));
  const text = readFileSync(files[0], 'utf8');
  let inputs;
  if (files[0].toLowerCase().endsWith('.json')) {
    inputs = JSON.parse(text).map((example) => Float32Array.from(example.flat(Infinity)));
  } else if (preprocessing.kind === 'image') {
    throw new Error('This model takes images: give their pixels as a JSON array of examples, or use predict.py.');
  } else if (preprocessing.kind === 'text') {
    throw new Error('This model takes token ids: give them as a JSON array of examples (ids from tokenizer.vocab in ${PREPROCESSING_FILE}).');
  } else {
    const encoded = encodeCsv(preprocessing, text);
    encoded.notes.forEach((note) => console.error(note));
    inputs = encoded.inputs;
  }
  if (inputs.length === 0) return;
  await tf.setBackend('cpu');
  const model = await loadModel();
  const size = preprocessing.inputShape.reduce((a, b) => a * b, 1);
  const flat = new Float32Array(inputs.length * size);
  inputs.forEach((x, i) => {
    if (x.length !== size) throw new Error(\`Example \${i + 1} has \${x.length} values; the model takes \${size}.\`);
    flat.set(x, i * size);
  });
  const x = tf.tensor(flat, [inputs.length, ...preprocessing.inputShape]);
  const outputs = model.predict(x).reshape([inputs.length, -1]).arraySync();
  outputs.forEach((output, i) => {
    console.log(JSON.stringify(raw ? output : { row: i + 1, ...describe(preprocessing, output, inputs[i]) }));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
`;
}
