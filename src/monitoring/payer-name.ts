import { normalizeName } from '../screening/matcher/normalize.js';
import { jaroWinkler } from '../screening/matcher/similarity.js';

const SAME_WORD = 0.88;

/**
 * Whether a payer or card-holder name can be the customer's. Card schemes print initials and
 * reorder names ("J SMITH", "SMITH JOHN"), so each word of the payer must be a word of the customer
 * (spelling variants and small typos allowed) or the initial of one, and at least one must be whole.
 */
export function payerNameAgrees(payer: string, customer: string): boolean {
  const p = words(payer);
  const c = words(customer);
  if (p.length === 0 || c.length === 0) return false;
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
