import { toSql } from 'pgvector/utils';

/**
 * pgvector values as statement parameters, through the pgvector package. A model that returned
 * NaN or Infinity in a vector gets 0 there instead of a statement PostgreSQL refuses.
 */
export function vectorParam(v: readonly number[]): string {
  return toSql(v.map((x) => (Number.isFinite(x) ? x : 0))) as string;
}

