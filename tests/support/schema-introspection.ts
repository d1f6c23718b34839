import { createClient, type Client } from "@libsql/client";
import { get_config, get_dmmf } from "@prisma/prisma-schema-wasm";
import pg from "pg";

import type { DatabaseProvider } from "~/db-provider.server";
import { MIGRATIONS_TABLE, readMigrations } from "~/migrations.server";

/**
 * One normalized description of a SQLite or PostgreSQL schema, built either from schema.prisma
 * (what Prisma's migrations for that provider would create) or from a real database, so the two
 * can be deep-compared. Types and defaults are spelled as that database reports them.
 * Index names are compared too: a later migration that drops or recreates an index refers to
 * it by name, and Prisma's defaults are `<Table>_<cols>_key` / `<Table>_<cols>_idx`.
 *
 * Anything in schema.prisma the normalizer does not understand throws instead of being skipped,
 * so the comparison can never pass by ignoring part of the model.
 */
export interface NormalizedSchema {
  tables: Record<string, Table>;
  /** Views and triggers: Prisma never creates them, so schema.prisma always says none. */
  otherObjects: string[];
  /** The text indexes the migrations add beside the model (TEXT_INDEXES). */
  textIndexes: string[];
}

/**
 * What the migrations create that schema.prisma cannot describe: the text index of what a line is
 * called (migration 0023, app/services/line-text.server.ts). SQLite: an FTS5 table (its shadow
 * tables are its own) kept by triggers; PostgreSQL: pg_trgm and its indexes over expressions.
 */
export const TEXT_INDEXES: Record<DatabaseProvider, string[]> = {
  sqlite: [
    "fts5 PurchaseOrderLineText",
    "trigger PurchaseOrderLineText_delete",
    "trigger PurchaseOrderLineText_insert",
    "trigger PurchaseOrderLineText_update",
  ],
  postgresql: [
    "extension pg_trgm",
    "trigram index PurchaseOrderLine_productTitle_trgm_idx",
    "trigram index PurchaseOrderLine_sku_trgm_idx",
    "trigram index PurchaseOrderLine_variantTitle_trgm_idx",
  ],
};

/** The tables FTS5 keeps for a virtual table of its own. */
const FTS5_SHADOW_TABLES = ["data", "idx", "content", "docsize", "config"];

export interface Table {
  columns: Record<string, Column>;
  primaryKey: string[];
  /** Keyed by index name. */
  indexes: Record<string, { unique: boolean; columns: string[] }>;
  /** Keyed by `(cols) -> Table(cols)`. */
  foreignKeys: Record<string, { onDelete: string; onUpdate: string }>;
}

export interface Column {
  type: string;
  notNull: boolean;
  /** The DEFAULT expression as the database keeps it, "AUTOINCREMENT", or null when none. */
  default: string | null;
}

// ---------------------------------------------------------------------------------------------
// From schema.prisma

// The column types Prisma's migrations give each scalar type, per provider.
const COLUMN_TYPES: Record<DatabaseProvider, Record<string, string>> = {
  sqlite: {
    String: "TEXT",
    Int: "INTEGER",
    BigInt: "BIGINT",
    Boolean: "BOOLEAN",
    DateTime: "DATETIME",
    Decimal: "DECIMAL",
    Float: "REAL",
    Json: "JSONB",
    Bytes: "BLOB",
  },
  postgresql: {
    String: "TEXT",
    Int: "INTEGER",
    BigInt: "BIGINT",
    Boolean: "BOOLEAN",
    DateTime: "TIMESTAMP(3)",
    Decimal: "DECIMAL(65,30)",
    Float: "DOUBLE PRECISION",
    Json: "JSONB",
    Bytes: "BYTEA",
  },
};

const REFERENTIAL_ACTIONS: Record<string, string> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  NoAction: "NO ACTION",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
};

