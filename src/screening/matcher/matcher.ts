import type { EntityType, ListEntity } from '../entity.js';
import { align, type AlignedPair } from './align.js';
import { explain, type MatchExplanation } from './explain.js';
import {
  MAX_CORROBORATION,
  birthDateFactor,
  countryFactor,
  identifierFactor,
  normalizeIdentifier,
  typeFactor,
  weakAliasFactor,
  type Factor,
} from './factors.js';
import { MatchFields } from './match-fields.js';
import { HONORIFICS } from './name-lists.js';
import type { NameHint, NameToken } from './name-rules.js';
import { NameTable } from './name-table.js';
import { normalizeName } from './normalize.js';
import { prepareForm, type PreparedForm } from './query.js';
import { CandidateSearch } from './retrieval.js';
import { TokenMatcher } from './token-matches.js';
import { QUERY_SIDE, nameScore, type NameScore } from './score.js';

export type { MatchExplanation } from './explain.js';

export interface IndexedEntity {
  /** `<list>:<sourceId>` */
  id: string;
  list: string;
  entity: ListEntity;
}

export interface ScreeningQuery {
  name: string;
  type?: EntityType;
  /** YYYY-MM-DD, YYYY-MM or YYYY */
  birthDate?: string;
  /** ISO 3166-1 alpha-2 */
  country?: string;
  identifiers?: Array<{ type?: string; value: string }>;
}

export interface ScreeningMatch {
  entityId: string;
  list: string;
  /** The listed entity's type (policy may set thresholds per type). */
  type: EntityType;
  /** The entity's display name (its first primary name). */
  name: string;
  matchedName: string;
  /** 0..1 */
  score: number;
  explanation: MatchExplanation;
}

export interface SearchOptions {
  /** The lowest score a match may need: candidates are retrieved down to it. */
  threshold?: number;
  /** The score a match on `list` of an entity of `type` needs (at least `threshold`); `threshold` when absent. */
  thresholdFor?: (list: string, type: EntityType) => number;
  limit?: number;
  lists?: string[];
}

/**
 * The score at or above which a listed entity is reported, calibrated with
 * bench/screening.eval.ts on OFAC SDN + consolidated + UN: there, Latin-script variants of
 * listed names are found 98–100 % of the time (one typo 99.7 %, two typos 98.1 %, reordered
 * 99.9 %, a dropped middle word 99.5–100 %, romanisation 99.7 %; both typos in a name's only
 * word of 4–7 letters, which is how two different names differ, 55 %), UN original-script
 * person names 93 %, and 0.1–0.9 % of non-listed control names from many cultures and scripts
 * are flagged (listed given and family names recombined 0.7 %; Korean names written as one
 * Hangul word, which many listed Korean names sound like, 1.1 %). Policy sets its own threshold
 * per list and entity type; this is the default.
 */
export const DEFAULT_THRESHOLD = 0.875;
/** A retrieved word this similar is taken for the one meant (retrievalCoverage). */
const CLOSE_MATCH = 0.9;

/**
 * The retrieval bound for a form with a word retrieval may not have reached: an abjad word of one
 * or two consonants has no key (عدي `dy` ~ Uday), yet the alignment compares it with every word
 * of a name found through the others; and a word of a name read by ear may be heard as the
 * listed one (align.ts fillGaps), as may an abjad word of a name of three words or more, whose
 * consonants one edit off the listed word's still fill a gap. The heaviest such word is not
 * counted on. An abjad word that did find a close match is taken to have found its own.
 */
function retrievalCoverage(form: PreparedForm, minCoverage: number): number {
  let heaviest = 0;
  for (let i = 0; i < form.tokens.length; i++) {
    const t = form.tokens[i]!;
    const keyless = t.info.vowelPoor && (t.info.skel.length <= 2 || form.tokens.length >= 3) && !((form.units[i]!.rankedSim[0] ?? 0) >= CLOSE_MATCH);
    if (form.byEar || keyless) heaviest = Math.max(heaviest, t.weight);
  }
  return heaviest === 0 ? minCoverage : Math.max(0, minCoverage - heaviest / form.totalWeight);
}
/** Rows fully scored per name form, best retrieval bound first. */
const MAX_CANDIDATES = 64;
/**
 * The same for a name read by ear, whose words retrieval finds less surely, so the row meant
 * often ranks behind others sharing one word (瑪莎·加西亞·羅德里奎 behind the Garcias): twice
 * the rows cost such a query about 45 % more time (in-process A/B on 800 Chinese and katakana
 * names) and find 0.5–0.7 % more of them (eval:screening).
 */
