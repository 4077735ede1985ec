// The stream SQL parser: statement text → tree (tree.ts), by recursive descent over tokens.
// Grammar (a subset of ksqlDB's SqlBase.g4, in its clause order):
//   statement := (CREATE (STREAM | TABLE) name [WITH (prop = literal, …)] AS select | select) [;]
//   select    := SELECT item, … FROM source [[LEFT | INNER] JOIN source ON expr]
//                [WINDOW window] [WHERE expr] [GROUP BY expr, …] [PARTITION BY expr]
//                [HAVING expr] [EMIT CHANGES]
import { WINDOW_MS_MAX, WINDOWS_PER_RECORD_MAX } from "../protocol/limits.js";
import { ExpressionParser, pos, RESERVED } from "./expression-parser.js";
import { invalidQuery } from "./query-error.js";
import { TokenCursor } from "./token-cursor.js";
import { tokenize } from "./tokenizer.js";
import type {
  Join,
  Select,
  SelectItem,
  Source,
  Statement,
  Window,
  WithProperties,
} from "./tree.js";

const UNIT_MS: Record<string, number> = {
  MILLISECOND: 1,
  SECOND: 1_000,
  MINUTE: 60_000,
  HOUR: 3_600_000,
  DAY: 86_400_000,
};
const UNITS = Object.keys(UNIT_MS).flatMap((unit) => [unit, `${unit}S`]);
const PROPERTIES = ["PARTITIONS", "START"];
const CLAUSES_AFTER_FROM = ["WINDOW", "WHERE", "GROUP", "PARTITION", "HAVING", "EMIT"];

export function parseStatement(sql: string): Statement {
  const cursor = new TokenCursor(tokenize(sql));
  const statement = new StatementParser(cursor).statement();
  cursor.acceptSymbol(";");
  if (cursor.peek().kind !== "end") throw cursor.unexpected("the end of the statement", []);
  return statement;
}

class StatementParser {
  private readonly expressions: ExpressionParser;

  constructor(private readonly c: TokenCursor) {
    this.expressions = new ExpressionParser(c);
  }

  statement(): Statement {
    const start = this.c.peek();
    if (this.c.acceptKeyword("CREATE")) {
      const kindToken = this.c.peek();
      const kind = kindToken.text.toUpperCase();
      if (kindToken.kind !== "ident" || (kind !== "STREAM" && kind !== "TABLE")) {
        throw this.c.unexpected("STREAM or TABLE", ["STREAM", "TABLE"]);
      }
      this.c.next();
      const nameToken = this.c.peek();
      const name = this.name("a stream or table name");
      const properties = this.withProperties();
      this.c.expectKeyword("AS");
      return {
        kind: kind === "STREAM" ? "createStream" : "createTable",
        name,
        nameAt: pos(nameToken),
        properties,
        select: this.select(),
        at: pos(start),
      };
    }
    if (!this.c.isKeyword("SELECT"))
      throw this.c.unexpected("SELECT or CREATE", ["SELECT", "CREATE"]);
    return { kind: "select", select: this.select(), at: pos(start) };
  }

  private withProperties(): WithProperties {
    let partitions: number | null = null;
    let start: "earliest" | "latest" = "latest";
    if (!this.c.acceptKeyword("WITH")) return { partitions, start };
    this.c.expectSymbol("(");
    do {
      const key = this.c.peek();
      const word = key.text.toUpperCase();
      if (key.kind !== "ident" || !PROPERTIES.includes(word)) {
        throw this.c.unexpected(`a property (${PROPERTIES.join(", ")})`, PROPERTIES);
      }
      this.c.next();
      this.c.expectSymbol("=");
      const value = this.c.peek();
      if (word === "PARTITIONS") {
        if (value.kind !== "number" || !/^\d+$/.test(value.text) || Number(value.text) < 1) {
          throw invalidQuery("PARTITIONS must be a whole number of at least 1", value);
        }
        partitions = Number(value.text);
      } else {
        const text = value.text.toLowerCase();
        if (value.kind !== "string" || (text !== "earliest" && text !== "latest")) {
          throw invalidQuery("START must be 'earliest' or 'latest'", value);
        }
        start = text;
      }
      this.c.next();
    } while (this.c.acceptSymbol(","));
    this.c.expectSymbol(")");
    return { partitions, start };
  }

  private select(): Select {
    const at = pos(this.c.expectKeyword("SELECT"));
    const items = [this.selectItem()];
    while (this.c.acceptSymbol(",")) items.push(this.selectItem());
    if (!this.c.isKeyword("FROM")) throw this.c.unexpected("FROM", ["FROM"]);
    this.c.next();
    const from = this.source();
    const join = this.join();
    const window = this.c.acceptKeyword("WINDOW") ? this.window() : null;
    const where = this.c.acceptKeyword("WHERE") ? this.expressions.expression() : null;
    let groupBy: Select["groupBy"] = [];
    if (this.c.acceptKeyword("GROUP")) {
      this.c.expectKeyword("BY");
      groupBy = this.expressions.list();
    }
    let partitionBy: Select["partitionBy"] = null;
    if (this.c.acceptKeyword("PARTITION")) {
      this.c.expectKeyword("BY");
      partitionBy = this.expressions.expression();
    }
    const having = this.c.acceptKeyword("HAVING") ? this.expressions.expression() : null;
    let emitChanges = false;
    if (this.c.acceptKeyword("EMIT")) {
      if (!this.c.isKeyword("CHANGES")) throw this.c.unexpected("CHANGES", ["CHANGES"]);
      this.c.next();
      emitChanges = true;
    }
    const next = this.c.peek();
    if (next.kind !== "end" && !this.c.isSymbol(";")) {
      throw this.c.unexpected("the next clause or the end of the statement", CLAUSES_AFTER_FROM);
    }
    return { items, from, join, window, where, groupBy, partitionBy, having, emitChanges, at };
  }