// The DMMF keys this normalizer accounts for; a new key may carry meaning we would miss.
const MODEL_KEYS = ["name", "dbName", "schema", "primaryKey", "uniqueFields", "uniqueIndexes", "isGenerated", "documentation", "fields"];
const FIELD_KEYS = [
  "name",
  "dbName",
  "kind",
  "isList",
  "isRequired",
  "isUnique",
  "isId",
  "isReadOnly",
  "hasDefaultValue",
  "type",
  "nativeType",
  "default",
  "isGenerated",
  "isUpdatedAt",
  "relationName",
  "relationFromFields",
  "relationToFields",
  "relationOnDelete",
  "relationOnUpdate",
  "documentation",
];
const INDEX_KEYS = ["model", "type", "isDefinedOnField", "name", "dbName", "fields"];

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: string;
  type: string;
  isList: boolean;
  isRequired: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  isUpdatedAt: boolean;
  isGenerated: boolean;
  nativeType: unknown;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

interface DmmfModel {
  name: string;
  dbName: string | null;
  schema: string | null;
  isGenerated: boolean;
  fields: DmmfField[];
}

interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | string;
  dbName?: string | null;
  fields: Array<{ name: string } & Record<string, unknown>>;
}

class UnsupportedSchema extends Error {
  constructor(message: string) {
    super(`schema-introspection does not understand ${message}; teach it before relying on the check`);
    this.name = "UnsupportedSchema";
  }
}

function assertKnownKeys(object: object, known: string[], where: string): void {
  const unknown = Object.keys(object).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw new UnsupportedSchema(`${where}: DMMF keys ${unknown.join(", ")}`);
}

export function expectedSchemaFromPrisma(schemaText: string): NormalizedSchema {
  const params = JSON.stringify({ prismaSchema: schemaText });
  const config = JSON.parse(get_config(params)) as { config: { datasources: Array<{ activeProvider: string }> } };
  const provider = config.config.datasources[0]?.activeProvider;
  if (provider !== "sqlite" && provider !== "postgresql") throw new UnsupportedSchema(`datasource provider ${String(provider)}`);
  // The DMMF silently leaves out @ignore'd fields and models and Unsupported() columns, which
  // still exist in the database, so they are refused here rather than missed.
  const invisible = /@@?ignore\b|\bUnsupported\s*\(|^\s*view\s/m.exec(schemaText);
  if (invisible) throw new UnsupportedSchema(`"${invisible[0].trim()}" (absent from the DMMF)`);

  const { datamodel } = JSON.parse(get_dmmf(params)) as {
    datamodel: { models: DmmfModel[]; enums: unknown[]; types: unknown[]; indexes: DmmfIndex[] };
  };
  if (datamodel.enums.length > 0) throw new UnsupportedSchema("enums");
  if (datamodel.types.length > 0) throw new UnsupportedSchema("composite types");

  const models = new Map(datamodel.models.map((model) => [model.name, model]));
  const tableName = (model: DmmfModel) => model.dbName ?? model.name;
  const columnName = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((candidate) => candidate.name === fieldName);
    if (!field) throw new UnsupportedSchema(`${model.name}: reference to unknown field ${fieldName}`);
    return field.dbName ?? field.name;
  };

  const tables: Record<string, Table> = {};
  for (const model of datamodel.models) {
    assertKnownKeys(model, MODEL_KEYS, `model ${model.name}`);
    if (model.schema !== null || model.isGenerated) throw new UnsupportedSchema(`model ${model.name} (schema/generated)`);
    const table: Table = { columns: {}, primaryKey: [], indexes: {}, foreignKeys: {} };
    tables[tableName(model)] = table;

    for (const field of model.fields) {
      const where = `${model.name}.${field.name}`;
      assertKnownKeys(field, FIELD_KEYS, where);
      if (field.kind === "object") {
        if (field.relationFromFields?.length) table.foreignKeys[foreignKeyOf(model, field)] = referentialActions(field);
        continue;
      }
      if (field.kind !== "scalar") throw new UnsupportedSchema(`${where}: field kind ${field.kind}`);
      if (field.isList || field.nativeType !== null || field.isGenerated) throw new UnsupportedSchema(`${where}: list/native type/generated`);
      const type = COLUMN_TYPES[provider][field.type];
      if (!type) throw new UnsupportedSchema(`${where}: type ${field.type}`);
      table.columns[field.dbName ?? field.name] = {
        type,
        notNull: field.isRequired,
        default: field.hasDefaultValue ? databaseDefault(provider, field, where) : null,
      };
    }
  }

  for (const index of datamodel.indexes) {
    assertKnownKeys(index, INDEX_KEYS, `index on ${index.model}`);
    const model = models.get(index.model);
    const table = model && tables[tableName(model)];
    if (!model || !table) throw new UnsupportedSchema(`index on unknown model ${index.model}`);
    const columns = index.fields.map((field) => {
      assertKnownKeys(field, ["name"], `index field ${index.model}.${field.name} (sort order, length)`);
      return columnName(model, field.name);
    });
    if (index.type === "id") {
      table.primaryKey = columns;
    } else if (index.type === "unique" || index.type === "normal") {
      const suffix = index.type === "unique" ? "key" : "idx";
      const name = index.dbName ?? `${tableName(model)}_${columns.join("_")}_${suffix}`;
      table.indexes[name] = { unique: index.type === "unique", columns };
    } else {
      throw new UnsupportedSchema(`index type ${index.type} on ${index.model}`);
    }
  }
  return { tables, otherObjects: [], textIndexes: TEXT_INDEXES[provider] };

  function foreignKeyOf(model: DmmfModel, field: DmmfField): string {
    const target = models.get(field.type);
    if (!target) throw new UnsupportedSchema(`${model.name}.${field.name}: relation to ${field.type}`);
    const from = (field.relationFromFields ?? []).map((name) => columnName(model, name));
    const to = (field.relationToFields ?? []).map((name) => columnName(target, name));
    return foreignKeyKey(from, tableName(target), to);
  }
}

