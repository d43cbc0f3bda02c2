/**
 * For tests: a database connection whose disk can be made full. While full, every write is
 * refused with the QuotaExceededError a browser throws; reads go on working.
 */
import type { GradlabDb } from './open';

export interface FillableDb {
  db: GradlabDb;
  setFull(full: boolean): void;
}

export function fillableDb(db: GradlabDb): FillableDb {
  let full = false;
  const refuse = () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
  const proxy = new Proxy(db, {
    get(target, key) {
      if (key === 'transaction') {
        return (...args: Parameters<GradlabDb['transaction']>) =>
          full && args[1] === 'readwrite' ? refuse() : target.transaction(...args);
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: proxy, setFull: (next) => void (full = next) };
}
