// Expressions by recursive descent, lowest precedence first (ksqlDB's SqlBase.g4 order):
// OR, AND, NOT, predicates (comparison, IS NULL, LIKE, IN, BETWEEN), + -, * / %, unary -,
// primaries with their `->field` suffixes.
import { SQL_NESTING_MAX } from "../protocol/limits.js";
import { invalidQuery, type Position } from "./query-error.js";
import type { TokenCursor } from "./token-cursor.js";
import type { BinaryOp, Expr, ScalarType } from "./tree.js";

/** Words that end or shape a clause: never read as a column name unless quoted. */
export const RESERVED = new Set([
  "SELECT",
  "FROM",
  "WHERE",
  "GROUP",
  "BY",
  "HAVING",
  "WINDOW",
  "PARTITION",
  "EMIT",
  "JOIN",
  "LEFT",
  "INNER",
  "ON",
  "AS",
  "AND",
  "OR",
  "NOT",
  "IS",
  "NULL",
  "LIKE",
  "IN",
  "BETWEEN",
  "CASE",
  "WHEN",
  "THEN",
  "ELSE",
  "END",
  "CAST",
  "TRUE",
  "FALSE",
  "CREATE",
  "WITH",
]);

const TYPES: readonly ScalarType[] = ["STRING", "INTEGER", "BIGINT", "DOUBLE", "BOOLEAN"];
const COMPARISONS = ["=", "<>", "!=", "<", "<=", ">", ">="];

export class ExpressionParser {
  private depth = 0;

  constructor(private readonly cursor: TokenCursor) {}

  expression(): Expr {
    const at = this.cursor.peek();
    if (++this.depth > SQL_NESTING_MAX) {
      throw invalidQuery(`expressions nest deeper than ${SQL_NESTING_MAX} levels`, at);
    }
    try {
      return this.or();
    } finally {
      this.depth--;
    }
  }

  private or(): Expr {
    let left = this.and();
    while (this.cursor.isKeyword("OR")) {
      const at = this.cursor.next();
      left = { kind: "binary", op: "OR", left, right: this.and(), at: pos(at) };
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.cursor.isKeyword("AND")) {
      const at = this.cursor.next();
      left = { kind: "binary", op: "AND", left, right: this.not(), at: pos(at) };
    }
    return left;
  }

  private not(): Expr {
    if (this.cursor.isKeyword("NOT")) {
      const at = this.cursor.next();
      return { kind: "not", operand: this.nested(() => this.not()), at: pos(at) };
    }
    return this.predicate();
  }

