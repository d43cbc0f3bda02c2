/** Auto's choice by measurement, wired to this browser: what it offers, its storage, the WASM build. */
import { APP_VERSION } from '../src/app-version';
import type { StorageUnavailableError } from '../src/core/errors';
import type { Result } from '../src/core/result';
import { createBackendChooser, type BackendChooser } from '../src/engine/train/choose-backend';
import type { GradlabDb } from '../src/storage/open';
import { measurementStore } from './measurement-store';
import { probeBackends } from './probe';
import { activeWasmBuild, LOGICAL_CORES } from './wasm-files';

declare const self: DedicatedWorkerGlobalScope;

export function measuredBackendChooser(
  openDb: () => Promise<Result<GradlabDb, StorageUnavailableError>>,
): BackendChooser {
  return createBackendChooser({
    offered: probeBackends,
    machine: {
      // Not navigator's count, which the WASM setup has changed for TF.js by now.
      cores: LOGICAL_CORES,
      isolated: self.crossOriginIsolated,
      appVersion: APP_VERSION,
    },
    store: measurementStore(openDb),
    build: (backend) => (backend === 'wasm' ? activeWasmBuild() : Promise.resolve(undefined)),
  });
}
