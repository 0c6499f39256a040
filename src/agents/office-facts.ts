import { normalize } from './normalize.ts';

/**
 * What the bureau itself runs and the bot can say without a regulation: when the 解忧室 meets. Asked
 * as a fact ("啥时候开门", "礼拜二开着没") it gets the fact; said as a wish ("想过去坐坐", "想找人说说")
 * it is a booking, and the 解忧 case answers with the same fact.
 */
const JIEYOU_ROOM = /解忧室|解忧队/;
const ASKS_WHEN_OPEN = /(?:啥|什么|哪)时(?:候)?(?:开|有|去)|几点|哪天|开门|开着|开不开|开没|还开|在哪|地址|怎么去/;
const WISH = /想|要|预约|报名|登记|坐坐|说说|聊|陪|帮我|给我/;

export function officeFact(text: string, office: { name: string; phone: string }): string | null {
  const s = normalize(text);
  if (JIEYOU_ROOM.test(s) && ASKS_WHEN_OPEN.test(s) && !WISH.test(s)) {
    const where = /在哪|地址|怎么去/.test(s) ? `具体地方和怎么走，请打${office.name}电话：${office.phone}问一下。` : '';
    return `解忧室每周二下午开门，有工作人员和志愿者陪您说说话、拉拉家常，欢迎来坐坐。${where}想预约或者请人打电话陪您聊，跟我说“预约解忧室”就行。`;
  }
  return null;
}
