import type { RuleDef } from './rule-schema.js';

/*
 * The rules Vigil ships with, in the object form of the policy's YAML. Amount thresholds are in
 * major units of the payment's own currency; operators whose customers pay in currencies of very
 * different value should override them in their policy.
 */

const sameCurrency = { eq: [{ field: 'currency' }, { current: 'currency' }] };
const sameHost = { eq: [{ field: 'host' }, { current: 'host' }] };
const justUnderThreshold = { all: [{ gte: [{ field: 'amount' }, 9000] }, { lt: [{ field: 'amount' }, 10000] }] };
const authFailure = { in: [{ field: 'status' }, [401, 403]] };
const authRequest = { any: [{ eq: [{ field: 'method' }, 'POST'] }, { matches: [{ field: 'path' }, 'login|auth|signin', 'i'] }] };
const mailPort = { in: [{ field: 'port' }, [25, 465, 587]] };
const hostRate1m = { sum: { within: '1m', types: ['proxy.usage'], of: 'requests', where: sameHost } };

const structuring: RuleDef = {
  id: 'structuring',
  version: 1,
  description: 'Three or more deposits in one currency within 24 hours, each from 90 % of the 10,000 reporting threshold up to just under it: amounts kept below the threshold to avoid a report',
  severity: 'high',
  on: ['payment.deposit'],
  values: {
    count: { count: { within: '24h', types: ['payment.deposit'], where: { all: [sameCurrency, justUnderThreshold] } } },
    total: { sum: { within: '24h', types: ['payment.deposit'], of: 'amount', where: { all: [sameCurrency, justUnderThreshold] } } },
    currency: { field: 'currency' },
  },
  when: { all: [justUnderThreshold, { gte: [{ value: 'count' }, 3] }] },
  action: 'alert',
  cooldown: '24h',
  explain: '{count} deposits between 9,000 and 9,999.99 {currency} within 24h (sum {total} {currency})',
};

const rapidInOut: RuleDef = {
  id: 'rapid_in_out',
  version: 1,
  description: 'A withdrawal of at least 80 % of what was deposited (same currency) in the last 48 hours, with fewer than 3 other events (proxy use, logins) in that time: money passed through without using the service',
  severity: 'high',
  on: ['payment.withdrawal'],
  values: {
    amount: { field: 'amount' },
    currency: { field: 'currency' },
    deposits: { sum: { within: '48h', types: ['payment.deposit'], of: 'amount', where: sameCurrency } },
    deposit_count: { count: { within: '48h', types: ['payment.deposit'], where: sameCurrency } },
    activity: { count: { within: '48h', types: ['proxy.usage', 'account.login'] } },
    share: { mul: [100, { div: [{ field: 'amount' }, { value: 'deposits' }] }] },
  },
  when: { all: [{ gt: [{ value: 'deposits' }, 0] }, { gte: [{ field: 'amount' }, { mul: [0.8, { value: 'deposits' }] }] }, { lt: [{ value: 'activity' }, 3] }] },
  action: 'alert',
  cooldown: '24h',
  explain: 'Withdrawal of {amount} {currency} is {share} % of the {deposit_count} deposit(s) totalling {deposits} {currency} in the last 48h, with only {activity} other event(s) in between',
};

const ticketSpike: RuleDef = {
  id: 'ticket_spike',
  version: 1,
  description: "A deposit more than 5 times the customer's average deposit in that currency, once there are at least 5 earlier deposits to average",
  severity: 'medium',
  on: ['payment.deposit'],
  values: {
    amount: { field: 'amount' },
    currency: { field: 'currency' },
    average: { baseline: { name: 'avg_ticket', of: 'amount', types: ['payment.deposit'], alpha: 0.2, key: 'currency' } },
    history: { baseline_count: { name: 'avg_ticket' } },
    ratio: { div: [{ field: 'amount' }, { value: 'average' }] },
  },
  when: { all: [{ gte: [{ value: 'history' }, 5] }, { gt: [{ field: 'amount' }, { mul: [5, { value: 'average' }] }] }] },
  action: 'alert',
  explain: "Deposit of {amount} {currency} is {ratio} times the customer's average deposit of {average} {currency} (over {history} earlier deposits)",
};

const payerNameMismatch: RuleDef = {
  id: 'payer_name_mismatch',
  version: 1,
  description: "A payment made with an instrument (card, account) in a name other than the customer's: a third party paying, or a stolen instrument",
  severity: 'medium',
  on: ['payment.deposit', 'payment.withdrawal'],
  values: {
    amount: { field: 'amount' },
    currency: { field: 'currency' },
    kind: { field: 'type' },
    instrument: { coalesce: [{ field: 'instrument' }, 'not given'] },
  },
  when: { eq: [{ field: 'payerNameMatches' }, false] },
  action: 'alert',
  key: { field: 'instrument' },
  cooldown: '7d',
  explain: "Payment of {amount} {currency} ({kind}) by a payer whose name is not the customer's (instrument {instrument})",
};

const manyCryptoAddresses: RuleDef = {
  id: 'many_crypto_addresses',
  version: 1,
  description: 'Five or more different crypto addresses used for deposits and withdrawals within 7 days: funds spread over or gathered from many wallets',
  severity: 'medium',
  on: ['crypto.deposit', 'crypto.withdrawal'],
  values: { addresses: { distinct: { within: '7d', types: ['crypto.deposit', 'crypto.withdrawal'], of: 'address' } } },
  when: { gte: [{ value: 'addresses' }, 5] },
  action: 'alert',
  cooldown: '7d',
  explain: '{addresses} different crypto addresses used for deposits and withdrawals within 7 days',
};

