import type { NameKind } from '../entity.js';
import { listDate } from './dates.js';
import type { EntityBuilder } from './entity-builder.js';
import { listCountry } from './list-country.js';
import { personName } from './ofac-common.js';
import { identifierInRemark } from './ofac-ids.js';

/**
 * The facts OFAC packs into the legacy CSV's Remarks field, as `; `-separated items, each
 * optionally led by `alt. `:
 *   DOB 12 Aug 1974 | DOB circa 1956 | DOB 1951 to 1953      → dates
 *   nationality Iraq | citizen Iraq | Nationality of Registration Russia → countries
 *   Passport A123 (Iraq) issued … | National ID No. … | Vessel Registration Identification IMO …
 *                                                             → identifiers (see ofac-ids.ts)
 *   Digital Currency Address - XBT 1AbC…                      → cryptoAddresses
 *   Organization Established Date 31 Jul 1990                 → dates (incorporation)
 *   a.k.a. 'NAME' → weak_alias, f.k.a. 'NAME' → former, n.k.a. 'NAME' → alias
 * OFAC keeps its strong aliases in alt.csv and writes only the weak ones into Remarks (sdn.xml
 * marks the same names `<category>weak</category>`), hence weak_alias for remark a.k.a.s.
 * Linked To, POB, Gender and programme notes stay in the remarks text only.
 */

const ALT = /^alt\.\s+/i;
const CRYPTO = /^Digital Currency Address - ([A-Za-z0-9]+)\s+(\S+)/;
const ALIAS = /^([afn])\.k\.a\.\s+'?(.*?)'?\)?$/;
const ALIAS_KIND: Record<string, NameKind> = { a: 'weak_alias', f: 'former', n: 'alias' };
const PREFIX_HANDLERS: readonly (readonly [string, (b: EntityBuilder, rest: string) => void])[] = [
  ['DOB ', (b, rest) => b.date(listDate(rest))],
  ['nationality ', (b, rest) => b.country(listCountry(rest))],
  ['citizen ', (b, rest) => b.country(listCountry(rest))],
  ['Nationality of Registration ', (b, rest) => b.country(listCountry(rest))],
  ['Organization Established Date ', (b, rest) => b.date(listDate(rest))],
];

/**
 * Adds what the remarks say to the entity. `complete` is false when the text may have been cut
 * (OFAC truncates Remarks at 1,000 characters and continues in sdn_comments.csv); then the
 * last item is dropped rather than read as a half address or half alias.
 */
export function applyRemarks(b: EntityBuilder, remarks: string, isPerson: boolean, complete: boolean): void {
  const items = remarks.split(';');
  if (!complete) items.pop();
  for (const raw of items) {
    const item = raw.trim().replace(ALT, '').replace(/\.$/, '');
    if (item) applyItem(b, item, isPerson);
  }
}

function applyItem(b: EntityBuilder, item: string, isPerson: boolean): void {
  for (const [prefix, handle] of PREFIX_HANDLERS) {
    if (item.startsWith(prefix)) return handle(b, item.slice(prefix.length));
  }
  const alias = ALIAS.exec(item);
  if (alias?.[1] && alias[2]) {
    b.name(isPerson ? personName(alias[2]) : alias[2], ALIAS_KIND[alias[1]] ?? 'alias');
    return;
  }
  const crypto = CRYPTO.exec(item);
  if (crypto?.[1] && crypto[2]) {
    b.crypto({ currency: crypto[1].toUpperCase(), address: crypto[2] });
    return;
  }
  const id = identifierInRemark(item);
  if (id) b.identifier(id);
}
