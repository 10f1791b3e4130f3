import { describe, expect, it } from 'vitest';
import { EVENT_DATA_SCHEMAS, EVENT_FIELDS, type MonitoringEventType } from './event.js';

describe('event data schemas', () => {
  const valid: Array<[MonitoringEventType, object, object?]> = [
    ['payment.deposit', { amount: 9500, currency: 'EUR', method: 'card', payerNameMatches: true, instrument: 'fp_1' }],
    ['payment.withdrawal', { amount: 0.01, currency: 'USD' }],
    ['crypto.deposit', { amount: 0.5, asset: 'BTC', address: 'bc1qxyz', txHash: 'ab12', addressRisk: 100, addressFlags: ['sanctioned'] }],
    ['crypto.withdrawal', { amount: 12, asset: 'USDT', address: '0xabc' }],
    ['proxy.usage', { host: 'Shop.Example', port: 443, method: 'post', path: '/login', status: 401, requests: 20, bytes: 0 }, { host: 'shop.example', method: 'POST', intervalSeconds: 60 }],
    ['account.login', { ip: '203.0.113.7', deviceId: 'dev_1', success: false }],
  ];
  it.each(valid)('accepts a %s', (type, data, normalised = {}) => {
    expect(EVENT_DATA_SCHEMAS[type].parse(data)).toEqual({ ...data, ...normalised });
  });

  const invalid: Array<[string, MonitoringEventType, object]> = [
    ['an unknown field', 'payment.deposit', { amount: 1, currency: 'EUR', payerName: 'Jane Doe' }],
    ['a non-positive amount', 'payment.deposit', { amount: 0, currency: 'EUR' }],
    ['a currency that is not ISO 4217 shaped', 'payment.withdrawal', { amount: 1, currency: 'euro' }],
    ['a method outside the list', 'payment.deposit', { amount: 1, currency: 'EUR', method: 'cheque' }],
    ['a crypto event without address', 'crypto.deposit', { amount: 1, asset: 'BTC' }],
    ['a risk above 100', 'crypto.deposit', { amount: 1, asset: 'BTC', address: 'x', addressRisk: 101 }],
    ['a port out of range', 'proxy.usage', { host: 'a', port: 70000, requests: 1 }],
    ['zero requests', 'proxy.usage', { host: 'a', port: 80, requests: 0 }],
    ['a login without success', 'account.login', { ip: '203.0.113.7' }],
    ['a malformed IP', 'account.login', { ip: '300.1.1.1', success: true }],
  ];
  it.each(invalid)('refuses %s', (_, type, data) => {
    expect(EVENT_DATA_SCHEMAS[type].safeParse(data).success).toBe(false);
  });

  it('derives the field catalogue from the schemas', () => {
    expect(EVENT_FIELDS['payment.deposit']).toEqual({ amount: 'number', currency: 'string', method: 'string', payerNameMatches: 'boolean', instrument: 'string' });
    expect(EVENT_FIELDS['crypto.deposit']['addressFlags']).toBe('list');
    expect(EVENT_FIELDS['proxy.usage']['intervalSeconds']).toBe('number');
  });
});
