import { describe, expect, it } from 'vitest';
import { describeIssues, isPartialDate, screeningBatchLineSchema, screeningRequestSchema } from './screening-request.js';

describe('isPartialDate', () => {
  it.each(['1968', '1968-02', '1968-12', '1968-02-29', '2000-02-29', '1968-12-31'])('takes %s', (d) => expect(isPartialDate(d)).toBe(true));
  it.each(['68', '1968-13', '1968-00', '1968-13-45', '1968-02-31', '1969-02-29', '1968-99-99', '1968-1-1', '1968-02-3'])('refuses %s', (d) => expect(isPartialDate(d)).toBe(false));
});

describe('screening request schema', () => {
  const reason = (body: unknown) => {
    const r = screeningRequestSchema.safeParse(body);
    return r.success ? null : describeIssues(r.error);
  };

  it('refuses impossible dates, unknown countries and an empty list of lists', () => {
    expect(reason({ name: 'Igor Sechin', dob: '1968-13-45' })).toMatch(/^dob: must be a real date/);
    expect(reason({ name: 'Igor Sechin', birthDate: '1968-02-31' })).toMatch(/^birthDate: must be a real date/);
    expect(reason({ name: 'Igor Sechin', country: 'XX' })).toMatch(/^country: must be an ISO 3166-1 alpha-2 code/);
    expect(reason({ name: 'Igor Sechin', lists: [] })).toMatch(/^lists: /);
    expect(reason({ name: 'Igor Sechin', limit: 101 })).toMatch(/^limit: /);
    expect(reason({ name: 'Igor Sechin', dob: '1968-02-29', country: 'RU', lists: ['un'], limit: 100 })).toBeNull();
  });

  it('checks a batch line as the API checks a body, with an id of its own', () => {
    const line = (row: unknown) => {
      const r = screeningBatchLineSchema.safeParse(row);
      return r.success ? null : describeIssues(r.error);
    };
    expect(line({ name: 'Igor Sechin', type: 'organisation' })).toMatch(/^type: /);
    expect(line({ name: 'Igor Sechin', country: 'Russia' })).toMatch(/^country: /);
    expect(line({ name: 'Igor Sechin', dob: '68' })).toMatch(/^dob: /);
    expect(line({ name: 123 })).toMatch(/^name: .*expected string/);
    expect(line({ id: { a: 1 }, name: 'Igor Sechin' })).toBe('id: must be a string or a number');
    expect(line({ id: 7, name: 'Igor Sechin', dob: '1968' })).toBeNull();
  });
});
