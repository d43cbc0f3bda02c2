/**
 * The training project's train.py: Keras 3 code that trains the experiment as the browser does
 * (its split, seeded shuffle, schedule, optimizer updates, losses and penalties) on any of Keras's
 * backends, alone or under a distribution strategy. Only the model is generated per experiment
 * (keras-layers.ts); every setting is read from experiment.json at run time, so the project has one
 * source of truth. The code is written as cells (`# %%`), so train.ipynb holds the same code.
 */
import { inferModel } from '../../model/inference';
import { allLayers } from '../../model/blocks';
import {
  kerasModelBody,
  layerWeightsTable,
  needsPositionalEmbedding,
  POSITIONAL_EMBEDDING_PY,
  pyTuple,
} from '../../model/keras-layers';
import type { ModelSpec } from '../../model/spec';

/** One cell of the script: a title (the notebook's markdown) and its code. */
export interface ScriptCell {
  title: string;
  code: string;
}

/** How the script and the notebook pass the command line: the notebook sets ARGS in a cell. */
export const SCRIPT_ARGS = 'ARGS = sys.argv[1:]';
export const NOTEBOOK_ARGS = 'ARGS = []  # e.g. ["--init", "seed", "--epochs", "3"]';

const MAIN_GUARD = `if __name__ == "__main__":
    sys.exit(main())
`;

/** The model part, generated per layer with the names TF.js gives them. */
function modelCell(spec: ModelSpec, inputShape: readonly number[]): ScriptCell {
  const summary = inferModel(spec, inputShape);
  if (!summary.ok) throw summary.error;
  const layers = allLayers(spec.layers);
  const model = kerasModelBody(spec, inputShape, {
    kernelRegularizer: 'regularizer',
    synchronizedBatchNorm: 'synchronized',
  });
  const custom = needsPositionalEmbedding(spec)
    ? `\n\n@keras.saving.register_keras_serializable(package="gradlab")\n${POSITIONAL_EMBEDDING_PY}`
    : '';
  return {
    title: 'The model, layer by layer, with the names and weights of the TF.js model',
    code: `INPUT_SHAPE = ${pyTuple(inputShape)}
TOTAL_PARAMS = ${summary.value.totalParams}
HAS_BATCH_NORM = ${layers.some((layer) => layer.type === 'batchNormalization') ? 'True' : 'False'}
HAS_DROPOUT = ${layers.some((layer) => layer.type === 'dropout') ? 'True' : 'False'}

# Each layer's weights as TF.js names them (layer/weight), in the order set_weights expects.
LAYER_WEIGHTS = {
${layerWeightsTable(spec, inputShape)}
}
${custom}

def build_model(l1, l2, synchronized):
    """The Keras model; L1/L2 penalise dense and conv2d kernels only, as in the browser."""
    regularizer = keras.regularizers.L1L2(l1=l1, l2=l2) if (l1 or l2) else None
${model}
`,
  };
}

const HEADER = (name: string) => `#!/usr/bin/env python3
"""Trains the Gradlab experiment ${JSON.stringify(name)} with Keras 3, as the browser trains it.

Runs unchanged on the TensorFlow, JAX and PyTorch backends (KERAS_BACKEND=tensorflow|jax|torch),
on one device or under a distribution strategy. See README.md for every command.

  python train.py [--init seed|browser] [--epochs N] [--batch-size N]
                  [--strategy none|mirrored|multiworker|jax-dp] [--out DIR] [--export-tfjs]
                  [--data PATH] [--cpu-devices N]

Writes OUT/metrics.jsonl (Gradlab's run format: Runs -> Import run), OUT/model.keras and, with
--export-tfjs, OUT/model.json + OUT/weights.bin in the TensorFlow.js layers format.
"""`;

const SETUP = String.raw`import argparse
import datetime
import gzip
import hashlib
import json
import math
import os
import platform
import socket
import struct
import sys
import time

import numpy as np

@ARGS@
STRATEGIES = ("none", "mirrored", "multiworker", "jax-dp")
# The backend each strategy runs on.
STRATEGY_BACKEND = {"mirrored": "tensorflow", "multiworker": "tensorflow", "jax-dp": "jax"}


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Trains a Gradlab experiment with Keras 3.")
    parser.add_argument("--init", choices=("seed", "browser"),
                        help="start from the seeded initial weights or the browser's weights "
                             "(default: browser when the project has them, else seed)")
    parser.add_argument("--epochs", type=int, help="epochs to train (default: the experiment's)")
    parser.add_argument("--batch-size", type=int,
                        help="the GLOBAL batch, split across replicas (default: the experiment's)")
    parser.add_argument("--strategy", choices=STRATEGIES, default="none")
    parser.add_argument("--out", help="output folder (default: runs/<UTC time> in the project)")
    parser.add_argument("--export-tfjs", action="store_true",
                        help="also write model.json + weights.bin (TensorFlow.js layers format)")
    parser.add_argument("--data", help="path to data.npz (default: the project's)")
    parser.add_argument("--cpu-devices", type=int, default=0,
                        help="split the CPU into N devices, to try a strategy without GPUs")
    return parser.parse_args(argv)


OPTIONS = parse_args(ARGS)
if OPTIONS.cpu_devices > 1:
    # Read by XLA when JAX starts, so it must be set before Keras imports its backend.
    os.environ["XLA_FLAGS"] = (
        os.environ.get("XLA_FLAGS", "")
        + " --xla_force_host_platform_device_count=%d" % OPTIONS.cpu_devices
    ).strip()

import keras  # noqa: E402  (after XLA_FLAGS)
from keras import ops  # noqa: E402

BACKEND = keras.backend.backend()
HERE = os.path.dirname(os.path.abspath(__file__)) if "__file__" in globals() else os.getcwd()


class ProjectError(Exception):
    """A problem the user can fix (a missing file, a wrong backend); printed without a traceback."""
`;

