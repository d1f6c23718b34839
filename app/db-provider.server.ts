/**
 * Which database a DATABASE_URL names, and the schema.prisma Prisma generates that database's
 * client from. SQLite (a `file:` URL) is the embedded default; PostgreSQL (`postgresql://` or
 * `postgres://`) is the scale path. See docs/decisions/016-postgresql.md.
 *
 * prisma/schema.prisma is the one model, written for SQLite. Prisma's generated client is fixed
 * to one provider, so the PostgreSQL client is generated from a copy that differs only in its
 * datasource provider (scripts/generate-clients.ts); the parity check derives the same copy.
 */

export type DatabaseProvider = "sqlite" | "postgresql";

/**
 * Where the PostgreSQL client is generated, as a module name resolved through node_modules (next
 * to Prisma's own `.prisma/client`), so the server bundle finds it wherever it is built to.
 */
export const POSTGRESQL_CLIENT_MODULE = ".prisma/client-postgresql";

export const DATABASE_PROVIDERS: readonly DatabaseProvider[] = ["sqlite", "postgresql"];

/** The URL schemes each provider answers to. */
const SCHEMES: Record<DatabaseProvider, readonly string[]> = {
  sqlite: ["file:", "libsql:"],
  postgresql: ["postgresql:", "postgres:"],
};

export class UnsupportedDatabaseUrlError extends Error {
  constructor(databaseUrl: string) {
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(databaseUrl)?.[0] ?? "(no scheme)";
    super(`DATABASE_URL: unsupported scheme ${scheme}; use file: (SQLite) or postgresql:// (PostgreSQL)`);
    this.name = "UnsupportedDatabaseUrlError";
  }
}

export function providerOf(databaseUrl: string): DatabaseProvider {
  const provider = DATABASE_PROVIDERS.find((candidate) => SCHEMES[candidate].some((scheme) => databaseUrl.startsWith(scheme)));
  if (!provider) throw new UnsupportedDatabaseUrlError(databaseUrl);
  return provider;
}

const DATASOURCE_PROVIDER = /(datasource\s+db\s*\{[^}]*?provider\s*=\s*)"sqlite"/;

/**
 * schema.prisma as `provider` needs it: only the datasource's provider changes (the model uses
 * no provider-specific attribute, so every field maps the same way on both). `clientOutput`
 * points the generator at its own directory, so the two clients never overwrite each other.
 */
export function schemaForProvider(schemaText: string, provider: DatabaseProvider, clientOutput?: string): string {
  if (!DATASOURCE_PROVIDER.test(schemaText)) throw new Error('schema.prisma: expected datasource db { provider = "sqlite" }');
  let text = schemaText.replace(DATASOURCE_PROVIDER, `$1"${provider}"`);
  if (clientOutput !== undefined) {
    const generator = /(generator\s+client\s*\{[^}]*?provider\s*=\s*"prisma-client-js")/;
    if (!generator.test(text)) throw new Error('schema.prisma: expected generator client { provider = "prisma-client-js" }');
    text = text.replace(generator, `$1\n  output   = ${JSON.stringify(clientOutput)}`);
  }
  return text;
}

/**
 * The database a Prisma client (or a transaction's client) talks to, for the few statements
 * written per database (text search, app/services/line-text.server.ts). Prisma keeps its
 * generated client's provider on the client; no public API exposes it.
 */
export function databaseProviderOf(db: object): DatabaseProvider {
  const provider = (db as { _activeProvider?: unknown })._activeProvider;
  if (provider === "sqlite" || provider === "postgresql") return provider;
  throw new Error(`Unknown database provider of the Prisma client: ${String(provider)}`);
}
