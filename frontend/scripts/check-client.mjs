// Fails when src/api/schema.d.ts no longer matches ../openapi/openapi.json: regenerates the
// types into a temporary file with the same command as `npm run gen` and compares the bytes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const committed = join(root, 'src/api/schema.d.ts');
const dir = mkdtempSync(join(tmpdir(), 'gapscope-client-'));
const fresh = join(dir, 'schema.d.ts');

try {
  execFileSync(
    join(root, 'node_modules/.bin/openapi-typescript'),
    ['../openapi/openapi.json', '-o', fresh],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  let current = '';
  try {
    current = readFileSync(committed, 'utf8');
  } catch {
    // A missing file is stale too.
  }
  if (current !== readFileSync(fresh, 'utf8')) {
    console.error('src/api/schema.d.ts is stale; run npm run gen');
    process.exitCode = 1;
  } else {
    console.log('src/api/schema.d.ts matches ../openapi/openapi.json');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
