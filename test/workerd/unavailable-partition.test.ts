import { unavailablePartitionSuite } from "../protocol/unavailable-partition.suite.js";
import { api } from "../support/workerd-api.js";

unavailablePartitionSuite(api);