const FILES = String.raw`def read_project(folder):
    path = os.path.join(folder, "experiment.json")
    if not os.path.exists(path):
        raise ProjectError(
            "experiment.json is missing from %s: unzip the whole project and run train.py "
            "from its folder." % folder
        )
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load_data(project, folder, path=None):
    """x, y and the split from data.npz, after checking its SHA-256 against experiment.json."""
    source = project["data"]
    path = path or os.path.join(folder, source["file"])
    if not os.path.exists(path):
        raise ProjectError("The data file %s is missing: unzip the whole project." % path)
    actual = sha256_of(path)
    if actual != source["sha256"]:
        raise ProjectError(
            "%s has SHA-256 %s, but experiment.json expects %s: the file is not the one this "
            "project was exported with (changed or incomplete). Export the project again."
            % (path, actual, source["sha256"])
        )
    with np.load(path) as data:
        arrays = {key: data[key] for key in data.files}
    if "remote" in source:
        arrays["x"], arrays["y"] = remote_examples(source["remote"], folder)
    keys = ("x", "y", "train_index", "validation_index") + (("mask",) if "mask" in arrays else ())
    return {key: arrays[key] for key in keys}


def fetch_checked(file, folder):
    """A downloaded file's bytes, fetched once into downloads/ and refused unless its SHA-256 is
    the one the browser received."""
    import shutil
    import urllib.request

    cache = os.path.join(folder, "downloads")
    os.makedirs(cache, exist_ok=True)
    path = os.path.join(cache, file["url"].rstrip("/").rsplit("/", 1)[-1] or "download")
    if not (os.path.exists(path) and sha256_of(path) == file["sha256"]):
        print("Downloading %s" % file["url"], file=sys.stderr)
        try:
            with urllib.request.urlopen(file["url"], timeout=60) as response:
                with open(path + ".part", "wb") as out:
                    shutil.copyfileobj(response, out, 1 << 20)
        except OSError as error:
            raise ProjectError(
                "Could not download %s (%s). Check the connection and run again, or export the "
                "project again with its data included." % (file["url"], error)
            )
        os.replace(path + ".part", path)
        actual = sha256_of(path)
        if actual != file["sha256"]:
            raise ProjectError(
                "The file from %s has SHA-256 %s, not the %s the browser trained on: it changed "
                "where it is published. Nothing was trained." % (file["url"], actual, file["sha256"])
            )
    with open(path, "rb") as f:
        data = f.read()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def parse_idx(data):
    """An IDX file of unsigned bytes (MNIST's format) as an array of its declared shape."""
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 0x08 or data[3] == 0:
        raise ProjectError("A downloaded file is not an IDX file of unsigned bytes.")
    rank = data[3]
    dims = struct.unpack(">%dI" % rank, data[4:4 + 4 * rank])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def cifar10_examples(data, count):
    """CIFAR-10's binary batches as HWC pixels + labels: the training batches, then the test
    batch when the browser took more rows than they hold."""
    import io
    import tarfile

    names = ["data_batch_%d.bin" % i for i in range(1, 6)]
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        members = {os.path.basename(m.name): m for m in tar.getmembers() if m.isfile()}

        def records(batch_names):
            missing = [name for name in batch_names if name not in members]
            if missing:
                raise ProjectError("The CIFAR-10 archive lacks %s." % ", ".join(missing))
            return [
                np.frombuffer(tar.extractfile(members[name]).read(), dtype=np.uint8)
                .reshape(-1, 3073)
                for name in batch_names
            ]

        batches = records(names)
        if sum(len(batch) for batch in batches) < count:
            batches += records(["test_batch.bin"])
    rows = np.concatenate(batches)
    pixels = rows[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    return pixels, rows[:, 0]


def remote_examples(remote, folder):
    """x and y decoded from the published files as the browser decodes them, checked against the
    SHA-256 of the arrays the browser trained on (pixels are value / 255 in float64, then float32,
    as JavaScript computes them)."""
    files = [fetch_checked(file, folder) for file in remote["files"]]
    if remote["format"] == "idx":
        images, labels = parse_idx(files[0]), parse_idx(files[1])
        pixels = images.reshape(images.shape + (1,))
    elif remote["format"] == "cifar10":
        pixels, labels = cifar10_examples(files[0], remote["count"])
    else:
        raise ProjectError("train.py cannot decode %s downloads." % remote["format"])
    count = remote["count"]
    x = (pixels[:count].astype(np.float64) / 255.0).astype(np.float32)
    y = labels[:count].astype(np.int32)
    for name, array, expected in (("x", x, remote["xSha256"]), ("y", y, remote["ySha256"])):
        actual = hashlib.sha256(array.astype(array.dtype.newbyteorder("<")).tobytes()).hexdigest()
        if actual != expected:
            raise ProjectError(
                "The downloaded data decodes to %s with SHA-256 %s, not the browser's %s: this "
                "train.py cannot reproduce the browser's decoding. Export the project again with "
                "its data included." % (name, actual, expected)
            )
    return x, y


def read_weights(folder, project, init):
    """The tensors of initial.weights.bin (init "seed") or browser.weights.bin by TF.js name."""
    manifest = project["weights"]["manifest"]
    file = project["weights"]["initial" if init == "seed" else "browser"]
    if file is None:
        raise ProjectError(
            "This project has no browser weights (the model was not trained when it was "
            "exported): use --init seed."
        )
    path = os.path.join(folder, file)
    if not os.path.exists(path):
        raise ProjectError("The weights file %s is missing: unzip the whole project." % path)
    with open(path, "rb") as f:
        data = f.read()
    expected = 4 * sum(int(np.prod(w["shape"], dtype=np.int64)) for w in manifest)
    if len(data) != expected:
        raise ProjectError(
            "%s holds %d bytes, but the model's weights take %d." % (path, len(data), expected)
        )
    tensors, offset = {}, 0
    for w in manifest:
        count = int(np.prod(w["shape"], dtype=np.int64))
        values = np.frombuffer(data, dtype="<f4", count=count, offset=offset)
        tensors[w["name"]] = values.reshape(w["shape"]).astype(np.float32)
        offset += 4 * count
    return tensors
`;

