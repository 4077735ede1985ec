import { streamSqlSuite } from "../protocol/stream-sql.suite.js";
import { api } from "../support/workerd-api.js";

streamSqlSuite(api);
