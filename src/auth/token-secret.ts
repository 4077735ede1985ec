// Token strings and their storage form. A token is `elg_<id>_<secret>`: the id finds its record,
// the secret proves it. Only the SHA-256 of the secret is stored; comparisons take constant time.

const ID_BYTES = 9;
const SECRET_BYTES = 32;
const TOKEN = /^elg_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/;

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomBase64url(byteCount: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

/** A fresh token: its id (public), its secret, and the whole string given to the user once. */
export function newToken(): { id: string; secret: string; token: string } {
  const id = randomBase64url(ID_BYTES);
  const secret = randomBase64url(SECRET_BYTES);
  return { id, secret, token: `elg_${id}_${secret}` };
}

/** The id and secret of a well-formed token string, or null. */
export function parseToken(token: string): { id: string; secret: string } | null {
  const match = TOKEN.exec(token);
  if (match === null) return null;
  return { id: match[1] as string, secret: match[2] as string };
}

/** SHA-256 of the text, as lowercase hex. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Compares two digests in time that depends only on their length, never on where they differ:
 * timing answers tells an attacker nothing about a secret. Callers compare SHA-256 digests,
 * whose length is public.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
