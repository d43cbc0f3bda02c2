/**
 * Schema 2 to 3.
 *
 * Version 3 is version 2 with the sequence models of issue 16: dataset refs of kind `sequence`
 * (toy tasks) and the shipped texts `names`, `sotu` and `spam`; the layers `embedding`,
 * `positionalEmbedding`, `simpleRNN`, `lstm`, `gru`, `conv1d`, `globalAveragePooling1d`,
 * `layerNormalization`, `causalSelfAttention` and `residual` (a block of layers nested in the
 * list); and the config fields `clipNorm` and `weightDecay`, the optimizer `adamw` and the loss
 * `sparseCategoricalCrossentropy`. Nothing of version 2 changed meaning, so the step only
 * renumbers: a version 2 bundle is a version 3 bundle that uses none of these. The number still
 * goes up so that a Gradlab that reads up to version 2 refuses a bundle that may use them with
 * its "made by a newer version of Gradlab" message, rather than naming a layer it does not know.
 */
import type { BundleError } from '../../errors';
import { ok, type Result } from '../../result';
import { setOwn, type JsonObject } from '../canonical';

export function migrate002to003(bundle: JsonObject): Result<JsonObject, BundleError> {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(bundle)) {
    setOwn(out, key, key === 'schemaVersion' ? 3 : value);
  }
  return ok(out);
}
