import { streamSqlFailoverSuite } from "../protocol/stream-sql-failover.suite.js";
import { api } from "../support/workerd-api.js";

streamSqlFailoverSuite(api);