const RNG = String.raw`MASK32 = 0xFFFFFFFF
SHUFFLE_SALT = 0x5EED


def to_uint32(value):
    return int(value) & MASK32


def mix32(value):
    """splitmix32's finaliser, as src/core/data/rng.ts (32-bit arithmetic, masked)."""
    z = (value + 0x9E3779B9) & MASK32
    z = ((z ^ (z >> 16)) * 0x85EBCA6B) & MASK32
    z = ((z ^ (z >> 13)) * 0xC2B2AE35) & MASK32
    return (z ^ (z >> 16)) & MASK32


class Sfc32:
    """The browser's generator: sfc32 seeded through splitmix32, first 12 outputs dropped."""

    def __init__(self, seed):
        self.a = mix32(to_uint32(seed))
        self.b = mix32(self.a)
        self.c = mix32(self.b)
        self.d = 1
        for _ in range(12):
            self.word()

    def word(self):
        t = (self.a + self.b + self.d) & MASK32
        self.d = (self.d + 1) & MASK32
        self.a = self.b ^ (self.b >> 9)
        self.b = (self.c + (self.c << 3)) & MASK32
        self.c = ((self.c << 21) | (self.c >> 11)) & MASK32
        self.c = (self.c + t) & MASK32
        return t

    def next(self):
        return self.word() / 4294967296.0

    def int(self, n):
        return math.floor(self.next() * n)


def derive_seed(seed, *salts):
    h = mix32(to_uint32(seed))
    for salt in salts:
        h = mix32(h ^ mix32(to_uint32(salt) ^ 0x5BD1E995))
    return h


def shuffled_indices(n, rng):
    """Fisher-Yates, drawing as the browser draws."""
    out = list(range(n))
    for i in range(n - 1, 0, -1):
        j = rng.int(i + 1)
        out[i], out[j] = out[j], out[i]
    return np.asarray(out, dtype=np.int64)


def learning_rate_at(config, epoch):
    """The rate of the 0-based epoch under the experiment's schedule (schedules.ts)."""
    rate = config["learningRate"]
    schedule = config.get("schedule") or {"kind": "constant"}
    if schedule["kind"] == "step":
        return rate * schedule["factor"] ** (epoch // schedule["everyEpochs"])
    if schedule["kind"] == "cosine":
        if config["epochs"] <= 1:
            return rate
        progress = min(1.0, max(0.0, epoch / (config["epochs"] - 1)))
        low = schedule["minLearningRate"]
        return low + (rate - low) * (1 + math.cos(math.pi * progress)) / 2
    return rate


def padded_batches(rows, batch_size, replicas, counts=None):
    """
    The rows of consecutive batches, each padded to a multiple of the replica count with copies
    of its own rows, and per-row weights: 0 for the copies, padded size / real size for the
    rest, so each replica's mean loss sums to the batch's real mean (exact on every backend).
    With one replica nothing is padded and every weight is 1. For sequences (counts: each
    row's predicted positions) a row's loss is the sum over its positions, and the weights are
    padded size / the batch's predicted positions: the batch loss is the browser's token mean.
    """
    chunks, weights = [], []
    for start in range(0, len(rows), batch_size):
        batch = rows[start:start + batch_size]
        padded = -(-len(batch) // replicas) * replicas
        chunks.append(np.resize(batch, padded))
        weight = np.zeros(padded, dtype=np.float32)
        real = len(batch) if counts is None else max(float(np.sum(counts[batch])), 1.0)
        weight[: len(batch)] = padded / real
        weights.append(weight)
    if not chunks:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    return np.concatenate(chunks), np.concatenate(weights)


def epoch_rows(seed, epoch, train_index):
    """The training rows of a 0-based epoch in the order the browser trains them."""
    order = shuffled_indices(len(train_index), Sfc32(derive_seed(seed, SHUFFLE_SALT, epoch)))
    return train_index[order]
`;

