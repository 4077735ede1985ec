// What a share group object answers over Workers RPC; failures are values (errors.ts).
import type { Failure } from "../protocol/errors.js";
import type {
  AckResult,
  ShareAck,
  ShareGroupConfig,
  ShareGroupDescription,
  ShareRecordsAnswer,
  ShareRecordsRequest,
} from "../protocol/share-group-request.js";

export interface ConfigureOk {
  ok: true;
  created: boolean;
  config: ShareGroupConfig;
}

export interface ShareGroupRpc {
  configure(groupId: string, config: ShareGroupConfig): Promise<ConfigureOk | Failure>;
  /** The config alone: cheap, for access checks on every records request. */
  config(groupId: string): Promise<{ ok: true; config: ShareGroupConfig } | Failure>;
  describe(groupId: string): Promise<({ ok: true } & ShareGroupDescription) | Failure>;
  records(
    groupId: string,
    request: ShareRecordsRequest,
  ): Promise<({ ok: true } & ShareRecordsAnswer) | Failure>;
  acks(groupId: string, acks: ShareAck[]): Promise<{ ok: true; results: AckResult[] } | Failure>;
  deleteGroup(groupId: string): Promise<{ ok: true } | Failure>;
}
