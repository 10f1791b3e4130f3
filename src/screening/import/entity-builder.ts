import type { CryptoAddress, EntityIdentifier, EntityType, ListEntity, NameKind } from '../entity.js';

/** Which kind wins when a list gives the same spelling twice: a weak alias that is also a strong one is strong. */
const NAME_RANK: Record<NameKind, number> = { primary: 0, alias: 1, original_script: 2, former: 3, weak_alias: 4 };

/**
 * Collects one entity's fields while a record is read and drops empties and duplicates, so each
 * parser states only where a value comes from. Lists repeat themselves (the same nationality in
 * two places, an address country that is also the nationality); the index should not.
 * Arrays and linear scans on purpose: a record holds a handful of values, and Sets per entity
 * would cost more than they save.
 */
export class EntityBuilder {
  private readonly entity: ListEntity;

  constructor(sourceId: string, type: EntityType) {
    this.entity = {
      sourceId, type, names: [], dates: [], countries: [], identifiers: [], addresses: [],
      cryptoAddresses: [], programs: [], topics: ['sanction'], listedAt: null, remarks: null,
    };
  }

  /** Adds a name once; a spelling listed under two kinds keeps the stronger (see NAME_RANK). */
  name(full: string | null | undefined, kind: NameKind): this {
    const value = full?.replace(/\s+/g, ' ').trim();
    if (!value) return this;
    const existing = this.entity.names.find((n) => n.full === value);
    if (!existing) this.entity.names.push({ full: value, kind });
    else if (NAME_RANK[kind] < NAME_RANK[existing.kind]) existing.kind = kind;
    return this;
  }

  date(value: string | null | undefined): this {
    return this.add(this.entity.dates, value);
  }

  country(code: string | null | undefined): this {
    return this.add(this.entity.countries, code);
  }

  address(text: string | null | undefined): this {
    return this.add(this.entity.addresses, text?.replace(/\s+/g, ' ').trim());
  }

  program(name: string | null | undefined): this {
    return this.add(this.entity.programs, name?.trim());
  }

  identifier(id: EntityIdentifier): this {
    const value = id.value.trim();
    const same = (o: EntityIdentifier) => o.type === id.type && o.value === value && o.country === id.country;
    if (value && !this.entity.identifiers.some(same)) {
      this.entity.identifiers.push(id.country ? { type: id.type, value, country: id.country } : { type: id.type, value });
    }
    return this;
  }

  crypto(address: CryptoAddress): this {
    const same = (o: CryptoAddress) => o.currency === address.currency && o.address === address.address;
    if (address.address && !this.entity.cryptoAddresses.some(same)) this.entity.cryptoAddresses.push(address);
    return this;
  }

  listedAt(date: string | null): this {
    this.entity.listedAt = date;
    return this;
  }

  remark(text: string | null | undefined): this {
    const value = text?.replace(/\s+/g, ' ').trim();
    if (value) this.entity.remarks = this.entity.remarks ? `${this.entity.remarks}; ${value}` : value;
    return this;
  }

  /** True once a primary name is known: a record without one cannot be screened. */
  hasPrimaryName(): boolean {
    return this.entity.names.some((n) => n.kind === 'primary');
  }

  build(): ListEntity {
    return this.entity;
  }

  private add(list: string[], value: string | null | undefined): this {
    if (value && !list.includes(value)) list.push(value);
    return this;
  }
}