function referentialActions(field: DmmfField): { onDelete: string; onUpdate: string } {
  // Prisma's defaults when @relation names no action: Restrict for a required relation,
  // SetNull for an optional one, and Cascade on update.
  const onDelete = field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull");
  const onUpdate = field.relationOnUpdate ?? "Cascade";
  const sql = (action: string) => {
    const mapped = REFERENTIAL_ACTIONS[action];
    if (!mapped) throw new UnsupportedSchema(`referential action ${action} on ${field.name}`);
    return mapped;
  };
  return { onDelete: sql(onDelete), onUpdate: sql(onUpdate) };
}

// The DEFAULT clause Prisma writes, in the text the database keeps (SQLite's PRAGMA table_info,
// PostgreSQL's pg_get_expr). cuid()/uuid()/nanoid()/ulid() are filled in by Prisma Client, so
// the column has no default.
function databaseDefault(provider: DatabaseProvider, field: DmmfField, where: string): string | null {
  const value = field.default;
  if (typeof value === "object" && value !== null && "name" in value) {
    switch (value.name) {
      case "now":
        return "CURRENT_TIMESTAMP";
      case "autoincrement":
        return "AUTOINCREMENT";
      case "cuid":
      case "uuid":
      case "nanoid":
      case "ulid":
        return null;
      default:
        throw new UnsupportedSchema(`${where}: @default(${String(value.name)}())`);
    }
  }
  const numeric = ["Int", "BigInt", "Float", "Decimal"].includes(field.type);
  if (typeof value === "number" && numeric) return String(value);
  if (typeof value === "boolean" && field.type === "Boolean") return String(value);
  if (typeof value === "string" && field.type === "String") {
    const literal = `'${value.replaceAll("'", "''")}'`;
    return provider === "postgresql" ? `${literal}::text` : literal;
  }
  throw new UnsupportedSchema(`${where}: @default(${JSON.stringify(value)}) on ${field.type}`);
}

function foreignKeyKey(from: string[], table: string, to: string[]): string {
  return `(${from.join(", ")}) -> ${table}(${to.join(", ")})`;
}

