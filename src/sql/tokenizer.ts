// The stream SQL tokenizer: statement text → tokens, each with its line and column.
import { SQL_CHARS_MAX, SQL_TOKENS_MAX } from "../protocol/limits.js";
import { invalidQuery, type Position } from "./query-error.js";

export type TokenKind = "ident" | "string" | "number" | "symbol" | "end";

export interface Token extends Position {
  readonly kind: TokenKind;
  /** As written (identifiers without their backticks, strings without quotes, unescaped). */
  readonly text: string;
  /** A backtick-quoted identifier: case kept, never a keyword. */
  readonly quoted: boolean;
}

/** Longest first, so `<=` is read before `<`. */
const SYMBOLS = [
  "->",
  "<>",
  "!=",
  "<=",
  ">=",
  "||",
  "=",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  "(",
  ")",
  ",",
  ";",
  ".",
  "[",
  "]",
];

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;

export function tokenize(sql: string): Token[] {
  if (sql.length > SQL_CHARS_MAX) {
    throw invalidQuery(`the statement is longer than ${SQL_CHARS_MAX} characters`, {
      line: 1,
      column: 1,
    });
  }
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const here = (): Position => ({ line, column: i - lineStart + 1 });
  const newline = (at: number) => {
    line++;
    lineStart = at + 1;
  };
  while (i < sql.length) {
    const c = sql[i] as string;
    if (c === "\n") {
      newline(i);
      i++;
    } else if (c === " " || c === "\t" || c === "\r") {
      i++;
    } else if (sql.startsWith("--", i)) {
      while (i < sql.length && sql[i] !== "\n") i++;
    } else if (sql.startsWith("/*", i)) {
      const at = here();
      const end = sql.indexOf("*/", i + 2);
      if (end < 0) throw invalidQuery("a /* comment is never closed", at);
      for (let j = i; j < end; j++) if (sql[j] === "\n") newline(j);
      i = end + 2;
    } else {
      const at = here();
      const [token, next] = readToken(sql, i, at);
      // A quoted string or identifier may span lines: keep the line count right after it.
      for (let j = i; j < next; j++) if (sql[j] === "\n") newline(j);
      tokens.push(token);
      i = next;
      if (tokens.length > SQL_TOKENS_MAX) {
        throw invalidQuery(`the statement has more than ${SQL_TOKENS_MAX} tokens`, at);
      }
    }
  }
  tokens.push({ kind: "end", text: "", quoted: false, ...here() });
  return tokens;
}

function readToken(sql: string, i: number, at: Position): [Token, number] {
  const c = sql[i] as string;
  if (IDENT_START.test(c)) {
    let j = i + 1;
    while (j < sql.length && IDENT_PART.test(sql[j] as string)) j++;
    return [{ kind: "ident", text: sql.slice(i, j), quoted: false, ...at }, j];
  }
  if (DIGIT.test(c) || (c === "." && DIGIT.test(sql[i + 1] ?? ""))) return readNumber(sql, i, at);
  if (c === "'") {
    const [text, next] = readQuoted(sql, i, "'", at, "a string");
    return [{ kind: "string", text, quoted: false, ...at }, next];
  }
  if (c === "`") {
    const [text, next] = readQuoted(sql, i, "`", at, "a quoted identifier");
    if (text === "") throw invalidQuery("an identifier cannot be empty", at);
    return [{ kind: "ident", text, quoted: true, ...at }, next];
  }
  for (const symbol of SYMBOLS) {
    if (sql.startsWith(symbol, i)) {
      return [{ kind: "symbol", text: symbol, quoted: false, ...at }, i + symbol.length];
    }
  }
  throw invalidQuery(`unexpected character ${JSON.stringify(c)}`, at);
}

function readNumber(sql: string, i: number, at: Position): [Token, number] {
  const match = /^(\d*\.?\d+|\d+\.)([eE][+-]?\d+)?/.exec(sql.slice(i, i + 400));
  const text = match?.[0] ?? "";
  const next = i + text.length;
  if (IDENT_START.test(sql[next] ?? "")) {
    throw invalidQuery(`a number cannot run into letters: ${sql.slice(i, next + 1)}`, at);
  }
  return [{ kind: "number", text, quoted: false, ...at }, next];
}

/** A quoted run; the quote character doubled inside stands for itself (SQL's escape). */
function readQuoted(
  sql: string,
  i: number,
  quote: string,
  at: Position,
  what: string,
): [string, number] {
  let text = "";
  let j = i + 1;
  for (;;) {
    const end = sql.indexOf(quote, j);
    if (end < 0) throw invalidQuery(`${what} is never closed`, at);
    text += sql.slice(j, end);
    if (sql[end + 1] === quote) {
      text += quote;
      j = end + 2;
    } else {
      return [text, end + 1];
    }
  }
}
