import { describe, expect, it } from 'vitest';
import { ABSENT, describeLayer, diffExperiments } from './experiment-diff';
import { testRunExperiment } from '../../core/runs/test-run';

describe('diffExperiments', () => {
  it('has a row per dataset field, layer and config field, none changed for equal jobs', () => {
    const rows = diffExperiments(testRunExperiment(), testRunExperiment());
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
    const changed = diffExperiments(a, b).filter((r) => r.changed);
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
    const rate = changed.find((r) => r.label === 'learningRate');
    expect([rate?.a, rate?.b]).toEqual(['0.01', '0.1']);
    expect(changed.find((r) => r.label === 'layer 3 (output)')?.a).toBe(ABSENT);
  });

  it('shortens long values such as inline CSV text', () => {
    const a = testRunExperiment();
    const b = testRunExperiment();
    b.dataset = { kind: 'inline', name: 'big', csv: 'x,y\n'.repeat(1000) };
    const csv = diffExperiments(a, b).find((r) => r.label === 'csv');
    expect(csv?.b.length).toBeLessThan(120);
    expect(csv?.b).toContain('4000 chars');
  });
});

describe('describeLayer', () => {
  it('names the type and every setting', () => {
    expect(
      describeLayer({ type: 'conv2d', filters: 8, kernelSize: [3, 3], activation: 'relu' }),
    ).toBe('conv2d activation="relu" filters=8 kernelSize=[3,3]');
  });
});
