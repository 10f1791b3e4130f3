/** Tables of the vault store, which lives apart from everything else (own file / own schema). */
export interface VaultKeyTable {
  subject_id: string;
  kek_id: string;
  wrapped_dek: Buffer;
  created_at: string;
  erased_at: string | null;
}

export interface VaultFieldTable {
  subject_id: string;
  field: string;
  ciphertext: Buffer;
  updated_at: string;
}

export interface VaultIndexTable {
  subject_id: string;
  field: string;
  digest: string;
}

export interface VaultFileTable {
  id: string;
  subject_id: string;
  kind: string;
  mime: string;
  size: number;
  ciphertext: Buffer;
  created_at: string;
}

export interface VaultAccessLogTable {
  id: string;
  at: string;
  actor: string;
  subject_id: string;
  what: string;
  purpose: string;
}

export interface VaultSchema {
  vault_keys: VaultKeyTable;
  vault_fields: VaultFieldTable;
  vault_index: VaultIndexTable;
  vault_files: VaultFileTable;
  vault_access_log: VaultAccessLogTable;
}
