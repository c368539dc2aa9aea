// The one typed contract between the windows and the main side, shared by both transports.
export * from './api.ts';
export * from './errors.ts';
export * from './schema.ts';
export * from './signal-frame.ts';
export * from './wire.ts';
export * from './client.ts';
export * from './review-verdict.ts';
export * from './assessment-scales.ts';
