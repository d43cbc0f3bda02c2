/**
 * A trained model in the TF.js layers format: the `model.json` and weights file that
 * `model.save('downloads://...')` would produce, but as values, so they can cross postMessage from
 * the worker and be zipped with the Keras script. `tf.loadLayersModel` loads them anywhere.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExportedEvent } from '../../core/protocol';
import { WEIGHTS_FILE, type ExportedModel } from '../../core/model/tfjs-format';

/**
 * The model's topology and weights (not the optimizer's state: the export is for inference and
 * fine-tuning elsewhere, and optimizer slots would not load into Keras).
 */
export function exportLayersModel(model: tf.LayersModel): Promise<ExportedModel> {
  return new Promise((resolve, reject) => {
    const handler = tf.io.withSaveHandler(async (artifacts) => {
      // Same fields as tfjs-core's getModelJSONForModelArtifacts, which tf.io does not export.
      const modelJson: Record<string, unknown> = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.userDefinedMetadata != null) {
        modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      }
      if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig;
      const weights = tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0));
      resolve({ modelJson: JSON.stringify(modelJson), weights });
      return { modelArtifactsInfo: artifactsInfo(artifacts, weights.byteLength) };
    });
    model.save(handler).catch(reject);
  });
}

/** The worker's answer to an `export` command. */
export async function answerExport(
  model: tf.LayersModel,
  requestId: number,
): Promise<ExportedEvent> {
  const { modelJson, weights } = await exportLayersModel(model);
  return { type: 'exported', requestId, modelJson, weights };
}

function artifactsInfo(artifacts: tf.io.ModelArtifacts, weightDataBytes: number) {
  return {
    dateSaved: new Date(),
    modelTopologyType: 'JSON' as const,
    modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
    weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
    weightDataBytes,
  };
}
