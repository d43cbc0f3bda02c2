/**
 * Every training setting: optimizer, learning rate and its schedule, loss (from those that suit the
 * dataset's task), L1/L2 penalties, gradient clipping by global norm (0: off), AdamW's weight
 * decay (shown when AdamW is chosen), batch size, epochs, validation split and seed. Each number
 * field says at the field what is wrong with a bad value, with the limits validateConfig applies.
 */
import {
  DEFAULT_COSINE,
  DEFAULT_STEP,
  LIMITS,
  LOSSES_FOR,
  OPTIMIZERS,
  SCHEDULES,
  lossFor,
  type LossName,
  type OptimizerName,
  type Schedule,
  type TrainConfig,
} from '../../core/train/config';
import { useAppStore } from '../../store';
import { currentInfo } from '../experiment/selectors';
import { NumberField } from '../ui/NumberField';
import { SelectField } from '../ui/SelectField';

const OPTIMIZER_LABELS: Record<OptimizerName, string> = {
  sgd: 'SGD',
  momentum: 'SGD with momentum 0.9',
  adam: 'Adam',
  adamw: 'AdamW (Adam with decoupled weight decay)',
  rmsprop: 'RMSProp',
  adagrad: 'Adagrad',
};
const OPTIMIZER_OPTIONS = OPTIMIZERS.map((o) => ({ value: o, label: OPTIMIZER_LABELS[o] }));

const LOSS_LABELS: Record<LossName, string> = {
  categoricalCrossentropy: 'Cross-entropy',
  meanSquaredError: 'Mean squared error',
  meanAbsoluteError: 'Mean absolute error',
  huber: 'Huber',
  sparseCategoricalCrossentropy: 'Next-token cross-entropy (padding skipped)',
};

const SCHEDULE_LABELS: Record<Schedule['kind'], string> = {
  constant: 'Constant',
  step: 'Step decay',
  cosine: 'Cosine decay',
};
const SCHEDULE_OPTIONS = SCHEDULES.map((s) => ({ value: s, label: SCHEDULE_LABELS[s] }));

const FRESH_SCHEDULE: Record<Schedule['kind'], Schedule> = {
  constant: { kind: 'constant' },
  step: DEFAULT_STEP,
  cosine: DEFAULT_COSINE,
};

const NOTHING_LOCKED: ReadonlySet<string> = new Set();

/** `locked` names TrainConfig fields a lesson does not let the student change. */
export function TrainSettingsForm({
  disabled,
  locked = NOTHING_LOCKED,
}: {
  disabled: boolean;
  locked?: ReadonlySet<string>;
}) {
  const off = (field: string) => disabled || locked.has(field);
  const settings = useAppStore((s) => s.editor.experiment.config);
  const task = useAppStore((s) => currentInfo(s)?.task ?? 'classification');
  const edit = useAppStore((s) => s.edit);
  const update = (patch: Partial<Omit<TrainConfig, 'seed'>>) => edit({ type: 'config', patch });
  const { schedule } = settings;
  return (
    <div className="settings-grid">
      <SelectField
        label="Optimizer"
        value={settings.optimizer}
        options={OPTIMIZER_OPTIONS}
        disabled={off('optimizer')}
        testId="train.optimizer"
        onChange={(optimizer) => update({ optimizer })}
      />
      <NumberField
        label="Learning rate"
        value={settings.learningRate}
        {...LIMITS.learningRate}
        step="any"
        disabled={off('learningRate')}
        testId="train.learningRate"
        onChange={(learningRate) => update({ learningRate })}
      />
      <SelectField
        label="Learning-rate schedule"
        value={schedule.kind}
        options={SCHEDULE_OPTIONS}
        disabled={off('schedule')}
        testId="train.schedule"
        onChange={(kind) => {
          if (kind !== schedule.kind) update({ schedule: FRESH_SCHEDULE[kind] });
        }}
      />
      {schedule.kind === 'step' && (
        <>
          <NumberField
            label="Decay every (epochs)"
            value={schedule.everyEpochs}
            {...LIMITS.everyEpochs}
            integer
            disabled={off('schedule')}
            testId="train.scheduleEvery"
            onChange={(everyEpochs) => update({ schedule: { ...schedule, everyEpochs } })}
          />
          <NumberField
            label="Multiply the rate by"
            value={schedule.factor}
            {...LIMITS.factor}
            step="any"
            disabled={off('schedule')}
            testId="train.scheduleFactor"
            onChange={(factor) => update({ schedule: { ...schedule, factor } })}
          />
        </>
      )}
      {schedule.kind === 'cosine' && (
        <NumberField
          label="Final learning rate"
          value={schedule.minLearningRate}
          min={LIMITS.minLearningRate.min}
          max={settings.learningRate}
          step="any"
          disabled={off('schedule')}
          testId="train.minLearningRate"
          onChange={(minLearningRate) => update({ schedule: { ...schedule, minLearningRate } })}
        />
      )}
      <SelectField
        label="Loss"
        value={lossFor(task, settings.loss)}
        options={LOSSES_FOR[task].map((l) => ({ value: l, label: LOSS_LABELS[l] }))}
        disabled={off('loss')}
        testId="train.loss"
        onChange={(loss) => update({ loss })}
      />
      <NumberField
        label="L1 penalty"
        value={settings.l1}
        {...LIMITS.l1}
        step="any"
        disabled={off('l1')}
        testId="train.l1"
        onChange={(l1) => update({ l1 })}
      />
      <NumberField
        label="L2 penalty"
        value={settings.l2}
        {...LIMITS.l2}
        step="any"
        disabled={off('l2')}
        testId="train.l2"
        onChange={(l2) => update({ l2 })}
      />
      <NumberField
        label="Clip gradients (global norm)"
        value={settings.clipNorm}
        {...LIMITS.clipNorm}
        step="any"
        disabled={off('clipNorm')}
        testId="train.clipNorm"
        onChange={(clipNorm) => update({ clipNorm })}
      />
      {settings.optimizer === 'adamw' && (
        <NumberField
          label="Weight decay"
          value={settings.weightDecay}
          {...LIMITS.weightDecay}
          step="any"
          disabled={off('weightDecay')}
          testId="train.weightDecay"
          onChange={(weightDecay) => update({ weightDecay })}
        />
      )}
      <NumberField
        label="Batch size"
        value={settings.batchSize}
        {...LIMITS.batchSize}
        integer
        disabled={off('batchSize')}
        testId="train.batchSize"
        onChange={(batchSize) => update({ batchSize })}
      />
      <NumberField
        label="Epochs"
        value={settings.epochs}
        {...LIMITS.epochs}
        integer
        disabled={off('epochs')}
        testId="train.epochs"
        onChange={(epochs) => update({ epochs })}
      />
      <NumberField
        label="Validation split"
        value={settings.validationSplit}
        {...LIMITS.validationSplit}
        step={0.05}
        disabled={off('validationSplit')}
        testId="train.validationSplit"
        onChange={(validationSplit) => update({ validationSplit })}
      />
      <NumberField
        label="Seed"
        value={settings.seed}
        {...LIMITS.seed}
        integer
        disabled={off('seed')}
        testId="train.seed"
        onChange={(seed) => edit({ type: 'seed', seed })}
      />
    </div>
  );
}
