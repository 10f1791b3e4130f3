import type { StoredEntity } from './lists.store.js';

export interface AddressListing {
  list: string;
  entityId: string;
  /** The listed party's display name (or the address list's label). */
  entityName: string;
  currency: string;
  address: string;
  programs: string[];
  topics: string[];
}

export interface AddressVerdict {
  address: string;
  /** 0 (nothing known) … 100 (sanctioned). */
  riskScore: number;
  flags: string[];
  listings: AddressListing[];
}

/** Something about the loaded lists an operator should act on: start-up logs it, GET /v1/lists and `vigil lists` show it. */
export interface ListWarning {
  code: string;
  message: string;
  /** What to do about it. */
  remedy: string;
}

export const NO_ADDRESS_LISTS_WARNING: ListWarning = {
  code: 'NO_ADDRESS_LISTS',
  message: 'no loaded list holds a crypto address: address screening (KYT) checks nothing, and flags every answer NO_ADDRESS_LISTS (its score of 0 means unknown, not clean)',
  remedy:
    "import OFAC's digital-currency addresses: vigil lists import DIR --list ofac-crypto, DIR holding the sanctioned_addresses_<ASSET>.txt files of github.com/0xB10C/ofac-sanctioned-digital-currency-addresses (taken from OFAC's SDN_ADVANCED.XML); an OFAC SDN list import brings the addresses it names too, and so does an address list of your own",
};

/** Risk of a listing by its topic; sanctions are absolute, categories from operator lists weigh less. */
const TOPIC_RISK: Record<string, number> = { sanction: 100, darknet: 90, ransomware: 90, terrorism: 100, mixer: 80, scam: 70, gambling: 40 };
const DEFAULT_TOPIC_RISK = 50;

/**
 * EVM addresses (0x…, shared by ETH, USDT/USDC on Ethereum, ARB, BSC, ETC) and bech32 addresses
 * compare case-insensitively; base58 addresses (bitcoin legacy, TRON) are case-sensitive.
 */
export function normalizeAddress(address: string): string {
  const a = address.trim();
  if (/^0x[0-9a-fA-F]{40}$/.test(a)) return a.toLowerCase();
  if (/^(bc1|ltc1|tb1|bitcoincash:)/i.test(a)) return a.toLowerCase();
  return a;
}

/**
 * The shapes crypto addresses come in: hex (EVM, with or without 0x; 64-digit keys some lists
 * carry), base58 (bitcoin legacy, TRON, Monero, Solana, XRP, Zcash …), bech32 (bc1, ltc1, tb1)
 * and cashaddr. A string of none of them is no address: it is flagged, not silently cleared.
 */
const ADDRESS_SHAPES = [/^(0x)?[0-9a-fA-F]{40}$/, /^(0x)?[0-9a-fA-F]{64}$/, /^[1-9A-HJ-NP-Za-km-z]{25,110}$/, /^(bc1|ltc1|tb1)[02-9ac-hj-np-z]{6,87}$/i, /^(bitcoincash:|bchtest:)?[qp][02-9ac-hj-np-z]{41}$/i];

export function looksLikeAddress(address: string): boolean {
  const a = address.trim();
  return ADDRESS_SHAPES.some((shape) => shape.test(a));
}

/** Ticker spellings of one currency: OFAC lists bitcoin as XBT (ISO 4217 style), customers say BTC. */
const CURRENCY_ALIASES: Readonly<Record<string, string>> = { XBT: 'BTC' };

/** The one ticker a currency is compared by. */
export function canonicalCurrency(currency: string): string {
  const upper = currency.trim().toUpperCase();
  return CURRENCY_ALIASES[upper] ?? upper;
}

/** Exact look-up of crypto addresses from every loaded list: O(1) per address. */
export class AddressIndex {
  private constructor(private readonly byAddress: Map<string, AddressListing[]>) {}

  static build(entities: Iterable<StoredEntity>): AddressIndex {
    const map = new Map<string, AddressListing[]>();
    for (const e of entities) {
      for (const ca of e.entity.cryptoAddresses) {
        const key = normalizeAddress(ca.address);
        const listing: AddressListing = {
          list: e.list,
          entityId: `${e.list}:${e.sourceId}`,
          entityName: e.entity.names[0]?.full ?? e.sourceId,
          currency: ca.currency,
          address: ca.address,
          programs: e.entity.programs,
          topics: e.entity.topics.length > 0 ? e.entity.topics : ['sanction'],
        };
        const list = map.get(key);
        if (list) list.push(listing);
        else map.set(key, [listing]);
      }
    }
    return new AddressIndex(map);
  }

  get size(): number {
    return this.byAddress.size;
  }

  screen(address: string, currency?: string): AddressVerdict {
    const listings = this.byAddress.get(normalizeAddress(address)) ?? [];
    const flags = new Set<string>();
    let riskScore = 0;
    for (const l of listings) {
      for (const topic of l.topics) {
        riskScore = Math.max(riskScore, TOPIC_RISK[topic] ?? DEFAULT_TOPIC_RISK);
        flags.add(topic === 'sanction' ? 'SANCTIONED' : `LISTED_${topic.toUpperCase()}`);
      }
    }
    // OFAC lists one EVM address once per chain: a listing for the asked currency among them makes
    // the others no warning that the currency might be wrong.
    if (currency && listings.length > 0 && !listings.some((l) => canonicalCurrency(l.currency) === canonicalCurrency(currency))) flags.add('LISTED_FOR_OTHER_CURRENCY');
    if (listings.length === 0 && !looksLikeAddress(address)) flags.add('ADDRESS_FORMAT_UNKNOWN');
    // With no address loaded a score of 0 is "not checked", not "clean": the caller must be able to tell.
    if (this.byAddress.size === 0) flags.add('NO_ADDRESS_LISTS');
    return { address, riskScore, flags: [...flags].sort(), listings };
  }
}
