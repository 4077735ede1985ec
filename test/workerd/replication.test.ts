import { replicationSuite } from "../protocol/replication.suite.js";
import { api } from "../support/workerd-api.js";

replicationSuite(api);
