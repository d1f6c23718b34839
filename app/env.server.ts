import { parseEnvironment } from "./env-schema.server";

/** The environment, parsed once when the server starts: bad configuration refuses to start. */
export const env = parseEnvironment(process.env);
