/** Whether a value is an ArrayBuffer, also across realms (a worker's, or one IndexedDB cloned). */
export const isArrayBuffer = (value: unknown): value is ArrayBuffer =>
  Object.prototype.toString.call(value) === '[object ArrayBuffer]';
