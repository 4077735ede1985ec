// Kafka's default partitioner (DESIGN.md §1 names it here). It lives in protocol/ because it is
// part of the wire contract: the SDK, which imports only protocol/, routes keys with it too.
export { murmur2, partitionForKey, toPositive } from "./protocol/partitioner.js";
