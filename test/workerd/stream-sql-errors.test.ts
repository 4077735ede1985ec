import { streamSqlErrorsSuite } from "../protocol/stream-sql-errors.suite.js";
import { api } from "../support/workerd-api.js";

streamSqlErrorsSuite(api);
