import type { z } from 'zod';
import type { Access } from './roles';

/**
 * A command of the one contract between the UI (or another POS program) and the terminal: its input
 * schema (checked in the main process, never only in the UI), its output type and who may run it.
 * The output exists only as a type; `returns<T>()` carries it.
 */
export interface CommandSpec<I extends z.ZodType, O> {
  input: I;
  access: Access;
  summary: string;
  /** Phantom: never read at run time. */
  output?: O;
}

export function command<I extends z.ZodType, O>(spec: { input: I; access: Access; summary: string; returns: Returns<O> }): CommandSpec<I, O> {
  return { input: spec.input, access: spec.access, summary: spec.summary };
}

export interface Returns<O> {
  readonly __returns?: O;
}
export const returns = <O>(): Returns<O> => ({});
