/**
 * Where a bundle's dataset comes from, in words for the import preview: made by a generator,
 * shipped with Gradlab, downloaded from a host, carried inline or in the bundle file, or only in
 * its author's browser.
 */
import { REMOTE_CATALOG, SHIPPED_CATALOG } from '../../core/data/catalog';
import type { DatasetRef } from '../../core/data/dataset';
import { GENERATOR_INFO } from '../../core/data/generators';
import { SEQUENCE_TASK_INFO } from '../../core/data/sequence-tasks';
import { counted } from '../../core/plural';

export type SourceKind = 'generated' | 'shipped' | 'url' | 'inline' | 'carried' | 'local';

export interface DatasetSource {
  kind: SourceKind;
  name: string;
  /** Where it comes from: "generated", "shipped with Gradlab", the download hosts, ... */
  where: string;
  /** What opening it reads or downloads; null when unknown (or nothing, for generated data). */
  bytes: number | null;
  /** Whether opening the bundle downloads it. */
  downloads: boolean;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.slice(0, 40);
  }
}

/** `carried` holds a local dataset's packed bytes when the bundle file brings them. */
export function describeDatasetSource(
  ref: DatasetRef,
  carried?: { bytes: Uint8Array },
): DatasetSource {
  switch (ref.kind) {
    case 'builtin':
      return {
        kind: 'generated',
        name: GENERATOR_INFO[ref.generator].label,
        where: `generated: ${counted(ref.params.size, 'point')}, seed ${ref.seed}`,
        bytes: null,
        downloads: false,
      };
    case 'sequence':
      return {
        kind: 'generated',
        name: SEQUENCE_TASK_INFO[ref.task].label,
        where: `generated: ${counted(ref.params.size, 'example')} of length ${ref.params.length}, seed ${ref.seed}`,
        bytes: null,
        downloads: false,
      };
    case 'shipped':
      return {
        kind: 'shipped',
        name: SHIPPED_CATALOG.find((entry) => entry.id === ref.name)?.title ?? ref.name,
        where: 'shipped with Gradlab',
        bytes: SHIPPED_CATALOG.find((entry) => entry.id === ref.name)?.approxBytes ?? null,
        downloads: false,
      };
    case 'url': {
      const hosts = [...new Set(ref.files.map((file) => hostOf(file.url)))];
      // A catalog dataset pinned to the same first file has a known size.
      const first = ref.files[0]?.url;
      const known = REMOTE_CATALOG.find((entry) => entry.files[0]?.url === first);
      return {
        kind: 'url',
        name: ref.name,
        where: `downloaded from ${hosts.join(', ')}`,
        bytes: known?.approxBytes ?? null,
        downloads: true,
      };
    }
    case 'inline':
      return {
        kind: 'inline',
        name: ref.name,
        where: 'inline in the bundle (CSV)',
        bytes: new TextEncoder().encode(ref.csv).length,
        downloads: false,
      };
    case 'local':
      return carried === undefined
        ? {
            kind: 'local',
            name: ref.name,
            where:
              "in its author's browser only: the notebook will ask for its file (sha256 " +
              `${ref.sha256.slice(0, 12)}…) unless this browser holds it`,
            bytes: null,
            downloads: false,
          }
        : {
            kind: 'carried',
            name: ref.name,
            where: 'carried in this file, stored in this browser when you open it',
            bytes: carried.bytes.length,
            downloads: false,
          };
  }
}
