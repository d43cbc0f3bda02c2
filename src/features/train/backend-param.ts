/** `?backend=NAME` in the page URL forces a backend; the settings control keeps it in step. */
import { BACKEND_CHOICES, type BackendChoice } from '../../core/protocol';

export function readBackendParam(search: string): BackendChoice {
  const value = new URLSearchParams(search).get('backend');
  return BACKEND_CHOICES.find((b) => b === value) ?? 'auto';
}

export function writeBackendParam(choice: BackendChoice): void {
  const url = new URL(window.location.href);
  if (choice === 'auto') url.searchParams.delete('backend');
  else url.searchParams.set('backend', choice);
  window.history.replaceState(window.history.state, '', url);
}
