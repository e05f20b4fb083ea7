/**
 * Makes VS Code's own TypeScript understand `import … from 'algoagent'` in a strategies folder,
 * without touching the user's node_modules: the extension's declaration files are copied to
 * `<folder>/.algoagent/types/` (refreshed when the extension version changes) and a `tsconfig.json`
 * beside the strategies maps `algoagent` to them. A tsconfig.json the user wrote is never changed (the
 * declarations are still copied, for the user to map).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseJsonc } from '../text/jsonc';

export const TYPES_DIR = path.join('.algoagent', 'types');
export const ALGOAGENT_PATH = './.algoagent/types/api.d.ts';

export interface TypingsResult {
  /** `written`: created or refreshed; `current`: already up to date; `user-config`: the folder has its own tsconfig.json (left alone). */
  status: 'written' | 'current' | 'user-config';
  tsconfig: string;
  typesDir: string;
  /** For `user-config`: whether it already maps `algoagent` somewhere. */
  mapsAlgoagent?: boolean;
}

/** The tsconfig.json AlgoAgent writes into a strategies folder. */
export function strategiesTsconfig(): string {
  const config = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022'],
      // TypeScript 6 deprecates node10 resolution and baseUrl; bundler resolution with relative
      // `paths` works from TypeScript 5.0 on.
      module: 'preserve',
      moduleResolution: 'bundler',
      strict: true,
      noEmit: true,
      allowJs: true,
      checkJs: false,
      skipLibCheck: true,
      isolatedModules: true,
      types: [],
      paths: { algoagent: [ALGOAGENT_PATH] },
    },
    include: ['**/*.ts', '**/*.js', '.algoagent/types/globals.d.ts'],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

function readVersion(file: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** The `paths.algoagent` mapping of a tsconfig text (comments allowed), or undefined. */
function algoagentMapping(text: string): string[] | undefined {
  let config: unknown;
  try {
    config = parseJsonc(text);
  } catch {
    return undefined; // unreadable: the user's to fix, never overwritten (see ensureWorkspaceTypings)
  }
  const paths = (config as { compilerOptions?: { paths?: Record<string, unknown> } } | null)?.compilerOptions?.paths;
  const mapped = paths?.algoagent;
  return Array.isArray(mapped) ? mapped.map(String) : undefined;
}

/** Files that make a folder somebody's JavaScript/TypeScript project. */
const PROJECT_MARKERS = ['package.json', 'jsconfig.json', 'deno.json', 'deno.jsonc'];

/**
 * Whether AlgoAgent may manage typings in `dir`: any folder holding strategies, except a workspace
 * root that is a JavaScript/TypeScript project (a package.json, jsconfig.json, …): a tsconfig.json
 * there would govern the whole project. A root that is just a folder of strategies is managed.
 */
export function mayManageTypings(dir: string, workspaceRoots: readonly string[]): boolean {
  const d = path.resolve(dir);
  if (!workspaceRoots.some((r) => path.resolve(r) === d)) return true;
  return !PROJECT_MARKERS.some((m) => fs.existsSync(path.join(d, m)));
}

/**
 * Ensures the typings in `strategiesDir`, copying declarations from `sourceTypesDir` (the
 * extension's dist/types) when `version` differs from what the folder holds.
 */
export function ensureWorkspaceTypings(strategiesDir: string, sourceTypesDir: string, version: string): TypingsResult {
  const typesDir = path.join(strategiesDir, TYPES_DIR);
  const tsconfig = path.join(strategiesDir, 'tsconfig.json');
  if (!fs.existsSync(path.join(sourceTypesDir, 'api.d.ts'))) {
    throw new Error(`AlgoAgent typings: ${path.join(sourceTypesDir, 'api.d.ts')} is missing (build the extension with scripts/typings.mjs)`);
  }
  let existing: string | undefined;
  try {
    existing = fs.readFileSync(tsconfig, 'utf8');
  } catch {
    existing = undefined;
  }
  let changed = false;
  const versionFile = path.join(typesDir, 'version.json');
  if (readVersion(versionFile) !== version || !fs.existsSync(path.join(typesDir, 'api.d.ts'))) {
    fs.rmSync(typesDir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(typesDir), { recursive: true });
    fs.cpSync(sourceTypesDir, typesDir, { recursive: true });
    fs.writeFileSync(versionFile, `${JSON.stringify({ version, note: 'Written by AlgoAgent; refreshed when the extension updates.' })}\n`);
    // Only the generated declarations are ignored: `.algoagent/` also holds the agent's settings.
    fs.writeFileSync(path.join(typesDir, '.gitignore'), '*\n');
    changed = true;
  }
  if (existing !== undefined && algoagentMapping(existing)?.[0] !== ALGOAGENT_PATH) {
    // The user's own configuration: the declarations are there for it to map, the file stays as it is.
    return { status: 'user-config', tsconfig, typesDir, mapsAlgoagent: !!algoagentMapping(existing) };
  }
  const wanted = strategiesTsconfig();
  if (existing !== wanted) {
    fs.writeFileSync(tsconfig, wanted);
    changed = true;
  }
  return { status: changed ? 'written' : 'current', tsconfig, typesDir };
}
