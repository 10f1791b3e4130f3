import type { ImportProgress } from '../screening/list-import.service.js';

const WIDTH = 30;

/** One line of an import progress bar: `un.xml [#########.........]  45%  12,000 entities`. */
export function renderBar(label: string, p: ImportProgress, width = WIDTH, unit = 'entities'): string {
  const count = `${p.entities.toLocaleString('en-US')} ${unit}`;
  if (p.totalBytes === null || p.totalBytes === 0) return `${label} ${count}${p.done ? ', done' : ''}`;
  // Sibling files (OFAC's add/alt/comments) are read before the main one counts, so cap below 100 until done.
  const share = p.done ? 1 : Math.min(0.99, p.bytesRead / p.totalBytes);
  const filled = Math.round(share * width);
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${count}`;
}

/** Redraws the bar on a terminal at most ten times a second; writes nothing elsewhere. */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr, unit = 'entities'): { update(p: ImportProgress): void; end(): void } {
  let drawn = 0;
  let shown = false;
  return {
    update(p) {
      if (!stream.isTTY) return;
      const now = Date.now();
      if (!p.done && now - drawn < 100) return;
      drawn = now;
      shown = true;
      stream.write(`\r${renderBar(label, p, WIDTH, unit)}\u001b[K`);
    },
    end() {
      if (shown) stream.write('\n');
    },
  };
}
