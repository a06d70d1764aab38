// Websocket messages on /api/watch, both directions.
import { z } from 'zod';
import { errorInfoSchema } from './errors.schema';
import { resourceNameSchema, objectNameSchema } from './resources.schema';

/** Largest client message the server accepts, in bytes. */
export const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;

const subscriptionId = z.string().min(1).max(64);

export const subscribeMessageSchema = z.object({
  type: z.literal('subscribe'),
  id: subscriptionId,
  resource: resourceNameSchema,
  /** Namespace of the workspace; ignored for `workspaces`. */
  workspace: z.string().max(63).default(''),
  /** Set for a detail subscription (one object, full content). */
  name: objectNameSchema.optional(),
  /** A label selector in string form, e.g. `env=prod,!legacy`. */
  selector: z.string().max(2048).optional(),
  /** For `events`: only the events whose involvedObject is this object of the workspace. */
  involved: z.object({ kind: z.string().min(1).max(63), name: objectNameSchema }).optional(),
});
export type SubscribeMessage = z.infer<typeof subscribeMessageSchema>;

export const unsubscribeMessageSchema = z.object({ type: z.literal('unsubscribe'), id: subscriptionId });
export type UnsubscribeMessage = z.infer<typeof unsubscribeMessageSchema>;

export const pingMessageSchema = z.object({ type: z.literal('ping') });

export const clientMessageSchema = z.discriminatedUnion('type', [subscribeMessageSchema, unsubscribeMessageSchema, pingMessageSchema]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** A row (list subscription) or a full object (detail subscription). */
const payload = z.record(z.string(), z.unknown());

export const snapshotMessageSchema = z.object({
  type: z.literal('snapshot'),
  id: z.string(),
  items: z.array(payload),
  revision: z.string(),
});
export type SnapshotMessage = z.infer<typeof snapshotMessageSchema>;

export const changeEventSchema = z.union([
  z.object({ type: z.literal('upsert'), key: z.string(), row: payload }),
  z.object({ type: z.literal('upsert'), key: z.string(), object: payload }),
  z.object({ type: z.literal('delete'), key: z.string() }),
]);
export type ChangeEvent = z.infer<typeof changeEventSchema>;

export const changesMessageSchema = z.object({
  type: z.literal('changes'),
  id: z.string(),
  events: z.array(changeEventSchema),
  revision: z.string(),
});
export type ChangesMessage = z.infer<typeof changesMessageSchema>;

export const SUBSCRIPTION_STATES = ['live', 'resyncing', 'error'] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];

/** `status.message` of a subscription stopped because the user's access to it was revoked. */
export const STATUS_FORBIDDEN = 'forbidden';

export const statusMessageSchema = z.object({
  type: z.literal('status'),
  id: z.string(),
  state: z.enum(SUBSCRIPTION_STATES),
  message: z.string().optional(),
});
export type StatusMessage = z.infer<typeof statusMessageSchema>;

export const errorMessageSchema = z.object({
  type: z.literal('error'),
  id: z.string().optional(),
  error: errorInfoSchema,
});
export type ErrorMessage = z.infer<typeof errorMessageSchema>;

export const pongMessageSchema = z.object({ type: z.literal('pong') });

export const serverMessageSchema = z.union([
  snapshotMessageSchema,
  changesMessageSchema,
  statusMessageSchema,
  errorMessageSchema,
  pongMessageSchema,
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;
