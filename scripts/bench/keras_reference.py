"""Keras on this machine's CPU, training the bench's two reference jobs as Gradlab builds them.

`npm run bench` compares the wasm backend with this: LeNet-5 (lenetSpec(10): conv 6@5x5 'same',
max-pool 2, conv 16@5x5 'valid', max-pool 2, dense 120, 84, softmax 10) with adam 0.001 at batch
64 on 28x28x1 inputs, and the 784-128-10 MLP with adam 0.001 at batch 128, both on seeded random
data of the bench's sizes. Each job runs single-threaded (intra- and inter-op threads 1, as the
comparison with one wasm thread needs) and with every core. Samples/s is the best of a few
timed epochs after a warm-up epoch, from model.fit, as a Keras user would train.

Usage: python scripts/bench/keras_reference.py [--threads N] -> one JSON object on stdout.
"""

import argparse
import json
import os
import platform
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1, help="intra- and inter-op threads (0: all)")
    parser.add_argument("--epochs", type=int, default=3, help="timed epochs per job")
    return parser.parse_args()


def lenet(keras):
    layers = keras.layers
    return keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            layers.Conv2D(6, 5, padding="same", activation="relu"),
            layers.MaxPooling2D(2),
            layers.Conv2D(16, 5, padding="valid", activation="relu"),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            layers.Dense(120, activation="relu"),
            layers.Dense(84, activation="relu"),
            layers.Dense(10, activation="softmax"),
        ]
    )


def mlp(keras):
    layers = keras.layers
    return keras.Sequential(
        [
            keras.Input((784,)),
            layers.Dense(128, activation="relu"),
            layers.Dense(10, activation="softmax"),
        ]
    )


def time_job(keras, np, build, input_shape, samples, batch, epochs):
    rng = np.random.default_rng(1)
    x = rng.random((samples, *input_shape), dtype=np.float32)
    y = keras.utils.to_categorical(rng.integers(0, 10, samples), 10)
    model = build(keras)
    model.compile(optimizer=keras.optimizers.Adam(0.001), loss="categorical_crossentropy")
    model.fit(x, y, batch_size=batch, epochs=1, verbose=0)
    best = 0.0
    for _ in range(epochs):
        start = time.perf_counter()
        model.fit(x, y, batch_size=batch, epochs=1, verbose=0, shuffle=True)
        best = max(best, samples / (time.perf_counter() - start))
    return round(best)


def main():
    args = parse_args()
    import tensorflow as tf

    if args.threads > 0:
        tf.config.threading.set_intra_op_parallelism_threads(args.threads)
        tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    import keras
    import numpy as np

    keras.utils.set_random_seed(1)
    result = {
        "keras": keras.__version__,
        "tensorflow": tf.__version__,
        "python": platform.python_version(),
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "threads": args.threads or os.cpu_count(),
        "lenet": time_job(keras, np, lenet, (28, 28, 1), 9600, 64, args.epochs),
        "mlp": time_job(keras, np, mlp, (784,), 4096, 128, args.epochs),
    }
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