const STRATEGY = String.raw`def check_backend(strategy):
    needed = STRATEGY_BACKEND.get(strategy)
    if needed and BACKEND != needed:
        raise ProjectError(
            "--strategy %s runs on the %s backend, but Keras is using %s. Run it as:\n"
            "  KERAS_BACKEND=%s python train.py --strategy %s"
            % (strategy, needed, BACKEND, needed, strategy)
        )


def split_cpu(count):
    """Makes the CPU count as several devices (TensorFlow), to try a strategy on a CPU."""
    if count > 1 and BACKEND == "torch":
        print("Note: --cpu-devices has no effect on the torch backend.", file=sys.stderr)
    if count > 1 and BACKEND == "tensorflow":
        import tensorflow as tf

        cpu = tf.config.list_physical_devices("CPU")[0]
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(count)]
        )


def short_device_name(name):
    """CPU:0 for one machine's devices; task:1/CPU:0 for those of a cluster's workers."""
    device = name.split("device:")[-1]
    if "/job:" in name and "/job:localhost/" not in name:
        return "task:%s/%s" % (name.split("/task:")[1].split("/")[0], device)
    return device


def device_names():
    if BACKEND == "tensorflow":
        import tensorflow as tf

        return [short_device_name(d.name) for d in tf.config.list_logical_devices()]
    if BACKEND == "jax":
        import jax

        return ["%s:%d" % (d.platform.upper(), d.id) for d in jax.devices()]
    if BACKEND == "torch":
        import torch

        if torch.cuda.is_available():
            return ["GPU:%d" % i for i in range(torch.cuda.device_count())]
    return ["CPU:0"]


def framework_version():
    module = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}.get(BACKEND)
    if module is None:
        return BACKEND
    return "%s %s" % (module, __import__(module).__version__)


class Placement:
    """Where the model lives: a scope to build it in and how many replicas share a batch."""

    def __init__(self, strategy, loss_name):
        self.strategy = strategy
        self.loss_name = loss_name
        self.loop = None
        self.tf_strategy = None
        self.replicas = 1
        self.chief = True
        if strategy in ("mirrored", "multiworker"):
            import tensorflow as tf

            if strategy == "mirrored":
                gpus = tf.config.list_logical_devices("GPU")
                devices = gpus or tf.config.list_logical_devices("CPU")
                self.tf_strategy = tf.distribute.MirroredStrategy([d.name for d in devices])
            else:
                self.tf_strategy = tf.distribute.MultiWorkerMirroredStrategy()
                cluster = json.loads(os.environ.get("TF_CONFIG", "{}"))
                task = cluster.get("task", {})
                self.chief = task.get("type") == "chief" or (
                    "chief" not in cluster.get("cluster", {}) and task.get("index", 0) == 0
                )
            self.replicas = self.tf_strategy.num_replicas_in_sync
        elif strategy == "jax-dp":
            devices = keras.distribution.list_devices()
            keras.distribution.set_distribution(keras.distribution.DataParallel(devices=devices))
            self.replicas = len(devices)

    def scope(self):
        if self.tf_strategy is not None:
            return self.tf_strategy.scope()
        import contextlib

        return contextlib.nullcontext()

    def fit_epoch(self, model, x, y, weights, batch_size):
        """One epoch over the rows in order; the data loss and accuracy over the real rows."""
        if self.strategy == "multiworker":
            return self.worker_loop(model).run(x, y, weights, batch_size, training=True)
        logs = model.fit(x, y, sample_weight=weights, batch_size=batch_size, epochs=1,
                         shuffle=False, verbose=0).history
        return float(logs["data_loss"][-1]), float(logs.get("correct", [0.0])[-1])

    def evaluate(self, model, x, y, weights, batch_size):
        if self.strategy == "multiworker":
            return self.worker_loop(model).run(x, y, weights, batch_size, training=False)
        logs = model.evaluate(x, y, sample_weight=weights, batch_size=batch_size, verbose=0,
                              return_dict=True)
        return float(logs["data_loss"]), float(logs.get("correct", 0.0))

    def worker_loop(self, model):
        if self.loop is None:
            self.loop = WorkerLoop(self.tf_strategy, model, self.loss_name)
        return self.loop
`;

