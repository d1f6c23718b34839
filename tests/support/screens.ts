/**
 * The embedded screens' route modules (app/routes/app.*.tsx and app/routes/app.*\/route.tsx) and
 * the URLs Remix serves them at, worked out from their flat-route file names as Remix does:
 * `.` separates segments, `$name` is a parameter, a trailing `_` leaves the parent layout (no
 * segment of its own), `_index` is the parent's own path, `[.pdf]` is literal text.
 */

export type ScreenModule = {
  action?: (args: never) => Response | Promise<Response>;
  loader?: (args: never) => Response | Promise<Response>;
};

export interface ScreenRoute {
  /** The route's id as Remix names it: the file name without its extension or `/route.tsx`. */
  id: string;
  /** The parameters the URL carries, in order. */
  params: readonly string[];
  load(): Promise<ScreenModule>;
}

const files = {
  ...import.meta.glob<ScreenModule>("../../app/routes/app.*.tsx"),
  ...import.meta.glob<ScreenModule>("../../app/routes/app.*/route.tsx"),
};

interface Compiled {
  route: ScreenRoute;
  pattern: RegExp;
  /** Literal characters of the path: the more, the more specific (Remix ranks static above dynamic). */
  staticLength: number;
  template: string;
}

/** One route's path template, `/app/purchase-orders/$id/receive`, with its parameters. */
function compile(id: string): { template: string; params: string[] } {
  const segments: string[] = [];
  let segment = "";
  let escaped = false;
  for (const character of id) {
    if (character === "[") escaped = true;
    else if (character === "]") escaped = false;
    else if (character === "." && !escaped) {
      segments.push(segment);
      segment = "";
    } else segment += character;
  }
  segments.push(segment);
  const parts = segments.filter((part) => part !== "_index").map((part) => part.replace(/_$/, ""));
  const params = parts.flatMap((part) => (part.startsWith("$") ? [/^\$(\w+)/.exec(part)![1]!] : []));
  return { template: `/${parts.join("/")}`, params };
}

export const SCREEN_ROUTES: readonly ScreenRoute[] = Object.entries(files)
  .map(([file, load]) => {
    const id = file.replace("../../app/routes/", "").replace(/\/route\.tsx$|\.tsx$/, "");
    return { id, params: compile(id).params, load };
  })
  .sort((a, b) => a.id.localeCompare(b.id));

const COMPILED: readonly Compiled[] = SCREEN_ROUTES.map((route) => {
  const { template } = compile(route.id);
  const source = template
    .split(/(\$\w+)/)
    .map((part) => (part.startsWith("$") ? "([^/]+)" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return { route, template, pattern: new RegExp(`^${source}$`), staticLength: template.replace(/\$\w+/g, "").length };
}).sort((a, b) => b.staticLength - a.staticLength);

/** The path of a route with its parameters filled (each percent-encoded, by `encode` when given). */
export function screenPath(routeId: string, params: Record<string, string>, encode: (value: string) => string = encodeURIComponent): string {
  const compiled = COMPILED.find((candidate) => candidate.route.id === routeId);
  if (!compiled) throw new Error(`No screen route ${routeId}`);
  return compiled.template.replace(/\$(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${routeId}: give the parameter ${name}`);
    return encode(value);
  });
}

/** The route serving a path and its parameters (decoded), the most specific first; null when none does. */
export function matchScreenRoute(pathname: string): { route: ScreenRoute; params: Record<string, string> } | null {
  for (const { route, pattern } of COMPILED) {
    const match = pattern.exec(pathname);
    if (!match) continue;
    try {
      return { route, params: Object.fromEntries(route.params.map((name, index) => [name, decodeURIComponent(match[index + 1]!)])) };
    } catch {
      return null;
    }
  }
  return null;
}

/** One screen route's module, by its id. */
export async function screenModule(routeId: string): Promise<ScreenModule> {
  const route = SCREEN_ROUTES.find((candidate) => candidate.id === routeId);
  if (!route) throw new Error(`No screen route ${routeId}`);
  return route.load();
}

/** The screen routes that take posts (have an action). */
export async function actionRoutes(): Promise<Array<ScreenRoute & { module: ScreenModule }>> {
  const routes = [];
  for (const route of SCREEN_ROUTES) {
    const module = await route.load();
    if (module.action) routes.push({ ...route, module });
  }
  return routes;
}
