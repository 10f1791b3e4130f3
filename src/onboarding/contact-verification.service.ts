import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../core/clock.js';
import { VigilError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { ContactChannel } from '../customers/customer.js';
import { subjectOf, type CustomersService } from '../customers/customers.service.js';
import type { Capabilities, Database, Executor } from '../db/executor.js';
import type { Policy } from '../policy/policy.js';
import * as store from './challenges.store.js';
import { OnboardingErrors } from './errors.js';

/** Outcome of a code check: a wrong code is a result (its attempt must be committed), not a throw. */
export type CodeCheck = { verified: true } | { verified: false; error: VigilError };

export interface SmsDelivery {
  challengeId: string;
  codeDigest: string;
  targetDigest: string;
  expiresAt: string;
}

/**
 * Proves a customer controls their email address (a signed, expiring, single-use link) and phone
 * number (a six-digit code by SMS: stored as a keyed digest, expiring, with limited attempts and
 * throttled resends). Each success marks the contact verified on the customer. A link or code
 * proves the address or number it was sent to: once the customer's contact changes, the ones
 * sent before no longer verify anything.
 */
export class ContactVerificationService {
  constructor(
    private readonly database: Pick<Database, 'transaction'> & { readonly caps: Pick<Capabilities, 'rowLocks'> },
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly customers: CustomersService,
    private readonly policy: () => Policy,
    /** Keyed digest for a purpose (the vault's pseudonym). */
    private readonly digest: (purpose: string, value: string) => string,
    /** The customer's email address and phone number, decrypted for this purpose (`within`: the transaction, whose own changes count). */
    private readonly contacts: (customerId: string, actor: string, within?: Executor) => Promise<{ email?: string | undefined; phone?: string | undefined }>,
    private readonly sms: () => { send(to: string, body: string): Promise<{ id: string }> },
    /** The key email links are signed with (derived from the vault keyring). */
    private readonly linkKey: () => Buffer,
  ) {}

  /** The email address on file, for a link (throws when there is none). */
  async emailOf(customerId: string, actor: string): Promise<string> {
    const { email } = await this.contacts(customerId, actor);
    if (!email) throw new VigilError(OnboardingErrors.VERIFICATION_CONTACT_MISSING, `customer ${customerId} has no email address on file`, { customerId, channel: 'email' });
    return email;
  }

  /**
   * Sends a new code to the phone number on file. The code is first stored in a transaction of
   * its own that checks the resend limits under the customer's lock, so concurrent requests
   * cannot all pass them; no lock is held across the SMS provider, and a code the provider
   * refused is taken back. The caller records the send (recordSms) once it is through.
   */
  async sendSms(customerId: string, actor: string): Promise<SmsDelivery & { messageId: string }> {
    const { phone } = await this.contacts(customerId, actor);
    const { code, delivery } = await this.database.transaction(async (trx) => {
      await this.lockCustomer(trx, customerId);
      await this.checkResend(trx, customerId);
      if (!phone) throw new VigilError(OnboardingErrors.VERIFICATION_CONTACT_MISSING, `customer ${customerId} has no phone number on file`, { customerId, channel: 'phone' });
      const made = this.newCode(customerId, phone);
      const d = made.delivery;
      await store.insert(trx, { id: d.challengeId, customer_id: customerId, channel: 'sms', secret_hash: d.codeDigest, target_digest: d.targetDigest, attempts: 0, expires_at: d.expiresAt, used_at: null, created_at: this.clock.now().toISOString() });
      return made;
    });
    const minutes = this.policy().signup.verification.smsCodeMinutes;
    try {
      const { id } = await this.sms().send(phone!, `Your verification code is ${code}. It expires in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`);
      return { ...delivery, messageId: id };
    } catch (err) {
      await this.database.transaction((trx) => store.remove(trx, delivery.challengeId)).catch(() => undefined);
      throw err;
    }
  }

  /** Creates an email link token `<challenge id>.<signature>`; the caller puts it into a URL and mails it. */
  async createEmailLink(trx: Executor, customerId: string, email: string, actor: string): Promise<{ token: string; expiresAt: string }> {
    await this.customers.get(trx, customerId);
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.policy().signup.verification.emailLinkHours * 3_600_000).toISOString();
    const id = newId('chl');
    const signature = this.sign(id, customerId, expiresAt);
    await store.insert(trx, {
      id,
      customer_id: customerId,
      channel: 'email',
      secret_hash: this.digest('verification:stored', signature),
      target_digest: this.digest('contact:email', email.toLowerCase()),
      attempts: 0,
      expires_at: expiresAt,
      used_at: null,
      created_at: now.toISOString(),
    });
    await this.audit.append(trx, { actor, action: 'verification.email_link_created', subject: subjectOf(customerId), data: { challengeId: id, expiresAt } });
    return { token: `${id}.${signature}`, expiresAt };
  }

  /** Checks an email link token; a good one verifies the email address and is spent. */
  async confirmEmailLink(trx: Executor, token: string, actor: string): Promise<{ customerId: string }> {
    const c = await this.checkEmailLink(trx, token, actor);
    if (!(await store.recordAttempt(trx, c, true, this.clock.now().toISOString()))) throw new VigilError(OnboardingErrors.VERIFICATION_LINK_USED, 'the verification link was used already', {});
    await this.verified(trx, c.customer_id, 'email', c.id, actor);
    return { customerId: c.customer_id };
  }

  /**
   * Whether an email link token would verify now, spending nothing: what the page a click lands
   * on shows before the customer confirms (mail scanners fetch links, and must not use them up).
   */
  async checkEmailLink(db: Executor, token: string, actor: string): Promise<store.Challenge> {
    const [id, signature] = token.split('.', 2);
    const invalid = () => new VigilError(OnboardingErrors.VERIFICATION_LINK_INVALID, 'the verification link is not valid; ask for a new one', {});
    if (!id || !signature || !/^chl_[0-9a-f]{24}$/.test(id)) throw invalid();
    const c = await store.get(db, id);
    // The row keeps only a digest of the signature it issued, so a database reader cannot mint links.
    if (!c || c.channel !== 'email' || !same(c.secret_hash, this.digest('verification:stored', signature))) throw invalid();
    if (c.used_at) throw new VigilError(OnboardingErrors.VERIFICATION_LINK_USED, `the verification link was used on ${c.used_at}`, { usedAt: c.used_at });
    const now = this.clock.now().toISOString();
    if (c.expires_at <= now) throw new VigilError(OnboardingErrors.VERIFICATION_LINK_EXPIRED, `the verification link expired on ${c.expires_at}; ask for a new one`, { expiresAt: c.expires_at });
    await this.sentToCurrent(db, c, 'email', actor);
    return c;
  }

  /** Checks the resend limits; throws VERIFICATION_RESEND_TOO_SOON with the seconds to wait. */
  async checkResend(db: Executor, customerId: string): Promise<void> {
    const rules = this.policy().signup.verification;
    const now = this.clock.now().getTime();
    const last = await store.latest(db, customerId, 'sms');
    const wait = last ? Math.ceil((Date.parse(last.created_at) + rules.smsResendSeconds * 1000 - now) / 1000) : 0;
    if (wait > 0) throw new VigilError(OnboardingErrors.VERIFICATION_RESEND_TOO_SOON, `a code was sent moments ago; try again in ${wait} s`, { retryAfterSeconds: wait });
    const sent = await store.createdSince(db, customerId, 'sms', new Date(now - 3_600_000).toISOString());
    if (sent.length >= rules.smsMaxPerHour) {
      // A send is possible again once enough of the hour's sends have left the hour.
      const freesUp = Date.parse(sent[sent.length - rules.smsMaxPerHour]!) + 3_600_000;
      const seconds = Math.max(1, Math.ceil((freesUp - now) / 1000));
      throw new VigilError(OnboardingErrors.VERIFICATION_RESEND_TOO_SOON, `${sent.length} codes were sent in the last hour, the most allowed; try again in ${seconds} s`, { retryAfterSeconds: seconds });
    }
  }

  /** A new six-digit code and what to store about it (nothing the code can be read back from). */
  newCode(customerId: string, phoneE164: string): { code: string; delivery: SmsDelivery } {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const challengeId = newId('chl');
    const expiresAt = new Date(this.clock.now().getTime() + this.policy().signup.verification.smsCodeMinutes * 60_000).toISOString();
    return { code, delivery: { challengeId, codeDigest: this.digest('verification:sms', `${challengeId}:${code}`), targetDigest: this.digest('contact:phone', phoneE164), expiresAt } };
  }

  /** Records (audits) a code that sendSms stored and sent. */
  async recordSms(trx: Executor, customerId: string, d: SmsDelivery, actor: string): Promise<void> {
    await this.audit.append(trx, { actor, action: 'verification.sms_sent', subject: subjectOf(customerId), data: { challengeId: d.challengeId, expiresAt: d.expiresAt } });
  }

  /** Checks a code against the newest one sent; every wrong try counts. */
  async confirmSms(trx: Executor, customerId: string, code: string, actor: string): Promise<CodeCheck> {
    // Attempts at one customer's code are checked one at a time: each sees the ones before it.
    await this.lockCustomer(trx, customerId);
    const c = await store.latest(trx, customerId, 'sms');
    if (!c || c.used_at) throw new VigilError(OnboardingErrors.VERIFICATION_CODE_MISSING, 'no code is waiting: request one first', { customerId });
    const now = this.clock.now().toISOString();
    if (c.expires_at <= now) throw new VigilError(OnboardingErrors.VERIFICATION_CODE_EXPIRED, `the code expired at ${c.expires_at}; request a new one`, { expiresAt: c.expires_at });
    const max = this.policy().signup.verification.smsMaxAttempts;
    if (c.attempts >= max) throw new VigilError(OnboardingErrors.VERIFICATION_TOO_MANY_ATTEMPTS, `${c.attempts} wrong codes were tried; request a new one`, { attempts: c.attempts });
    await this.sentToCurrent(trx, c, 'phone', actor);
    const right = /^\d{6}$/.test(code) && same(c.secret_hash, this.digest('verification:sms', `${c.id}:${code}`));
    if (!(await store.recordAttempt(trx, c, right, now))) throw new VigilError(OnboardingErrors.VERIFICATION_ATTEMPT_CONFLICT, 'another attempt at this code was checked at the same time; try again', {});
    if (right) {
      await this.verified(trx, customerId, 'phone', c.id, actor);
      return { verified: true };
    }
    const left = max - c.attempts - 1;
    await this.audit.append(trx, { actor, action: 'verification.sms_wrong_code', subject: subjectOf(customerId), data: { challengeId: c.id, attemptsLeft: left } });
    const error =
      left > 0
        ? new VigilError(OnboardingErrors.VERIFICATION_CODE_WRONG, `the code is wrong; ${left} attempt(s) left`, { attemptsLeft: left })
        : new VigilError(OnboardingErrors.VERIFICATION_TOO_MANY_ATTEMPTS, 'the code is wrong and no attempts are left; request a new one', { attemptsLeft: 0 });
    return { verified: false, error };
  }

  /** Throws VERIFICATION_CONTACT_CHANGED unless the challenge went to the contact now on file. */
  private async sentToCurrent(trx: Executor, c: store.Challenge, channel: ContactChannel, actor: string): Promise<void> {
    const contacts = await this.contacts(c.customer_id, actor, trx);
    const current = channel === 'email' ? contacts.email?.toLowerCase() : contacts.phone;
    if (current !== undefined && same(c.target_digest, this.digest(`contact:${channel}`, current))) return;
    const what = channel === 'email' ? 'email address' : 'phone number';
    throw new VigilError(OnboardingErrors.VERIFICATION_CONTACT_CHANGED, `the customer's ${what} changed after this ${channel === 'email' ? 'link' : 'code'} was sent; send a new one to the ${what} now on file`, { customerId: c.customer_id, channel });
  }

  /** Holds the customer's row until commit (where the store has row locks); throws when there is no such customer. */
  private async lockCustomer(trx: Executor, customerId: string): Promise<void> {
    await store.lockCustomer(trx, this.database.caps, customerId);
    await this.customers.get(trx, customerId);
  }

  private async verified(trx: Executor, customerId: string, channel: ContactChannel, challengeId: string, actor: string): Promise<void> {
    await this.customers.markContactVerified(trx, customerId, channel, actor);
    await this.audit.append(trx, { actor, action: 'verification.confirmed', subject: subjectOf(customerId), data: { challengeId, channel } });
  }

  private sign(id: string, customerId: string, expiresAt: string): string {
    return createHmac('sha256', this.linkKey()).update(`${id}|${customerId}|${expiresAt}`).digest('base64url');
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
