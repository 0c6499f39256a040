import type { Danger } from './danger.ts';

/**
 * Everything the agent says to elders and families. Readers are 85: short sentences, no jargon,
 * always one next step, numbered choices they can answer with a digit.
 */
export interface Office {
  name: string;
  phone: string;
}

export const MAIN_MENU_OPTIONS = ['policy', 'jieyou', 'legal', 'life_event', 'handoff'] as const;

export function mainMenu(office: Office): string {
  return [
    '您好，我是金秋小助手，可以帮您：',
    '1. 问政策（医药费报销、护理费、抚恤金、体检等）',
    '2. 找人聊聊（解忧室，每周二下午）',
    '3. 法律咨询（继承、赡养、合同、被骗等）',
    '4. 报告住院、生病、摔伤等情况',
    '5. 请工作人员联系我',
    `回复数字就行。着急的事请打${office.name}电话：${office.phone}。`,
  ].join('\n');
}

export const UNBOUND_MENU_OPTIONS = ['policy', 'bind'] as const;

export function unboundMenu(office: Office, opening = '您好，我是金秋小助手。'): string {
  return [
    `${opening}您还没有绑定身份，现在可以：`,
    '1. 问政策（医药费报销、护理费、抚恤金、体检等）',
    '2. 绑定身份（绑定后可以预约解忧室、法律咨询、报告住院等）',
    `回复数字就行。有急事请打${office.name}电话：${office.phone}。`,
  ].join('\n');
}

export function bindHowTo(): string {
  return [
    '绑定身份有两种办法：',
    '1. 发送工作人员给您的6位绑定码，比如：绑定 860527',
    '2. 发送老干部姓名和台账里电话的后四位，比如：张三 6789',
    '家属请加上关系，比如：张三的女儿 6789',
  ].join('\n');
}

export function needBinding(office: Office): string {
  return `这件事需要先绑定身份，工作人员才能帮您办。\n${bindHowTo()}\n也可以直接打${office.name}电话：${office.phone}。`;
}

export function greeting(bound: boolean): string {
  return bound ? '您好！有什么事尽管说。想看我能做什么，回复“菜单”。' : '您好！我是金秋小助手。想看我能做什么，回复“菜单”。';
}

export function thanks(): string {
  return '不客气！有事随时找我。';
}

/** Too many messages reach the bot at once (the global or a channel's limit). */
export function busy(office: Office, danger: boolean): string {
  const urgent = danger ? '情况紧急请马上打电话：报警 110，急救 120。' : '';
  return `${urgent}现在找我的人太多了，请过一两分钟再发。急事请打${office.name}电话：${office.phone}。`;
}

/** A slash command from someone who is not staff: refused, and no case is opened for it. */
export function staffCommandRefused(): string {
  return '这是工作人员用的命令。您有什么事，直接说就行，或者回复“菜单”。';
}

/** An account that opened many cases in a short time: the new words join the latest one. */
export function casesCapped(number: string, office: Office): string {
  return `您这一阵已经说了好几件事，工作人员会一起处理（编号 ${number}），请耐心等电话。急事请打${office.name}电话：${office.phone}。`;
}

export function notUnderstood(): string {
  return '抱歉，我没听明白。您可以换个说法，或者回复数字：\n1. 问政策\n2. 找人聊聊\n3. 法律咨询\n4. 报告住院、生病等情况\n5. 请工作人员联系我';
}

export function floodWarning(): string {
  return '您发得有点快，我先歇一会儿。请过一分钟再发，急事请直接打电话。';
}

export function dangerReply(danger: Danger, caseNumber: string, office: Office): string {
  const first =
    danger.kind === 'self_harm'
      ? '您的心情我们很在意，您不是一个人。'
      : danger.kind === 'fraud'
        ? '这很可能是骗子。先别再转钱，也别把验证码告诉任何人。'
        : danger.kind === 'abuse'
          ? '您的安全最要紧。'
          : '您的安全最要紧，请先别乱动。';
  return [
    first,
    '情况紧急请马上打电话：报警 110，急救 120。',
    `我已经通知工作人员，编号 ${caseNumber}，他们会尽快联系您。`,
    `${office.name}电话：${office.phone}。`,
  ].join('\n');
}

