import { parseQuestion } from '../src/ledgers/query/parse.ts';
const TOWNS = ['城关街道', '韦庄镇', '冯原镇', '王庄镇', '尧头镇', '赵庄镇', '交道镇', '寺前镇', '安里镇', '庄头镇', '罕井镇', '孙镇', '椿林镇', '兴镇', '龙阳镇', '洛滨镇', '陈庄镇', '党睦镇', '高阳镇', '永丰镇'];
const VS = ['东', '西', '南', '北', '前', '后', '上', '下', '新', '老', '中', '大', '小', '高', '李'];
const g = { towns: TOWNS, villages: TOWNS.flatMap((t) => VS.map((v) => ({ name: t.slice(0, 2) + v + '村', town: t }))), partyBranches: TOWNS.map((t) => t + '老干部党支部'), formerUnits: ['县教育局', '县卫健局', '县财政局', '县人民医院', '县法院', '县委办公室', '县农业农村局', '县供销社', '县粮食局', '县水务局', '县第一中学', '县公安局', '县检察院', '县委组织部'], formerPosts: ['科员', '副科长', '科长', '副局长', '局长', '校长', '主任', '会计', '教师', '医生', '所长', '调研员'], healthTerms: ['高血压', '糖尿病', '冠心病', '慢性支气管炎', '脑梗后遗症', '关节炎', '白内障', '阿尔茨海默病', '肺癌', '骨质疏松', '帕金森病'], needs: ['需要助餐服务', '想参加老年大学书法班'], staffNames: [] };
const Q = ['韦庄镇有哪些独居老干部？', '90岁以上的有几位？', '本月谁过生日？', '按镇统计患病老干部人数', '80到89岁的女同志有多少', '患有冠心病的老干部', '丧偶台账', '罕井镇罕井东村的老干部名单', '行动不便的女同志', '县公安局退休的老同志', '各年龄段人数', '下周过生日的老干部', '离休干部有多少人', '年龄最大的10位老干部', '需要助餐服务的老干部', '交道镇卧床的党员电话'];
for (const q of Q) await parseQuestion(q, { today: '2026-12-01', gazetteer: g });
for (const q of Q) { const t0 = performance.now(); for (let i = 0; i < 50; i++) await parseQuestion(q, { today: '2026-12-01', gazetteer: g }); console.log(q, ((performance.now() - t0) / 50).toFixed(2), 'ms'); }
