import { describe, expect, it } from 'vitest';
import { context, pairs, profile } from '../test-fixtures.js';
import { productFactors } from './product.js';

describe('product factors', () => {
  it.each([
    ['general products only', ['general'], []],
    ['no products yet', [], []],
    ['residential proxies', ['residential_proxy'], [['PRODUCT_RESIDENTIAL_PROXY', 20]]],
    ['large-scale scraping', ['large_scale_scraping'], [['PRODUCT_LARGE_SCALE_SCRAPING', 25]]],
    ['scraping', ['scraping'], [['PRODUCT_SCRAPING', 15]]],
    ['mobile proxies', ['mobile_proxy'], [['PRODUCT_MOBILE_PROXY', 15]]],
    ['data-centre proxies', ['datacenter_proxy'], [['PRODUCT_DATACENTER_PROXY', 5]]],
    ['hosting', ['hosting'], [['PRODUCT_HOSTING', 5]]],
    ['one category over several orders, once', ['residential_proxy', 'Residential_Proxy ', 'residential_proxy'], [['PRODUCT_RESIDENTIAL_PROXY', 20]]],
    ['several categories, sorted', ['scraping', 'general', 'mobile_proxy', 'residential_proxy'], [['PRODUCT_MOBILE_PROXY', 15], ['PRODUCT_RESIDENTIAL_PROXY', 20], ['PRODUCT_SCRAPING', 15]]],
    ['a category the policy does not rate', ['isp.proxy'], [['PRODUCT_UNLISTED', 10]]],
    ['an inherited property name, as unlisted', ['constructor'], [['PRODUCT_UNLISTED', 10]]],
  ])('scores %s', (_what, products, expected) => {
    expect(pairs(productFactors(profile({ products }), context()).factors)).toEqual(expected);
  });

  it('says which category is unrated', () => {
    expect(productFactors(profile({ products: ['isp.proxy'] }), context()).factors[0]?.detail).toBe('The customer holds "isp.proxy" products, a category the risk policy does not rate');
  });
});
