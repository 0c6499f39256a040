import { FileBox } from 'file-box';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { types } from 'wechaty';
import type { Sent } from '../adapter-contract.ts';

/**
 * wechaty-puppet-mock with a logged-in bot account, an elder, a staff member and a staff room.
 * Everything the bot says is captured from the mock's side, as the other person's phone would see it.
 */
export function createMockWechat() {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const sent: (Sent & { fileName?: string; bytes?: Buffer })[] = [];
  return {
    mocker,
    puppet,
    sent,
    /** Call after the adapter started: shows a QR, then logs the bot in and creates the people. */
    async loginAndPopulate() {
      mocker.scan('https://login.weixin.qq.com/l/mock-qr', types.ScanStatus.Waiting);
      await new Promise((r) => setTimeout(r, 20));
      const bot = mocker.createContact({ name: '金秋助手' });
      mocker.login(bot);
      const elder = mocker.createContact({ name: '王秀兰' });
      const staff = mocker.createContact({ name: '赵干事' });
      const other = mocker.createContact({ name: '路人' });
      const room = mocker.createRoom({ topic: '韦庄镇工作群', memberIdList: [bot.id, staff.id, other.id] });
      (bot as unknown as { on(ev: 'message', fn: (m: any) => void): void }).on('message', async (m: any) => {
        const p = m.payload;
        if (p.talkerId !== bot.id) return; // the bot is also the listener of what people send it
        const threadId = p.roomId ?? p.listenerId;
        if (p.type === types.Message.Text) return void sent.push({ threadId, kind: 'text', text: p.text });
        const json = mocker.cacheFileBoxPayload.get(p.id);
        const fb = json ? FileBox.fromJSON(json) : undefined;
        const kind = p.type === types.Message.Image ? 'image' : p.type === types.Message.Audio ? 'voice' : 'file';
        sent.push({ threadId, kind, fileName: fb?.name, bytes: fb ? await fb.toBuffer() : undefined });
      });
      await new Promise((r) => setTimeout(r, 50));
      return { bot, elder, staff, other, room };
    },
  };
}
