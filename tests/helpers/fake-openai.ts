import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server that speaks the OpenAI wire format (chat completions, embeddings, audio),
 * so the LLM, embedding and speech paths are tested without a paid API. Each route is a function
 * the test supplies; every request body is recorded for assertions.
 */
export interface FakeOpenAIHandlers {
  /** Return the assistant message ({content} or {tool_calls}); or a number to answer with that HTTP status. */
  chat?: (body: any) => unknown | Promise<unknown>;
  embeddings?: (inputs: string[], body: any) => number[][] | Promise<number[][]>;
  /** Multipart body given raw; return the transcript text. */
  transcriptions?: (raw: Buffer, contentType: string) => string | Promise<string>;
  /** Return audio bytes. */
  speech?: (body: any) => Buffer | Promise<Buffer>;
  /** Milliseconds to wait before answering any request (timeouts). */
  delayMs?: number;
}

export interface FakeOpenAI {
  baseURL: string;
  requests: { path: string; body: any }[];
  close(): Promise<void>;
}

export async function startFakeOpenAI(handlers: FakeOpenAIHandlers): Promise<FakeOpenAI> {
  const requests: { path: string; body: any }[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const ct = req.headers['content-type'] ?? '';
    const body = ct.includes('application/json') && raw.length ? JSON.parse(raw.toString('utf8')) : raw;
    const path = (req.url ?? '').replace(/^\/v1/, '');
    requests.push({ path, body });
    if (handlers.delayMs) await new Promise((r) => setTimeout(r, handlers.delayMs));
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    try {
      if (path.startsWith('/chat/completions') && handlers.chat) {
        const message = await handlers.chat(body);
        if (typeof message === 'number') return json(message, { error: { message: 'scripted failure', type: 'server_error' } });
        const m = message as { content?: string | null; tool_calls?: unknown[] };
        return json(200, {
          id: `chatcmpl-${requests.length}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          choices: [{ index: 0, finish_reason: m.tool_calls?.length ? 'tool_calls' : 'stop', message: { role: 'assistant', content: m.content ?? null, ...(m.tool_calls ? { tool_calls: m.tool_calls } : {}) } }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        });
      }
      if (path.startsWith('/embeddings') && handlers.embeddings) {
        const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
        const vectors = await handlers.embeddings(inputs, body);
        return json(200, { object: 'list', model: body.model, data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })), usage: { prompt_tokens: 1, total_tokens: 1 } });
      }
      if (path.startsWith('/audio/transcriptions') && handlers.transcriptions) {
        return json(200, { text: await handlers.transcriptions(raw, ct) });
      }
      if (path.startsWith('/audio/speech') && handlers.speech) {
        const audio = await handlers.speech(body);
        res.writeHead(200, { 'content-type': 'audio/mpeg' });
        return res.end(audio);
      }
      json(404, { error: { message: `no fake for ${path}` } });
    } catch (e) {
      json(500, { error: { message: (e as Error).message } });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
