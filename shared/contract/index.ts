import type { z } from 'zod';
import type { CommandSpec } from './command';
import { counterCommands } from './counter';
import { deviceCommands } from './devices';
import { staffAdminCommands } from './staffAdmin';
import { shiftCommands } from './shifts';
import { saleCommands } from './sales';
import { programCommands } from './program';
import { printingCommands } from './printing';
import { syncCommands } from './sync';
import { backofficeCommands } from './backoffice';
import type { AppError } from '../errors';
import type { Result } from '../result';

export * from './views';
export * from './shiftViews';
export type { SaleResult, RefundResult, SaleSummary } from './sales';
export type { ProgramVersion, SimulationResult, LoyaltySummaryView } from './program';
export type { PrinterInfo } from './printing';
export type { SyncStatusView } from './sync';
export type { AdjustResult, ExportFile, ExportKind } from './backoffice';
export * from './roles';

/**
 * The contract: every command of every area. Adding a command is one entry in its area's file; the
 * handler table in the main process, the preload and the renderer's clients are typed from it, so the
 * compiler lists every place that must follow.
 */
export const contract = { ...counterCommands, ...staffAdminCommands, ...shiftCommands, ...saleCommands, ...programCommands, ...printingCommands, ...deviceCommands, ...syncCommands, ...backofficeCommands } as const;

export type Contract = typeof contract;
export type CommandName = keyof Contract;
export type InputOf<K extends CommandName> = z.input<Contract[K]['input']>;
export type ParsedInputOf<K extends CommandName> = z.output<Contract[K]['input']>;
export type OutputOf<K extends CommandName> = Contract[K] extends CommandSpec<z.ZodType, infer O> ? O : never;
export type Reply<K extends CommandName> = Result<OutputOf<K>, AppError>;

export const commandNames = Object.keys(contract) as CommandName[];
export const isCommandName = (name: string): name is CommandName => Object.hasOwn(contract, name);

/**
 * One function per command: what the preload exposes as window.till (each on its own IPC channel)
 * and what the browser-mode client implements over HTTP. No generic channel crosses the bridge.
 */
export type TillCommands = { [K in CommandName]: (input: InputOf<K>, token: string | null) => Promise<Reply<K>> };