const TRAINING = String.raw`def tf_replica_context():
    """The replica context of a TensorFlow strategy with several replicas, else None."""
    if BACKEND != "tensorflow":
        return None
    import tensorflow as tf

    context = tf.distribute.get_replica_context()
    return context if context is not None and context.num_replicas_in_sync > 1 else None


def dense_gradient(gradient):
    """TensorFlow gives an embedding's gradient as IndexedSlices (keras.ops keeps them so)."""
    if BACKEND == "tensorflow":
        import tensorflow as tf

        if isinstance(gradient, tf.IndexedSlices):
            return tf.convert_to_tensor(gradient)
    return gradient


@keras.saving.register_keras_serializable(package="gradlab")
class TfjsOptimizer(keras.optimizers.Optimizer):
    """
    The browser's optimizers, written as TF.js writes their updates (tfjs-core optimizers):
    sgd; momentum 0.9 (the accumulated sum of gradients times the current rate, where Keras's
    SGD accumulates rate-scaled gradients: they differ once the rate changes); Adam with beta
    0.9/0.999 and epsilon 1e-7 added to the bias-corrected root; AdamW, the same Adam step after
    the weight is shrunk by rate * weight decay (decoupled: the decay never enters the moments);
    RMSProp rho 0.9, epsilon 1e-7 inside the root; Adagrad from 0.1, epsilon 1e-7. A clip norm
    scales the gradients by clip / max(global norm, clip) first, as the browser does. Not Keras's
    global_clipnorm: on TensorFlow an embedding's gradient comes as slices, one row per lookup,
    whose norm is not the norm of the gradient. keras.ops only, so every backend runs it.
    """

    def __init__(self, kind, learning_rate, decay=0.0, clip_norm=0.0, name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name or "tfjs_" + kind, **kwargs)
        self.kind = kind
        self.decay = decay
        self.clip_norm = clip_norm

    def apply(self, grads, trainable_variables=None):
        if self.clip_norm:
            # Dense first: a repeated row of embedding slices sums before it is squared.
            grads = [None if g is None else dense_gradient(g) for g in grads]
            replicas = tf_replica_context()
            if replicas is not None:
                # Under a TensorFlow strategy each replica holds its part of the gradient, which
                # Keras sums after this: clip the sum, and hand each replica its share of it.
                summed = replicas.all_reduce("sum", [g for g in grads if g is not None])
                grads = [None if g is None else summed.pop(0) for g in grads]
            squares = [ops.sum(ops.square(g)) for g in grads if g is not None]
            norm = ops.sqrt(ops.sum(ops.stack(squares)))
            scale = ops.divide(self.clip_norm, ops.maximum(norm, self.clip_norm))
            if replicas is not None:
                scale = ops.divide(scale, replicas.num_replicas_in_sync)
            grads = [None if g is None else ops.multiply(g, scale) for g in grads]
        return super().apply(grads, trainable_variables)

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self.slots_a, self.slots_b = [], []
        for v in variables:
            if self.kind == "adagrad":
                self.slots_a.append(self.add_variable_from_reference(
                    v, "accumulator", initializer=keras.initializers.Constant(0.1)))
            elif self.kind in ("momentum", "adam", "adamw", "rmsprop"):
                self.slots_a.append(self.add_variable_from_reference(v, "first"))
            if self.kind in ("adam", "adamw"):
                self.slots_b.append(self.add_variable_from_reference(v, "second"))

    def update_step(self, gradient, variable, learning_rate):
        lr = ops.cast(learning_rate, variable.dtype)
        g = ops.cast(gradient, variable.dtype)
        if self.kind == "sgd":
            self.assign_sub(variable, ops.multiply(lr, g))
            return
        i = self._get_variable_index(variable)
        a = self.slots_a[i]
        if self.kind == "momentum":
            acc = ops.add(ops.multiply(a, 0.9), g)
            self.assign(a, acc)
            self.assign_sub(variable, ops.multiply(lr, acc))
        elif self.kind in ("adam", "adamw"):
            if self.kind == "adamw" and self.decay:
                self.assign_sub(variable, ops.multiply(variable, ops.multiply(lr, self.decay)))
            b = self.slots_b[i]
            t = ops.cast(self.iterations + 1, variable.dtype)
            m = ops.add(ops.multiply(a, 0.9), ops.multiply(g, 1 - 0.9))
            v = ops.add(ops.multiply(b, 0.999), ops.multiply(ops.square(g), 1 - 0.999))
            m_hat = ops.divide(m, ops.subtract(1.0, ops.power(0.9, t)))
            v_hat = ops.divide(v, ops.subtract(1.0, ops.power(0.999, t)))
            self.assign(a, m)
            self.assign(b, v)
            step = ops.divide(m_hat, ops.add(ops.sqrt(v_hat), 1e-7))
            self.assign_sub(variable, ops.multiply(step, lr))
        elif self.kind == "rmsprop":
            ms = ops.add(ops.multiply(a, 0.9), ops.multiply(ops.square(g), 1 - 0.9))
            self.assign(a, ms)
            step = ops.divide(ops.multiply(g, lr), ops.sqrt(ops.add(ms, 1e-7)))
            self.assign_sub(variable, step)
        elif self.kind == "adagrad":
            acc = ops.add(a, ops.square(g))
            self.assign(a, acc)
            step = ops.divide(g, ops.sqrt(ops.add(acc, 1e-7)))
            self.assign_sub(variable, ops.multiply(step, lr))

    def get_config(self):
        config = super().get_config()
        config.update(kind=self.kind, decay=self.decay, clip_norm=self.clip_norm)
        return config


def token_cross_entropy(y_true, y_pred):
    """Per position: -log p(next token). y_true [..., 2] holds the next token and the mask."""
    tokens = ops.cast(y_true[..., 0], "int32")
    return keras.losses.sparse_categorical_crossentropy(tokens, y_pred)


def token_correct(y_true, y_pred):
    tokens = ops.cast(y_true[..., 0], "int32")
    return ops.cast(ops.equal(tokens, ops.cast(ops.argmax(y_pred, -1), "int32")), "float32")


def token_loss(y_true, y_pred):
    """
    The next-token loss of each sequence: the sum over its predicted positions (mask 1). The
    per-row weights of padded_batches divide by the batch's count of predicted positions, so the
    batch loss is the browser's: the sum over unskipped positions divided by their count.
    """
    return ops.sum(ops.multiply(token_cross_entropy(y_true, y_pred), y_true[..., 1]), axis=-1)


LOSSES = {
    "categoricalCrossentropy": keras.losses.categorical_crossentropy,
    "meanSquaredError": keras.losses.mean_squared_error,
    "meanAbsoluteError": keras.losses.mean_absolute_error,
    "huber": lambda y_true, y_pred: keras.losses.huber(y_true, y_pred, delta=1.0),
    "sparseCategoricalCrossentropy": token_cross_entropy,
}


def correct(y_true, y_pred):
    return ops.cast(ops.equal(ops.argmax(y_true, -1), ops.argmax(y_pred, -1)), "float32")


@keras.saving.register_keras_serializable(package="gradlab")
class RealRowsMean(keras.metrics.Mean):
    """
    The epoch's mean of the data loss (no L1/L2 penalty, as the browser's curves) or of the
    accuracy, per example, over the real rows only: padding rows have weight 0.
    """

    def __init__(self, what, name=None, dtype=None):
        super().__init__(name=name or what, dtype=dtype)
        self.what = what

    def update_state(self, y_true, y_pred, sample_weight=None):
        tokens = len(y_true.shape) == 3
        if self.what == "accuracy":
            values = (token_correct if tokens else correct)(y_true, y_pred)
        else:
            values = LOSSES[self.what](y_true, y_pred)
        rows = ops.shape(y_pred)[0]
        real = ops.ones((rows,), values.dtype) if sample_weight is None else ops.cast(
            ops.greater(ops.reshape(sample_weight, (-1,)), 0), values.dtype)
        if tokens:
            # Every predicted position of a real row counts once: the epoch's token mean.
            real = ops.multiply(ops.cast(y_true[..., 1], values.dtype), ops.expand_dims(real, -1))
        return super().update_state(values, sample_weight=real)

    def get_config(self):
        return {"what": self.what, "name": self.name, "dtype": self.dtype}


LOSS_OBJECTS = {
    "categoricalCrossentropy": lambda: keras.losses.CategoricalCrossentropy(),
    "meanSquaredError": lambda: keras.losses.MeanSquaredError(),
    "meanAbsoluteError": lambda: keras.losses.MeanAbsoluteError(),
    "huber": lambda: keras.losses.Huber(delta=1.0),
    "sparseCategoricalCrossentropy": lambda: token_loss,
}


def compiled_model(config, scored, placement):
    with placement.scope():
        synchronized = placement.tf_strategy is not None and HAS_BATCH_NORM
        model = build_model(config.get("l1", 0), config.get("l2", 0), synchronized)
        if model.count_params() != TOTAL_PARAMS:
            raise ProjectError(
                "Keras counts %d parameters, Gradlab %d." % (model.count_params(), TOTAL_PARAMS))
        metrics = [RealRowsMean(config["loss"], name="data_loss")]
        if scored:
            metrics.append(RealRowsMean("accuracy", name="correct"))
        model.compile(
            optimizer=TfjsOptimizer(config["optimizer"], config["learningRate"],
                                    decay=config.get("weightDecay", 0) or 0,
                                    clip_norm=config.get("clipNorm", 0) or 0),
            loss=LOSS_OBJECTS[config["loss"]](),
            weighted_metrics=metrics,
        )
    return model


def assign_weights(model, tensors):
    expected = {layer + "/" + w for layer, names in LAYER_WEIGHTS.items() for w in names}
    if expected != set(tensors):
        raise ProjectError(
            "The weights do not fit this model (missing: %s; unexpected: %s)."
            % (sorted(expected - set(tensors)), sorted(set(tensors) - expected)))
    for layer, names in LAYER_WEIGHTS.items():
        model.get_layer(layer).set_weights([tensors[layer + "/" + w] for w in names])


class WorkerLoop:
    """
    Training and evaluation steps under MultiWorkerMirroredStrategy, written out because Keras
    3.15's fit and evaluate fail under it (their first-batch build and their per-step log
    reduction both break with collective ops). The same losses, optimizer and metrics as fit:
    each replica takes its slice of every global batch, Keras scales the loss by the replica
    count, and the optimizer sums the gradients across workers.
    """

    def __init__(self, strategy, model, loss_name):
        import tensorflow as tf

        self.tf, self.strategy, self.model = tf, strategy, model
        with strategy.scope():
            model.optimizer.build(model.trainable_variables)
            self.metrics = [RealRowsMean(loss_name), RealRowsMean("accuracy")]
        self.steps = {}

    def step(self, training):
        if training not in self.steps:
            tf, model, strategy, metrics = self.tf, self.model, self.strategy, self.metrics

            def replica_step(x, y, w):
                if training:
                    with tf.GradientTape() as tape:
                        prediction = model(x, training=True)
                        loss = model.compute_loss(x=x, y=y, y_pred=prediction,
                                                  sample_weight=w, training=True)
                    gradients = tape.gradient(loss, model.trainable_variables)
                    model.optimizer.apply(gradients, model.trainable_variables)
                else:
                    prediction = model(x, training=False)
                for metric in metrics:
                    metric.update_state(y, prediction, w)

            @tf.function
            def step(iterator):
                strategy.run(replica_step, args=next(iterator))

            self.steps[training] = step
        return self.steps[training]

    def run(self, x, y, weights, batch_size, training):
        """One pass over the rows in order; batch_size and every batch divide by the replicas."""
        tf, strategy = self.tf, self.strategy
        replicas = strategy.num_replicas_in_sync

        def per_worker(context):
            local = replicas // context.num_input_pipelines
            first = context.input_pipeline_id * local

            def chunks():
                for start in range(0, len(x), batch_size):
                    size = min(batch_size, len(x) - start) // replicas
                    for replica in range(first, first + local):
                        rows = slice(start + replica * size, start + (replica + 1) * size)
                        yield x[rows], y[rows], weights[rows]

            signature = (
                tf.TensorSpec((None,) + x.shape[1:], tf.float32),
                tf.TensorSpec((None,) + y.shape[1:], tf.float32),
                tf.TensorSpec((None,), tf.float32),
            )
            return tf.data.Dataset.from_generator(chunks, output_signature=signature)

        iterator = iter(strategy.distribute_datasets_from_function(per_worker))
        for metric in self.metrics:
            metric.reset_state()
        step = self.step(training)
        for _ in range(-(-len(x) // batch_size)):
            step(iterator)
        return tuple(float(metric.result()) for metric in self.metrics)
`;

