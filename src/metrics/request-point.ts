// One gateway request as a Workers Analytics Engine data point (optional: only with the
// EDGELOG_ANALYTICS binding). The layout is fixed, since queries address fields by position:
// index1 the topic (or the route), blob1..4 method, route pattern, status, topic; double1..2
// duration (ms) and status. Pure: the binding's type stays in workers/.
export interface RequestInfo {
  method: string;
  /** The matched route's pattern (`/v1/topics/:topic/records`), never the raw path. */
  route: string;
  status: number;
  durationMs: number;
  /** The topic the request addressed, if any. */
  topic: string | null;
}

export interface DataPoint {
  indexes: string[];
  blobs: string[];
  doubles: number[];
}

/** Analytics Engine keeps at most 96 bytes of an index. */
const INDEX_BYTES_MAX = 96;

export function requestDataPoint(info: RequestInfo): DataPoint {
  const topic = info.topic ?? "";
  // Topic names are ASCII (Kafka's rule), so characters are bytes here.
  const index = (topic === "" ? info.route : topic).slice(0, INDEX_BYTES_MAX);
  return {
    indexes: [index],
    blobs: [info.method, info.route, String(info.status), topic],
    doubles: [info.durationMs, info.status],
  };
}
