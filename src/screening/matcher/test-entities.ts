import type { EntityType, ListEntity } from '../entity.js';
import type { IndexedEntity } from './matcher.js';

/** A listed entity for hand-built test indexes: an id, a type and its names (the first primary, the rest aliases). */
export function listedEntity(id: string, type: EntityType, names: string[]): IndexedEntity {
  return {
    id: `ofac:${id}`,
    list: 'ofac',
    entity: {
      sourceId: id,
      type,
      names: names.map((full, i) => ({ full, kind: i === 0 ? 'primary' : 'alias' })),
      dates: [],
      countries: [],
      identifiers: [],
      addresses: [],
      cryptoAddresses: [],
      programs: [],
      topics: [],
      listedAt: null,
      remarks: null,
    } satisfies ListEntity,
  };
}
