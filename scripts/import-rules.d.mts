// Types of scripts/import-rules.mjs, for the TypeScript that imports it (test/unit).

export interface ImportRule {
  files: string[];
  except?: string[];
  allow?: string[];
  deny?: string[];
  why: string;
}

export interface FoundImport {
  specifier: string;
  line: number;
}

export const IMPORT_RULES: ImportRule[];
export function importTarget(path: string, specifier: string): string;
export function findImports(text: string): FoundImport[];
export function ruleBroken(path: string, target: string, rules?: ImportRule[]): string | null;
export function checkImports(files: Map<string, string>, rules?: ImportRule[]): string[];
