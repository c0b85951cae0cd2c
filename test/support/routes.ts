import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Every route the running app's Fastify router serves, as "METHOD /path" with
 * Fastify's parameter syntax (`/v1/cases/:id`), read from `printRoutes()`: the
 * router itself, so a route added anywhere (controller, plugin, Swagger) shows up.
 *
 * `printRoutes({ commonPrefix: false })` prints a tree, four characters of
 * indentation per level, each node a path segment followed by its methods:
 *
 *     ├── /v1/reports (POST, GET, HEAD)
 *     │   ├── /batch (POST)
 *     │   └── /:id (GET, HEAD)
 */
export function routerRoutes(app: NestFastifyApplication): string[] {
  const tree: string = app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
  const segments: string[] = [];
  const routes = new Set<string>();
  for (const line of tree.split('\n')) {
    const match = /^([│├└─ ]*?)([├└]── )(\S+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) {
      if (line.trim() !== '') throw new Error(`cannot read this line of printRoutes(): ${JSON.stringify(line)}`);
      continue;
    }
    const depth = match[1].length / 4;
    if (!Number.isInteger(depth)) throw new Error(`unexpected indentation in printRoutes(): ${JSON.stringify(line)}`);
    segments.length = depth;
    segments.push(match[3]);
    for (const method of match[4]?.split(', ') ?? []) routes.add(`${method} ${segments.join('')}`);
  }
  return [...routes].sort();
}
