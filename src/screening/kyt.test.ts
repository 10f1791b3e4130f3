import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalCurrency, looksLikeAddress } from './kyt.js';

const CRYPTO_DIR = resolve(import.meta.dirname, '../../../shared/data/sanctions/ofac/crypto');

describe('crypto address shapes', () => {
  it.each([
    ['0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1', true],
    ['123WBUDmSJv4GctdVEz6Qq6z8nXSKrJ4KX', true],
    ['bc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz6', true],
    ['TX1Y7h6uTV8u4wD6CKf2sKzyM1wNRfUhuV', true],
    ['bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy', true],
    ['not an address!!', false],
    ['0xZZZZ', false],
    ['example.com/wallet', false],
  ])('%s looks like an address: %s', (address, expected) => {
    expect(looksLikeAddress(address)).toBe(expected);
  });

  it.skipIf(!existsSync(CRYPTO_DIR))(`recognises every address OFAC lists (${CRYPTO_DIR})`, () => {
    const addresses = readdirSync(CRYPTO_DIR).flatMap((f) => readFileSync(join(CRYPTO_DIR, f), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean));
    expect(addresses.length).toBeGreaterThan(600);
    expect(addresses.filter((a) => !looksLikeAddress(a))).toEqual([]);
  });

  it('compares OFAC’s XBT and the BTC customers say as one currency', () => {
    expect([canonicalCurrency('xbt'), canonicalCurrency('BTC'), canonicalCurrency(' eth ')]).toEqual(['BTC', 'BTC', 'ETH']);
  });
});
