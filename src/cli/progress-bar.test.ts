import { describe, expect, it } from 'vitest';
import { renderBar } from './progress-bar.js';

describe('import progress bar', () => {
  it('fills with the share of the file read', () => {
    expect(renderBar('un.xml', { entities: 12000, bytesRead: 50, totalBytes: 100, done: false }, 10)).toBe('un.xml [#####.....]  50%  12,000 entities');
  });

  it('stays below 100 % until the import is done, then is full', () => {
    expect(renderBar('sdn.csv', { entities: 5, bytesRead: 100, totalBytes: 100, done: false }, 10)).toContain('99%');
    expect(renderBar('sdn.csv', { entities: 5, bytesRead: 100, totalBytes: 100, done: true }, 10)).toBe('sdn.csv [##########] 100%  5 entities');
  });

  it('counts entities alone when the size is unknown (a directory of address lists)', () => {
    expect(renderBar('crypto/', { entities: 700, bytesRead: 0, totalBytes: null, done: true })).toBe('crypto/ 700 entities, done');
  });
});
