import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES } from '../helpers/paths';

export interface CorpusEntry {
  description: string;
  /** The parts of the spec the parser must produce (all but `description`). */
  expect: Record<string, unknown>;
  unparsed: string[];
  /** Present when the description cannot make a valid spec: the validator's messages. */
  errors?: string[];
}

/** test/fixtures/descriptions/corpus.json: descriptions with the specs they must give. */
export const CORPUS: CorpusEntry[] = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'descriptions', 'corpus.json'), 'utf8'));
