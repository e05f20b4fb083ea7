/**
 * A fake Gemini API on 127.0.0.1 for the real @google/genai client: `POST
 * /{v1beta|v1}/models/{model}:generateContent` (JSON) and `:streamGenerateContent?alt=sse`
 * (server-sent events). Each request is answered by a script; every request is recorded.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeReply =
  /** A reply; streamed as the given pieces (one SSE event each) or, unary, joined. */
  | { text: string | string[] }
  /** A google.rpc error body with this HTTP status. */
  | { status: number; rpcStatus?: string; message?: string; retryDelay?: string; reason?: string }
  /** Close the socket without answering (a network failure). */
  | { drop: true };

export interface FakeCall {
  n: number;
  apiVersion: string;
  model: string;
  stream: boolean;
  /** The x-goog-api-key header (kept here only, for the test's asserts). */
  key: string;
  body: { contents?: { role: string; parts: { text: string }[] }[]; systemInstruction?: { parts: { text: string }[] }; generationConfig?: unknown };
  /** All text of the request's user turns, joined. */
  prompt: string;
}

export interface FakeGemini {
  url: string;
  calls: FakeCall[];
  close(): Promise<void>;
}

const ROUTE = /^\/(v1beta|v1)\/models\/([^/:]+):(generateContent|streamGenerateContent)(\?.*)?$/;

function candidate(text: string, finish?: string) {
  return { content: { role: 'model', parts: [{ text }] }, index: 0, ...(finish ? { finishReason: finish } : {}) };
}

export async function startFakeGemini(script: (call: FakeCall) => FakeReply | Promise<FakeReply>): Promise<FakeGemini> {
  const calls: FakeCall[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const m = ROUTE.exec(req.url ?? '');
        if (req.method !== 'POST' || !m) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 404, message: `no route ${req.method} ${req.url}`, status: 'NOT_FOUND' } }));
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as FakeCall['body'];
        const prompt = (body.contents ?? []).filter((c) => c.role === 'user').flatMap((c) => c.parts.map((p) => p.text)).join('\n');
        const call: FakeCall = {
          n: calls.length + 1, apiVersion: m[1], model: m[2], stream: m[3] === 'streamGenerateContent',
          key: String(req.headers['x-goog-api-key'] ?? ''), body, prompt,
        };
        calls.push(call);
        const reply = await script(call);
        if ('drop' in reply) {
          req.socket.destroy();
          return;
        }
        if ('status' in reply) {
          const details: unknown[] = [];
          if (reply.retryDelay) details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: reply.retryDelay });
          if (reply.reason) details.push({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: reply.reason, domain: 'googleapis.com' });
          res.writeHead(reply.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: reply.status, message: reply.message ?? 'fake error', status: reply.rpcStatus ?? 'UNKNOWN', details } }));
          return;
        }
        const pieces = Array.isArray(reply.text) ? reply.text : [reply.text];
        if (!call.stream) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ candidates: [candidate(pieces.join(''), 'STOP')], modelVersion: call.model }));
          return;
        }
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        pieces.forEach((p, k) => {
          res.write(`data: ${JSON.stringify({ candidates: [candidate(p, k === pieces.length - 1 ? 'STOP' : undefined)], modelVersion: call.model })}\r\n\r\n`);
        });
        res.end();
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
