import type { Reason } from '../decisions/decision.js';
import type { SignupAction, SignupPolicy } from '../policy/policy.js';
import type { LinkKind } from './links.service.js';
import type { VelocityCount } from './velocity.js';

/** What the sign-up gate learned about one sign-up; built by signup.service.ts, judged here. */
export interface SignupSignals {
  email: { domain: string; disposable: boolean; matched: string | null; allowListed: boolean; mx: 'has_mx' | 'no_mx' | 'no_domain' | 'timeout' | 'error' | 'skipped' };
  ip: {
    scope: string;
    tor: boolean;
    datacenter: { range: string; source: string; provider?: string | undefined } | null;
    vpn: { range: string; source: string } | null;
    country: string | null;
    asn: { number: number; organization: string | null } | null;
  };
  phone: { country: string | null; type: string } | null;
  declaredCountry: string | null;
  /** Status of the customer this sign-up updates (same externalRef), and whether it is a blocked one. */
  existing: { status: string; blocked: boolean } | null;
  velocity: VelocityCount[];
  links: { linked: Array<{ customerId: string; status: string; shared: LinkKind[]; blocked: boolean }> };
  minfraud: { riskScore: number; ipRisk: number | null } | { error: string } | null;
}

export interface SignupVerdict {
  action: SignupAction;
  reasons: Reason[];
  riskScore: number;
  /** Codes of the signals that fired; they become the customer's risk factors. */
  factors: string[];
}

const SEVERITY: Record<SignupAction, number> = { allow: 0, verify: 1, require_kyc: 2, block: 3 };
type Signal = keyof SignupPolicy['actions'];

/** Pure: the same signals under the same policy always give the same verdict. */
export function judgeSignup(s: SignupSignals, policy: SignupPolicy): SignupVerdict {
  const fired: Array<{ signal: Signal; code: string; text: string }> = [];
  const fire = (signal: Signal, code: string, text: string) => fired.push({ signal, code, text });

  if (s.email.disposable && !s.email.allowListed) fire('disposableEmail', 'SIGNUP_DISPOSABLE_EMAIL', `The email domain ${s.email.domain} is a disposable-email provider (listed as ${s.email.matched})`);
  if (s.email.mx === 'no_mx' || s.email.mx === 'no_domain') fire('emailDomainWithoutMail', 'SIGNUP_EMAIL_NO_MX', `The email domain ${s.email.domain} ${s.email.mx === 'no_domain' ? 'does not exist' : 'accepts no mail'}`);
  if (s.ip.tor) fire('tor', 'SIGNUP_TOR', 'The sign-up came from a Tor exit node');
  if (s.ip.vpn) fire('vpn', 'SIGNUP_VPN', `The IP address is in VPN range ${s.ip.vpn.range} (${s.ip.vpn.source})`);
  if (s.ip.datacenter) {
    const who = s.ip.datacenter.provider ? `${s.ip.datacenter.provider}, ` : '';
    fire('datacenter', 'SIGNUP_DATACENTER', `The IP address is in data-centre range ${s.ip.datacenter.range} (${who}${s.ip.datacenter.source})`);
  }
  if (s.phone?.type === 'voip') fire('voipPhone', 'SIGNUP_VOIP_PHONE', 'The phone number is a VoIP number');
  const mismatch = countryMismatch(s);
  if (mismatch) fire('countryMismatch', 'SIGNUP_COUNTRY_MISMATCH', mismatch);
  for (const v of s.velocity) {
    if (v.exceeded) fire('velocity', `SIGNUP_VELOCITY_${v.kind.toUpperCase()}`, `${v.count} sign-up${v.count === 1 ? '' : 's'} from this ${VELOCITY_NOUN[v.kind]} within ${policy.velocity.windowMinutes} minutes (the policy's limit of ${v.limit} is reached)`);
  }
  if (s.existing?.blocked) fire('linkedToBlocked', 'SIGNUP_EXISTING_CUSTOMER_BLOCKED', `This customer is already ${s.existing.status}`);
  const blocked = s.links.linked.filter((l) => l.blocked);
  if (blocked.length > 0) fire('linkedToBlocked', 'SIGNUP_LINKED_TO_BLOCKED', `Shares ${describe(blocked)} with ${blocked.length} customer(s) who are ${[...new Set(blocked.map((b) => b.status))].join(' or ')}`);
  else if (s.links.linked.length > 0) fire('linkedAccount', 'SIGNUP_LINKED_ACCOUNT', `Shares ${describe(s.links.linked)} with ${s.links.linked.length} other customer(s)`);
  if (s.minfraud && 'riskScore' in s.minfraud && s.minfraud.riskScore >= policy.minfraudThreshold) {
    fire('minfraudHigh', 'SIGNUP_MINFRAUD_HIGH', `minFraud risk score ${s.minfraud.riskScore} is at or above ${policy.minfraudThreshold}`);
  }

  let action: SignupAction = 'allow';
  let score = 0;
  for (const f of fired) {
    const a = policy.actions[f.signal];
    if (SEVERITY[a] > SEVERITY[action]) action = a;
    score += policy.scores[f.signal];
  }
  if (s.minfraud && 'riskScore' in s.minfraud) score = Math.max(score, Math.round(s.minfraud.riskScore));
  const reasons: Reason[] = fired.length > 0 ? fired.map((f) => ({ code: f.code, text: f.text })) : [{ code: 'SIGNUP_CLEAN', text: 'No risk signal on email, IP, phone, velocity or linked accounts' }];
  return { action, reasons, riskScore: Math.min(100, score), factors: [...new Set(fired.map((f) => f.code))].sort() };
}

const VELOCITY_NOUN = { ip: 'IP address', network: 'network', device: 'device', email: 'email address' } as const;

function describe(links: SignupSignals['links']['linked']): string {
  return [...new Set(links.flatMap((l) => l.shared))].map((k) => (k === 'payment' ? 'a payment fingerprint' : k === 'ip' ? 'an IP address' : `a${k === 'email' ? 'n' : ''} ${k === 'email' ? 'email address' : k === 'phone' ? 'phone number' : 'device'}`)).join(', ');
}

/** The declared, IP and phone countries, where known, must agree. */
function countryMismatch(s: SignupSignals): string | null {
  const known = [
    ['declared', s.declaredCountry],
    ['IP', s.ip.country],
    ['phone', s.phone?.country ?? null],
  ].filter((x): x is [string, string] => x[1] !== null);
  const distinct = new Set(known.map(([, c]) => c));
  return distinct.size > 1 ? `Countries disagree: ${known.map(([what, c]) => `${what} ${c}`).join(', ')}` : null;
}
