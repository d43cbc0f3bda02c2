/** train.ipynb: train.py's cells as a notebook (nbformat 4) for Colab, Kaggle or JupyterLab. */
import { notebookCells } from './train-py';
import type { ModelSpec } from '../../model/spec';

type Cell =
  | { cell_type: 'markdown'; metadata: Record<string, never>; source: string[] }
  | {
      cell_type: 'code';
      metadata: Record<string, never>;
      execution_count: null;
      outputs: [];
      source: string[];
    };

/** nbformat keeps a cell's text as lines, each but the last ending in a newline. */
const lines = (text: string): string[] => {
  const parts = text.replace(/\n+$/, '').split('\n');
  return parts.map((line, i) => (i < parts.length - 1 ? `${line}\n` : line));
};

const markdown = (text: string): Cell => ({
  cell_type: 'markdown',
  metadata: {},
  source: lines(text),
});
const code = (text: string): Cell => ({
  cell_type: 'code',
  metadata: {},
  execution_count: null,
  outputs: [],
  source: lines(text),
});

const INTRO = (name: string) => `# Train ${name} with Keras 3

This notebook is \`train.py\` of the Gradlab training project, cell by cell. Before running it,
**upload every file of the project's zip** (\`experiment.json\`, \`data.npz\`, \`model.json\`,
\`initial.weights.bin\`, \`browser.weights.bin\` when present, \`requirements.txt\`) next to the
notebook: in Colab, the folder icon on the left, then *Upload*; in Kaggle, *Add data* and copy
them to the working folder. Then run the cells in order. Set \`ARGS\` in the first code cell to
pass train.py's options (README.md lists them). The run's files land in \`runs/<time>/\`:
download \`metrics.jsonl\` and import it in Gradlab (Runs → Import run).`;

const INSTALL = `# Keras 3 with this project's versions. Colab and Kaggle already have TensorFlow; elsewhere,
# add a backend (see requirements.txt), e.g. tensorflow-cpu.
%pip install -q -r requirements.txt`;

const BACKEND = `# Pick the backend before Keras is imported (tensorflow, jax or torch).
import os
os.environ.setdefault("KERAS_BACKEND", "tensorflow")`;

/** The notebook's JSON text. */
export function trainNotebook(
  name: string,
  spec: ModelSpec,
  inputShape: readonly number[],
): string {
  const cells: Cell[] = [markdown(INTRO(name)), code(INSTALL), code(BACKEND)];
  for (const cell of notebookCells(spec, inputShape)) {
    cells.push(markdown(`## ${cell.title}`), code(cell.code));
  }
  cells.push(code('main()'));
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
      language_info: { name: 'python' },
    },
    cells: cells.map((cell, i) => ({ id: `cell-${i}`, ...cell })),
  };
  return `${JSON.stringify(notebook, null, 1)}\n`;
}
