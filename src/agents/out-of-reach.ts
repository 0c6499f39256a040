import { normalize, spokenClauses } from './normalize.ts';

/**
 * What the bot cannot know and nobody at the bureau should be phoned back about: the weather to
 * come, bus and train times, market prices, what is on television. Old people ask these of anyone
 * who answers ("明儿个下雨不 我想去园子里打药"); the honest answer is "我查不了" and where to look,
 * never "没听明白" and never a case for staff. Only asked things count: "今儿天好得很" is chat, and
 * "雨把窑泡塌了" is a story the life-event reading takes. So are omens and lucky days (这梦是啥兆头,
 * 哪天日子好), and when the village's roads and pipes get done: the village committee knows that.
 */
export type OutOfReach = 'weather' | 'transport' | 'price' | 'tv' | 'omen' | 'works';

const ASKS = /[不吗么没呢]$|啥|什么|会不会|能不能|要不要|有没有|怎么样|咋样|啥样|多少|几度|几点|啥时候|什么时候|几时|哪天|哪一天|哪年/u;
/** Some clause of it asks. */
const asks = (text: string): boolean => /[？?]/u.test(text) || spokenClauses(text).some((c) => ASKS.test(c));
/** A day still to come, or the forecast itself: the weather asked, not the weather felt. */
const TO_COME = /明天|明儿|后天|后儿|大后天|今晚|今儿晚上|今天晚上|夜里|这几天|这两天|过两天|周末|礼拜|星期|下(?:个)?(?:礼拜|星期|周)|天气预报|预报/u;
const WEATHER = /预报|下雨|落雨|下雪|刮风|大风|冰雹|霜冻|下霜|降温|升温|气温|天气|晴|阴天|多少度|几度|冷不冷|热不热/u;
const TRANSPORT = /班车|公交|客车|汽车站|车站|火车|高铁|动车|车票|大巴/u;
const PRICE = /(?:一斤|一公斤|一袋|一箱)(?:多少钱|几块|啥价)|(?:多少钱|几块钱?)一(?:斤|公斤|袋|箱)|价钱|价格|行情|收购价/u;
const MARKET = /苹果|果子|花椒|玉米|麦子|小麦|粮食|菜|肉|鸡蛋|化肥|农药|猪|羊|油/u;
const TV = /电视|节目|戏曲频道|秦腔(?:节目|台)|哪个台/u;
const OMEN = /兆头|预兆|征兆|算命|算卦|看日子|择日子|(?:黄|皇)历|风水|(?:日子|时辰)(?:好不好|吉利|合不合)|哪天(?:的)?日子好|吉利不|犯冲|冲不冲|属相合/u;
const WORKS = /(?:路|桥|渠|水管|自来水|管道|天然气|网线|路灯)[^，。]{0,6}(?:修|铺|通|硬化|改造|安)|修路|铺路/u;
/** Words of the bureau's own business: 老年人坐公交免费不 is a question about 优待, not a timetable. */
const OURS = /免费|优待|半价|老年证|优待证|补贴|补助|报销|政策|规定|老干部|离休|退休|抚恤|低保/u;

export function outOfReach(text: string): OutOfReach | null {
  const s = normalize(text);
  if (!s || s.length > 80 || OURS.test(s) || !asks(text)) return null;
  if (WEATHER.test(s) && TO_COME.test(s)) return 'weather';
  if (TRANSPORT.test(s) && /几点|啥时候|什么时候|几时|多会|还有没有|有没有|多少钱|几趟|时刻/.test(s)) return 'transport';
  if (PRICE.test(s) && MARKET.test(s)) return 'price';
  if (TV.test(s) && /几点|啥时候|什么时候|演|放|播|有没有/.test(s)) return 'tv';
  if (OMEN.test(s)) return 'omen';
  if (WORKS.test(s) && /啥时候|什么时候|几时|多会|哪天|哪年|能不能|有没有|还修不修/.test(s)) return 'works';
  return null;
}

export function outOfReachReply(kind: OutOfReach, office: { name: string; phone: string }): string {
  return `${plainReply(kind)}别的事随时问我，也可以打${office.name}电话：${office.phone}。`;
}

function plainReply(kind: OutOfReach): string {
  switch (kind) {
    case 'weather':
      return '天气预报我这里查不了。您看看电视上的天气预报，或者问问家里人。出门干活注意安全。';
    case 'transport':
      return '班车、火车的时间我这里查不了，您问问车站或者家里人。';
    case 'price':
      return '市场上的价钱我这里查不了，您问问收购的商户或者村里人。';
    case 'tv':
      return '电视节目我这里查不了，您问问家里人，或者看看电视上的节目预告。';
    case 'omen':
      return '梦和日子好坏，我说不上来，您别太往心里去。心里不踏实的话，跟家里人或者我们说说话。';
    case 'works':
      return '村里修路、通水这些工程的安排，我这里查不了，您问问村委会或者镇上。';
  }
}
