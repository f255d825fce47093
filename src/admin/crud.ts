/**
 * A generic route builder for the admin API's catalog collections (docs/api.md, "Collections"):
 * list, create, get, patch and delete of one DocumentRepo, answered in the shapes of docs/api.md.
 * Each resource module only says how its fields are checked, stored and shown.
 *
 * PATCH is partial: the body is merged over the stored record's editable fields, and the
 * result is checked exactly as a create would be, so no update can store what a create refuses.
 * Every write resolves only once the in-memory catalog holds it (the store tells the catalog),
 * so the next click sees it.
 * Every write is recorded in the audit log with the record as shown before and after
 * (secrets hidden).
 */
import { Type, type TObject, type TSchema } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { notFound } from '../http/errors.js';
import { RecordId } from '../http/ids.js';
import { PageQuery, listAnswer, pageRequest } from '../http/pagination.js';
import type { App } from '../http/types.js';
import { recordChange } from '../people/audit.js';
import { DeletedSchema, ref } from '../schemas/common.js';
import { errorResponses } from '../schemas/error.js';
import type { DocumentRepo } from '../store/store.js';

/** What a record holds besides what the store manages itself. */
export type StoredFields<T> = Omit<T, 'id' | 'created_at' | 'updated_at'>;

/** Records owned by a parent in the URL (e.g. `/3.0/admin/affiliates/:affiliate_id/postbacks`). */
export interface CrudOwner {
  /** Name of the URL parameter holding the parent's id. */
  param: string;
  /** Field of the record that holds the parent's id. */
  field: string;
  /** True when the parent exists (an unknown parent is a 404). */
  exists(ctx: AppContext, id: number): boolean;
  /** The 404 text for an unknown parent. */
  missing: string;
}

/**
 * How one collection is checked, stored and shown. `F` is the editable fields as the API
 * takes them (the create body after defaults).
 */
export interface CrudSpec<T extends { id: number }, F extends object> {
  /** Collection URL, e.g. `/3.0/admin/advertisers`; the list key is its last word. */
  path: string;
  /** Singular noun for texts ("Advertiser not found"). */
  noun: string;
  /** OpenAPI tag. */
  tag: string;
  /** Schema of the record as shown (registered, see src/schemas/index.ts). */
  schema: TSchema;
  /** Schema of the list answer (registered). */
  listSchema: TSchema;
  /** Schema of the create answer when it shows more than the record (e.g. a key shown once). */
  createdSchema?: TSchema;
  repo(ctx: AppContext): DocumentRepo<T>;
  /** Body of POST: required fields required, additional properties refused. */
  createBody: TObject;
  /** Body of PATCH: every field optional, additional properties refused. */
  patchBody: TObject;
  /** Values of fields a create body may leave out. */
  defaults: Partial<F>;
  /** The stored record's editable fields, for merging a PATCH over them. */
  fieldsOf(record: T): F;
  /**
   * Checks merged fields (throwing badRequest naming the field) and turns them into what is
   * stored. `current` is the stored record on PATCH, null on create.
   */
  build(fields: F, ctx: AppContext, current: T | null): StoredFields<T> | Promise<StoredFields<T>>;
  /** The record with its values computed for `schema` (ISO times, decimal money, status names). */
  present(record: T): object;
  /**
   * On create only: fields to store that the body cannot set (e.g. a key's hash), and fields
   * the create answer shows once (e.g. the key itself).
   */
  onCreate?(ctx: AppContext): { stored: Partial<StoredFields<T>>; shown: Record<string, unknown> };
  /** Throws (e.g. a 409) when the record may not be deleted. */
  beforeDelete?(record: T, ctx: AppContext): void | Promise<void>;
  owner?: CrudOwner;
}

