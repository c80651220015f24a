// After `tsc -p electron/tsconfig.json`: mark dist-electron/ as CommonJS (the root package.json says
// "type": "module", and both main.js and the sandboxed preload.js are CommonJS).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist-electron');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'package.json'), JSON.stringify({ type: 'commonjs' }, null, 2) + '\n');
