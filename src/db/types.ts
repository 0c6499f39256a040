import type { QueryResult, QueryResultRow } from 'pg';

/** The one port every module takes: run a parameterised statement. Text from people is never concatenated into SQL. */
export interface Queryable {
  query<R extends QueryResultRow = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResult<R>>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn inside BEGIN/COMMIT on one connection; any throw rolls back. Use only `tx` inside. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