const OUTPUTS = String.raw`def targets(project, data, model):
    """What Keras compares the outputs with: one-hot classes, the targets, or for sequences
    the next token and the mask of every position, stacked on a last axis of 2."""
    if project["task"] == "classification":
        classes = model.output_shape[-1]
        return np.eye(classes, dtype=np.float32)[data["y"].astype(np.int64)]
    if project["task"] == "sequence":
        return np.stack([data["y"], data["mask"]], axis=-1).astype(np.float32)
    return data["y"].astype(np.float32).reshape(-1, 1)


def machine(placement):
    return {
        "keras": keras.__version__,
        "backend": BACKEND,
        "framework": framework_version(),
        "devices": device_names(),
        "strategy": placement.strategy,
        "replicas": placement.replicas,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "hostname": socket.gethostname(),
    }


def export_tfjs(model, folder, out):
    """model.json (the project's topology) + weights.bin with these weights, in manifest order."""
    with open(os.path.join(folder, "model.json"), encoding="utf-8") as f:
        model_json = json.load(f)
    values = {}
    for layer, names in LAYER_WEIGHTS.items():
        for w, value in zip(names, model.get_layer(layer).get_weights()):
            values[layer + "/" + w] = np.asarray(value, dtype="<f4")
    specs = [w for group in model_json["weightsManifest"] for w in group["weights"]]
    with open(os.path.join(out, "weights.bin"), "wb") as f:
        for spec in specs:
            f.write(values[spec["name"]].tobytes())
    model_json["weightsManifest"] = [{"paths": ["weights.bin"], "weights": specs}]
    with open(os.path.join(out, "model.json"), "w", encoding="utf-8") as f:
        json.dump(model_json, f)


def perplexities(record):
    """A sequence model's perplexity (exp of the token loss) and bits per token, as the browser
    shows them beside the loss."""
    parts = []
    for what, loss in (("", record["trainLoss"]), ("validation ", record["validationLoss"])):
        if loss is not None:
            parts.append("%sperplexity %.4g (%.4g bits per token)" % (
                what, math.exp(loss), loss / math.log(2)))
    return "  " + "  ".join(parts)


def write_line(stream, record):
    stream.write(json.dumps(record) + "\n")
    stream.flush()


def output_folder(options, placement):
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out = options.out or os.path.join(HERE, "runs", stamp)
    if not placement.chief:
        # Every worker of a cluster trains; only the chief's outputs are the run's.
        out = os.path.join(out, "worker-%d" % json.loads(os.environ["TF_CONFIG"])["task"]["index"])
    os.makedirs(out, exist_ok=True)
    return out
`;

