import { sha256Hex } from '../core/hash.js';

/** The lists as loaded: each list's name, content version and active version id. */
export interface LoadedList {
  name: string;
  data_ver: string | null;
  active_version: string | null;
}

/**
 * The data version of the whole screening index: a hash of every loaded list's name and content
 * version, so that screenings against the same lists carry the same one. Each list import
 * records what it stands for (screening_index_versions), so a decision's `dataVer` leads back to
 * the version of every list it was screened against.
 */
export function indexDataVer(lists: readonly LoadedList[]): { key: string; dataVer: string } {
  const key = [...lists]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((l) => `${l.name}@${l.data_ver ?? ''}`)
    .join('|');
  return { key, dataVer: key ? `dv_${sha256Hex(key).slice(0, 16)}` : 'none' };
}
