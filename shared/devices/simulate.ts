import { z } from 'zod';

/** What a simulated scanner or card reader can be told to do ("test scan" in settings, and tests). */
export const simulatedActionSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('scan'),
    text: z.string().min(1).max(200),
    aim: z.string().regex(/^\][A-Za-z][0-9A-Za-z]$/).optional(),
    via: z.enum(['serial', 'hid-keyboard', 'hid-pos']).optional(),
  }),
  z.object({
    type: z.literal('swipe'),
    track1: z.string().max(79).nullable().optional(),
    track2: z.string().max(40).nullable().optional(),
    lrc: z.boolean().optional(),
    cut: z.int().min(0).max(200).optional(),
  }),
  z.object({ type: z.literal('tap'), tag: z.string().regex(/^[0-9A-Fa-f]{10}$/), frames: z.int().min(1).max(20).optional() }),
]);
export type SimulatedActionInput = z.infer<typeof simulatedActionSchema>;
