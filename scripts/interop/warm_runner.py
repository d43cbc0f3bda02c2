"""Runs exported Python scripts, unchanged, one after another in one warm interpreter.

The Keras check runs a dozen scripts (rebuild_model.py, predict.py, train.py) per backend; each in
a fresh process would import TensorFlow or JAX again (seconds each on a small CPU). This process
imports the backend once, then for every request on stdin runs the script as `python SCRIPT ARGS`
would (runpy, as __main__, with that argv and working folder) and answers with its exit status
and output. Keras's global state is cleared between scripts.

Request (one JSON object per stdin line): {"id": str, "script": path, "args": [str], "cwd": path}
Answer (one stdout line): "@@result " + {"id", "exit": int, "stdout", "stderr", "seconds"}
The prefix tells answers apart from anything a library writes to the real stdout.
"""

import contextlib
import io
import json
import os
import runpy
import sys
import time
import traceback

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402  (imported once here: that is the point of this process)

RESULT_PREFIX = "@@result "


def forget_modules_under(folder):
    """Drops modules a script imported from its own folder (predict.py imports rebuild_model), so
    the next project's script imports its own copy rather than the cached one."""
    folder = os.path.realpath(folder) + os.sep
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if path and os.path.realpath(path).startswith(folder):
            del sys.modules[name]


def run_script(script, args, cwd):
    out, err = io.StringIO(), io.StringIO()
    saved_argv, saved_cwd, saved_path = sys.argv, os.getcwd(), list(sys.path)
    code = 0
    try:
        sys.argv = [script] + list(args)
        os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                runpy.run_path(script, run_name="__main__")
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
                if isinstance(exit_.code, str):
                    print(exit_.code, file=sys.stderr)
            except BaseException:  # noqa: BLE001  (any failure is the script's answer)
                code = 1
                traceback.print_exc()
    finally:
        sys.argv, sys.path[:] = saved_argv, saved_path
        os.chdir(saved_cwd)
        forget_modules_under(os.path.dirname(os.path.abspath(script)))
        keras.backend.clear_session()
    return code, out.getvalue(), err.getvalue()


def main():
    real_stdout = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        started = time.time()
        code, out, err = run_script(request["script"], request.get("args", []), request["cwd"])
        answer = {
            "id": request["id"],
            "exit": code,
            "stdout": out,
            "stderr": err,
            "seconds": time.time() - started,
        }
        real_stdout.write(RESULT_PREFIX + json.dumps(answer) + "\n")
        real_stdout.flush()


if __name__ == "__main__":
    main()
