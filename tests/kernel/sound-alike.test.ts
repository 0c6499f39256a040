import { describe, expect, it } from 'vitest';
import { SoundMatcher, soundOf } from '../../src/kernel/sound-alike.ts';

describe('one sound-alike matcher with options', () => {
  it('matches any homophone of a known name by default, and keeps a name spelled right', () => {
    const m = new SoundMatcher(['韦庄镇', '离休干部']);
    expect(m.repair('卫庄镇的离修干部').text).toBe('韦庄镇的离休干部');
    expect(m.find('韦庄镇')).toEqual([]);
  });

  it('drops a sound two words share unless told to keep the heavier one', () => {
    expect(new SoundMatcher(['报销', '包销']).find('报消')).toEqual([]);
    expect(new SoundMatcher([{ word: '报销', weight: 9 }, { word: '包销', weight: 1 }], { onClash: 'heavier' }).repair('报消').text).toBe('报销');
  });

  it('one character off, kept characters and real words limit what is read as a slip', () => {
    const m = new SoundMatcher(['抚恤金', '十一'], { maxChanged: 1, keep: '是一十', isWord: (w) => w === '祝愿' });
    expect(m.repair('扶恤金').text).toBe('抚恤金');
    expect(m.repair('府须金').text).toBe('府须金');
    expect(m.repair('是一').text).toBe('是一');
    expect(soundOf('扶恤金')).toBe(soundOf('抚恤金'));
  });

  it('whole-token boundaries keep a window from cutting a word in two', () => {
    const m = new SoundMatcher(['人意'], { boundaries: 'tokens', tokens: () => ['一人', '一年'] });
    expect(m.find('一人一年')).toEqual([]);
  });

  it('with token boundaries, a known word the tokens split is not kept whole over a slip beside it', () => {
    // 能报 is a word of the vocabulary (from 不能报销), yet 能|报|消 splits it: 报消 is the slip.
    const tokens = (run: string) => (run === '能报消多少' ? ['能', '报', '消', '多少'] : [run]);
    const m = new SoundMatcher(['能报', '报销', '离休干部'], { boundaries: 'tokens', tokens, maxChanged: 1 });
    expect(m.repair('能报消多少').text).toBe('能报销多少');
    // A word the tokens keep whole still stands: 离休干部 is not re-read.
    expect(m.find('离休干部')).toEqual([]);
  });

  it('a kept character leading a stretch of bound characters is a slip after all, never one trailing', () => {
    const bound = (c: string) => c === '助' || c === '保' || c === '记';
    const m = new SoundMatcher(['救助', '医保', '回来', '记者'], { maxChanged: 1, keep: '就一会着', bound });
    expect(m.repair('医疗就助').text).toBe('医疗救助');
    expect(m.repair('一保能报').text).toBe('医保能报');
    // 来 stands alone as a word: 会来 is 会 + 来.
    expect(m.repair('他会来').text).toBe('他会来');
    // 着 after 记 is its particle, not a misheard 者.
    expect(m.repair('记着').text).toBe('记着');
    // Without the option, a kept character is never part of a slip.
    expect(new SoundMatcher(['救助'], { maxChanged: 1, keep: '就' }).repair('就助').text).toBe('就助');
  });
});
