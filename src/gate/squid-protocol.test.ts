import { describe, expect, it } from 'vitest';
import { allowDecision, denyDecision } from './decision.js';
import { formatBrokenHelper, formatSquidAnswer, parseSquidRequest, quoteSquidValue } from './squid-protocol.js';

describe('parseSquidRequest', () => {
  it.each([
    ['0 cus_1 example.com 443', true, { channel: '0', customer: 'cus_1', host: 'example.com', port: 443, portText: null }],
    ['17 cus_1 example.com 443 -', true, { channel: '17', customer: 'cus_1', host: 'example.com', port: 443, portText: null }],
    ['3 cus%20one%2Bx b%C3%BCcher.de 80', true, { channel: '3', customer: 'cus one+x', host: 'bücher.de', port: 80, portText: null }],
    ['4  cus_1\texample.com   8080', true, { channel: '4', customer: 'cus_1', host: 'example.com', port: 8080, portText: null }],
    ['5 - [::1] -', true, { channel: '5', customer: '-', host: '[::1]', port: Number.NaN, portText: '-' }],
    ['6 cus_1 example.com abc', true, { channel: '6', customer: 'cus_1', host: 'example.com', port: Number.NaN, portText: 'abc' }],
    ['7 cus_1 example.com 000443 -', true, { channel: '7', customer: 'cus_1', host: 'example.com', port: Number.NaN, portText: '000443' }],
    ['8 cus_1 example.com 0', true, { channel: '8', customer: 'cus_1', host: 'example.com', port: 0, portText: null }],
    ['cus_1 example.com 443', false, { channel: null, customer: 'cus_1', host: 'example.com', port: 443, portText: null }],
    ['cus_1 example.com x1', false, { channel: null, customer: 'cus_1', host: 'example.com', port: Number.NaN, portText: 'x1' }],
  ])('reads %j', (line, concurrent, expected) => {
    expect(parseSquidRequest(line, concurrent)).toEqual({ ok: true, request: expected });
  });

  it.each([
    ['', true, null, 'channel id'],
    ['abc cus example.com 443', true, null, 'channel id'],
    ['7', true, '7', 'expected customer, host and port'],
    ['8 cus example.com', true, '8', 'expected customer, host and port'],
    ['9 cus example%ZZ.com 443', true, '9', 'URL encoding'],
    ['cus example.com', false, null, 'expected customer, host and port'],
  ])('refuses %j', (line, concurrent, channel, problem) => {
    const parsed = parseSquidRequest(line, concurrent);
    expect(parsed).toMatchObject({ ok: false, channel });
    expect(!parsed.ok && parsed.problem).toContain(problem);
  });
});

describe('Squid answers', () => {
  it('quotes values as strwordtok reads them', () => {
    expect(quoteSquidValue('plain text')).toBe('"plain text"');
    expect(quoteSquidValue('say "hi" \\ now\r\nnext\u0000end')).toBe('"say \\"hi\\" \\\\ now\\r\\nnext end"');
  });

  it('answers OK or ERR with the reason as message and the code as log', () => {
    const deny = denyDecision('category_blocked', 'www.irs.gov is in the blocked category government (gov)');
    expect(formatSquidAnswer('12', deny)).toBe('12 ERR message="www.irs.gov is in the blocked category government (gov)" log=category_blocked\n');
    expect(formatSquidAnswer(null, allowDecision('allowed', 'example.org is allowed'))).toBe('OK message="example.org is allowed" log=allowed\n');
  });

  it('answers BH with a message for lines it cannot serve', () => {
    expect(formatBrokenHelper('4', 'malformed request')).toBe('4 BH message="malformed request" log=helper_error\n');
  });
});
