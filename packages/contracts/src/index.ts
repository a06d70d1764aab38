export * from './errors.schema';
export * from './resources.schema';
export * from './rows.schema';
export * from './ws-messages.schema';
export * from './rest.schema';
export * from './writes.schema';
export * from './permissions.schema';
