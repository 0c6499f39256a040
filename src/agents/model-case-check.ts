import { CASE_CATALOG, type ElderCaseKind } from '../cases/catalog.ts';
import type { TurnResult } from '../chat/turn.ts';
import type { ElderTurn } from './elder-flow.ts';
import { elderFacts, lifeEventTurn, readFrames, speakerOf } from './life-events.ts';

/**
 * A case a model proposes is opened only when the speaker's own words support it. A life event (病故,
 * 住院, 再婚 …) changes what happens to a person (a death holds every greeting and asks staff to mark
 * 已故), so it is never the model's reading: the deterministic frame reader must find the event in the
 * message itself, and then the case is the reader's (its subject, its subkind, its holds), not the
 * model's. Without a frame the model's proposal opens nothing and the deterministic brain answers.
 */
export interface ProposedCase {
  kind: ElderCaseKind;
  subkind?: string | undefined;
  summary: string;
}

const LIFE_SUBKINDS: readonly string[] = CASE_CATALOG.life_event.subkinds;

/** A life event is claimed by its kind, or by a life-event subkind slipped under another kind. */
export function claimsLifeEvent(p: ProposedCase): boolean {
  return p.kind === 'life_event' || (p.subkind !== undefined && LIFE_SUBKINDS.includes(p.subkind));
}

/** The subkind only where the catalog has it for that kind (jieyou/病故 is no case at all). */
export function subkindFor(p: ProposedCase): string | undefined {
  return p.subkind !== undefined && (CASE_CATALOG[p.kind].subkinds as readonly string[]).includes(p.subkind) ? p.subkind : undefined;
}

/** The life event the speaker told, opened as the deterministic reader reads it; null when they told none. */
export async function lifeEventFromWords(t: ElderTurn): Promise<TurnResult | null> {
  const facts = await elderFacts(t);
  const speaker = await speakerOf(t, facts);
  const reading = readFrames(t, speaker);
  if (!reading.frame) {
    t.env.log.warn({ intent: 'life_event' }, 'model proposed a life-event case the message does not tell; nothing opened');
    return null;
  }
  return lifeEventTurn(t, reading, facts, speaker);
}
