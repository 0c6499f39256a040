import { describe, expect, it } from 'vitest';
import { lifeEventReply } from '../../src/agents/replies.ts';

describe('the words after an accident', () => {
  const opts = { speakerIsElder: true, held: false };
  it('comforts when nobody was hurt, and wishes recovery when someone was', () => {
    const fire = lifeEventReply({ event: '意外', subject: 'elder' }, 'SJ-2026-0001', { ...opts, hurt: false });
    expect(fire).toContain('受惊');
    expect(fire).not.toContain('康复');
    expect(lifeEventReply({ event: '意外', subject: 'spouse' }, 'SJ-2026-0001', { ...opts, hurt: true })).toContain('早日康复');
  });
});