  private selectItem(): SelectItem {
    const at = pos(this.c.peek());
    if (this.c.acceptSymbol("*")) return { expr: null, alias: null, at };
    const expr = this.expressions.expression();
    if (this.c.acceptKeyword("AS")) {
      const token = this.c.peek();
      return { expr, alias: { name: this.name("a column name"), quoted: token.quoted }, at };
    }
    // An alias without AS (`SELECT a b`) only where the item ends right after it: so a misspelt
    // FROM (`SELECT page FORM t`) is reported as such, not taken for an alias.
    const token = this.c.peek();
    const ends = this.c.isSymbol(",", 1) || this.c.isKeyword("FROM", 1);
    if (
      token.kind === "ident" &&
      ends &&
      (token.quoted || !RESERVED.has(token.text.toUpperCase()))
    ) {
      this.c.next();
      return { expr, alias: { name: token.text, quoted: token.quoted }, at };
    }
    return { expr, alias: null, at };
  }

  /** A topic, stream or table name, with an optional alias (`AS` may be left out). */
  private source(): Source {
    const at = pos(this.c.peek());
    const name = this.name("a topic, stream or table name");
    let alias: string | null = null;
    if (this.c.acceptKeyword("AS")) {
      alias = this.name("an alias");
    } else {
      const token = this.c.peek();
      if (token.kind === "ident" && (token.quoted || !isClauseWord(token.text))) {
        alias = this.name("an alias");
      }
    }
    return { name, alias, at };
  }

  private join(): Join | null {
    const at = pos(this.c.peek());
    let inner = true;
    if (this.c.acceptKeyword("LEFT")) {
      inner = false;
      this.c.acceptKeyword("OUTER");
      this.c.expectKeyword("JOIN");
    } else if (this.c.acceptKeyword("INNER")) {
      this.c.expectKeyword("JOIN");
    } else if (!this.c.acceptKeyword("JOIN")) {
      return null;
    }
    const table = this.source();
    this.c.expectKeyword("ON");
    return { inner, table, on: this.expressions.expression(), at };
  }

  private window(): Window {
    const kindToken = this.c.peek();
    const kind = kindToken.text.toUpperCase();
    if (kindToken.kind !== "ident" || (kind !== "TUMBLING" && kind !== "HOPPING")) {
      throw this.c.unexpected("TUMBLING or HOPPING", ["TUMBLING", "HOPPING"]);
    }
    this.c.next();
    this.c.expectSymbol("(");
    this.c.expectKeyword("SIZE");
    const sizeMs = this.duration();
    let advanceMs = sizeMs;
    if (kind === "HOPPING") {
      this.c.expectSymbol(",");
      this.c.expectKeyword("ADVANCE");
      this.c.expectKeyword("BY");
      const advanceAt = this.c.peek();
      advanceMs = this.duration();
      if (advanceMs > sizeMs) {
        throw invalidQuery("ADVANCE BY must not be larger than the window SIZE", advanceAt);
      }
      if (Math.ceil(sizeMs / advanceMs) > WINDOWS_PER_RECORD_MAX) {
        throw invalidQuery(
          `SIZE / ADVANCE BY puts each record in more than ${WINDOWS_PER_RECORD_MAX} windows`,
          advanceAt,
        );
      }
    }
    let graceMs = 0;
    if (this.c.acceptSymbol(",")) {
      this.c.expectKeyword("GRACE");
      this.c.expectKeyword("PERIOD");
      graceMs = this.duration();
    }
    this.c.expectSymbol(")");
    return {
      kind: kind === "HOPPING" ? "hopping" : "tumbling",
      sizeMs,
      advanceMs,
      graceMs,
      at: pos(kindToken),
    };
  }

  /** `n <unit>` in milliseconds. */
  private duration(): number {
    const amount = this.c.peek();
    if (amount.kind !== "number" || !/^\d+$/.test(amount.text)) {
      throw this.c.unexpected("a whole number", []);
    }
    this.c.next();
    const unitToken = this.c.peek();
    const unit = unitToken.text.toUpperCase();
    if (unitToken.kind !== "ident" || !UNITS.includes(unit)) {
      throw this.c.unexpected(`a time unit (${Object.keys(UNIT_MS).join("S, ")}S)`, UNITS);
    }
    this.c.next();
    const ms = Number(amount.text) * (UNIT_MS[unit.replace(/S$/, "")] as number);
    if (ms < 1 || ms > WINDOW_MS_MAX) {
      throw invalidQuery(`a duration must be between 1 ms and ${WINDOW_MS_MAX} ms`, amount);
    }
    return ms;
  }

  private name(what: string): string {
    const token = this.c.peek();
    if (token.kind !== "ident" || (!token.quoted && RESERVED.has(token.text.toUpperCase()))) {
      throw this.c.unexpected(what, []);
    }
    this.c.next();
    return token.text;
  }
}

function isClauseWord(text: string): boolean {
  const word = text.toUpperCase();
  return RESERVED.has(word) || word === "OUTER";
}
