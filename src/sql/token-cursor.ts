// Walks the token list for the parser: peeks, matches keywords and symbols, and reports what
// was expected where, with a keyword suggestion when a word is a near miss.
import { invalidQuery } from "./query-error.js";
import { didYouMean } from "./suggest.js";
import type { Token } from "./tokenizer.js";

export class TokenCursor {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  peek(ahead = 0): Token {
    const last = this.tokens.length - 1;
    return this.tokens[Math.min(this.index + ahead, last)] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== "end") this.index++;
    return token;
  }

  /** An unquoted identifier spelling `word` (keywords are case-insensitive). */
  isKeyword(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === "ident" && !token.quoted && token.text.toUpperCase() === word;
  }

  isSymbol(symbol: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === "symbol" && token.text === symbol;
  }

  acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.index++;
    return true;
  }

  acceptSymbol(symbol: string): boolean {
    if (!this.isSymbol(symbol)) return false;
    this.index++;
    return true;
  }

  expectKeyword(word: string): Token {
    if (!this.isKeyword(word)) throw this.unexpected(word, [word]);
    return this.next();
  }

  expectSymbol(symbol: string): Token {
    if (!this.isSymbol(symbol)) throw this.unexpected(`'${symbol}'`, []);
    return this.next();
  }

  /** "expected X but found Y", suggesting one of `keywords` when Y is a misspelling of it. */
  unexpected(expected: string, keywords: readonly string[]) {
    const token = this.peek();
    const hint = token.kind === "ident" && !token.quoted ? didYouMean(token.text, keywords) : "";
    return invalidQuery(`expected ${expected} but found ${describeToken(token)}${hint}`, token);
  }
}

export function describeToken(token: Token): string {
  switch (token.kind) {
    case "end":
      return "the end of the statement";
    case "string":
      return `'${token.text.slice(0, 40)}'`;
    case "ident":
      return token.quoted ? `\`${token.text.slice(0, 40)}\`` : token.text.slice(0, 40);
    default:
      return `'${token.text}'`;
  }
}
