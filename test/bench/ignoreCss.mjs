// The benches run scene code in Node; some of it reaches a component's stylesheet (import './x.css'), which only
// a bundler can load. This hook makes such imports empty modules in Node (registered after tsx, so it runs first).
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(
      "export async function load(url, context, next) { return url.endsWith('.css') ? { format: 'module', source: '', shortCircuit: true } : next(url, context); }",
    ),
);
