import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ListEntity, ListFileInfo } from '../entity.js';
import { lines, malformed, openText } from './read.js';
import type { ListParser } from './parser.js';

/**
 * Crypto addresses, one per line (`#` comments allowed): `address[,currency[,category]]`.
 * The currency comes from the line or from the file name `…_<CURRENCY>.txt` (the layout of the
 * OFAC-derived lists: `sanctioned_addresses_XBT.txt`). Give a directory to import every
 * `.txt` file in it as one list. Each address becomes an entity of its own.
 */
const FILE_CURRENCY = /_([A-Z0-9]{2,10})\.txt(\.gz)?$/i;
const ADDRESS = /^[A-Za-z0-9:]{20,120}$/;

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => /\.txt(\.gz)?$/.test(f))
    .sort()
    .map((f) => join(path, f));
}

async function* parseFile(file: string): AsyncGenerator<ListEntity> {
  const fromName = FILE_CURRENCY.exec(basename(file))?.[1]?.toUpperCase() ?? null;
  let n = 0;
  for await (const raw of lines(openText(file))) {
    n += 1;
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [address = '', currencyField, category] = line.split(',').map((s) => s.trim());
    const currency = (currencyField || fromName || '').toUpperCase();
    if (!ADDRESS.test(address)) throw malformed(file, `line ${n} is not a crypto address`, { line: n });
    if (!currency) throw malformed(file, `line ${n} names no currency and the file name carries none`, { line: n });
    yield {
      sourceId: `${currency}:${address}`,
      type: 'unknown',
      names: [{ full: `${currency} address ${address}`, kind: 'primary' }],
      dates: [],
      countries: [],
      identifiers: [],
      addresses: [],
      cryptoAddresses: [{ currency, address }],
      programs: [],
      topics: [category || 'sanction'],
      listedAt: null,
      remarks: null,
    };
  }
}

export const addressListParser: ListParser = {
  format: 'address-list',
  defaultList: 'crypto-addresses',
  detect: (head, fileName) =>
    fileName.endsWith('/') ? false : /^sanctioned_addresses_/i.test(fileName) || (head.length > 0 && head.split(/\r?\n/).filter((l) => l && !l.startsWith('#')).slice(0, 20).every((l) => ADDRESS.test(l.split(',')[0]!.trim()))),
  async *parse(path: string, _info: ListFileInfo) {
    for (const file of files(path)) yield* parseFile(file);
  },
};
