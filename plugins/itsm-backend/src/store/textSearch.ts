import { Knex } from 'knex';
import { Db, RECORDS } from './rows';

/*
 * Full-text search over key, title, description, workaround and root cause
 * (migrations/20261202190000_record_search.js and, on SQLite,
 * 20261203070000_record_search_rowid.js): PostgreSQL tsvector with a GIN
 * index, SQLite FTS5. A query's words each match the beginning of a word
 * of the record (all of them must); a query that looks like a key also
 * matches that key exactly. Matches are ranked: best first, then newest.
 */

/**
 * SQLite's index (migrations/20261203070000_record_search_rowid.js): the
 * words under an integer rowid, and the record each rowid stands for.
 */
const SQLITE_FTS = 'itsm_records_fts';
const SQLITE_FTS_ROWIDS = 'itsm_records_fts_rowids';

/** At most this many words of a query are used. */
const MAX_WORDS = 16;

/**
 * The words of a query as the index sees words: separated by white space
 * and ASCII punctuation, lower case, each once.
 */
export function searchWords(q: string): string[] {
  const words = q
    .toLocaleLowerCase('en-US')
    .split(/[\s!-/:-@[-`{-~]+/u)
    .filter(w => w.length > 0);
  return [...new Set(words)].slice(0, MAX_WORDS);
}

/** The exact key ranks first. */
function keyBonus(db: Db, key: string | null): Knex.Raw {
  return key
    ? db.raw('CASE WHEN ?? = ? THEN 1000.0 ELSE 0.0 END', ['r.key', key])
    : db.raw('0.0');
}

/** How a list applies a text query: its condition and its rank. */
export interface TextSearch {
  /**
   * Restricts `r` (itsm_records) to the matches. The builder must select
   * from `itsm_records as r` and join nothing yet: on SQLite the matches
   * take the place of that FROM (they come first, `r` joined to them).
   */
  apply(builder: Knex.QueryBuilder): void;
  /** The rank of `r` (higher is better), for ordering and cursors. */
  rank: Knex.Raw;
  /** The key the query names (`INC-12`), which ranks first; else null. */
  key: string | null;
}

/**
 * The text search of a query, or undefined when it has no words (then it
 * filters nothing, like an empty query).
 */
export function textSearch(db: Db, q: string): TextSearch | undefined {
  const words = searchWords(q);
  if (words.length === 0) return undefined;
  const key = /^[a-z]+-\d+$/i.test(q.trim()) ? q.trim().toUpperCase() : null;
  if (db.client.config.client === 'pg') {
    const tsquery = words
      .map(w => `'${w.replace(/'/g, "''").replace(/\\/g, '\\\\')}':*`)
      .join(' & ');
    const matches = db.raw(`?? @@ to_tsquery('simple', ?)`, [
      'r.search_vector',
      tsquery,
    ]);
    return {
      apply: builder =>
        builder.where(b => {
          b.whereRaw(matches);
          if (key) b.orWhere('r.key', key);
        }),
      // float8: a cursor carries the rank as a JavaScript number, exactly.
      rank: db.raw(`(ts_rank(??, to_tsquery('simple', ?))::float8 + ?)`, [
        'r.search_vector',
        tsquery,
        keyBonus(db, key),
      ]),
      key,
    };
  }
  // SQLite: the query starts from the index's matches and reaches each
  // record through the mapping's and the records' primary keys (CROSS JOIN
  // keeps that order), so MATCH and bm25 run once per query, never per
  // record. The key's words are in the indexed text, so the record with the
  // key is among the matches: no `OR key = ?` is needed.
  const match = words.map(w => `"${w.replace(/"/g, '""')}"*`).join(' AND ');
  const matches = db.raw(
    `?? CROSS JOIN ?? AS ?? ON ?? = ??.rowid CROSS JOIN ?? AS ?? ON ?? = ??`,
    [
      SQLITE_FTS,
      SQLITE_FTS_ROWIDS,
      'tm',
      'tm.fts_rowid',
      SQLITE_FTS,
      RECORDS,
      'r',
      'r.id',
      'tm.record_id',
    ],
  );
  return {
    apply: builder => {
      builder.from(matches).whereRaw('?? MATCH ?', [SQLITE_FTS, match]);
    },
    // bm25 is lower for better matches.
    rank: db.raw(`(-bm25(??) + ?)`, [SQLITE_FTS, keyBonus(db, key)]),
    key,
  };
}
