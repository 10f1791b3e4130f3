import { describe, expect, it } from 'vitest';
import { KeyTable } from './key-table.js';

const valuesOf = (table: KeyTable, key: number) => {
  const group = table.find(key);
  if (group < 0) return null;
  const out: number[] = [];
  for (let p = table.start(group); p < table.end(group); p++) out.push(table.value(p));
  return out;
};

describe('KeyTable', () => {
  it('groups values by key, sorted, each pair once', () => {
    const table = KeyTable.build([7, -3, 7, 7, 0], [2, 9, 1, 2, 4]);
    expect(valuesOf(table, 7)).toEqual([1, 2]);
    expect(valuesOf(table, -3)).toEqual([9]);
    expect(valuesOf(table, 0)).toEqual([4]);
    expect(table.size).toBe(4);
  });

  it('carries each value\'s payload beside it', () => {
    const table = KeyTable.build([7, 7, 3], [2, 5, 2], (value) => value * 10);
    const group = table.find(7);
    const payloads: number[] = [];
    for (let p = table.start(group); p < table.end(group); p++) payloads.push(table.payload(p));
    expect(payloads).toEqual([20, 50]);
  });

  it('answers -1 for an absent key', () => {
    expect(KeyTable.build([1, 2], [1, 2]).find(3)).toBe(-1);
    expect(KeyTable.build([], []).find(0)).toBe(-1);
  });

  it('finds every key of a large table despite collisions in its slots', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => Math.imul(i, 0x9e3779b1));
    const table = KeyTable.build(keys, keys.map((_, i) => i));
    expect(keys.every((k, i) => valuesOf(table, k)?.[0] === i)).toBe(true);
  });
});
