import { existsSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';

const src = new URL('../src/', import.meta.url).href;
const dist = new URL('../dist/', import.meta.url).href;

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (!resolved.url.startsWith(src) || !resolved.url.endsWith('.ts')) return resolved;
  const built = dist + resolved.url.slice(src.length).replace(/\.ts$/, '.js');
  if (!existsSync(fileURLToPath(built))) throw new Error(`${built} is missing: run npm run build first`);
  return { ...resolved, url: built, format: 'module' };
}
