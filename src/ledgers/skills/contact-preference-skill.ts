import { text } from '../../chat/message.ts';
import type { StaffCommand } from '../../chat/staff-command.ts';
import type { TurnResult } from '../../chat/turn.ts';
import type { Queryable } from '../../db/types.ts';
import { contactPreferenceOf, PREFERENCE_LABEL, preferenceFromWords, setContactPreference } from '../../people/contact-preferences.ts';
import { lookupElder, lookupProblem, splitNamePlace } from './elder-lookup.ts';

const EXAMPLE = '/问候方式 张建国 短信';

/**
 * /问候方式 张建国 短信: how one elder receives greetings (自动, 微信, 短信, 语音, 人工). Staff know who
 * cannot read a text any more, or who would rather hear a person; the planner follows what they set.
 */
export function createContactPreferenceCommand(deps: { db: Queryable }): StaffCommand {
  return {
    name: '问候方式',
    minRole: 'staff',
    help: `${EXAMPLE} —— 设置老人收问候的方式：自动、微信、短信、语音、人工（不写方式：查看）`,
    intent: 'staff_contact_preference',
    async run(ctx, args): Promise<TurnResult> {
      const reply = (t: string): TurnResult => ({ replies: [text(t)], intent: 'staff_contact_preference' });
      const words = args.split(/\s+/).filter(Boolean);
      if (!words.length) return reply(`请写上老人的姓名和方式，例如：${EXAMPLE}\n方式：自动、微信、短信、语音、人工`);
      const wanted = words.length > 1 ? preferenceFromWords(words[words.length - 1]!) : undefined;
      if (words.length > 1 && !wanted) return reply(`“${words[words.length - 1]}”不是一种问候方式。可以写：自动、微信、短信、语音、人工。`);
      const nameWords = wanted ? words.slice(0, -1) : words;
      const { name, place } = splitNamePlace(nameWords[0]!);
      const found = await lookupElder(deps.db, name, place ?? nameWords[1], ctx.staff.towns);
      if (found.kind !== 'one') return reply(lookupProblem(found, `/问候方式 ${name}(韦庄镇) 短信`));
      const e = found.elder;
      if (!wanted) return reply(`${e.name}现在的问候方式：${PREFERENCE_LABEL[await contactPreferenceOf(deps.db, e.id)]}。`);
      await setContactPreference(deps.db, e.id, wanted, ctx.staff.tag);
      return reply(`好的，${e.name}以后的问候方式：${PREFERENCE_LABEL[wanted]}。${wanted === 'sms' || wanted === 'voice' ? '（需要台账里有电话，且已开通短信或语音；否则按自动方式。）' : ''}`);
    },
  };
}
