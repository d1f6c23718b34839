import { afterAll, beforeAll } from "vitest";

import { setClock } from "~/clock.server";
import { offlineSessionId } from "~/services/shops.server";

import { startStandin, type StandinServer } from "../standin";
import type { TokenGrant } from "../standin/tokens";
import { createTestDatabase, type TestDatabase } from "./database";

export const HOUR = 3_600_000;

/**
 * Expiring offline tokens over real HTTP against the stand-in (which expires, rotates and revokes
 * them as Shopify does) and a real SQLite database. Time is one injected clock, shared by the app
 * and the stand-in and moved by the tests (`clock.ms += HOUR`): nothing waits for a token to expire.
 */
export interface TokenFixture {
  standin: StandinServer;
  database: TestDatabase;
  /** Any start will do: the app and the stand-in read only this clock. It starts from now, rounded to the hour. */
  clock: { ms: number };
}

/** The fixture for the calling test file, set up before its own beforeAll hooks and torn down after its afterAll hooks. */
export function useTokenFixture(): TokenFixture {
  const fixture = { clock: { ms: Math.floor(Date.now() / HOUR) * HOUR } } as TokenFixture;
  let restoreClock: () => void = () => undefined;
  beforeAll(async () => {
    fixture.standin = await startStandin({ seedDemoShop: false });
    fixture.standin.store.useClock(() => fixture.clock.ms);
    restoreClock = setClock(() => new Date(fixture.clock.ms));
    fixture.database = await createTestDatabase();
  });
  afterAll(async () => {
    restoreClock();
    await fixture.database?.cleanup();
    await fixture.standin?.close();
  });
  return fixture;
}

/** A shop's offline session holding `grant`, issued at `nowMs`, stored as Shopify's session storage stores it. */
export async function storeOfflineGrant(database: TestDatabase, domain: string, grant: TokenGrant, nowMs: number): Promise<void> {
  const session = {
    shop: domain,
    state: "",
    isOnline: false,
    scope: grant.scope,
    accessToken: grant.access_token,
    expires: new Date(nowMs + grant.expires_in * 1000),
    refreshToken: grant.refresh_token,
    refreshTokenExpires: new Date(nowMs + grant.refresh_token_expires_in * 1000),
  };
  await database.db.session.upsert({
    where: { id: offlineSessionId(domain) },
    create: { id: offlineSessionId(domain), ...session },
    update: session,
  });
}
