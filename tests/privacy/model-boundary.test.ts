import { describe, expect, it } from 'vitest';
import { fromModel, PlaceholderTable, protect, screenModelText, speechText } from '../../src/privacy/model-boundary.ts';
import { createModelGuard } from '../../src/privacy/model-guard.ts';
import { HOSTILE_OUTPUTS, leaks } from './hostile-outputs.ts';

const terms = { names: ['张建国', '李秀英', '王德明'], addresses: ['澄城县韦庄镇韦庄村1号'] };

describe('the model boundary: what goes out', () => {
  it('replaces phones in every form, ID numbers, addresses and ledger names by placeholders, one per value', () => {
    const table = new PlaceholderTable();
    const p = protect('我是张建国，电话138.6252.7601，也可以打幺三八 六二五二 七六零一，住澄城县韦庄镇韦庄村1号，身份证６１０５２５１９４００３０２１２３４，李秀英知道', { terms, table });
    expect(p.text).toBe('我是[姓名1]，电话[电话1]，也可以打[电话1]，住[地址1]，身份证[证件号1]，[姓名2]知道');
    // Our own code gets the values back (the first way each was written).
    expect(p.restore('[姓名2]和【姓名1】，[电话1]')).toBe('李秀英和张建国，138.6252.7601');
    // A second text of the same request shares the table.
    expect(protect('再问一下13862527601', { terms, table }).text).toBe('再问一下[电话1]');
  });

  // A link is nobody's personal data: the link filter works on the way back.
  it.each(HOSTILE_OUTPUTS.filter((h) => !/link|domain/.test(h.label)))('leaves nothing of it in what is sent: $label', ({ text, secret }) => {
    const sent = protect(text, { terms }).text;
    expect(leaks(sent, secret), sent).toBe(false);
  });

  it('keeps what is no one\'s: dates, article numbers, document numbers, amounts, a short number', () => {
    for (const s of ['1935年11月2日出生', '一九三五年十一月二日', '陕人社发〔2019〕12号第十二条', '国务院令第649号', '每月发放300元', '后四位是6212', '2026-11-30 10:30']) {
      expect(protect(s, { terms }).text).toBe(s);
    }
  });
});

describe('the model boundary: what comes back', () => {
  it.each(HOSTILE_OUTPUTS)('finds and removes it in a model reply: $label', ({ text, secret }) => {
    const s = screenModelText(`您好！${text}。`, { terms, allowedLinkHosts: ['gov.cn'] });
    expect(s.found.length, text).toBeGreaterThan(0);
    expect(leaks(s.text, secret), s.text).toBe(false);
  });

  it('keeps links to allowed hosts and a clean reply as it is', () => {
    expect(screenModelText('政策原文见 https://www.gov.cn/zhengce/a.htm', { allowedLinkHosts: ['gov.cn'] })).toEqual({ text: '政策原文见 https://www.gov.cn/zhengce/a.htm', found: [] });
    expect(screenModelText('政策原文见 https://www.gov.cn.evil.top/a', { allowedLinkHosts: ['gov.cn'] }).found).toEqual(['link']);
    expect(screenModelText('您好！今天精神怎么样？', { terms })).toEqual({ text: '您好！今天精神怎么样？', found: [] });
  });

  it('an echoed placeholder is no finding, and is never turned back into the value in the model\'s words', () => {
    expect(screenModelText('您的电话[电话1]我们记下了', { terms })).toEqual({ text: '您的电话（已隐藏）我们记下了', found: [] });
  });

  it('tool arguments: values the model wrote itself are hidden, placeholders are restored for our own code', () => {
    const table = new PlaceholderTable();
    protect('查一下张建国的电话', { terms, table });
    expect(fromModel({ question: '[姓名1]的电话', extra: ['13900001111 https://evil.cn/x'] }, table, { terms })).toEqual({ question: '张建国的电话', extra: ['（已隐藏）'] });
  });
});

describe('the model boundary: what a speech engine reads', () => {
  it('never a ledger row: lines with names, numbers (raw or masked), IDs or addresses are left out', () => {
    const spoken = speechText('韦庄镇独居老干部共2位：\n1. 张建国 男 86岁 韦庄村 138****1234\n2. 王德明 15011112222\n请按时走访。', terms);
    expect(spoken).toBe('韦庄镇独居老干部共2位：\n请按时走访。\n详细信息请看文字消息。');
  });

  it.each(HOSTILE_OUTPUTS)('reads none of it: $label', ({ text, secret }) => {
    const spoken = speechText(`好的。\n${text}`, terms);
    expect(leaks(spoken, secret), spoken).toBe(false);
  });

  it('a policy answer reads as it is', () => {
    expect(speechText('离休干部的医药费按规定实报实销。依据《关于离休干部医疗保障的规定》第五条。', terms)).toBe('离休干部的医药费按规定实报实销。依据《关于离休干部医疗保障的规定》第五条。');
  });
});

describe('the guard', () => {
  it('the office phone is nobody\'s: a reply may carry it and speech reads it; any other number is still hidden', async () => {
    const guard = createModelGuard({ publicNumbers: ['0913-6666666'] });
    expect(await guard.speech('急事请打县委老干部局电话：0913-6666666。')).toBe('急事请打县委老干部局电话：0913-6666666。');
    expect(await guard.screen('请打0913 6666666，或0913-7654321')).toEqual({ text: '请打0913 6666666，或（已隐藏）', found: ['phone'] });
  });

  it('looks the ledger\'s names up in what is sent and in what comes back', async () => {
    const looked: string[][] = [];
    const guard = createModelGuard({
      findTerms: async (texts) => {
        looked.push([...texts]);
        return { names: ['李秀英', '王德明'].filter((n) => texts.some((t) => t.includes(n))), addresses: [] };
      },
    });
    const req = await guard.request(['李秀英的事', '第二段']);
    expect(req.texts).toEqual(['[姓名1]的事', '第二段']);
    expect(await req.screen('[姓名1]的事王德明也知道')).toEqual({ text: '（已隐藏）的事（已隐藏）也知道', found: ['name'] });
    expect(await req.toolArgs({ q: '[姓名1]的电话' })).toEqual({ q: '李秀英的电话' });
    expect(looked[0]).toEqual(['李秀英的事', '第二段']);
  });
});