// ---------------------------------------------------------------------------------------------
// From a database

export async function actualSchemaFromSqlite(databaseUrl: string): Promise<NormalizedSchema> {
  const client = createClient({ url: databaseUrl });
  try {
    const objects = await rows<{ type: string; name: string; sql: string | null }>(
      client,
      `SELECT "type", "name", "sql" FROM sqlite_master WHERE "name" NOT LIKE 'sqlite_%' ORDER BY "name"`,
    );
    const textTables = objects.filter((o) => o.type === "table" && /^CREATE VIRTUAL TABLE .* USING fts5\(/is.test(o.sql ?? "")).map((o) => o.name);
    const ofTextTable = (name: string) => textTables.some((table) => name.startsWith(`${table}_`));
    const shadowTables = new Set(textTables.flatMap((table) => FTS5_SHADOW_TABLES.map((suffix) => `${table}_${suffix}`)));
    const tables: Record<string, Table> = {};
    for (const object of objects.filter((o) => o.type === "table" && o.name !== MIGRATIONS_TABLE)) {
      if (textTables.includes(object.name) || shadowTables.has(object.name)) continue;
      tables[object.name] = await readTable(client, object.name, object.sql ?? "");
    }
    const otherObjects = objects.filter((o) => o.type === "view" || (o.type === "trigger" && !ofTextTable(o.name))).map((o) => `${o.type} ${o.name}`);
    const textIndexes = [
      ...textTables.map((table) => `fts5 ${table}`),
      ...objects.filter((o) => o.type === "trigger" && ofTextTable(o.name)).map((o) => `trigger ${o.name}`),
    ].sort();
    return { tables, otherObjects, textIndexes };
  } finally {
    client.close();
  }
}

async function readTable(client: Client, table: string, createSql: string): Promise<Table> {
  const name = JSON.stringify(table); // a quoted identifier for PRAGMA arguments
  const columnRows = await rows<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>(
    client,
    `PRAGMA table_info(${name})`,
  );
  const primaryKey = columnRows
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  // AUTOINCREMENT only exists on a single INTEGER PRIMARY KEY and shows up in no PRAGMA.
  const autoincrement = primaryKey.length === 1 && /\bAUTOINCREMENT\b/i.test(createSql);

  const columns: Record<string, Column> = {};
  for (const column of columnRows) {
    columns[column.name] = {
      type: column.type.toUpperCase(),
      notNull: column.notnull === 1,
      default: autoincrement && column.name === primaryKey[0] ? "AUTOINCREMENT" : column.dflt_value,
    };
  }

  const indexes: Table["indexes"] = {};
  for (const index of await rows<{ name: string; unique: number; origin: string; partial: number }>(client, `PRAGMA index_list(${name})`)) {
    if (index.origin === "pk") continue; // the primary key is compared as primaryKey
    if (index.partial) throw new Error(`${table}: partial index ${index.name} is not something Prisma creates`);
    const keyColumns = (await rows<{ name: string | null; desc: number; key: number }>(client, `PRAGMA index_xinfo(${JSON.stringify(index.name)})`))
      .filter((column) => column.key === 1)
      .map((column) => {
        if (column.name === null) throw new Error(`${table}: expression index ${index.name} is not something Prisma creates`);
        return column.desc ? `${column.name} DESC` : column.name;
      });
    indexes[index.name] = { unique: index.unique === 1, columns: keyColumns };
  }

  const byConstraint = new Map<number, Array<{ table: string; from: string; to: string | null; on_update: string; on_delete: string }>>();
  for (const row of await rows<{ id: number; seq: number; table: string; from: string; to: string | null; on_update: string; on_delete: string }>(
    client,
    `PRAGMA foreign_key_list(${name})`,
  )) {
    byConstraint.set(row.id, [...(byConstraint.get(row.id) ?? []), row]);
  }
  const foreignKeys: Table["foreignKeys"] = {};
  for (const parts of byConstraint.values()) {
    const first = parts[0]!;
    // REFERENCES "T" without columns means T's primary key.
    const referenced = parts.some((part) => part.to === null)
      ? (await rows<{ name: string; pk: number }>(client, `PRAGMA table_info(${JSON.stringify(first.table)})`))
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name)
      : parts.map((part) => part.to!);
    foreignKeys[
      foreignKeyKey(
        parts.map((part) => part.from),
        first.table,
        referenced,
      )
    ] = {
      onDelete: first.on_delete,
      onUpdate: first.on_update,
    };
  }
  return { columns, primaryKey, indexes, foreignKeys };
}

