import type { Kysely, Migration } from 'kysely';
import type { MigrationSet } from '../db/migrate.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations build a schema the types do not know yet */
type AnyDb = Kysely<any>;

export const vaultMigrations: MigrationSet = (caps) => {
  const blob = caps.dialect === 'postgres' ? 'bytea' : 'blob';
  const initial: Migration = {
    async up(db: AnyDb) {
      await db.schema
        .createTable('vault_keys')
        .addColumn('subject_id', 'text', (c) => c.primaryKey())
        .addColumn('kek_id', 'text', (c) => c.notNull())
        .addColumn('wrapped_dek', blob, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('erased_at', 'text')
        .execute();
      await db.schema.createIndex('vault_keys_kek').on('vault_keys').column('kek_id').execute();
      await db.schema
        .createTable('vault_fields')
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('field', 'text', (c) => c.notNull())
        .addColumn('ciphertext', blob, (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('vault_fields_pk', ['subject_id', 'field'])
        .execute();
      await db.schema
        .createTable('vault_index')
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('field', 'text', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('vault_index_pk', ['subject_id', 'field'])
        .execute();
      await db.schema.createIndex('vault_index_lookup').on('vault_index').columns(['field', 'digest']).execute();
      await db.schema
        .createTable('vault_files')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('ciphertext', blob, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('vault_files_subject').on('vault_files').column('subject_id').execute();
      await db.schema
        .createTable('vault_access_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('what', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('vault_access_subject').on('vault_access_log').columns(['subject_id', 'at']).execute();
    },
  };
  return { '0001-vault': initial };
};
