import { alterUnderLoadSuite } from "../protocol/alter-under-load.suite.js";
import { api } from "../support/workerd-api.js";

alterUnderLoadSuite(api);