const MAIN = String.raw`def train(options):
    check_backend(options.strategy)
    split_cpu(options.cpu_devices)
    project = read_project(HERE)
    experiment = project["experiment"]
    config = dict(experiment["config"])
    data = load_data(project, HERE, options.data)
    init = options.init or ("browser" if project["weights"]["browser"] else "seed")
    weights = read_weights(HERE, project, init)
    epochs = config["epochs"] if options.epochs is None else options.epochs
    batch_size = options.batch_size or config["batchSize"]
    if epochs < 0 or batch_size < 1:
        raise ProjectError("--epochs must be 0 or more and --batch-size 1 or more.")
    # Classification reports the share of examples right, sequences the share of tokens.
    scored = project["task"] in ("classification", "sequence")
    counts = data["mask"].sum(axis=1) if project["task"] == "sequence" else None

    placement = Placement(options.strategy, config["loss"])
    model = compiled_model(config, scored, placement)
    assign_weights(model, weights)
    if HAS_DROPOUT:
        print("Note: dropout draws its own random masks here, so the curves follow the "
              "browser's closely but not exactly.", file=sys.stderr)
    replicas = placement.replicas
    last = len(data["train_index"]) % batch_size
    if HAS_BATCH_NORM and (batch_size % replicas or last % replicas):
        print("Note: batches of %d (the last one %d) do not split evenly across %d replicas; "
              "they are padded with weight-0 copies, which batch normalization counts in its "
              "statistics, so the losses drift from the browser's. A batch size and a training "
              "set size that are multiples of %d avoid it." % (
                  batch_size, last or batch_size, replicas, replicas), file=sys.stderr)

    x = data["x"].astype(np.float32)
    y = targets(project, data, model)
    train_index = data["train_index"].astype(np.int64)
    validation_index = data["validation_index"].astype(np.int64)
    padded_batch = -(-batch_size // replicas) * replicas
    validation_batch = -(-4096 // replicas) * replicas
    v_rows, v_weights = padded_batches(validation_index, validation_batch, replicas)
    v_weights = (v_weights > 0).astype(np.float32)

    out = output_folder(options, placement)
    started = time.time()
    status, done = "stopped", 0
    with open(os.path.join(out, "metrics.jsonl"), "w", encoding="utf-8") as stream:
        write_line(stream, {
            "kind": "gradlab-run", "format": 1, "name": project["name"],
            "sourceRunId": project["sourceRunId"], "experiment": experiment,
            "datasetSha256": project["datasetSha256"], "init": init,
            "startedAt": datetime.datetime.now(datetime.timezone.utc).isoformat(
                timespec="seconds").replace("+00:00", "Z"),
            "machine": machine(placement),
        })
        try:
            for epoch in range(epochs):
                epoch_start = time.time()
                rate = learning_rate_at(config, epoch)
                model.optimizer.learning_rate = rate
                rows, w = padded_batches(
                    epoch_rows(config["seed"], epoch, train_index), batch_size, replicas, counts)
                loss, accuracy = placement.fit_epoch(
                    model, x[rows], y[rows], w, padded_batch)
                record = {
                    "kind": "epoch", "epoch": epoch + 1, "trainLoss": loss,
                    "trainAccuracy": accuracy if scored else None,
                    "validationLoss": None, "validationAccuracy": None,
                    "learningRate": rate,
                }
                if len(validation_index):
                    loss, accuracy = placement.evaluate(
                        model, x[v_rows], y[v_rows], v_weights, validation_batch)
                    record["validationLoss"] = loss
                    if scored:
                        record["validationAccuracy"] = accuracy
                record["wallSeconds"] = time.time() - epoch_start
                write_line(stream, record)
                done = epoch + 1
                print("epoch %d/%d  loss %.6g  validation loss %s%s" % (
                    done, epochs, record["trainLoss"], record["validationLoss"],
                    perplexities(record) if counts is not None else ""))
            status = "finished"
        except KeyboardInterrupt:
            print("Stopped after %d epochs." % done, file=sys.stderr)
        wall = time.time() - started
        write_line(stream, {"kind": "end", "status": status, "epochs": done,
                            "wallSeconds": wall,
                            "samplesPerSec": done * len(train_index) / wall if wall > 0 else 0.0})
    model.save(os.path.join(out, "model.keras"))
    if options.export_tfjs:
        export_tfjs(model, HERE, out)
    print("Wrote %s" % out)
    return out


def main():
    try:
        train(OPTIONS)
    except ProjectError as error:
        print("error: %s" % error, file=sys.stderr)
        return 2
    return 0
`;

