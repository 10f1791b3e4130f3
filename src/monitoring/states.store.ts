import type { Executor } from '../db/executor.js';

const CHUNK = 500;

/** Customers' checkpoints: the state as JSON and the event number it reflects everything up to. */
export async function load(db: Executor, customerIds: readonly string[]): Promise<Map<string, { state: string; seq: number }>> {
  const out = new Map<string, { state: string; seq: number }>();
  for (let i = 0; i < customerIds.length; i += CHUNK) {
    const rows = await db.selectFrom('monitoring_states').select(['customer_id', 'state', 'seq']).where('customer_id', 'in', customerIds.slice(i, i + CHUNK)).execute();
    for (const r of rows) out.set(r.customer_id, { state: r.state, seq: Number(r.seq) });
  }
  return out;
}

export async function save(trx: Executor, states: ReadonlyArray<{ customerId: string; state: string }>, seq: number): Promise<void> {
  for (let i = 0; i < states.length; i += CHUNK) {
    const rows = states.slice(i, i + CHUNK).map((s) => ({ customer_id: s.customerId, state: s.state, seq }));
    await trx
      .insertInto('monitoring_states')
      .values(rows)
      .onConflict((oc) => oc.column('customer_id').doUpdateSet((eb) => ({ state: eb.ref('excluded.state'), seq: eb.ref('excluded.seq') })))
      .execute();
  }
}

/** The rule processor's cursor and lease. */
export async function cursor(db: Executor): Promise<{ processed: number; owner: string | null; until: string | null }> {
  const r = await db.selectFrom('monitoring_cursor').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  return { processed: Number(r.processed), owner: r.lease_owner, until: r.lease_until };
}

/** Takes or renews the lease when it is free, expired or already ours. */
export async function claimLease(db: Executor, owner: string, now: string, until: string): Promise<boolean> {
  const r = await db
    .updateTable('monitoring_cursor')
    .set({ lease_owner: owner, lease_until: until })
    .where('id', '=', 1)
    .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_owner', '=', owner), eb('lease_until', '<', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function releaseLease(db: Executor, owner: string): Promise<void> {
  await db.updateTable('monitoring_cursor').set({ lease_owner: null, lease_until: null }).where('id', '=', 1).where('lease_owner', '=', owner).execute();
}

/** Moves the cursor only if this node still holds the lease and nobody moved it meanwhile (fencing). */
export async function advance(trx: Executor, owner: string, from: number, to: number): Promise<boolean> {
  const r = await trx.updateTable('monitoring_cursor').set({ processed: to }).where('id', '=', 1).where('processed', '=', from).where('lease_owner', '=', owner).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