  private predicate(): Expr {
    const operand = this.additive();
    const c = this.cursor;
    const token = c.peek();
    if (token.kind === "symbol" && COMPARISONS.includes(token.text)) {
      c.next();
      const op = (token.text === "!=" ? "<>" : token.text) as BinaryOp;
      return { kind: "binary", op, left: operand, right: this.additive(), at: pos(token) };
    }
    if (c.isKeyword("IS")) {
      c.next();
      const negated = c.acceptKeyword("NOT");
      c.expectKeyword("NULL");
      return { kind: "isNull", operand, negated, at: pos(token) };
    }
    const negated = c.isKeyword("NOT") && ["LIKE", "IN", "BETWEEN"].some((w) => c.isKeyword(w, 1));
    if (negated) c.next();
    if (c.acceptKeyword("LIKE")) {
      return { kind: "like", operand, pattern: this.additive(), negated, at: pos(token) };
    }
    if (c.acceptKeyword("IN")) {
      c.expectSymbol("(");
      const list = this.list();
      c.expectSymbol(")");
      return { kind: "in", operand, list, negated, at: pos(token) };
    }
    if (c.acceptKeyword("BETWEEN")) {
      const low = this.additive();
      c.expectKeyword("AND");
      const high = this.additive();
      return { kind: "between", operand, low, high, negated, at: pos(token) };
    }
    return operand;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    while (this.cursor.isSymbol("+") || this.cursor.isSymbol("-")) {
      const at = this.cursor.next();
      const op = at.text as BinaryOp;
      left = { kind: "binary", op, left, right: this.multiplicative(), at: pos(at) };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    const c = this.cursor;
    while (c.isSymbol("*") || c.isSymbol("/") || c.isSymbol("%")) {
      const at = c.next();
      left = { kind: "binary", op: at.text as BinaryOp, left, right: this.unary(), at: pos(at) };
    }
    return left;
  }

  private unary(): Expr {
    if (this.cursor.isSymbol("-")) {
      const at = this.cursor.next();
      const operand = this.nested(() => this.unary());
      if (operand.kind === "literal" && typeof operand.value === "number") {
        return { kind: "literal", value: -operand.value, at: pos(at) };
      }
      return { kind: "negate", operand, at: pos(at) };
    }
    if (this.cursor.isSymbol("+")) this.cursor.next();
    return this.suffixed();
  }

  private suffixed(): Expr {
    let base = this.primary();
    while (this.cursor.isSymbol("->")) {
      this.cursor.next();
      const name = this.cursor.peek();
      if (name.kind !== "ident") throw this.cursor.unexpected("a field name after ->", []);
      this.cursor.next();
      base = { kind: "field", base, name: name.text, quoted: name.quoted, at: pos(name) };
    }
    return base;
  }

  private primary(): Expr {
    const c = this.cursor;
    const token = c.peek();
    const at = pos(token);
    if (token.kind === "number") {
      c.next();
      return { kind: "literal", value: Number(token.text), at };
    }
    if (token.kind === "string") {
      c.next();
      return { kind: "literal", value: token.text, at };
    }
    if (c.acceptSymbol("(")) {
      const inner = this.expression();
      c.expectSymbol(")");
      return inner;
    }
    if (token.kind !== "ident") throw c.unexpected("an expression", []);
    const word = token.quoted ? "" : token.text.toUpperCase();
    if (word === "TRUE" || word === "FALSE") {
      c.next();
      return { kind: "literal", value: word === "TRUE", at };
    }
    if (word === "NULL") {
      c.next();
      return { kind: "literal", value: null, at };
    }
    if (word === "CASE") return this.caseWhen();
    if (word === "CAST") return this.cast();
    if (word !== "" && RESERVED.has(word)) throw c.unexpected("an expression", []);
    c.next();
    if (word === "HEADERS" && c.acceptSymbol("[")) {
      const name = c.peek();
      if (name.kind !== "string") throw c.unexpected("a header name in quotes", []);
      c.next();
      c.expectSymbol("]");
      return { kind: "header", name: name.text, at };
    }
    if (!token.quoted && c.isSymbol("(")) return this.call(word, at);
    if (c.acceptSymbol(".")) {
      const name = c.peek();
      if (name.kind !== "ident") throw c.unexpected("a column name after '.'", []);
      c.next();
      return { kind: "column", qualifier: token.text, name: name.text, quoted: name.quoted, at };
    }
    return { kind: "column", qualifier: null, name: token.text, quoted: token.quoted, at };
  }

  private call(name: string, at: Position): Expr {
    const c = this.cursor;
    c.expectSymbol("(");
    if (c.acceptSymbol("*")) {
      c.expectSymbol(")");
      return { kind: "call", name, args: [], star: true, at };
    }
    const args = c.isSymbol(")") ? [] : this.list();
    c.expectSymbol(")");
    return { kind: "call", name, args, star: false, at };
  }

  private caseWhen(): Expr {
    const c = this.cursor;
    const at = pos(c.next());
    const whens: { when: Expr; result: Expr }[] = [];
    while (c.acceptKeyword("WHEN")) {
      const when = this.expression();
      c.expectKeyword("THEN");
      whens.push({ when, result: this.expression() });
    }
    if (whens.length === 0) throw c.unexpected("WHEN", ["WHEN"]);
    const otherwise = c.acceptKeyword("ELSE") ? this.expression() : null;
    c.expectKeyword("END");
    return { kind: "case", whens, otherwise, at };
  }

  private cast(): Expr {
    const c = this.cursor;
    const at = pos(c.next());
    c.expectSymbol("(");
    const operand = this.expression();
    c.expectKeyword("AS");
    const typeToken = c.peek();
    const type = typeToken.text.toUpperCase() as ScalarType;
    if (typeToken.kind !== "ident" || typeToken.quoted || !TYPES.includes(type)) {
      throw c.unexpected(`a type (${TYPES.join(", ")})`, TYPES);
    }
    c.next();
    c.expectSymbol(")");
    return { kind: "cast", operand, type, at };
  }

  /** One or more comma-separated expressions. */
  list(): Expr[] {
    const items = [this.expression()];
    while (this.cursor.acceptSymbol(",")) items.push(this.expression());
    return items;
  }

  private nested(parse: () => Expr): Expr {
    if (++this.depth > SQL_NESTING_MAX) {
      throw invalidQuery(
        `expressions nest deeper than ${SQL_NESTING_MAX} levels`,
        this.cursor.peek(),
      );
    }
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }
}

export function pos(token: Position): Position {
  return { line: token.line, column: token.column };
}