const NEXT_STEP: Record<string, string> = {
  jieyou: '工作人员会在一个工作日内给您打电话。解忧室每周二下午开门，欢迎来坐坐。',
  legal: '法律顾问会在一个工作日内联系您。',
  life_event: '工作人员会尽快联系您，需要的话会上门看望。',
  handoff: '工作人员会在一个工作日内给您打电话。',
};

export function caseCreated(kind: string, caseNumber: string): string {
  const opening: Record<string, string> = {
    jieyou: '我们很愿意听您说说。',
    legal: '这件事我们请法律顾问帮您看看。',
    life_event: '这事我们记下了，您多保重。',
    handoff: '好的，我请工作人员联系您。',
  };
  return `${opening[kind] ?? '好的，已经记下了。'}\n已为您登记，编号 ${caseNumber}。\n${NEXT_STEP[kind] ?? NEXT_STEP.handoff}`;
}

export function detailsDone(caseNumber: string): string {
  return `好的，都记下了（编号 ${caseNumber}）。工作人员会按您方便的时间联系您。还有别的事吗？`;
}

export function caseClosedForElder(caseNumber: string, note: string): string {
  return `您的事（编号 ${caseNumber}）已经办好了。${note ? `说明：${note}` : ''}\n还有别的事，随时找我。`;
}

export function unknownHandoff(office: Office, opening = '我一时帮不上这个忙。'): string {
  return `${opening}请打${office.name}电话：${office.phone}，工作人员会帮您。`;
}

export interface FrameForReply {
  event: string;
  subject: 'elder' | 'spouse' | 'other';
  planned?: boolean;
}

/** The first words after a life event: they fit the moment (节哀, 恭喜, 早日康复) and say what follows. */
export function lifeEventReply(f: FrameForReply, caseNumber: string, opts: { speakerIsElder: boolean; held: boolean; careForElder?: boolean; hurt?: boolean }): string {
  const logged = `已为您登记，编号 ${caseNumber}。`;
  switch (f.event) {
    case '病故':
      if (f.subject === 'elder') {
        return [
          '惊闻老人家离世，我们深感悲痛。请您和家人节哀顺变，保重身体。',
          `${logged}工作人员会尽快跟您核实，局里会派人上门吊唁慰问，并协助家里办理丧葬费、一次性抚恤金等手续。`,
          opts.held ? '核实之前，给老人的节日和生日问候都已暂停。' : '',
        ].filter(Boolean).join('\n');
      }
      if (f.subject === 'spouse') {
        return opts.speakerIsElder
          ? ['听到这个消息，我们很难过。请您节哀，一定保重身体。', `${logged}工作人员会尽快联系您，上门看望。有什么难处，随时跟我们说。`].join('\n')
          : ['请您和家人节哀。老人家失去老伴，心里一定难受，请多陪陪老人。', `${logged}工作人员会尽快联系，上门看望老人。`].join('\n');
      }
      return ['请您节哀，保重身体。', `${logged}${opts.careForElder ? '这几天我们会请工作人员多关照老人。' : '工作人员会尽快联系您。'}`].join('\n');
    case '再婚':
      return ['恭喜恭喜！这是大喜事，祝你们幸福美满、健康长寿！', `${logged}工作人员会跟您核实一下，到时候上门道喜。`].join('\n');
    case '困难':
      return ['遇到这样的难处，您别着急，我们一起想办法。', `${logged}工作人员会尽快联系您，看看怎么帮。`].join('\n');
    case '意外':
      // A fire or a break-in where nobody was hurt wants comfort, not a wish to get well.
      if (!opts.hurt) return ['出了这样的事，让您受惊了。人平安最要紧，您别着急。', `${logged}工作人员会尽快联系，看看怎么帮。`].join('\n');
    // falls through: someone was hurt
    default: {
      const wish =
        f.subject === 'spouse' && opts.speakerIsElder
          ? '祝您老伴早日康复！您自己也要保重身体。'
          : f.subject === 'elder' && opts.speakerIsElder
            ? '祝您早日康复，好好休养！'
            : f.subject === 'other'
              ? '祝早日康复！'
              : '祝老人家早日康复！';
      const extra = f.event === '摔伤' ? '这几天走路多加小心，有不舒服及时看医生。' : f.event === '意外' ? '人平安最要紧，您别着急。' : '';
      return [`${wish}${extra}`, `${logged}工作人员会尽快联系，需要的话会去看望。`].join('\n');
    }
  }
}

