/** Optimizer, learning rate, batch size, epochs, validation split and seed. */
import { LIMITS, OPTIMIZERS } from '../../core/train/config';
import { useAppStore } from '../../store';
import { NumberField } from '../ui/NumberField';
import { SelectField } from '../ui/SelectField';

const OPTIMIZER_OPTIONS = OPTIMIZERS.map((o) => ({ value: o, label: o }));

export function TrainSettingsForm({ disabled }: { disabled: boolean }) {
  const settings = useAppStore((s) => s.trainSettings);
  const seed = useAppStore((s) => s.datasetSettings.seed);
  const update = useAppStore((s) => s.setTrainSettings);
  const setDataset = useAppStore((s) => s.setDatasetSettings);
  return (
    <div className="settings-grid">
      <SelectField
        label="Optimizer"
        value={settings.optimizer}
        options={OPTIMIZER_OPTIONS}
        disabled={disabled}
        onChange={(optimizer) => update({ optimizer })}
      />
      <NumberField
        label="Learning rate"
        value={settings.learningRate}
        {...LIMITS.learningRate}
        step="any"
        disabled={disabled}
        testId="train.learningRate"
        onChange={(learningRate) => update({ learningRate })}
      />
      <NumberField
        label="Batch size"
        value={settings.batchSize}
        {...LIMITS.batchSize}
        integer
        disabled={disabled}
        testId="train.batchSize"
        onChange={(batchSize) => update({ batchSize })}
      />
      <NumberField
        label="Epochs"
        value={settings.epochs}
        {...LIMITS.epochs}
        integer
        disabled={disabled}
        testId="train.epochs"
        onChange={(epochs) => update({ epochs })}
      />
      <NumberField
        label="Validation split"
        value={settings.validationSplit}
        {...LIMITS.validationSplit}
        step={0.05}
        disabled={disabled}
        onChange={(validationSplit) => update({ validationSplit })}
      />
      <NumberField
        label="Seed"
        value={seed}
        {...LIMITS.seed}
        integer
        disabled={disabled}
        testId="train.seed"
        onChange={(s) => setDataset({ seed: s })}
      />
    </div>
  );
}
