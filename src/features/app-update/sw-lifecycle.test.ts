import { describe, expect, it } from 'vitest';
import type { SwRequest } from '../../sw/messages';
import { watchServiceWorker, type WorkerLike } from './sw-lifecycle';
import { createAppUpdateStore } from './update-store';

class FakeWorker extends EventTarget implements WorkerLike {
  state: ServiceWorkerState = 'installing';
  readonly sent: SwRequest[] = [];
  postMessage(message: SwRequest): void {
    this.sent.push(message);
  }
  moveTo(state: ServiceWorkerState): void {
    this.state = state;
    this.dispatchEvent(new Event('statechange'));
  }
}

class FakeRegistration extends EventTarget {
  installing: FakeWorker | null = null;
  waiting: FakeWorker | null = null;
  /** A new build was found: it starts installing. */
  find(worker: FakeWorker): void {
    this.installing = worker;
    this.dispatchEvent(new Event('updatefound'));
  }
}

class FakeContainer extends EventTarget {
  constructor(public controller: object | null) {
    super();
  }
  takeOver(): void {
    this.controller = {};
    this.dispatchEvent(new Event('controllerchange'));
  }
}

function setUp(controlled: boolean) {
  const registration = new FakeRegistration();
  const container = new FakeContainer(controlled ? {} : null);
  const store = createAppUpdateStore();
  let reloads = 0;
  const watch = () =>
    watchServiceWorker({ registration, container, store, reload: () => reloads++ });
  return { registration, container, store, watch, reloads: () => reloads };
}

describe('watchServiceWorker', () => {
  it('on a first visit, says the app works offline once the worker takes over, and never reloads', () => {
    const { registration, container, store, watch, reloads } = setUp(false);
    const worker = new FakeWorker();
    registration.installing = worker;
    watch();
    worker.moveTo('installed');
    expect(store.getState().applyUpdate).toBeNull();
    worker.moveTo('activating');
    worker.moveTo('activated');
    container.takeOver();
    expect(store.getState()).toMatchObject({ applyUpdate: null, offlineReady: true });
    expect(reloads()).toBe(0);
    expect(worker.sent).toEqual([]);
  });

  it('offers a newer build that installed next to the running one, and waits for the user', () => {
    const { registration, container, store, watch, reloads } = setUp(true);
    watch();
    const worker = new FakeWorker();
    registration.find(worker);
    expect(store.getState().applyUpdate).toBeNull();
    worker.moveTo('installed');
    const apply = store.getState().applyUpdate;
    expect(apply).not.toBeNull();
    expect(worker.sent).toEqual([]);
    expect(reloads()).toBe(0);

    apply?.();
    expect(worker.sent).toEqual([{ type: 'SKIP_WAITING' }]);
    expect(store.getState().reloading).toBe(true);
    expect(reloads()).toBe(0);
    container.takeOver();
    expect(reloads()).toBe(1);
    // A second controllerchange (another tab's update) does not reload again.
    container.takeOver();
    expect(reloads()).toBe(1);
    expect(store.getState().offlineReady).toBe(false);
  });

  it('offers a build that was already waiting when the page loaded', () => {
    const { registration, store, watch } = setUp(true);
    const waiting = new FakeWorker();
    waiting.state = 'installed';
    registration.waiting = waiting;
    watch();
    store.getState().applyUpdate?.();
    expect(waiting.sent).toEqual([{ type: 'SKIP_WAITING' }]);
  });

  it('when another tab let a new build take over, offers a plain reload instead of reloading', () => {
    const { container, store, watch, reloads } = setUp(true);
    watch();
    container.takeOver();
    expect(reloads()).toBe(0);
    const apply = store.getState().applyUpdate;
    expect(apply).not.toBeNull();
    apply?.();
    expect(reloads()).toBe(1);
  });
});
