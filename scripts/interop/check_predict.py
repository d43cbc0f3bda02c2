"""Checks an exported model folder's Python scripts against TF.js.

    python scripts/interop/check_predict.py FOLDER [FOLDER ...] [--tolerance 1e-5]

Each FOLDER holds the files of Gradlab's model ZIP and the expected.json that
scripts/interop/predict-fixtures.ts wrote for its inputs (the inputs preprocessed by the app's
rules, and TF.js's outputs for them). For each folder this runs, with the Python running it:
  - predict.py --features INPUTS: the preprocessing must equal the app's exactly;
  - rebuild_model.py --check on the app's preprocessed inputs, and
  - predict.py --json INPUTS (raw rows or images in, its own preprocessing):
    both outputs must equal TF.js's within the tolerance, absolute for values up to 1 and relative
    above (a regression output of 271 is float32 to 3e-5: an absolute 1e-5 would ask for more
    than its precision).
Prints one JSON line per folder with the largest differences, scaled as the tolerance is; exits
1 if any check fails.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np


def run(script, *args):
    result = subprocess.run(
        [sys.executable, script, *args],
        cwd=os.path.dirname(script),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError("%s %s failed:\n%s" % (os.path.basename(script), " ".join(args), result.stderr[-4000:]))
    return result.stdout


def json_lines(text):
    return np.asarray([json.loads(line) for line in text.splitlines() if line.strip()], dtype=np.float64)


def largest_difference(actual, expected):
    """The largest |actual - expected| / max(1, |expected|)."""
    if actual.shape != expected.shape:
        return float("inf")
    if not actual.size:
        return 0.0
    return float(np.max(np.abs(actual - expected) / np.maximum(1.0, np.abs(expected))))


def check_folder(folder, tolerance):
    folder = os.path.abspath(folder)
    with open(os.path.join(folder, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    features = np.asarray(expected["features"], dtype=np.float64)
    outputs = np.asarray(expected["outputs"], dtype=np.float64)
    predict = os.path.join(folder, "predict.py")

    encoded = json_lines(run(predict, "--features", *expected["inputs"]))
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(expected["features"], f)
        inputs_path = f.name
    try:
        rebuilt = np.asarray(json.loads(run(os.path.join(folder, "rebuild_model.py"), "--check", inputs_path)))
    finally:
        os.unlink(inputs_path)
    predicted = json_lines(run(predict, "--json", *expected["inputs"]))

    report = {
        "folder": folder,
        "examples": len(outputs),
        "features": largest_difference(encoded, features),
        "rebuild_model": largest_difference(rebuilt.reshape(len(rebuilt), -1), outputs),
        "predict": largest_difference(predicted, outputs),
    }
    report["ok"] = (
        report["features"] == 0 and report["rebuild_model"] <= tolerance and report["predict"] <= tolerance
    )
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--tolerance", type=float, default=1e-5)
    args = parser.parse_args()
    failed = False
    for folder in args.folders:
        try:
            report = check_folder(folder, args.tolerance)
        except (OSError, RuntimeError, ValueError, KeyError) as error:
            report = {"folder": folder, "ok": False, "error": str(error)}
        failed = failed or not report["ok"]
        print(json.dumps(report), flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
