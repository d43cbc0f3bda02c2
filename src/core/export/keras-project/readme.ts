/** The training project's README.md: what is in it and every command, from one CPU to a cluster. */
import type { ProjectManifest } from './project';
import { KERAS_VERSION, JAX_VERSION, TENSORFLOW_VERSION, TORCH_VERSION } from './requirements';

function dataRow(project: ProjectManifest): string {
  const { remote } = project.data;
  if (project.task === 'sequence') {
    return "the data as the browser's training worker saw it: `x` (token ids, one row per sequence), `y` (the next token of every position, 0 where nothing is predicted), `mask` (1 where the loss counts a position), `train_index`, `validation_index`";
  }
  if (remote === undefined) {
    return "the data as the browser's training worker saw it: `x` (features after preprocessing), `y` (class index or target), `train_index`, `validation_index`";
  }
  const urls = remote.files.map((file) => file.url).join(', ');
  return (
    `the split (\`train_index\`, \`validation_index\`); the examples are not in the project: train.py downloads ${urls} into downloads/ on its first run, ` +
    `refuses them unless their SHA-256 is the one the browser received, decodes them as the browser does (${remote.count} examples, pixels / 255) and checks the result against the arrays the browser trained on`
  );
}

export function projectReadme(project: ProjectManifest): string {
  const { config } = project.experiment;
  const browser = project.weights.browser !== null;
  return `# ${project.name}: a Gradlab experiment as a Keras 3 training project

Dataset **${project.datasetName}** (${project.task}, input shape [${project.inputShape.join(', ')}]),
optimizer **${config.optimizer}** at learning rate ${config.learningRate}, loss **${config.loss}**,
batch ${config.batchSize}, ${config.epochs} epochs, seed ${config.seed}.
${browser ? 'The browser had trained it; its weights are in browser.weights.bin.' : 'The model was untrained when exported.'}

## Files

| file | what |
| --- | --- |
| experiment.json | the experiment exactly as it ran (model, settings, dataset), the SHA-256 of data.npz, the weights' names and shapes |
| data.npz | ${dataRow(project)} |
| preprocessing.json | how raw rows or images became \`x\` (column order, means and deviations, categories, pixel scale, class names) |
| initial.weights.bin | the seeded initial weights (float32, in model.json's manifest order) |
| ${browser ? 'browser.weights.bin | the weights the browser trained' : '(browser.weights.bin) | absent: the model was not trained'} |
| model.json | the TensorFlow.js model (topology + weights manifest) |
| train.py / train.ipynb | the training, as a script and as a notebook |
| requirements.txt | pinned versions (Keras ${KERAS_VERSION}) |

## Run it

\`\`\`sh
python -m venv .venv && . .venv/bin/activate
pip install -r requirements.txt tensorflow-cpu==${TENSORFLOW_VERSION}   # or tensorflow[and-cuda], jax, torch
python train.py                       # ${browser ? 'continues from the browser weights' : 'starts from the seeded weights'}
python train.py --init seed           # starts again from the same seeded weights as the browser
python train.py --epochs 50 --out runs/long --export-tfjs
\`\`\`

Options: \`--init seed|browser\` (default: ${browser ? 'browser' : 'seed'}), \`--epochs N\`, \`--batch-size N\`
(the global batch), \`--strategy none|mirrored|multiworker|jax-dp\`, \`--out DIR\` (default
\`runs/<UTC time>\`), \`--export-tfjs\`, \`--data PATH\` (another copy of data.npz; its SHA-256 is
still checked), \`--cpu-devices N\` (split the CPU into N devices to try a strategy without GPUs).
The learning-rate schedule follows the experiment's ${config.epochs} epochs, also when \`--epochs\`
trains fewer or more (past the end, a cosine schedule stays at its minimum).

train.py refuses to run with a plain message when a file is missing, when data.npz does not have
the SHA-256 that experiment.json records, or when the strategy does not fit the backend.

### Other backends

The same script runs on JAX and PyTorch:

\`\`\`sh
pip install jax==${JAX_VERSION}            && KERAS_BACKEND=jax   python train.py
pip install torch==${TORCH_VERSION}          && KERAS_BACKEND=torch python train.py
\`\`\`

### All GPUs of one machine

\`\`\`sh
KERAS_BACKEND=tensorflow python train.py --strategy mirrored     # tf.distribute.MirroredStrategy
KERAS_BACKEND=jax python train.py --strategy jax-dp              # keras.distribution.DataParallel
\`\`\`

Try either on a CPU first: \`--cpu-devices 2\` makes two devices of the CPU.

### Several machines

Start the same command on every machine, each with its own \`TF_CONFIG\` (the cluster and which
task it is). Every worker needs the whole project folder; the chief (worker 0) writes the run,
the others write theirs to \`OUT/worker-<index>\`.

\`\`\`sh
# on host1 (the chief)
TF_CONFIG='{"cluster": {"worker": ["host1:12345", "host2:12345"]}, "task": {"type": "worker", "index": 0}}' \\
  KERAS_BACKEND=tensorflow python train.py --strategy multiworker --out runs/cluster
# on host2
TF_CONFIG='{"cluster": {"worker": ["host1:12345", "host2:12345"]}, "task": {"type": "worker", "index": 1}}' \\
  KERAS_BACKEND=tensorflow python train.py --strategy multiworker --out runs/cluster
\`\`\`

On a Ray cluster, Ray Train sets \`TF_CONFIG\` for each worker itself:

\`\`\`python
# launch.py, run from this folder on the head node: python launch.py
import os, subprocess
from ray.train import ScalingConfig
from ray.train.tensorflow import TensorflowTrainer

PROJECT = os.path.dirname(os.path.abspath(__file__))

def train_loop_per_worker(config):
    # Each worker runs train.py with the TF_CONFIG that Ray prepared for it.
    subprocess.run(
        ["python", os.path.join(PROJECT, "train.py"), "--strategy", "multiworker",
         "--out", os.path.join(PROJECT, "runs", "ray")],
        check=True, env={**os.environ, "KERAS_BACKEND": "tensorflow"},
    )

TensorflowTrainer(
    train_loop_per_worker,
    scaling_config=ScalingConfig(num_workers=4, use_gpu=True),
).fit()
\`\`\`

(The project folder must be on every node: a shared file system, or \`ray.init(runtime_env={"working_dir": "."})\`.)

### The batch across replicas

The batch size (${config.batchSize}, or \`--batch-size\`) is the **global** batch: each step takes
that many examples in the browser's order and splits them evenly across the replicas (GPUs,
workers, devices), so the updates are the browser's whatever the replica count. A batch that does
not divide evenly (the last one of an epoch, or a batch size that is not a multiple of the replica
count) is padded with copies of its own rows that weigh 0 in the loss, and the real rows are
weighted so the mean is still over the real rows: the losses match the single-device run. Batch
normalization, though, counts the copies in that batch's statistics, and the curves drift (by a
few percent after three epochs on a small model): with batch normalization, choose a batch size
and a training-set size that are multiples of the replica count (train.py says when they are not). To use more devices well, scale the global batch with
them (e.g. ×8 for 8 GPUs) and raise the learning rate with it (the linear scaling rule, usually
with a few epochs of warm-up); the run is then no longer the browser's, but its curves come back
beside it. Under TensorFlow strategies, batch normalization is synchronised across replicas, so
its statistics are over the global batch as in the browser; under jax-dp they are by construction.

### Colab, Kaggle, JupyterLab

Open train.ipynb, upload every file of this folder next to it (Colab: the folder icon on the left,
then Upload), and run the cells. Set \`ARGS\` in the first code cell for the options above.

## Bring the run back

Each run writes \`metrics.jsonl\` (one line per epoch, with the machine it ran on) and
\`model.keras\` to its output folder; with \`--export-tfjs\` also \`model.json\` and
\`weights.bin\`. In Gradlab, open **Runs → Import run** and choose \`metrics.jsonl\` (or all of the
folder's files): the run appears beside the browser's, marked with where it ran, and its weights
can be loaded into the playground.

## What matches the browser

The split (data.npz), the per-epoch shuffle (the browser's sfc32/splitmix32 generator, ported
bit for bit), batch order and the last partial batch, the schedule, the optimizers' updates as
TensorFlow.js writes them (momentum 0.9; Adam 0.9/0.999 with epsilon 1e-7; RMSProp 0.9; Adagrad
from 0.1), the losses (Huber with delta 1), L1/L2 on dense and conv2d kernels with the training
loss reported without them, and accuracy. What does not: dropout draws its own random masks, and
floating-point sums run in another order, so losses agree to about 1e-6 rather than bit for bit.
Adam, RMSProp and Adagrad turn that rounding into full-size steps for a weight whose true gradient
is zero (a bias just before batch normalization), so such models drift apart by about 1e-2; give
a layer followed by batch normalization no bias (useBias off in Gradlab) to avoid it.
`;
}
