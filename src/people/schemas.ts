/** TypeBox schemas of the people API's bodies and answers, and how an account is shown. */
import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { iso } from '../http/present.js';
import { PaginationSchema, ref } from '../schemas/common.js';
import type { User } from '../store/people.js';
import { MIN_PASSWORD } from './passwords.js';

export const RoleSchema = Type.Union(
  [Type.Literal('admin'), Type.Literal('manager'), Type.Literal('viewer'), Type.Literal('affiliate')],
  { description: 'admin, manager, viewer or affiliate (docs/people.md)' },
);

export const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' });
/** A display name: no control characters. */
export const Name = Type.String({ minLength: 1, maxLength: 255, pattern: '^[^\\u0000-\\u001f]+$' });
export const Password = Type.String({
  minLength: MIN_PASSWORD,
  maxLength: 1024,
  description: `At least ${MIN_PASSWORD} characters`,
});

/** An account as every answer shows it: never its hash or second-factor secret. */
export const UserSchema = Type.Object(
  {
    id: Type.Integer(),
    email: Type.String(),
    name: Type.String(),
    role: RoleSchema,
    affiliate_id: Type.Union([Type.Integer(), Type.Null()]),
    totp_enabled: Type.Boolean(),
    disabled: Type.Boolean(),
    /** True until the invited person has set a password. */
    invite_pending: Type.Boolean(),
    created_at: Type.String(),
    updated_at: Type.String(),
  },
  { description: 'An account' },
);

export function presentUser(user: User) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    affiliate_id: user.affiliate_id,
    totp_enabled: user.totp_secret !== null,
    disabled: user.disabled,
    invite_pending: user.password_hash === null,
    created_at: iso(user.created_at) as string,
    updated_at: iso(user.updated_at) as string,
  };
}

/** The affiliate a staff session is viewing the portal as, read-only (impersonation.ts). */
export const AsAffiliate = Type.Object(
  { affiliate_id: Type.Integer(), affiliate_name: Type.String() },
  { description: 'The affiliate this staff session views the portal as (read-only)' },
);

/** `{"user":{…},"csrf_token":"…"}`: the answer of signing in and of `GET /3.0/auth/me`. */
export const SignedIn = Type.Object(
  { user: UserSchema, csrf_token: Type.String(), as_affiliate: Type.Optional(AsAffiliate) },
  { description: 'The signed-in account and its CSRF token' },
);

export const Done = Type.Object({ status: Type.Literal(1) }, { description: 'Done' });

/** A page of people records, `{"status":1,"<key>":[…],"pagination":{…}}`. */
export function peopleList<K extends string, T extends TSchema>(key: K, item: T, description: string) {
  return Type.Object(
    { status: Type.Literal(1), [key]: Type.Array(item), pagination: ref(PaginationSchema) } as {
      status: ReturnType<typeof Type.Literal<1>>;
      pagination: ReturnType<typeof ref<typeof PaginationSchema>>;
    } & { [P in K]: ReturnType<typeof Type.Array<T>> },
    { description },
  );
}
