// Test-only extension (never shipped): a fake language-model provider, vendor "algoagent-e2e", whose
// one model answers every request with the same strategy spec (RSI(14) below 30 in, above 70 out,
// 5 % stop). It records each request so the suite can tell the chat really asked it.
'use strict';
/* global require, module */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS: the extension host loads it as is
const vscode = require('vscode');

const SPEC = {
  name: 'E2E chat RSI',
  description: 'Buy when RSI(14) drops below 30, sell when it rises above 70, 5 % stop loss',
  symbols: [],
  timeframe: '1d',
  direction: 'long',
  indicators: [{ id: 'rsi14', type: 'rsi', params: { period: 14 } }],
  entry: { all: [{ left: 'rsi14', op: '<', right: 30 }] },
  exit: { all: [{ left: 'rsi14', op: '>', right: 70 }] },
  risk: { stopLossPct: 5 },
  sizing: { type: 'allIn' },
};

const MODEL = {
  id: 'fake-spec',
  name: 'E2E fake spec model',
  family: 'algoagent-e2e',
  version: '1',
  maxInputTokens: 100000,
  maxOutputTokens: 8000,
  capabilities: { toolCalling: true },
};

function activate() {
  const requests = [];
  const provider = {
    provideLanguageModelChatInformation: () => [MODEL],
    provideLanguageModelChatResponse: async (model, messages, options, progress) => {
      const text = messages.map((m) => m.content.map((p) => (p && typeof p.value === 'string' ? p.value : '')).join('')).join('\n');
      requests.push({ model: model.id, chars: text.length });
      progress.report(new vscode.LanguageModelTextPart('```json\n' + JSON.stringify(SPEC, null, 2) + '\n```'));
    },
    provideTokenCount: async (model, text) => Math.ceil((typeof text === 'string' ? text.length : JSON.stringify(text).length) / 4),
  };
  const registration = vscode.lm.registerLanguageModelChatProvider('algoagent-e2e', provider);
  return { requests, spec: SPEC, vendor: 'algoagent-e2e', modelId: MODEL.id, dispose: () => registration.dispose() };
}

module.exports = { activate, deactivate() {} };