/** The same description read from a PostgreSQL database's catalog (its current schema). */
export async function actualSchemaFromPostgresql(databaseUrl: string): Promise<NormalizedSchema> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const query = async <T extends pg.QueryResultRow>(sql: string) => (await client.query<T>(sql)).rows;
    const tables: Record<string, Table> = {};
    const tableOf = (name: string) => (tables[name] ??= { columns: {}, primaryKey: [], indexes: {}, foreignKeys: {} });

    const columns = await query<{ table: string; column: string; type: string; notNull: boolean; default: string | null }>(`
      SELECT c.relname::text AS "table", a.attname::text AS "column", format_type(a.atttypid, a.atttypmod) AS "type",
             a.attnotnull AS "notNull", pg_get_expr(d.adbin, d.adrelid) AS "default"
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        AND c.relname <> '${MIGRATIONS_TABLE}'
      ORDER BY c.relname, a.attnum`);
    for (const column of columns) {
      const serial = column.default?.startsWith("nextval(") ?? false;
      tableOf(column.table).columns[column.column] = {
        type: POSTGRESQL_TYPE_NAMES[column.type] ?? column.type.toUpperCase(),
        notNull: column.notNull,
        default: serial ? "AUTOINCREMENT" : column.default,
      };
    }

    const indexes = await query<{
      table: string;
      name: string;
      unique: boolean;
      primary: boolean;
      partial: boolean;
      definition: string;
      columns: string[];
    }>(`
      SELECT t.relname::text AS "table", i.relname::text AS "name", x.indisunique AS "unique", x.indisprimary AS "primary",
             x.indpred IS NOT NULL OR x.indexprs IS NOT NULL AS "partial", pg_get_indexdef(x.indexrelid) AS "definition",
             ARRAY(
               SELECT a.attname::text || CASE WHEN (x.indoption::int2[])[k.n - 1] & 1 = 1 THEN ' DESC' ELSE '' END
               FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
               JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
               ORDER BY k.n
             ) AS "columns"
      FROM pg_index x
      JOIN pg_class t ON t.oid = x.indrelid
      JOIN pg_class i ON i.oid = x.indexrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = current_schema() AND t.relname <> '${MIGRATIONS_TABLE}'
      ORDER BY t.relname, i.relname`);
    const textIndexes = (await query<{ name: string }>(`SELECT extname::text AS "name" FROM pg_extension WHERE extname <> 'plpgsql'`)).map(
      (extension) => `extension ${extension.name}`,
    );
    for (const index of indexes) {
      if (index.partial && / USING gin \(lower\(.*\) gin_trgm_ops\)$/.test(index.definition)) {
        textIndexes.push(`trigram index ${index.name}`);
        continue;
      }
      if (index.partial) throw new Error(`${index.table}: partial or expression index ${index.name} is not something Prisma creates`);
      if (index.primary) tableOf(index.table).primaryKey = index.columns;
      else tableOf(index.table).indexes[index.name] = { unique: index.unique, columns: index.columns };
    }

    const foreignKeys = await query<{ table: string; target: string; from: string[]; to: string[]; onDelete: string; onUpdate: string }>(`
      SELECT t.relname::text AS "table", f.relname::text AS "target",
             ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
                   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n) AS "from",
             ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, n)
                   JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.n) AS "to",
             c.confdeltype::text AS "onDelete", c.confupdtype::text AS "onUpdate"
      FROM pg_constraint c
      JOIN pg_class t ON t.oid = c.conrelid
      JOIN pg_class f ON f.oid = c.confrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE c.contype = 'f' AND n.nspname = current_schema()`);
    for (const key of foreignKeys) {
      tableOf(key.table).foreignKeys[foreignKeyKey(key.from, key.target, key.to)] = {
        onDelete: POSTGRESQL_REFERENTIAL_ACTIONS[key.onDelete] ?? key.onDelete,
        onUpdate: POSTGRESQL_REFERENTIAL_ACTIONS[key.onUpdate] ?? key.onUpdate,
      };
    }

    const otherObjects = await query<{ object: string }>(`
      SELECT CASE c.relkind WHEN 'v' THEN 'view ' ELSE 'materialized view ' END || c.relname AS "object"
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('v', 'm')
      UNION ALL
      SELECT 'trigger ' || g.tgname FROM pg_trigger g
      JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND NOT g.tgisinternal
      ORDER BY 1`);
    return { tables, otherObjects: otherObjects.map((row) => row.object), textIndexes: textIndexes.sort() };
  } finally {
    await client.end();
  }
}

