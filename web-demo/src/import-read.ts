// Reading an imported file: runs in the solver worker, so a very large file
// (up to the 64 MB limit) is read and parsed off the page's thread and the
// page stays responsive. The page receives either the CSV rows as JSON
// records, the JSON text of a scenario or a homecare day, or the issues.
// The per-row checks of a CSV file (postcodes from the lookup the page
// passes in, places outside England or far from the districts) run here too;
// what needs the whole workspace (the core's checks, homes of occupants)
// stays with the page (importer.ts).

import { placeProblem } from './boundaries';
import { importCsv, type ImportContext, type ImportedRows } from './csv';
import { normalise, type Lookup } from './postcodes';
import type { IssueDto } from './protocol';

/** Postcode → [lat, lon] (the page's loaded lookup, copied to the worker with each call). */
export type PostcodeTable = Lookup;

/** The import context of the worker: the page's postcode lookup (if one is loaded) and the district check. */
export function importContext(postcodes?: PostcodeTable): ImportContext {
  return {
    postcode: postcodes && postcodes.size ? (pc: string) => postcodes.get(normalise(pc)) : undefined,
    placeProblem: (lat: number, lon: number) => placeProblem(lat, lon),
  };
}

/** Largest file accepted, as in the engine (`carematch::error::MAX_INPUT_BYTES`). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export type ImportOutcome =
  | { type: 'csv'; rows: ImportedRows }
  | { type: 'scenario'; json: string }
  | { type: 'rounds'; json: string }
  | { type: 'issues'; issues: IssueDto[] };

/** Reads one file (a `File` or any named `Blob`), with the page's postcode lookup when one is loaded. */
export async function readImport(file: Blob & { name: string }, postcodes?: PostcodeTable): Promise<ImportOutcome> {
  if (file.size > MAX_IMPORT_BYTES) {
    return {
      type: 'issues',
      issues: [{ code: 'input_too_large', record: file.name, path: '', message: `the file is ${(file.size / 1e6).toFixed(1)} MB; the limit is 64 MB`, hint: 'split the data by district' }],
    };
  }
  return classifyImport(file.name, await file.text(), importContext(postcodes));
}

/** Classifies and parses the text of one imported file. */
export function classifyImport(name: string, text: string, ctx: ImportContext = {}): ImportOutcome {
  if (name.toLowerCase().endsWith('.json') || text.trimStart().startsWith('{')) {
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      return { type: 'issues', issues: [{ code: 'bad_json', record: name, path: '', message: `not valid JSON: ${(e as Error).message}`, hint: 'export the file again, or use a CSV template' }] };
    }
    if (obj && Array.isArray(obj.people)) return { type: 'scenario', json: text };
    if (obj && Array.isArray(obj.visits)) return { type: 'rounds', json: text };
    return {
      type: 'issues',
      issues: [{ code: 'unknown_json', record: name, path: '', message: 'this JSON is neither a placement scenario (people, households, schemes) nor a homecare day (visits, workers)', hint: 'use the files carematch exports, or a CSV template' }],
    };
  }
  const r = importCsv(name, text, ctx);
  // Rows are returned with their cell problems: the page leaves those rows
  // out of the core's checks and lists every problem in one pass.
  if ('kind' in r) return { type: 'csv', rows: r };
  return { type: 'issues', issues: r.issues };
}
