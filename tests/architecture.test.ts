import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The house rules, read from the source itself: a folder imports only from the layers below it (never
 * a peer, never one above), and a table is written only by the module that owns it. The folder
 * READMEs say the same in words.
 */
const SRC = path.resolve(import.meta.dirname, '../src');

/** Lower numbers sit lower; the longest matching prefix decides a file's layer. */
const LAYERS: Record<string, number> = {
  kernel: 0,
  db: 1,
  chat: 2,
  privacy: 3,
  people: 4,
  ledgers: 5,
  knowledge: 5,
  cases: 6,
  notices: 7,
  jobs: 8,
  'ledgers/skills': 8,
  agents: 9,
  bots: 9,
  'main.ts': 10,
  cli: 11,
  'cli.ts': 12,
};

/** Every table and the folder that alone may write it. */
const OWNERS: Record<string, string> = {
  schema_migrations: 'db',
  settings: 'db',
  audit_log: 'privacy',
  channel_accounts: 'people',
  elder_contact_preferences: 'people',
  staff: 'people',
  chat_groups: 'people',
  binding_codes: 'people',
  binding_attempts: 'people',
  web_sessions: 'people',
  web_login_codes: 'people',
  web_login_failures: 'people',
  elders: 'ledgers',
  family_contacts: 'ledgers',
  health_records: 'ledgers',
  visits: 'ledgers',
  ledger_import_drafts: 'ledgers',
  ledger_chat_context: 'ledgers',
  kb_documents: 'knowledge',
  kb_chunks: 'knowledge',
  kb_embeddings: 'knowledge',
  kb_term_stats: 'knowledge',
  kb_field_stats: 'knowledge',
  kb_gaps: 'knowledge',
  cases: 'cases',
  case_events: 'cases',
  case_counters: 'cases',
  staff_notices: 'notices',
  campaigns: 'jobs',
  deliveries: 'jobs',
  job_plans: 'jobs',
  greeting_holds: 'jobs',
  conversations: 'agents',
  inbound_counts: 'agents',
  inbound_messages: 'bots',
  wechat_send_days: 'bots',
  phone_sends: 'bots',
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => f.split(path.sep).join('/'));
}

function layerOf(rel: string): string {
  const keys = Object.keys(LAYERS).filter((k) => rel === k || rel.startsWith(`${k}/`));
  if (!keys.length) throw new Error(`src/${rel} is in no layer: add its folder to LAYERS and write its README`);
  return keys.sort((a, b) => b.length - a.length)[0]!;
}

const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
const WRITE = /\b(?:INSERT\s+INTO|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+([a-z_]+)|\bUPDATE\s+([a-z_]+)(?:\s+(?:AS\s+)?[a-z]\w*)?\s+SET\b/gi;

const files = sourceFiles(SRC);

describe('architecture', () => {
  it('every folder has a README saying what it owns and may import', () => {
    const folders = new Set(files.map((f) => path.dirname(f)).filter((d) => d !== '.' && !d.includes('/')));
    for (const f of folders) expect(fs.existsSync(path.join(SRC, f, 'README.md')), `src/${f}/README.md`).toBe(true);
  });

  it('imports only go down the layers', () => {
    const wrong: string[] = [];
    for (const rel of files) {
      const from = layerOf(rel);
      const text = fs.readFileSync(path.join(SRC, rel), 'utf8');
      for (const m of text.matchAll(IMPORT)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), m[1] ?? m[2]!));
        if (target.startsWith('..')) continue;
        const to = layerOf(target);
        if (to === from || (from.startsWith(`${to}/`) && LAYERS[to]! <= LAYERS[from]!)) continue;
        if (LAYERS[to]! >= LAYERS[from]!) wrong.push(`src/${rel} (${from}) imports src/${target} (${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a table is written only by its owner', () => {
    const wrong: string[] = [];
    for (const rel of files) {
      const text = fs.readFileSync(path.join(SRC, rel), 'utf8');
      for (const m of text.matchAll(WRITE)) {
        const table = (m[1] ?? m[2]!).toLowerCase();
        const owner = OWNERS[table];
        if (!owner) {
          wrong.push(`src/${rel} writes ${table}, which has no owner in OWNERS`);
          continue;
        }
        if (!(rel.startsWith(`${owner}/`) || rel === owner)) wrong.push(`src/${rel} writes ${table} (owned by ${owner})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the checks see what they look for', () => {
    // Guards against a regex that silently matches nothing.
    expect('UPDATE deliveries d SET x = 1'.match(WRITE)).toHaveLength(1);
    expect("INSERT INTO cases (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET a = 2".match(WRITE)).toHaveLength(1);
    expect([..."import { x } from '../people/groups.ts';\nimport type { Y } from './y.ts';".matchAll(IMPORT)]).toHaveLength(2);
    expect([...`const m = await import('./telegram/adapter.ts')`.matchAll(IMPORT)]).toHaveLength(1);
  });
});
