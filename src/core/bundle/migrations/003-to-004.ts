/**
 * Schema 3 to 4.
 *
 * Version 4 is version 3 with sweeps (issue 17): an experiment cell may carry `sweep`, the plan of
 * a sweep over that cell's experiment (the fields it varies, their values, the method and caps),
 * and a run may carry `sweep`, the values of the trial of that plan it trained. Nothing of
 * version 3 changed meaning, so the step only renumbers: a version 3 bundle is a version 4 bundle
 * without sweeps. The number still goes up so that a Gradlab that reads up to version 3 refuses a
 * bundle with a sweep cell as made by a newer version, rather than opening the cell without its
 * sweep (it would keep the plan as a field it does not know, and show nothing of it).
 */
import type { BundleError } from '../../errors';
import { ok, type Result } from '../../result';
import { setOwn, type JsonObject } from '../canonical';

export function migrate003to004(bundle: JsonObject): Result<JsonObject, BundleError> {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(bundle)) {
    setOwn(out, key, key === 'schemaVersion' ? 4 : value);
  }
  return ok(out);
}
