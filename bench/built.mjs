/**
 * Loaded with `tsx --import ./bench/built.mjs`: the benchmark scripts stay TypeScript, but every
 * module of Vigil they reach is the build in dist/ (run `npm run build` first) — the code
 * `vigil serve` runs — not src/ as tsx compiles it on the fly (tsx keeps function names, which
 * costs a property definition for every closure a hot loop creates).
 */
import { register } from 'node:module';

register('./built-hooks.mjs', import.meta.url);
