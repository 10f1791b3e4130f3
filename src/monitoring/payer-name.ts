import { normalizeName } from '../screening/matcher/normalize.js';
import { jaroWinkler } from '../screening/matcher/similarity.js';

const SAME_WORD = 0.88;

/**
 * What ingestion stores as `payerNameMatches`: whether the payer's name agrees with the customer's,
 * or undefined when there is nothing to compare — the customer has no name on file (customers the
 * sign-up gate creates have none) or either name has no name words. Unknown is not a mismatch.
 */
export function payerNameMatch(payer: string, customer: string | undefined): boolean | undefined {
  const p = words(payer);
  const c = customer === undefined ? [] : words(customer);
  return p.length === 0 || c.length === 0 ? undefined : agrees(p, c);
}

/**
 * Whether a payer or card-holder name can be the customer's. Card schemes print initials and
 * reorder names ("J SMITH", "SMITH JOHN"), so each word of the payer must be a word of the customer
 * (spelling variants and small typos allowed) or the initial of one, and at least one must be whole.
 */
function agrees(p: readonly string[], c: readonly string[]): boolean {
  let whole = 0;
  for (const w of p) {
    if (w.length === 1) {
      if (!c.some((x) => x.startsWith(w))) return false;
      continue;
    }
    if (!c.some((x) => x === w || (x.length > 1 && jaroWinkler(x, w) >= SAME_WORD))) return false;
    whole++;
  }
  return whole > 0;
}

function words(name: string): string[] {
  const form = normalizeName(name, 'person')[0];
  return form ? form.tokens.filter((t) => t.role === 'name').map((t) => t.canon) : [];
}
