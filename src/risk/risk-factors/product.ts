import type { FactorGroupRule, RiskFactor } from '../risk.js';

/**
 * What the customer buys. Residential and mobile proxies borrow real people's connections and
 * scraping at scale is where abuse concentrates, so they weigh more than data-centre proxies or
 * hosting. Each category held counts once, whatever the number of orders; a category the policy
 * does not rate scores `unlisted`, because a new product is not safe merely for being new.
 */
export const productFactors: FactorGroupRule = (p, { policy }) => {
  const rules = policy.factors.product;
  const factors: RiskFactor[] = [];
  const categories = [...new Set(p.products.map((c) => c.trim().toLowerCase()).filter((c) => c !== ''))].sort();
  for (const category of categories) {
    const listed = Object.hasOwn(rules.categories, category);
    const points = listed ? (rules.categories[category] ?? 0) : rules.unlisted;
    if (points === 0) continue;
    factors.push(
      listed
        ? { group: 'product', code: `PRODUCT_${category.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`, points, detail: `The customer holds ${category.replaceAll('_', ' ')} products` }
        : { group: 'product', code: 'PRODUCT_UNLISTED', points, detail: `The customer holds "${category}" products, a category the risk policy does not rate` },
    );
  }
  return { factors, conditions: [] };
};
