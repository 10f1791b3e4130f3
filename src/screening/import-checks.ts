import { dirname } from 'node:path';
import { isVigilError, VigilError } from '../core/errors.js';
import type { ImportWarning, ListFileInfo } from './entity.js';
import { ScreeningErrors } from './errors.js';

/** Share of a loaded list's entities an import may remove without `force` (`screening.maxRemovedShare`). */
export const DEFAULT_MAX_REMOVED_SHARE = 0.5;

/** A DECLARED_COUNT_MISMATCH warning when the file says it holds another number of records than were read. */
export function countWarning(fileName: string, info: ListFileInfo, entityCount: number, duplicates: number): ImportWarning[] {
  const declared = info.declaredCount;
  if (declared === null || declared === entityCount) return [];
  const merged = duplicates > 0 ? ` (after merging ${duplicates} repeated records)` : '';
  return [{ code: 'DECLARED_COUNT_MISMATCH', message: `${fileName} declares ${declared} records but ${entityCount} entities were read${merged}: the file may be cut short, an excerpt or edited` }];
}

export interface Shrinkage {
  list: string;
  fileName: string;
  /** Entities of the loaded version, and how many of them the new one lacks. */
  loaded: number;
  removed: number;
  entityCount: number;
  maxRemovedShare: number;
}

/**
 * SCREENING_LIST_SHRUNK when the new version would remove more than `maxRemovedShare` of the
 * loaded one: an excerpt or a cut file is far likelier than a list that halved in a week.
 */
export function shrinkRefusal(s: Shrinkage): VigilError | null {
  if (s.loaded === 0 || s.removed / s.loaded <= s.maxRemovedShare) return null;
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  return new VigilError(
    ScreeningErrors.SCREENING_LIST_SHRUNK,
    `importing ${s.fileName} would remove ${s.removed} of the ${s.loaded} entities of ${s.list} (${pct(s.removed / s.loaded)}, more than the ${pct(s.maxRemovedShare)} screening.maxRemovedShare allows), leaving ${s.entityCount}; nothing was imported and the loaded version stays. If the file is the whole list, import it again with --force (API: the form field force=true)`,
    { list: s.list, file: s.fileName, loaded: s.loaded, removed: s.removed, entityCount: s.entityCount, maxRemovedShare: s.maxRemovedShare },
  );
}

/**
 * The same coded error with `name` where it said the file's path (an upload's temporary file):
 * a server path never reaches the client. Other errors pass as they are.
 */
export function shownAs(err: unknown, path: string, name: string): unknown {
  if (!isVigilError(err)) return err;
  const dir = dirname(path);
  const hide = (text: string) => text.replaceAll(path, name).replaceAll(`${dir}/`, '').replaceAll(dir, '');
  const context = Object.fromEntries(Object.entries(err.context).map(([k, v]) => [k, typeof v === 'string' ? hide(v) : v]));
  return new VigilError({ code: err.code, kind: err.kind, title: err.title }, hide(err.message), context, { cause: err });
}