const MAX_HEARD_CANDIDATES = 128;
/** Slack for the retrieval bound, which weighs words as the query does, not as the list does. */
const BOUND_MARGIN = 0.08;

/** A name written in Latin letters only: its spellings are the writer's, not a romanisation. */
const LATIN_ONLY = /^[\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]*$/u;

/**
 * A query of titles only ("Mr", "Dr.") names nobody: the name rules keep its titles as words
 * (name-rules.ts isTitle), which would otherwise match every listed name carrying the title (MR
 * HANDYMAN LTD). Only an identifier the query gives may still find an entity.
 */
const isTitleWord = (t: NameToken): boolean => !t.vowelPoor && HONORIFICS.has(t.text);

const hintOf = (type: EntityType | undefined): NameHint =>
  type === 'person' ? 'person' : type === 'organization' || type === 'vessel' || type === 'aircraft' ? 'other' : 'unknown';

interface Best {
  row: number;
  form: PreparedForm;
  pairs: AlignedPair[];
  score: NameScore;
  /** Name score with the weak-alias effect, used to pick an entity's best name. */
  rank: number;
  weak: Factor | null;
}

interface Scored {
  e: number;
  b: Best;
  score: number;
  factors: Factor[];
}

const WEAK_ALIAS = weakAliasFactor('weak_alias');

const byScore = (x: Scored, y: Scored): number => y.score - x.score || x.e - y.e;

/**
 * An immutable screening index over listed entities: build once per list version, search many
 * times. Pure — no I/O; `search` is synchronous and reuses scratch memory, so one index must not
 * be searched from two threads at once (JavaScript never does).
 */
export class ScreeningIndex {
  private readonly search_: CandidateSearch;
  private readonly tokens: TokenMatcher;

  private constructor(
    private readonly fields: MatchFields,
    private readonly table: NameTable,
    private readonly entityRows: Int32Array,
    /** 1 for rows of weak aliases: read per candidate, so kept beside the rows, not in the entities. */
    private readonly weakRows: Uint8Array,
    /** 1 for rows of persons' names (score.ts ADDED_WORD), kept beside the rows for the same reason. */
    private readonly personRows: Uint8Array,
    private readonly identifiers: Map<string, number[]>,
  ) {
    this.search_ = new CandidateSearch(table);
    this.tokens = new TokenMatcher(table.vocab, table.postStart);
    this.tokens.warm();
  }

  static build(source: Iterable<IndexedEntity>): ScreeningIndex {
    const entities = [...source];
    const table = new NameTable();
    const fields = new MatchFields();
    const entityRows = new Int32Array(entities.length + 1);
    const identifiers = new Map<string, number[]>();
    const weakRows: number[] = [];
    const personRows: number[] = [];
    entities.forEach(({ id: entityId, list, entity }, e) => {
      const hint = hintOf(entity.type);
      fields.addEntity(entityId, list, entity);
      for (const name of entity.names) {
        for (const form of normalizeName(name.full, hint)) {
          table.addRow(e, form.tokens);
          fields.addRow(name.full, name.kind);
          weakRows.push(name.kind === 'weak_alias' ? 1 : 0);
          personRows.push(entity.type === 'person' ? 1 : 0);
        }
      }
      entityRows[e + 1] = table.pendingRows;
      for (const id of entity.identifiers) {
        const key = normalizeIdentifier(id.value);
        if (key.length >= 4) identifiers.set(key, [...(identifiers.get(key) ?? []), e]);
      }
    });
    table.finish();
    return new ScreeningIndex(fields, table, entityRows, Uint8Array.from(weakRows), Uint8Array.from(personRows), identifiers);
  }

  get entityCount(): number {
    return this.fields.ids.length;
  }

  get nameCount(): number {
    return this.table.rows;
  }

