import type { EntityIdentifier, EntityType, ListEntity, NameKind } from '../entity.js';

/**
 * What a search reads of the listed entities, laid out flat when the index is built: per entity
 * the fields a match reports and the facts factors.ts compares, per row the name as the list
 * writes it. Read through the entity objects, scattered over the heap, each candidate and each
 * match cost a few cache misses.
 */
export class MatchFields {
  readonly ids: string[] = [];
  readonly lists: string[] = [];
  readonly types: EntityType[] = [];
  /** The entity's first primary name, else its first name: the one a match is reported under. */
  readonly display: string[] = [];
  readonly dates: Array<readonly string[]> = [];
  readonly countries: Array<readonly string[]> = [];
  readonly identifiers: Array<readonly EntityIdentifier[]> = [];
  /** Per row: the listed name it was read from, as written, and its kind. */
  readonly rowNames: string[] = [];
  readonly rowKinds: NameKind[] = [];

  addEntity(id: string, list: string, entity: ListEntity): void {
    this.ids.push(id);
    this.lists.push(list);
    this.types.push(entity.type);
    this.display.push((entity.names.find((n) => n.kind === 'primary') ?? entity.names[0])?.full ?? '');
    this.dates.push(entity.dates);
    this.countries.push(entity.countries);
    this.identifiers.push(entity.identifiers);
  }

  addRow(name: string, kind: NameKind): void {
    this.rowNames.push(name);
    this.rowKinds.push(kind);
  }
}
