// `npm run bench` runs in Node, where importing a stylesheet fails (ERR_UNKNOWN_FILE_EXTENSION): the scene bench
// reaches React components that import their .css. This load hook makes every .css import an empty module.
import { register } from 'node:module';

const hook = `export async function load(url, context, next) {
  if (new URL(url).pathname.endsWith('.css')) return { format: 'module', source: '', shortCircuit: true };
  return next(url, context);
}`;
register('data:text/javascript,' + encodeURIComponent(hook));
