import crypto from 'node:crypto';
import type { OutboundMessage } from '../../chat/message.ts';

export type PageItem =
  | { kind: 'text'; text: string }
  | { kind: 'image'; url: string; caption?: string }
  | { kind: 'file'; url: string; filename: string; caption?: string }
  | { kind: 'voice'; url: string; durationSec?: number };

export interface PageEvent {
  seq: number;
  at: string;
  threadId: string;
  /** 'bot' for Jinqiu; otherwise the identity that wrote it (elder:12, staff:3 …). */
  authorId: string;
  authorName: string;
  items: PageItem[];
  /** Proactive messages (greetings, staff notices) are marked so the page can show them differently. */
  notice?: boolean;
}

/**
 * What the simulator page shows: per-thread events in memory (the page is a demo and test surface;
 * the durable record of what happened is in the database), plus the media they point to.
 */
export class EventStore {
  private seq = 0;
  private readonly threads = new Map<string, PageEvent[]>();
  private readonly blobs = new Map<string, { threadId: string; data: Buffer; mimeType: string; filename?: string }>();

  constructor(private readonly perThread = 300, private readonly maxBlobs = 300) {}

  push(threadId: string, authorId: string, authorName: string, messages: OutboundMessage[], notice = false): PageEvent {
    return this.pushItems(threadId, authorId, authorName, messages.map((m) => this.toItem(threadId, m)), notice);
  }

  pushItems(threadId: string, authorId: string, authorName: string, items: PageItem[], notice = false): PageEvent {
    const ev: PageEvent = { seq: ++this.seq, at: new Date().toISOString(), threadId, authorId, authorName, items, ...(notice ? { notice } : {}) };
    const list = this.threads.get(threadId) ?? [];
    list.push(ev);
    if (list.length > this.perThread) list.splice(0, list.length - this.perThread);
    this.threads.set(threadId, list);
    return ev;
  }

  since(threadId: string, after: number): PageEvent[] {
    return (this.threads.get(threadId) ?? []).filter((e) => e.seq > after);
  }

  /** Media belong to the thread they were shown in: whoever may read the thread may fetch them. */
  putBlob(threadId: string, data: Buffer, mimeType: string, filename?: string): string {
    const id = crypto.randomBytes(12).toString('base64url');
    this.blobs.set(id, { threadId, data, mimeType, ...(filename ? { filename } : {}) });
    if (this.blobs.size > this.maxBlobs) this.blobs.delete(this.blobs.keys().next().value!);
    return `/api/blobs/${id}`;
  }

  blob(id: string) {
    return this.blobs.get(id);
  }

  private toItem(threadId: string, m: OutboundMessage): PageItem {
    switch (m.kind) {
      case 'text':
        return { kind: 'text', text: m.text };
      case 'image':
        return { kind: 'image', url: this.putBlob(threadId, m.data, m.mimeType), caption: m.caption };
      case 'file':
        return { kind: 'file', url: this.putBlob(threadId, m.data, m.mimeType, m.filename), filename: m.filename, caption: m.caption };
      case 'voice':
        return { kind: 'voice', url: this.putBlob(threadId, m.data, m.mimeType), durationSec: m.durationSec };
    }
  }
}