// format_type()'s spelling → the spelling Prisma's PostgreSQL migrations use.
const POSTGRESQL_TYPE_NAMES: Record<string, string> = {
  text: "TEXT",
  integer: "INTEGER",
  bigint: "BIGINT",
  boolean: "BOOLEAN",
  "timestamp(3) without time zone": "TIMESTAMP(3)",
  "numeric(65,30)": "DECIMAL(65,30)",
  "double precision": "DOUBLE PRECISION",
  jsonb: "JSONB",
  bytea: "BYTEA",
};

// pg_constraint.confdeltype / confupdtype codes.
const POSTGRESQL_REFERENTIAL_ACTIONS: Record<string, string> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

async function rows<T>(client: Client, sql: string): Promise<T[]> {
  const result = await client.execute(sql);
  return result.rows.map((row) => ({ ...row }) as T);
}

// ---------------------------------------------------------------------------------------------
// Comparing

/**
 * Every provider's migrations must be the same list of names (each one written for each
 * database): one line per migration some provider lacks, e.g. `0017_x is in sqlite but missing
 * from postgresql`. Together with each provider's schema check, a migration cannot lag.
 */
export async function migrationsMissingFromAProvider(directories: Record<DatabaseProvider, string>): Promise<string[]> {
  const names = Object.fromEntries(
    await Promise.all(
      Object.entries(directories).map(async ([provider, directory]) => [provider, (await readMigrations(directory)).map((m) => m.name)] as const),
    ),
  );
  const missing: string[] = [];
  for (const [provider, own] of Object.entries(names)) {
    for (const [other, theirs] of Object.entries(names)) {
      for (const name of own.filter((candidate) => !theirs.includes(candidate))) missing.push(`${name} is in ${provider} but missing from ${other}`);
    }
  }
  return missing.sort();
}

/**
 * One line per difference, e.g. `tables.Shop.columns.name.notNull: schema.prisma true, database false`,
 * so a failing check says what to change rather than printing two large objects.
 */
export function schemaDifferences(expected: NormalizedSchema, actual: NormalizedSchema): string[] {
  const want = flatten(expected);
  const have = flatten(actual);
  const differences: string[] = [];
  for (const [path, value] of want) {
    if (!have.has(path)) differences.push(`${path}: in schema.prisma (${value}) but not in the database`);
    else if (have.get(path) !== value) differences.push(`${path}: schema.prisma ${value}, database ${have.get(path)}`);
  }
  for (const [path, value] of have) {
    if (!want.has(path)) differences.push(`${path}: in the database (${value}) but not in schema.prisma`);
  }
  return differences.sort();
}

// Plain objects become dotted paths; arrays and scalars are leaves, compared as JSON.
function flatten(value: unknown, path = "", out = new Map<string, string>()): Map<string, string> {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flatten(child, path ? `${path}.${key}` : key, out);
  } else {
    out.set(path, JSON.stringify(value));
  }
  return out;
}
