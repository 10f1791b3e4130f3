import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AddressIndex, canonicalCurrency, looksLikeAddress } from './kyt.js';
import type { StoredEntity } from './lists.store.js';

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

/** One listed party holding `addresses` as `[currency, address]`, as a list import stores it. */
function listed(list: string, sourceId: string, addresses: Array<[string, string]>): StoredEntity {
  return {
    list,
    sourceId,
    hash: sourceId,
    entity: { sourceId, type: 'unknown', names: [{ full: sourceId, kind: 'primary' }], dates: [], countries: [], identifiers: [], addresses: [], cryptoAddresses: addresses.map(([currency, address]) => ({ currency, address })), programs: [], topics: [], listedAt: null, remarks: null },
  };
}

describe('address screening verdicts', () => {
  const EVM = '0x4f47bc496083c727c5fbe3ce9cdf2b0f6496270c';
  // OFAC lists one EVM address once per chain it was seen on.
  const index = AddressIndex.build([listed('ofac', 'eth', [['ETH', EVM]]), listed('ofac', 'arb', [['ARB', EVM]]), listed('ofac', 'bsc', [['BSC', EVM]])]);

  it('says nothing could be checked when no address list is loaded, instead of a clean answer', () => {
    const empty = AddressIndex.build([listed('names-only', 'p-1', [])]);
    expect(empty.screen('0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1', 'ETH')).toEqual({ address: '0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1', riskScore: 0, flags: ['NO_ADDRESS_LISTS'], listings: [] });
    expect(index.screen('0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1', 'ETH').flags).toEqual([]);
  });

  it('raises LISTED_FOR_OTHER_CURRENCY only when no listing is for the currency asked about', () => {
    expect(index.screen('0x4F47bc496083C727c5fbe3CE9CDf2B0f6496270C', 'ETH').flags).toEqual(['SANCTIONED']);
    expect(index.screen(EVM, 'eth').flags).toEqual(['SANCTIONED']);
    expect(index.screen(EVM, 'USDT').flags).toEqual(['LISTED_FOR_OTHER_CURRENCY', 'SANCTIONED']);
    expect(index.screen(EVM).flags).toEqual(['SANCTIONED']);
  });
});
