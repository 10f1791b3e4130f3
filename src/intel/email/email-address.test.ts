import { describe, expect, it } from 'vitest';
import { VigilError } from '../../core/errors.js';
import { normalizeMailbox, parseEmail } from './email-address.js';

function errorOf(input: string): VigilError {
  try {
    parseEmail(input);
  } catch (err) {
    expect(err).toBeInstanceOf(VigilError);
    expect(err).toMatchObject({ code: 'INTEL_EMAIL_INVALID', kind: 'invalid' });
    return err as VigilError;
  }
  throw new Error('expected parseEmail to reject the input');
}

describe('parseEmail', () => {
  it.each([
    ['alice@northwind-mail.com', 'alice', 'northwind-mail.com', 'northwind-mail.com'],
    ['  Alice.Smith@Northwind-Mail.COM  ', 'Alice.Smith', 'northwind-mail.com', 'northwind-mail.com'],
    ["o'brien+x-y_z{}|~!#$%&*=?^`/@mail.example.co.uk", "o'brien+x-y_z{}|~!#$%&*=?^`/", 'mail.example.co.uk', 'example.co.uk'],
    ['user@sub.domain.mailinator.com', 'user', 'sub.domain.mailinator.com', 'mailinator.com'],
    ['x@a-b.io', 'x', 'a-b.io', 'a-b.io'],
    ['x@xn--mnchen-3ya.de', 'x', 'xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
    ['x@пример.рф', 'x', 'xn--e1afmkfd.xn--p1ai', 'xn--e1afmkfd.xn--p1ai'],
    ['x@shop.zip', 'x', 'shop.zip', 'shop.zip'],
  ])('accepts %j', (input, local, domain, registrable) => {
    expect(parseEmail(input)).toMatchObject({ local, domain, registrableDomain: registrable });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['alice.example.com', 'missing_at'],
    ['a@b@example.com', 'multiple_at'],
    ['"john doe"@example.com', 'local_quoted'],
    ['@example.com', 'empty_local'],
    [`${'a'.repeat(65)}@example.com`, 'local_too_long'],
    ['john doe@example.com', 'local_bad_character'],
    ['(comment)john@example.com', 'local_bad_character'],
    ['jöhn@example.com', 'local_bad_character'],
    ['.alice@example.com', 'local_dot_position'],
    ['alice.@example.com', 'local_dot_position'],
    ['al..ice@example.com', 'local_consecutive_dots'],
    ['alice@', 'domain_empty'],
    ['alice@[192.0.2.1]', 'domain_ip_literal'],
    ['alice@192.0.2.1', 'domain_ip_literal'],
    ['alice@0x7f.1', 'domain_ip_literal'],
    ['alice@localhost', 'domain_no_dot'],
    ['alice@example..com', 'domain_empty_label'],
    ['alice@.example.com', 'domain_empty_label'],
    ['alice@example.com.', 'domain_empty_label'],
    ['alice@exa_mple.com', 'domain_bad_character'],
    ['alice@exa mple.com', 'domain_bad_character'],
    // What a URL parser would cut off or decode: the domain is not example.com.
    ['alice@example.com/path', 'domain_bad_character'],
    ['alice@example.com?x=1', 'domain_bad_character'],
    ['alice@example.com#x', 'domain_bad_character'],
    ['alice@example.com\\x', 'domain_bad_character'],
    ['alice@exa%41mple.com', 'domain_bad_character'],
    ['alice@example.com:25', 'domain_bad_character'],
    ['alice@xn--a.com', 'domain_bad_character'],
    ['alice@-example.com', 'domain_label_hyphen'],
    ['alice@example-.com', 'domain_label_hyphen'],
    [`alice@${'a'.repeat(64)}.com`, 'domain_label_too_long'],
    ['alice@example.123', 'domain_numeric_tld'],
    [`alice@${'abcdefghi.'.repeat(26)}com`, 'domain_too_long'],
    [`${'a'.repeat(64)}@${'abcdefghi.'.repeat(18)}example.com`, 'too_long'],
  ])('rejects %j as %s', (input, reason) => {
    expect(errorOf(input).context.reason).toBe(reason);
  });

  it.each([
    ['x@foo.invalid', 'domain_special_use', 'invalid'],
    ['x@host.localhost', 'domain_special_use', 'localhost'],
    ['x@mail.test', 'domain_special_use', 'test'],
    ['x@shop.example', 'domain_special_use', 'example'],
    ['x@example.com', 'domain_special_use', 'com'],
    ['x@mail.example.org', 'domain_special_use', 'org'],
    ['x@printer.local', 'domain_special_use', 'local'],
    ['x@duskgytldkxiuqc6.onion', 'domain_special_use', 'onion'],
    ['x@router.home.arpa', 'domain_special_use', 'arpa'],
    ['x@a.alt', 'domain_special_use', 'alt'],
    ['a@b.c', 'domain_unknown_tld', 'c'],
    ['x@corp.internal', 'domain_unknown_tld', 'internal'],
    ['x@nas.lan', 'domain_unknown_tld', 'lan'],
    ['x@Mail.Nowhere-TLD', 'domain_unknown_tld', 'nowhere-tld'],
  ])('rejects %j, on a domain no mail reaches, as %s', (input, reason, tld) => {
    const err = errorOf(input);
    expect(err.context).toEqual({ reason, domain: input.slice(2).toLowerCase(), tld });
  });

  it('names the top-level domain that does not exist, and the special-use names, in the message', () => {
    expect(errorOf('a@b.c').message).toBe('the top-level domain .c does not exist (it is not in the public suffix list), so no mail reaches the domain');
    expect(errorOf('x@foo.invalid').message).toMatch(/^the domain is reserved for special use \(RFC 6761.*\.invalid.*\) and no mail reaches it$/);
  });

  it('keeps the address out of the error but names the domain', () => {
    const err = errorOf('secret.person@exa_mple.com');
    expect(err.context).toEqual({ reason: 'domain_bad_character', domain: 'exa_mple.com' });
    expect(JSON.stringify({ m: err.message, c: err.context })).not.toContain('secret');
  });

  it('converts an IDN domain to punycode and keeps the given form in address', () => {
    const parsed = parseEmail('Hans@MÜNCHEN.de');
    expect(parsed).toEqual({
      address: 'Hans@münchen.de',
      local: 'Hans',
      domain: 'xn--mnchen-3ya.de',
      registrableDomain: 'xn--mnchen-3ya.de',
      normalized: 'hans@xn--mnchen-3ya.de',
    });
  });

  it('accepts exactly 254 characters', () => {
    expect(parseEmail(`${'a'.repeat(64)}@${'abcdefghi.'.repeat(18)}examp.com`).domain).toHaveLength(189);
  });

  it('measures the 254 limit on the punycode form, which is what travels over SMTP', () => {
    expect(errorOf(`${'a'.repeat(64)}@${'münchen.'.repeat(13)}de`).context.reason).toBe('too_long');
  });
});

describe('normalisation', () => {
  it.each([
    ['Alice@Northwind-Mail.com', 'alice@northwind-mail.com'],
    ['J.O.H.N+newsletter@gmail.com', 'john@gmail.com'],
    ['john.doe@googlemail.com', 'johndoe@gmail.com'],
    ['john+a+b@gmail.com', 'john@gmail.com'],
    ['+only@gmail.com', '+only@gmail.com'],
    ['bob+shop@outlook.com', 'bob@outlook.com'],
    ['bob.smith+shop@hotmail.com', 'bob.smith@hotmail.com'],
    ['carol+x@icloud.com', 'carol@icloud.com'],
    ['dan+x@fastmail.com', 'dan@fastmail.com'],
    ['eve+x@proton.me', 'eve@proton.me'],
    ['ivan+x@yandex.ru', 'ivan@yandex.ru'],
    ['zed+x@zoho.com', 'zed@zoho.com'],
    ['fred-ebay@yahoo.com', 'fred@yahoo.com'],
    ['fred+x@yahoo.co.uk', 'fred+x@yahoo.co.uk'],
    ['first.last+x@northwind-mail.com', 'first.last+x@northwind-mail.com'],
    ['first-last@gmail.com', 'first-last@gmail.com'],
  ])('normalises %j to %j', (input, normalized) => {
    expect(parseEmail(input).normalized).toBe(normalized);
  });

  it('is exposed for callers that already split the address', () => {
    expect(normalizeMailbox('A.B+c', 'gmail.com')).toBe('ab@gmail.com');
  });
});
