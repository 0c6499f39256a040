import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vectorParam } from '../../src/db/vector.ts';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';

describe.each(testDbKinds)('pgvector values (%s)', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(() => t.cleanup());

  it('go in as parameters the vector type accepts, with a broken component made 0', async () => {
    expect(vectorParam([1, Number.NaN, 2.5, Number.POSITIVE_INFINITY])).toBe('[1,0,2.5,0]');
    const r = await t.db.query<{ d: number }>(`SELECT $1::vector <=> $2::vector AS d`, [vectorParam([1, 0]), vectorParam([0, 1])]);
    expect(r.rows[0]!.d).toBeCloseTo(1);
  });
});
