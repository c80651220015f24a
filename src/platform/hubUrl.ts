// The site hub's address as the shell gives it: `--hub URL` (Electron passes it as ?hub=) or ?hub= in a
// browser, validated like every other hub address.
import { hubFromQuery, validateHubUrl } from '../../electron/argv';

export function launchHubUrl(search: string = globalThis.location?.search ?? ''): string | null {
  return hubFromQuery(search);
}

export function checkHubUrl(raw: string): { ok: true; url: string } | { ok: false; error: string } {
  return validateHubUrl(raw);
}
