import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  const table: Array<[unknown, number | null]> = [
    ['90s', 90_000],
    ['10m', 600_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    ['250ms', 250],
    ['0s', null],
    ['1.5h', null],
    ['24 h', null],
    ['h', null],
    ['24H', null],
    [86_400_000, null],
    ['99999999999999999d', null],
  ];
  it.each(table)('parses %j as %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
});
