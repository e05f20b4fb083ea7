/**
 * The AI services the editor commands use, in one module that extension.ts never imports directly:
 * ai-commands loads it on first use, so the agent, the model clients and the TypeScript compiler
 * stay out of activation.
 */
export { fixStrategy } from '../agent/fix-loop';
export { GenerationError, generateStrategy } from '../agent/generate';
export { JsonFileMemory } from '../agent/memory';
export { explainFailure, proposeFix } from '../agent/propose-fix';
export { deterministicRepair } from '../agent/repairs';
export { chooseModel } from '../ai/providers/choose';
export { geminiBaseUrl } from '../ai/providers/gemini';
