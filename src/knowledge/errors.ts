import { JinqiuError } from '../kernel/errors.ts';

export class NotFoundError extends JinqiuError {
  constructor(ref: string) {
    super('NOT_FOUND', `no knowledge document with id or source "${ref}" (see \`jinqiu kb list\`)`, { userMessage: `知识库里没有“${ref}”这份文件。` });
  }
}