  search(query: ScreeningQuery, options: SearchOptions = {}): ScreeningMatch[] {
    const threshold = options.threshold ?? DEFAULT_THRESHOLD;
    const lists = options.lists ? new Set(options.lists) : null;
    const accept = lists ? (row: number) => lists.has(this.fields.lists[this.table.rowEntity[row]!]!) : null;
    const minCoverage = Math.max(0, (threshold - MAX_CORROBORATION - (1 - QUERY_SIDE)) / QUERY_SIDE - BOUND_MARGIN);
    const best = new Map<number, Best>();
    const forms: PreparedForm[] = [];
    const titlesOnly: boolean[] = [];
    const typed = LATIN_ONLY.test(query.name);
    for (const f of normalizeName(query.name, hintOf(query.type))) {
      forms.push(prepareForm(this.tokens, this.table.vocab, f.tokens, typed, f.byEar, f.heardFrom ?? null));
      titlesOnly.push(f.tokens.every(isTitleWord));
    }
    for (let i = 0; i < forms.length; i++) {
      const form = forms[i]!;
      if (titlesOnly[i]) continue;
      for (const row of this.search_.search(form, retrievalCoverage(form, minCoverage), form.byEar ? MAX_HEARD_CANDIDATES : MAX_CANDIDATES, accept)) this.consider(form, row, best);
    }
    for (const e of this.identifierHits(query)) {
      if (lists && !lists.has(this.fields.lists[e]!)) continue;
      for (const form of forms) for (let row = this.entityRows[e]!; row < this.entityRows[e + 1]!; row++) this.consider(form, row, best, true);
    }
    const scored: Scored[] = [];
    const thresholdFor = options.thresholdFor;
    for (const [e, b] of best) {
      const s = this.score(query, e, b);
      if (s.score >= (thresholdFor ? thresholdFor(this.fields.lists[e]!, this.fields.types[e]!) : threshold)) scored.push(s);
    }
    scored.sort(byScore);
    const out: ScreeningMatch[] = [];
    for (let i = 0; i < scored.length && i < (options.limit ?? 10); i++) out.push(this.match(scored[i]!));
    return out;
  }

  /** Scores a row and keeps it if it is its entity's best so far; `always` keeps it even with no word in common. */
  private consider(form: PreparedForm, row: number, best: Map<number, Best>, always = false): void {
    const pairs = align(form, this.table, row);
    if (pairs.length === 0 && !always) return;
    const score = nameScore(form, this.table, row, pairs, this.personRows[row] === 1);
    const e = this.table.rowEntity[row]!;
    const weak = this.weakRows[row] === 1 ? WEAK_ALIAS : null;
    const rank = score.score + (weak?.effect ?? 0);
    const current = best.get(e);
    if (!current || rank > current.rank) best.set(e, { row, form, pairs, score, rank, weak });
  }

  private identifierHits(query: ScreeningQuery): Set<number> {
    const hits = new Set<number>();
    for (const id of query.identifiers ?? []) for (const e of this.identifiers.get(normalizeIdentifier(id.value)) ?? []) hits.add(e);
    return hits;
  }

  private score(query: ScreeningQuery, e: number, b: Best): Scored {
    const factors: Factor[] = [];
    let total = b.score.score;
    if (b.weak) {
      factors.push(b.weak);
      total += b.weak.effect;
    }
    // Only a query with facts beyond the name reads the listed ones.
    if (query.birthDate || query.country || query.type || query.identifiers?.length) {
      const fields = this.fields;
      for (const f of [
        birthDateFactor(query.birthDate, fields.dates[e]!),
        countryFactor(query.country, fields.countries[e]!),
        typeFactor(query.type, fields.types[e]!),
        identifierFactor(query.identifiers, fields.identifiers[e]!),
      ]) {
        if (!f) continue;
        factors.push(f);
        total += f.effect;
      }
    }
    return { e, b, score: Math.round(Math.min(1, Math.max(0, total)) * 1000) / 1000, factors };
  }

  /** The reported match, with its explanation (built only for matches that are returned). */
  private match({ e, b, score, factors }: Scored): ScreeningMatch {
    const fields = this.fields;
    const matchedName = fields.rowNames[b.row]!;
    const explanation = explain(b.form, this.table, b.row, b.pairs, b.score, { name: matchedName, kind: fields.rowKinds[b.row]! }, factors);
    return { entityId: fields.ids[e]!, list: fields.lists[e]!, type: fields.types[e]!, name: fields.display[e]!, matchedName, score, explanation };
  }
}
