import { describe, expect, it } from 'vitest';
import { ABSENT, describeLayer, diffExperiments, shorten } from './experiment-diff';
import { testRunExperiment } from '../../core/runs/test-run';

const shown = (row: { values: { shown: string }[] } | undefined) => row?.values.map((v) => v.shown);

describe('diffExperiments', () => {
  it('has a row per dataset field, layer and config field, none changed for equal jobs', () => {
    const rows = diffExperiments([testRunExperiment(), testRunExperiment()]);
    expect(rows.filter((r) => r.changed)).toEqual([]);
    expect(rows.filter((r) => r.section === 'layers').map((r) => r.label)).toEqual([
      'layer 1',
      'layer 2 (output)',
    ]);
    const labels = rows.map((r) => `${r.section}:${r.label}`);
    expect(labels).toContain('dataset:params.noise');
    expect(labels).toContain('config:learningRate');
    expect(labels).toContain('config:seed');
  });

  it('marks what changed, including settings only one run has and extra layers', () => {
    const a = testRunExperiment({ learningRate: 0.01 });
    const b = testRunExperiment({
      learningRate: 0.1,
      schedule: { kind: 'step', everyEpochs: 2, factor: 0.5 },
    });
    b.model = { layers: [{ type: 'dense', units: 16, activation: 'relu' }, ...a.model.layers] };
    b.dataset = {
      kind: 'builtin',
      generator: 'moons',
      params: { size: 200, noise: 0.1, classes: 2 },
      seed: 1,
    };
    const changed = diffExperiments([a, b]).filter((r) => r.changed);
    expect(changed.map((r) => `${r.section}:${r.label}`)).toEqual([
      'dataset:generator',
      'layers:layer 1',
      'layers:layer 2',
      'layers:layer 3 (output)',
      'config:learningRate',
      'config:schedule.everyEpochs',
      'config:schedule.factor',
      'config:schedule.kind',
    ]);
    expect(shown(changed.find((r) => r.label === 'learningRate'))).toEqual(['0.01', '0.1']);
    expect(shown(changed.find((r) => r.label === 'layer 3 (output)'))?.[0]).toBe(ABSENT);
  });

  it('compares any number of runs, a row changed when any one differs', () => {
    const runs = [0.03, 0.03, 0.03, 0.1].map((learningRate) => testRunExperiment({ learningRate }));
    const rows = diffExperiments(runs);
    const rate = rows.find((r) => r.label === 'learningRate');
    expect(shown(rate)).toEqual(['0.03', '0.03', '0.03', '0.1']);
    expect(rate?.changed).toBe(true);
    expect(rows.filter((r) => r.changed)).toHaveLength(1);
    expect(rows.every((r) => r.values.length === 4)).toBe(true);
  });

  it('shortens long values such as a SHA-256 or inline CSV text, keeping them whole to copy', () => {
    const a = testRunExperiment();
    const b = testRunExperiment();
    const sha = 'c0ffee'.repeat(10) + 'beef';
    a.dataset = { kind: 'local', name: 'cars', sha256: sha };
    b.dataset = { kind: 'inline', name: 'big', csv: 'x,y\n'.repeat(1000) };
    const rows = diffExperiments([a, b]);
    const hash = rows.find((r) => r.label === 'sha256')?.values[0];
    expect(hash).toEqual({ shown: 'c0ffeec0…beef', full: sha });
    const csv = rows.find((r) => r.label === 'csv')?.values[1];
    expect(csv?.shown.length).toBeLessThan(50);
    expect(csv?.shown).toContain('4000 chars');
    expect(csv?.full).toHaveLength(4000);
  });
});

describe('shorten', () => {
  it('leaves text that wraps alone, and shortens words too long to wrap', () => {
    const layer = 'conv2d activation="relu" filters=8 kernelSize=[3,3] padding="same"';
    expect(shorten(layer)).toBe(layer);
    expect(shorten(`https://example.com/${'a'.repeat(40)}.csv`)).toMatch(
      /^https:\/\/.*… \(64 chars\)$/,
    );
  });
});

describe('describeLayer', () => {
  it('names the type and every setting', () => {
    expect(
      describeLayer({ type: 'conv2d', filters: 8, kernelSize: [3, 3], activation: 'relu' }),
    ).toBe('conv2d activation="relu" filters=8 kernelSize=[3,3]');
  });
});
