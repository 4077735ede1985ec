// The catalog's access tokens in SQL (the table is in catalog-schema.ts): one row per live
// token; revoking deletes it.
import type { Sql } from "../log/sql.js";
import type { AclEntry, Quotas, TokenSummary } from "../protocol/token-request.js";

/** A token as the catalog keeps it: the SHA-256 of its secret, never the secret. */
export interface StoredToken extends TokenSummary {
  secretHash: string;
}

type TokenRow = {
  id: string;
  name: string;
  secret_hash: string;
  acl: string;
  quotas: string | null;
  created_at: number;
};

function fromRow(row: TokenRow): StoredToken {
  const token: StoredToken = {
    id: row.id,
    name: row.name,
    secretHash: row.secret_hash,
    acl: JSON.parse(row.acl) as AclEntry[],
    createdAt: row.created_at,
  };
  if (row.quotas !== null) token.quotas = JSON.parse(row.quotas) as Quotas;
  return token;
}

export class TokenStore {
  constructor(private readonly sql: Sql) {}

  count(): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM tokens").one().n;
  }

  put(token: StoredToken): void {
    this.sql.exec(
      `INSERT INTO tokens (id, name, secret_hash, acl, quotas, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      token.id,
      token.name,
      token.secretHash,
      JSON.stringify(token.acl),
      token.quotas === undefined ? null : JSON.stringify(token.quotas),
      token.createdAt,
    );
  }

  get(id: string): StoredToken | null {
    const row = this.sql.exec<TokenRow>("SELECT * FROM tokens WHERE id = ?", id).toArray()[0];
    return row === undefined ? null : fromRow(row);
  }

  list(): StoredToken[] {
    return this.sql
      .exec<TokenRow>("SELECT * FROM tokens ORDER BY created_at, id")
      .toArray()
      .map(fromRow);
  }

  /** Deletes the token; false when there was none. */
  delete(id: string): boolean {
    return this.sql.exec("DELETE FROM tokens WHERE id = ?", id).rowsWritten > 0;
  }
}
