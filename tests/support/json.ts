/**
 * A JSON body a test reads by path and asserts on (an API answer, a tool's structured content,
 * the OpenAPI document). Its shape is checked against the API document and by the assertions,
 * not by the compiler: typing every answer would restate the document in the tests.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one place tests let JSON bodies be untyped (see above)
export type Json = any;
