import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * End-to-end tests run the real `bin/vigil.js`, so the compiled sources must be current.
 * `VIGIL_SKIP_BUILD=1` skips the build when only unit tests run (and `dist` may be stale).
 */
export default function setup(): void {
  if (process.env['VIGIL_SKIP_BUILD'] === '1') return;
  const root = resolve(import.meta.dirname, '../..');
  execFileSync(process.execPath, [resolve(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}
