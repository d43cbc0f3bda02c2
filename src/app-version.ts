/** The app's version from package.json; only `version` is imported, so nothing else is bundled. */
import { version } from '../package.json';

export const APP_VERSION: string = version;