/** News about someone outside the family (a neighbour, an old colleague): a kind word, nothing logged. */
export function outsiderReply(f: FrameForReply): string {
  const first = f.event === '病故' ? '听到这个消息，心里不好受。您别太难过，' : f.event === '再婚' ? '这是喜事！' : '希望他早点好起来。';
  return `${first}您自己也多保重身体。您或家里有什么事需要我们帮忙，随时跟我说。`;
}

/** The same event told again: no second case. */
export function lifeEventAgain(f: FrameForReply, caseNumber: string): string {
  const wish = f.event === '病故' ? '请节哀，保重身体。' : f.event === '再婚' ? '再次恭喜！' : '祝早日康复！';
  return `${wish}这件事已经登记过了（编号 ${caseNumber}），您说的我们都补充记下了，工作人员会尽快联系您。`;
}

export function dischargeReply(caseNumber: string | null, speakerIsElder: boolean, subject: string): string {
  const who = subject === 'spouse' && speakerIsElder ? '老伴出院了，真好！' : '出院了就好！';
  return `${who}回家后好好休养，祝早日康复。${caseNumber ? `我们已经告诉工作人员（编号 ${caseNumber}），他们会打电话问候。` : ''}有事随时找我。`;
}

/** A policy question the regulations cannot ground: no guessing; a person will call. */
export function policyHandoff(question: string, caseNumber: string | null, office: Office): string {
  const q = question.replace(/\s+/g, ' ').trim().slice(0, 40);
  return [
    `您问的“${q}”，我在政策文件里没有找到准确的说法，不敢乱说。`,
    caseNumber ? `我已经请工作人员给您回电话，编号 ${caseNumber}。急事请打${office.name}电话：${office.phone}。` : `请打${office.name}电话：${office.phone}，工作人员会帮您。`,
  ].join('\n');
}

/** A correction of whom a case is about: taken, or (for the ledger's events) passed to staff to settle. */
export function caseCorrected(caseNumber: string, applied: boolean, who: string): string {
  return applied ? `好的，改过来了（编号 ${caseNumber}），记的是${who}。` : `好的，您说的更正我记下了（编号 ${caseNumber}），工作人员核实后会改过来。`;
}

/** A discharge told while asking after the stay's case: the stay is settled, the question goes to its staff. */
export function dischargedAndAsked(caseNumber: string, office: Office): string {
  return `出院了就好！这次住院（编号 ${caseNumber}）我们记为已出院，也告诉了工作人员；您问的事，我已经请他们尽快回复您。着急的话，请打${office.name}电话：${office.phone}。`;
}

/** How staff and summaries name who an event happened to. */
export function subjectWord(subject: string): string {
  return subject === 'elder' ? '老人' : subject === 'spouse' ? '老人的老伴' : '老人的亲属';
}

export function helpRequested(caseNumber: string, hardship: boolean): string {
  return [
    `${hardship ? '遇到这样的难处，您别着急。' : ''}好的，您的帮扶申请已经登记，编号 ${caseNumber}。`,
    '工作人员会尽快联系您，了解家里的情况，告诉您要准备哪些材料。',
  ].join('\n');
}

/** A statement that asks for nothing: listen, and say how to ask. */
export function listening(): string {
  return '嗯，我听着呢。有什么事需要我们帮忙，直接跟我说就行；想找工作人员，说“转人工”。';
}

/** More said about a case the talk is about: kept on it. */
export function caseNoteAdded(caseNumber: string): string {
  return `好的，您说的这些我记到编号 ${caseNumber} 里了，工作人员会看到。还有别的事，随时跟我说。`;
}

/** Asked whether news heard from others is true: we know only what was reported to us. */
export function unconfirmedNews(): string {
  return '这件事我们这里还没有收到消息。您先打个电话问问家里人；要是真有事，跟我说一声，我们马上安排人联系。';
}