const cryptoHighRiskAddress: RuleDef = {
  id: 'crypto_high_risk_address',
  version: 1,
  description: 'A crypto deposit from an address that KYT screening scores at 75 or more, or flags as sanctioned',
  severity: 'critical',
  on: ['crypto.deposit'],
  values: { amount: { field: 'amount' }, asset: { field: 'asset' }, address: { field: 'address' }, risk: { field: 'addressRisk' }, flags: { field: 'addressFlags' } },
  when: { any: [{ gte: [{ field: 'addressRisk' }, 75] }, { in: ['sanctioned', { field: 'addressFlags' }] }] },
  action: 'alert',
  key: { field: 'address' },
  explain: 'Crypto deposit of {amount} {asset} from address {address}, screened with risk {risk} and flags {flags}',
};

const paymentVelocity: RuleDef = {
  id: 'payment_velocity',
  version: 1,
  description: 'Ten or more payments (deposits and withdrawals) within one hour: card testing or automated cash cycling',
  severity: 'medium',
  on: ['payment.deposit', 'payment.withdrawal'],
  values: { payments: { count: { within: '1h', types: ['payment.deposit', 'payment.withdrawal'] } } },
  when: { gte: [{ value: 'payments' }, 10] },
  action: 'alert',
  cooldown: '1h',
  explain: '{payments} payments within 1 hour',
};

const proxyDdos: RuleDef = {
  id: 'proxy_ddos',
  version: 1,
  description: "Requests to one host within a minute reach 10,000, or at least 1,000 and 20 times that host's usual rate for this customer (with 10 reports of history): a flood against the target, which is blocked for 24 hours",
  severity: 'high',
  on: ['proxy.usage'],
  values: {
    host: { field: 'host' },
    rate: hostRate1m,
    usual: { baseline: { name: 'host_requests', of: 'requests', types: ['proxy.usage'], alpha: 0.1, key: 'host' } },
    history: { baseline_count: { name: 'host_requests' } },
  },
  when: {
    any: [
      { gte: [{ value: 'rate' }, 10000] },
      { all: [{ gte: [{ value: 'history' }, 10] }, { gte: [{ value: 'rate' }, 1000] }, { gte: [{ value: 'rate' }, { mul: [20, { value: 'usual' }] }] }] },
    ],
  },
  action: 'block_target',
  hours: 24,
  key: { field: 'host' },
  cooldown: '1h',
  explain: '{rate} requests to {host} within 1 minute (usually {usual} per report, {history} report(s) of history)',
};

const proxyBruteForce: RuleDef = {
  id: 'proxy_brute_force',
  version: 1,
  description: 'At least 200 requests to one host within 5 minutes answered 401 or 403, to POST requests or login, auth or sign-in paths: password guessing against the target, which is blocked for 24 hours',
  severity: 'high',
  on: ['proxy.usage'],
  values: {
    host: { field: 'host' },
    failures: { sum: { within: '5m', types: ['proxy.usage'], of: 'requests', where: { all: [sameHost, authFailure, authRequest] } } },
  },
  when: { all: [authFailure, { gte: [{ value: 'failures' }, 200] }] },
  action: 'block_target',
  hours: 24,
  key: { field: 'host' },
  cooldown: '1h',
  explain: '{failures} failed authentication requests (401/403) to {host} within 5 minutes',
};

const proxySpam: RuleDef = {
  id: 'proxy_spam',
  version: 1,
  description: 'Twenty or more connection attempts to mail ports (25, 465, 587) within an hour: sending spam through the proxy; the customer is suspended for 24 hours',
  severity: 'high',
  on: ['proxy.usage'],
  values: {
    attempts: { sum: { within: '1h', types: ['proxy.usage'], of: 'requests', where: mailPort } },
    hosts: { distinct: { within: '1h', types: ['proxy.usage'], of: 'host', where: mailPort } },
  },
  when: { all: [mailPort, { gte: [{ value: 'attempts' }, 20] }] },
  action: 'suspend',
  hours: 24,
  cooldown: '24h',
  explain: '{attempts} connection attempts to mail ports (25, 465, 587) on {hosts} host(s) within 1 hour',
};

const proxyScraping: RuleDef = {
  id: 'proxy_scraping',
  version: 1,
  description: 'At least 50,000 requests to one host within an hour: bulk scraping of the target',
  severity: 'medium',
  on: ['proxy.usage'],
  values: { host: { field: 'host' }, requests: { sum: { within: '1h', types: ['proxy.usage'], of: 'requests', where: sameHost } } },
  when: { gte: [{ value: 'requests' }, 50000] },
  action: 'alert',
  key: { field: 'host' },
  cooldown: '24h',
  explain: '{requests} requests to {host} within 1 hour',
};

const loginVelocity: RuleDef = {
  id: 'login_velocity',
  version: 1,
  description: 'Ten or more failed logins within 10 minutes: password guessing against the account',
  severity: 'medium',
  on: ['account.login'],
  values: { failures: { count: { within: '10m', types: ['account.login'], where: { eq: [{ field: 'success' }, false] } } } },
  when: { all: [{ eq: [{ field: 'success' }, false] }, { gte: [{ value: 'failures' }, 10] }] },
  action: 'alert',
  cooldown: '1h',
  explain: '{failures} failed logins within 10 minutes',
};

export const SEED_RULES: RuleDef[] = [
  structuring,
  rapidInOut,
  ticketSpike,
  payerNameMismatch,
  manyCryptoAddresses,
  cryptoHighRiskAddress,
  paymentVelocity,
  proxyDdos,
  proxyBruteForce,
  proxySpam,
  proxyScraping,
  loginVelocity,
];
