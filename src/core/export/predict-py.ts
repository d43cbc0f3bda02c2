/**
 * predict.py, the model ZIP's Python scorer: raw CSV rows or image files in, class names with
 * probabilities (or the predicted value) out, preprocessed by preprocessing.json with the rules
 * of the CSV import (cells.ts, tabular.ts) and the image import (workers/data/decode-image.ts).
 * It builds the model with rebuild_model.py from the same folder. The text does not depend on
 * the model: everything model-specific is read from the files beside it.
 */
import { PREPROCESSING_FILE } from './model-files';

export const PREDICT_PY_FILE = 'predict.py';

export function predictPy(): string {
  return `"""Scores new raw data with a model exported from Gradlab, preprocessed as Gradlab preprocessed
the data it was trained on (${PREPROCESSING_FILE}).

Needs Python 3 with numpy and Keras 3 (or TensorFlow 2.x); Pillow for images.

  python predict.py rows.csv             CSV rows with a header row; columns are found by name,
                                         in any order; the target column may be left out
  python predict.py a.png b.jpg          images, for a model trained on images
  python predict.py tokens.json          token ids (an array of examples), for a text model
  python predict.py --json rows.csv      the model's raw outputs, one JSON array per example
  python predict.py --features rows.csv  the preprocessed inputs instead (the model is not loaded)

Prints one JSON object per row (or image): the most likely class and every class's probability,
or the predicted value for regression, or for a sequence model the token most likely to follow
the last one given. Cells read as missing are reported on stderr.
"""
import argparse
import csv
import io
import json
import os
import re
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
PREPROCESSING = os.path.join(HERE, ${JSON.stringify(PREPROCESSING_FILE)})

# The CSV import's cell rules (Gradlab's cells.ts). JavaScript's trim() removes these characters.
JS_SPACE = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000\\u2001\\u2002\\u2003\\u2004\\u2005\\u2006\\u2007\\u2008\\u2009\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
MISSING = re.compile(r"(?:|nan|na|null)", re.IGNORECASE)
NUMBER = re.compile(r"[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?", re.ASCII)
FLOAT32_MAX = 3.4028234663852886e38
DELIMITERS = ["\\t", ";", ","]
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp")


def read_cell(raw):
    """A number, or "missing", "too-large" or "text"."""
    cell = raw.strip(JS_SPACE)
    if MISSING.fullmatch(cell):
        return "missing"
    if NUMBER.fullmatch(cell):
        value = float(cell)
        return value if abs(value) <= FLOAT32_MAX else "too-large"
    return "text"


def column_name(header, index):
    name = header[index]
    return "column %d" % (index + 1) if name.strip(JS_SPACE) == "" else name


def feature_columns(preprocessing):
    if preprocessing["kind"] == "points":
        return [{"name": f, "kind": "numeric", "mean": 0.0, "std": 1.0} for f in preprocessing["features"]]
    return preprocessing["columns"]


def row_encoder(preprocessing, header):
    """A function from one row's cells to (features, notes), for a file with this header."""
    positions = {}
    for i in range(len(header)):
        positions.setdefault(column_name(header, i), []).append(i)
    seen = {}
    slots = []
    absent = []
    width = 0
    for column in feature_columns(preprocessing):
        occurrence = seen.get(column["name"], 0)
        seen[column["name"]] = occurrence + 1
        if column["kind"] not in ("numeric", "one-hot"):
            continue
        found = positions.get(column["name"], [])
        if occurrence >= len(found):
            absent.append(column["name"])
        else:
            slots.append((column, found[occurrence], width))
        if column["kind"] == "numeric":
            width += 1
        else:
            width += len(column["categories"]) + (1 if column["missing"] else 0)
    if absent:
        sys.exit("The rows have no column %s, which the model needs." % ", ".join(repr(a) for a in absent))

    def encode(cells):
        x = np.zeros(width, dtype=np.float32)
        notes = []
        for column, at, offset in slots:
            raw = cells[at] if at < len(cells) else ""
            cell = read_cell(raw)
            name = column["name"]
            if column["kind"] == "numeric":
                if isinstance(cell, float):
                    # float64 arithmetic, then float32, as Gradlab stores it.
                    x[offset] = (cell - column["mean"]) / column["std"]
                elif cell != "missing":
                    why = "is too large for 32-bit numbers" if cell == "too-large" else "is not a number"
                    notes.append("%r: %r %s; read as missing (the mean)." % (name, raw.strip(JS_SPACE), why))
                continue
            categories = column["categories"]
            present = cell not in ("missing", "too-large")
            value = raw.strip(JS_SPACE)
            if present and value in categories:
                x[offset + categories.index(value)] = 1
            elif not present and column["missing"]:
                x[offset + len(categories)] = 1
            elif present:
                notes.append("%r: %r was not seen in training; no category set." % (name, value))
            else:
                notes.append("%r is missing, which training never saw; no category set." % name)
        return x, notes

    return encode


def read_table(path, delimiter=None):
    with open(path, "rb") as f:
        data = f.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if delimiter is None:
        delimiter = sniff_delimiter(text)
    rows = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if row]
    if not rows:
        sys.exit("%s has no header row." % path)
    return rows[0], rows[1:]


def sniff_delimiter(text):
    """The delimiter that splits the first records into the same number of fields, as Gradlab guesses it."""
    lines = text.splitlines()[:50]
    best, best_total = ",", 0
    for candidate in DELIMITERS:
        counts = [len(row) - 1 for row in csv.reader(lines, delimiter=candidate) if row]
        if counts and counts[0] > 0 and all(n == counts[0] for n in counts):
            return candidate
        if sum(counts) > best_total:
            best, best_total = candidate, sum(counts)
    return best


def encode_csv(preprocessing, path, delimiter=None):
    """The model inputs for every data row of a CSV file, and the notes per row (1-based)."""
    header, rows = read_table(path, delimiter)
    encode = row_encoder(preprocessing, header)
    inputs, notes = [], []
    for number, cells in enumerate(rows, start=1):
        x, row_notes = encode(cells)
        inputs.append(x)
        notes.extend("row %d: %s" % (number, note) for note in row_notes)
    return np.stack(inputs) if inputs else np.zeros((0,) + tuple(preprocessing["inputShape"]), np.float32), notes


def encode_image(preprocessing, path):
    """One image as the image import reads it: square-resized, gray (luma) or RGB, divided by scale."""
    from PIL import Image, ImageOps

    size = (preprocessing["width"], preprocessing["height"])
    with Image.open(path) as image:
        # Browsers apply the EXIF orientation when they decode, and so does this.
        image = ImageOps.exif_transpose(image).convert("RGBA")
        # Nearest to Chromium's high-quality resize: averaging when it shrinks (its mipmaps),
        # bicubic when it grows. An image already at the model's size is not resampled.
        shrinks = image.width >= size[0] and image.height >= size[1]
        rgba = np.asarray(image.resize(size, Image.BOX if shrinks else Image.BICUBIC), dtype=np.float64)
    # The browser's canvas keeps premultiplied colours, so a fully transparent pixel reads black.
    rgb = np.where(rgba[..., 3:4] == 0, 0.0, rgba[..., :3])
    if preprocessing["channels"] == 1:
        luma = 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]
        pixels = np.floor(luma + 0.5)[..., None]
    else:
        pixels = rgb
    return (pixels / preprocessing["scale"]).astype(np.float32)


def load_model():
    # Imported here, so --features runs without Keras: the model as rebuild_model.py builds it.
    sys.path.insert(0, HERE)
    import rebuild_model

    model = rebuild_model.build_model()
    rebuild_model.load_weights(model, rebuild_model.read_weights(rebuild_model.MODEL_JSON))
    return model


def describe(preprocessing, output, x):
    if preprocessing["task"] == "sequence":
        # One row of probabilities per position: the token most likely after the last one given
        # (padding, id 0, is not a token).
        vocab = preprocessing["tokenizer"]["vocab"]
        ids = x.reshape(-1)
        at = len(ids) - 1
        while at > 0 and ids[at] == 0:
            at -= 1
        row = output[at * len(vocab):(at + 1) * len(vocab)]
        best = int(np.argmax(row))
        return {"position": at + 1, "next": vocab[best], "probability": float(row[best])}
    if preprocessing["task"] == "regression":
        return {"target": preprocessing["targetName"], "prediction": float(output[0])}
    names = preprocessing["classNames"]
    order = np.argsort(-output, kind="stable")
    return {
        "class": names[int(order[0])],
        "probabilities": {names[int(i)]: float(output[int(i)]) for i in order},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", help="a CSV file of rows, or image files")
    parser.add_argument("--json", action="store_true", help="print the raw output arrays")
    parser.add_argument("--features", action="store_true", help="print the preprocessed inputs")
    parser.add_argument("--delimiter", help="the CSV delimiter (guessed when not given)")
    args = parser.parse_args()

    with open(PREPROCESSING, encoding="utf-8") as f:
        preprocessing = json.load(f)
    if preprocessing.get("kind") == "tabular" and not preprocessing.get("exact", True):
        print("Note: the means and deviations are those of every row of the training file, not only "
              "of the rows Gradlab kept; import the file again in Gradlab for exact ones.", file=sys.stderr)
    if preprocessing["kind"] == "image":
        labels = args.inputs
        inputs = np.stack([encode_image(preprocessing, path) for path in args.inputs])
    elif preprocessing["kind"] == "text":
        if len(args.inputs) != 1 or not args.inputs[0].lower().endswith(".json"):
            sys.exit("This model takes token ids: give one JSON file holding an array of examples "
                     "(the ids of tokenizer.vocab in preprocessing.json, padded with 0).")
        with open(args.inputs[0], encoding="utf-8") as f:
            ids = np.asarray(json.load(f), dtype=np.float32)
        inputs = ids.reshape((-1,) + tuple(preprocessing["inputShape"]))
        labels = list(range(1, len(inputs) + 1))
    else:
        if len(args.inputs) != 1 or args.inputs[0].lower().endswith(IMAGE_EXTENSIONS):
            sys.exit("This model takes rows: give one CSV file with a header row.")
        inputs, notes = encode_csv(preprocessing, args.inputs[0], args.delimiter)
        for note in notes:
            print(note, file=sys.stderr)
        labels = list(range(1, len(inputs) + 1))
    if args.features:
        for x in inputs:
            print(json.dumps(x.reshape(-1).tolist()))
        return
    if len(inputs) == 0:
        return
    outputs = np.asarray(load_model().predict(inputs, verbose=0)).reshape(len(inputs), -1)
    for label, output, x in zip(labels, outputs, inputs):
        if args.json:
            print(json.dumps(output.tolist()))
        else:
            key = "file" if preprocessing["kind"] == "image" else "row"
            print(json.dumps({key: label, **describe(preprocessing, output, x)}))


if __name__ == "__main__":
    main()
`;
}
