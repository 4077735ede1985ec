// What a fuzz request is: the stored data it aims at, its method, path, headers and body.

export const KiB = 1024;

/** The seeded resources the requests aim at, and the credentials and keys made for them. */
export interface Fixture {
  prefix: string;
  topic: string;
  group: string;
  tokenId: string;
  accessToken: string;
  trackKey: string;
  origin: string;
}

/** What an oversized body is made of. */
type OversizedContent = "json" | "bytes" | "brackets";

/** Shared bytes for each kind of oversized body, cut to size when a request is sent. */
export type OversizedSources = Record<OversizedContent, Uint8Array>;

/** A body: bytes (`stream` sends them without a length), or an oversized one made at send time. */
export type BodySpec =
  | { kind: "bytes"; bytes: Uint8Array; stream: boolean }
  | { kind: "oversized"; size: number; content: OversizedContent; stream: boolean };

export interface FuzzRequest {
  index: number;
  route: string;
  method: string;
  path: string;
  headers: Array<[string, string]>;
  body: BodySpec | null;
  /** What was malformed, for the report. */
  tags: string[];
  bodyLabel: string;
}
