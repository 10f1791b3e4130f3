/**
 * The one shape every list format is read into. Entity ids are stable across imports because
 * they carry the source's own id: `<list>:<sourceId>` (e.g. `ofac-sdn:36`, `un:6908555`).
 */
export type EntityType = 'person' | 'organization' | 'vessel' | 'aircraft' | 'unknown';

export type NameKind = 'primary' | 'alias' | 'weak_alias' | 'former' | 'original_script';

export interface EntityName {
  /** The name as the list writes it (not normalised). */
  full: string;
  kind: NameKind;
}

export interface EntityIdentifier {
  /** Lower-case kind: `passport`, `national_id`, `imo`, `registration`, `tax_id`, `swift`, `other` … */
  type: string;
  value: string;
  /** ISO 3166-1 alpha-2 of the issuing country, when known. */
  country?: string;
}

export interface CryptoAddress {
  /** Upper-case currency code as the list gives it: XBT, ETH, USDT … */
  currency: string;
  address: string;
}

export interface ListEntity {
  /** The source's own id for the record (OFAC ent_num, UN DATAID, EU logicalId, FtM id …). */
  sourceId: string;
  type: EntityType;
  /** At least one name; the first `primary` one is the display name. */
  names: EntityName[];
  /**
   * Birth dates (persons) or incorporation dates: `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, or a year
   * range `YYYY..YYYY` when the list gives "between" or "circa".
   */
  dates: string[];
  /** ISO 3166-1 alpha-2 codes of nationality, citizenship, residence or registration. */
  countries: string[];
  identifiers: EntityIdentifier[];
  /** Free-text addresses as listed. */
  addresses: string[];
  cryptoAddresses: CryptoAddress[];
  /** Sanctions programmes / regimes (`SDGT`, `IRAQ2`, `UKRAINE-EO13662`, `QDe.004` …). */
  programs: string[];
  /** Topics for lists that are not sanctions: `sanction`, `pep`, `crime`, `debarment`, `watchlist`. */
  topics: string[];
  /** Date the source says the entity was listed (YYYY-MM-DD), if given. */
  listedAt: string | null;
  /** Short remarks the list carries (programme notes, "a.k.a." details); no source markup. */
  remarks: string | null;
}

/**
 * Something an import wants the operator to know that does not stop it: a companion file that
 * was not found (so aliases or addresses are missing), a declared count the file does not hold.
 */
export interface ImportWarning {
  /** Stable, upper-snake: `COMPANION_FILE_MISSING`, `DECLARED_COUNT_MISMATCH` (see docs/list-format.md). */
  code: string;
  message: string;
}

/** The metadata a parser learns from the file itself. */
export interface ListFileInfo {
  /** When the publisher dated the file (YYYY-MM-DD or full ISO), if it says. */
  publishedAt: string | null;
  /** Count the file declares about itself (e.g. sdn.xml Record_Count), to cross-check. */
  declaredCount: number | null;
  /** Records that are not parties (FtM Family/Position rows …), by kind; they are not screened. */
  skipped?: Record<string, number>;
  /** Bytes of the file read so far (before decompression), kept up to date by the reader. */
  bytesRead?: number;
  /** What the parser could not read that the operator should know about; the import goes on. */
  warnings?: ImportWarning[];
}
