/** The answers of /health and /ready (see docs/api.md, "Operations"). */
import { Type } from '@fastify/type-provider-typebox';

export const HealthSchema = Type.Object(
  { status: Type.String({ description: 'ok, ready, or what is wrong (e.g. "database unreachable")' }) },
  { $id: 'Health', description: 'Whether the process (or its database) is up' },
);
