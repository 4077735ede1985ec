import { partitionerSuite } from "../protocol/partitioner.suite.js";
import { api } from "../support/workerd-api.js";

partitionerSuite(api);
