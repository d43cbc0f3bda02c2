/**
 * TF.js's orthogonal initialiser, computed in plain JavaScript. TF.js's own runs its QR
 * factorisation as hundreds of small tensor ops: 25 s for an LSTM of 64 units and over 3 minutes
 * for 128 on the cpu backend of the shared 2-core machine (load average near 20), at every model
 * build; this takes 1.7 s for 256 units there. This draws the same
 * seeded normal matrix, takes its QR factorisation with R's diagonal positive (what TF.js's
 * sign correction gives) by modified Gram-Schmidt in float64, and keeps TF.js's Orthogonal
 * initialiser object, so the layer's serialized config is unchanged.
 */
import * as tf from '@tensorflow/tfjs';

type Initializer = ReturnType<typeof tf.initializers.orthogonal>;

/** Q of the QR factorisation of a [rows, cols] matrix (rows >= cols), row-major. */
export function orthonormalColumns(values: ArrayLike<number>, rows: number, cols: number) {
  const q = Array.from({ length: cols }, (_, j) =>
    Float64Array.from({ length: rows }, (_, i) => values[i * cols + j] as number),
  );
  q.forEach((column, j) => {
    for (let k = 0; k < j; k++) {
      const previous = q[k] as Float64Array;
      let dot = 0;
      for (let i = 0; i < rows; i++) dot += (previous[i] as number) * (column[i] as number);
      for (let i = 0; i < rows; i++)
        column[i] = (column[i] as number) - dot * (previous[i] as number);
    }
    let norm = 0;
    for (let i = 0; i < rows; i++) norm += (column[i] as number) ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < rows; i++) column[i] = (column[i] as number) / norm;
  });
  const out = new Float32Array(rows * cols);
  q.forEach((column, j) => column.forEach((value, i) => (out[i * cols + j] = value)));
  return out;
}

export function seededOrthogonal(seed: number): Initializer {
  const initializer = tf.initializers.orthogonal({ seed });
  initializer.apply = (shape: number[]) => {
    const cols = shape[shape.length - 1] as number;
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const [tall, narrow] = [Math.max(rows, cols), Math.min(rows, cols)];
    const normal = tf.tidy(() => tf.randomNormal([tall, narrow], 0, 1, 'float32', seed).dataSync());
    const q = orthonormalColumns(normal, tall, narrow);
    return tf.tidy(() => {
      const matrix = tf.tensor2d(q, [tall, narrow]);
      return tf.reshape(rows < cols ? tf.transpose(matrix) : matrix, shape);
    });
  };
  return initializer;
}