/** Registers the five routes of one collection. */
export function registerCrud<T extends { id: number }, F extends object>(
  app: App,
  ctx: AppContext,
  spec: CrudSpec<T, F>,
): void {
  const repo = spec.repo(ctx);
  // The list key is the path's last word in snake_case (`tracking-events` -> `tracking_events`).
  const key = (spec.path.split('/').filter(Boolean).pop() ?? 'items').replace(/-/g, '_');
  const owner = spec.owner;
  const ownerParams = owner ? { [owner.param]: RecordId } : {};
  const collectionParams = Type.Object(ownerParams);
  const itemParams = Type.Object({ ...ownerParams, id: RecordId });
  const security = [{ apiKey: [] }];
  const errors = errorResponses(400, 401, 404);
  const item = ref(spec.schema);
  const missing = `${spec.noun} not found`;

  type Params = Record<string, number>;

  /** The owner's id from the URL (404 when the owner is unknown), or undefined without owner. */
  function ownerId(request: FastifyRequest): number | undefined {
    if (!owner) return undefined;
    const id = (request.params as Params)[owner.param];
    if (!owner.exists(ctx, id)) throw notFound(owner.missing);
    return id;
  }

  /** The stored record, or 404 when unknown or owned by another parent. */
  async function load(request: FastifyRequest): Promise<T> {
    const parent = ownerId(request);
    const record = await repo.get((request.params as Params).id);
    if (!record) throw notFound(missing);
    if (owner && (record as Record<string, unknown>)[owner.field] !== parent) throw notFound(missing);
    return record;
  }

  /** Fields coming from the URL rather than the body. */
  function ownerFields(parent: number | undefined): Partial<F> {
    return owner && parent !== undefined ? ({ [owner.field]: parent } as Partial<F>) : {};
  }

  app.get(
    spec.path,
    {
      schema: {
        tags: [spec.tag],
        security,
        params: collectionParams,
        querystring: Type.Object(PageQuery),
        response: { 200: ref(spec.listSchema), ...errors },
      },
    },
    async (request) => {
      const parent = ownerId(request);
      const page = pageRequest(request.query as { page?: number; limit?: number });
      const filter = owner && parent !== undefined ? { affiliate_id: parent } : undefined;
      return listAnswer(key, page, await repo.list(page, filter), spec.present);
    },
  );

  app.post(
    spec.path,
    {
      schema: {
        tags: [spec.tag],
        security,
        params: collectionParams,
        body: spec.createBody,
        response: { 201: ref(spec.createdSchema ?? spec.schema), ...errors },
      },
    },
    async (request, reply) => {
      const parent = ownerId(request);
      const fields = { ...spec.defaults, ...(request.body as Partial<F>), ...ownerFields(parent) } as F;
      const built = await spec.build(fields, ctx, null);
      const extra = spec.onCreate?.(ctx);
      const record = await repo.create({ ...built, ...extra?.stored });
      const after = spec.present(record);
      await recordChange(ctx, request, { action: 'create', entity: key, entity_id: record.id, before: null, after });
      return reply.code(201).send({ ...after, ...extra?.shown });
    },
  );

  app.get(
    `${spec.path}/:id`,
    {
      schema: { tags: [spec.tag], security, params: itemParams, response: { 200: item, ...errors } },
    },
    async (request) => spec.present(await load(request)),
  );

  app.patch(
    `${spec.path}/:id`,
    {
      schema: {
        tags: [spec.tag],
        security,
        params: itemParams,
        body: spec.patchBody,
        response: { 200: item, ...errors },
      },
    },
    async (request) => {
      const current = await load(request);
      const parent = ownerId(request);
      const fields = { ...spec.fieldsOf(current), ...(request.body as Partial<F>), ...ownerFields(parent) } as F;
      const built = await spec.build(fields, ctx, current);
      const record = await repo.update(current.id, built);
      if (!record) throw notFound(missing); // deleted meanwhile
      const after = spec.present(record);
      const before = spec.present(current);
      await recordChange(ctx, request, { action: 'update', entity: key, entity_id: record.id, before, after });
      return after;
    },
  );

  app.delete(
    `${spec.path}/:id`,
    {
      schema: {
        tags: [spec.tag],
        security,
        params: itemParams,
        response: { 200: ref(DeletedSchema), ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const current = await load(request);
      await spec.beforeDelete?.(current, ctx);
      if (!(await repo.delete(current.id))) throw notFound(missing);
      const before = spec.present(current);
      await recordChange(ctx, request, { action: 'delete', entity: key, entity_id: current.id, before, after: null });
      return { status: 1 as const };
    },
  );
}
