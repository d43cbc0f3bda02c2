/** Valid bundles for tests: the v1 fixture brought up to date, edited, and given its true id. */
import { contentId } from './content-id';
import v1 from './fixtures/v1.json';
import type { Bundle } from './schema';
import { validateBundle } from './validate';

/** The fixture as plain JSON, `edit` applied, its id recomputed; validated. */
export async function testBundle(
  edit: (json: Record<string, unknown>) => void = () => undefined,
): Promise<Bundle> {
  const migrated = validateBundle(v1);
  if (!migrated.ok) throw migrated.error;
  const json = JSON.parse(JSON.stringify(migrated.value)) as Record<string, unknown>;
  edit(json);
  json.id = await contentId(json);
  const bundle = validateBundle(json);
  if (!bundle.ok) throw bundle.error;
  return bundle.value;
}

/** The bundle as the JSON text a link or a file carries. */
export const bundleText = (bundle: Bundle): string => JSON.stringify(bundle);
