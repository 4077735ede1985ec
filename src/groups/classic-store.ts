// A classic group's SQL: one row for the group, one per member. Saves write only the member rows
// that changed: a heartbeat rewrites one row, not every member's protocol metadata.
import type { Sql } from "../log/sql.js";
import type {
  ClassicGroup,
  ClassicMember,
  ClassicProtocol,
  ClassicState,
} from "./classic-group.js";

/** Appended to GROUP_MIGRATIONS (the group object's one migration list). */
export const CLASSIC_GROUP_MIGRATION = `CREATE TABLE classic_group (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    state TEXT NOT NULL,
    generation_id INTEGER NOT NULL,
    protocol_type TEXT NOT NULL,
    protocol_name TEXT,
    leader_id TEXT,
    rebalance_deadline INTEGER NOT NULL
  );
  CREATE TABLE classic_members (
    member_id TEXT PRIMARY KEY,
    instance_id TEXT UNIQUE,
    client_id TEXT,
    host TEXT,
    session_timeout_ms INTEGER NOT NULL,
    rebalance_timeout_ms INTEGER NOT NULL,
    protocols TEXT NOT NULL,
    assignment TEXT NOT NULL,
    awaiting_join INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    joined_at INTEGER NOT NULL
  );`;

type GroupRow = {
  state: string;
  generation_id: number;
  protocol_type: string;
  protocol_name: string | null;
  leader_id: string | null;
  rebalance_deadline: number;
};
type MemberRow = {
  member_id: string;
  instance_id: string | null;
  client_id: string | null;
  host: string | null;
  session_timeout_ms: number;
  rebalance_timeout_ms: number;
  protocols: string;
  assignment: string;
  awaiting_join: number;
  expires_at: number;
  joined_at: number;
};

/** A loaded group and what its members looked like when read, to save only what changed. */
export interface LoadedClassicGroup {
  group: ClassicGroup;
  read: Map<string, string>;
}

export class ClassicStore {
  constructor(private readonly sql: Sql) {}

  load(): LoadedClassicGroup | null {
    const row = this.sql.exec<GroupRow>("SELECT * FROM classic_group WHERE id = 1").toArray()[0];
    if (row === undefined) return null;
    const members = this.sql
      .exec<MemberRow>("SELECT * FROM classic_members ORDER BY joined_at, member_id")
      .toArray()
      .map(memberOf);
    const group: ClassicGroup = {
      state: row.state as ClassicState,
      generationId: row.generation_id,
      protocolType: row.protocol_type,
      protocolName: row.protocol_name,
      leaderId: row.leader_id,
      rebalanceDeadline: row.rebalance_deadline,
      members,
    };
    return { group, read: new Map(members.map((m) => [m.memberId, JSON.stringify(m)])) };
  }

  /** Classic members in the group (a KIP-848 member may not join while there are any). */
  memberCount(): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM classic_members").one().n;
  }

  /** Writes the group row and the members that changed since `read`; call in a transaction. */
  save(group: ClassicGroup, read: Map<string, string>): void {
    this.sql.exec(
      `INSERT OR REPLACE INTO classic_group
        (id, state, generation_id, protocol_type, protocol_name, leader_id, rebalance_deadline)
       VALUES (1, ?, ?, ?, ?, ?, ?)`,
      group.state,
      group.generationId,
      group.protocolType,
      group.protocolName,
      group.leaderId,
      group.rebalanceDeadline,
    );
    const kept = new Set(group.members.map((m) => m.memberId));
    for (const memberId of read.keys()) {
      if (!kept.has(memberId)) {
        this.sql.exec("DELETE FROM classic_members WHERE member_id = ?", memberId);
      }
    }
    for (const m of group.members) {
      if (read.get(m.memberId) !== JSON.stringify(m)) this.saveMember(m);
    }
  }

  /** The group stops being classic (it is empty and a KIP-848 member joins, or it is deleted). */
  clear(): void {
    this.sql.exec("DELETE FROM classic_members");
    this.sql.exec("DELETE FROM classic_group");
  }

  private saveMember(m: ClassicMember): void {
    // A static member returning under a new member id keeps its instance id: the old row goes.
    if (m.instanceId !== null) {
      this.sql.exec("DELETE FROM classic_members WHERE instance_id = ?", m.instanceId);
    }
    this.sql.exec(
      `INSERT OR REPLACE INTO classic_members (member_id, instance_id, client_id, host,
        session_timeout_ms, rebalance_timeout_ms, protocols, assignment, awaiting_join,
        expires_at, joined_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      m.memberId,
      m.instanceId,
      m.clientId,
      m.host,
      m.sessionTimeoutMs,
      m.rebalanceTimeoutMs,
      JSON.stringify(m.protocols),
      m.assignmentBase64,
      m.awaitingJoin ? 1 : 0,
      m.expiresAt,
      m.joinedAt,
    );
  }
}

function memberOf(row: MemberRow): ClassicMember {
  return {
    memberId: row.member_id,
    instanceId: row.instance_id,
    clientId: row.client_id,
    host: row.host,
    sessionTimeoutMs: row.session_timeout_ms,
    rebalanceTimeoutMs: row.rebalance_timeout_ms,
    protocols: JSON.parse(row.protocols) as ClassicProtocol[],
    assignmentBase64: row.assignment,
    awaitingJoin: row.awaiting_join === 1,
    expiresAt: row.expires_at,
    joinedAt: row.joined_at,
  };
}
