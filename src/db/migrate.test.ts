import { describe, expect, it } from 'vitest';
import { droppedMeanwhile } from './migrate.js';

describe('droppedMeanwhile', () => {
  // Kysely's migrator reads every schema's tables; another tenant's schema dropped during that read is no reason to fail.
  it('tells another schema dropped during the migration look-up from a real failure', () => {
    const error = (message: string, code = '3F000') => Object.assign(new Error(message), { code });
    expect(droppedMeanwhile(error('schema "t_e1e9d1924665" does not exist'), 't_5479d9f171b2')).toBe(true);
    expect(droppedMeanwhile(error('schema "t_5479d9f171b2" does not exist'), 't_5479d9f171b2')).toBe(false);
    expect(droppedMeanwhile(error('relation "customers" does not exist', '42P01'), 't_5479d9f171b2')).toBe(false);
    expect(droppedMeanwhile(error('relation "t_5c10182d7a41.kysely_migration" does not exist', '42P01'), 't_44e640a94d5e_vault')).toBe(true);
    expect(droppedMeanwhile(error('relation "t_44e640a94d5e_vault.kysely_migration" does not exist', '42P01'), 't_44e640a94d5e_vault')).toBe(false);
    expect(droppedMeanwhile(error('column "method" of relation "idempotency_keys" does not exist', '42703'), 't_5479d9f171b2')).toBe(true);
    expect(droppedMeanwhile(error('column "method" does not exist', '42703'), 't_5479d9f171b2')).toBe(false);
    expect(droppedMeanwhile(new Error('connection refused'), undefined)).toBe(false);
  });
});
