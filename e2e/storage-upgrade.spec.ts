/**
 * The upgrade to dataset versions, in a real browser: datasets a version-3 Gradlab stored in 1 MiB
 * chunks are cut into shared pieces when the app first opens the database, and still load.
 */
import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { encodePacked, type PackedDataset } from '../src/core/data/packed';
import { relabelled, shippedMnist } from '../src/core/data/versions/test-mnist';
import { databaseShape, seedVersion3, V3_CHUNK_BYTES, type V3Dataset } from './pages/old-database';
import { PlaygroundPage } from './pages/playground';

/** 2,000 MNIST digits (1.6 MB: two chunks in version 3). */
function digits(): PackedDataset {
  const mnist = shippedMnist();
  const count = 2000;
  return {
    header: { ...mnist.header, name: 'Old digits', count },
    x: mnist.x.slice(0, count * 28 * 28),
    y: mnist.y.slice(0, count),
  };
}

function v3Dataset(packed: PackedDataset, name: string): V3Dataset {
  const bytes = encodePacked(packed);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const source = { kind: 'file', fileName: `${name}.gds`, format: 'packed' };
  return {
    record: {
      sha256,
      name,
      header: packed.header,
      byteLength: bytes.length,
      chunkCount: Math.ceil(bytes.length / V3_CHUNK_BYTES),
      source,
      sourceKey: `file:${name}.gds`,
      sourceSha256: null,
      createdAt: '2025-03-01T00:00:00.000Z',
      lastUsed: '2025-03-02T00:00:00.000Z',
      classCounts: Array.from({ length: 10 }, (_, c) => packed.y.filter((y) => y === c).length),
      columns: null,
      notes: [],
    },
    bytes: Buffer.from(bytes).toString('base64'),
  };
}

test('datasets stored before versions existed are moved into shared pieces and still load', async ({
  page,
}) => {
  const original = digits();
  const old = [
    v3Dataset(original, 'Old digits'),
    v3Dataset(relabelled(original, 1234), 'Fixed digits'),
  ];
  const size = Buffer.from(old[0]!.bytes, 'base64').length;
  await page.goto('/favicon.svg');
  await seedVersion3(page, old);

  const playground = new PlaygroundPage(page);
  await playground.open();
  const shape = await databaseShape(page);
  expect(shape.version).toBe(4);
  expect(shape.stores).toContain('pieces');
  expect(shape.stores).not.toContain('chunks');
  // The two sets differ by one label: they share all but a piece or two.
  expect(shape.pieceBytes).toBeGreaterThan(size);
  expect(shape.pieceBytes).toBeLessThan(size * 1.05);

  for (const { record } of old) {
    await page.getByTestId('dataset.select').selectOption(`local:${record.sha256}`);
    await expect(page.getByTestId('dataset.status')).toContainText('2,000 examples');
    // The preview's digits are read from the moved bytes by the data worker.
    await expect(page.getByTestId('preview.images').locator('canvas')).toHaveCount(48);
  }
});
