import { describe, expect, it } from 'vitest';
import { maskAddress, maskFreeText, maskPhone, maskRow, phoneForStaff } from '../../src/privacy/masking.ts';

describe('masking', () => {
  it('masks phone numbers as 138****1234', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('138-1234-1234')).toBe('138****1234');
    expect(maskPhone('0913-6666666')).toBe('091****6666');
    expect(maskPhone('12345')).toBe('****');
    expect(maskPhone(null)).toBeNull();
  });

  it('never shows most of a landline or a short number (one rule for chat, group lists and exports)', () => {
    expect(maskPhone('6666666')).toBe('****6666');
    expect(maskPhone('66666666')).toBe('****6666');
    expect(maskPhone('0913 666 6666')).toBe('091****6666');
    expect(phoneForStaff(null)).toBe('（无）');
    expect(phoneForStaff('6666666')).toBe('****6666');
  });

  it('masks numbers written inside free text, in any of the ways people write them', () => {
    const t = maskFreeText('儿子13812341234，座机0913-6666666，老家电话6666666，门牌12号');
    expect(t).toBe('儿子138****1234，座机091****6666，老家电话****6666，门牌12号');
    expect(maskFreeText('微信 138 1234 1234')).toBe('微信 138****1234');
    // The detectors of src/kernel/redact.ts: the forms people really write.
    expect(maskFreeText('儿子138.1234.1234，女儿１３９００００５６７８，孙子幺三三 零零零零 幺幺幺幺')).toBe('儿子138****1234，女儿139****5678，孙子133****1111');
  });

  it('keeps the village only of an address', () => {
    expect(maskAddress('澄城县交道镇交道村51号', { town: '交道镇', village: '交道村' })).toBe('交道村');
    expect(maskAddress('澄城县城关街道东关社区5号', {})).toBe('澄城县城关街道东关社区');
    expect(maskAddress('县城某楼3单元', {})).toBe('（已隐藏）');
  });

  it('masks every contact field of a row, including numbers inside free text', () => {
    const row = maskRow({
      id: 1,
      name: '罗守仁',
      phone: '13308246281',
      emergencyPhone: '17821993518',
      emergencyContact: '白东才 17821993518',
      address: '澄城县交道镇交道村51号',
      village: '交道村',
      town: '交道镇',
    });
    expect(row).toMatchObject({ phone: '133****6281', emergencyPhone: '178****3518', emergencyContact: '白东才 178****3518', address: '交道村' });
    expect(JSON.stringify(row)).not.toMatch(/1\d{10}/);
    expect(JSON.stringify(row)).not.toContain('51号');
  });
});
