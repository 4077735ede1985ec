import { fetchSuite } from "../protocol/fetch.suite.js";
import { api } from "../support/workerd-api.js";

fetchSuite(api);
