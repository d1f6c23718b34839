import { createHmac, randomUUID } from "node:crypto";

import { TEST_API_SECRET } from "./app-env";

/**
 * A Shopify session token (the JWT App Bridge sends as `Authorization: Bearer …`) for a shop,
 * signed with the test app's secret unless told otherwise, for the app key set by
 * useProductionLikeEnvironment.
 */
export function sessionToken(shop: string, secret = TEST_API_SECRET): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const header = encode({ alg: "HS256", typ: "JWT" });
  const payload = encode({
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: "test-api-key",
    sub: "42",
    exp: now + 60,
    nbf: now - 5,
    iat: now - 5,
    jti: randomUUID(),
    sid: randomUUID(),
  });
  const signature = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}