/** The script's cells, in order; SETUP holds the ARGS line the notebook replaces. */
export function trainCells(spec: ModelSpec, inputShape: readonly number[]): ScriptCell[] {
  return [
    { title: 'Command line, backend and Keras', code: SETUP },
    { title: "The project's files: data (SHA-256 checked) and weights", code: FILES },
    { title: "The browser's seeded shuffle and learning-rate schedule", code: RNG },
    { title: 'Backends and distribution strategies', code: STRATEGY },
    modelCell(spec, inputShape),
    { title: "The browser's optimizers, losses and metrics", code: TRAINING },
    { title: 'Outputs: metrics.jsonl, model.keras, TF.js files', code: OUTPUTS },
    { title: 'Training', code: MAIN },
  ];
}

const withArgs = (code: string, args: string): string => code.replace('@ARGS@', args);

/** train.py's text. */
export function trainPy(name: string, spec: ModelSpec, inputShape: readonly number[]): string {
  const cells = trainCells(spec, inputShape).map(
    (cell) => `# %% ${cell.title}\n${withArgs(cell.code, SCRIPT_ARGS)}`,
  );
  return [HEADER(name), ...cells, MAIN_GUARD].join('\n\n');
}

/** The cells with the notebook's ARGS line, for train.ipynb. */
export function notebookCells(spec: ModelSpec, inputShape: readonly number[]): ScriptCell[] {
  return trainCells(spec, inputShape).map((cell) => ({
    ...cell,
    code: withArgs(cell.code, NOTEBOOK_ARGS),
  }));
}
