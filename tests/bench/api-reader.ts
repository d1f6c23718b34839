import type { PrismaClient } from "@prisma/client";

/**
 * A read key's calls through the whole REST router, as the benchmarks make them: `get` fails on
 * anything but 200 and reads the body; `refill` fills every key's rate-limit bucket, since the
 * limit is not what is measured.
 */
export function apiReader(db: PrismaClient, handle: (request: Request) => Promise<Response>, key: string) {
  return {
    async refill() {
      await db.apiKey.updateMany({ data: { tokens: 60, tokensAt: new Date() } });
    },
    async get(path: string) {
      const response = await handle(new Request(`https://inbound.example.com${path}`, { headers: { Authorization: `Bearer ${key}` } }));
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    },
  };
}
