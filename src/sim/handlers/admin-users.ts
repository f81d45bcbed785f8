import type { Handler } from '../context';

export const HANDLERS: Readonly<Record<string, Handler>> = {};
