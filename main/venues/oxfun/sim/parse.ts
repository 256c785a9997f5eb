/**
 * The simulator's side of validation: what clients send to OX.FUN (WS
 * commands, REST cancel bodies). Kept apart from parse.ts, which validates
 * what the venue sends, so each file has one reader.
 */
import { z } from 'zod';
import { OPS } from '../constants.ts';
import { idSchema } from '../parse.ts';

/** `tag` may be an integer or a string; it is echoed back as a string. */
const tagSchema = z.union([z.string(), z.number()]).transform((value) => String(value));

export const commandEnvelopeSchema = z.object({
  op: z.string(),
  tag: tagSchema.optional(),
});

export const loginCommandSchema = z.object({
  op: z.literal(OPS.login),
  data: z.object({
    apiKey: z.string(),
    timestamp: z.union([z.string().regex(/^\d+$/), z.number().int()]).transform((value) => Number(value)),
    signature: z.string(),
  }),
});

export const subscribeCommandSchema = z.object({
  op: z.literal(OPS.subscribe),
  args: z.array(z.string()).min(1),
});

export const cancelEntrySchema = z.object({
  marketCode: z.string().min(1),
  orderId: idSchema,
});
export type SimCancelEntry = z.infer<typeof cancelEntrySchema>;

export const cancelOrderCommandSchema = z.object({
  op: z.literal(OPS.cancelOrder),
  data: cancelEntrySchema,
});

export const cancelOrdersCommandSchema = z.object({
  op: z.literal(OPS.cancelOrders),
  dataArray: z.array(cancelEntrySchema).min(1),
});

export const restCancelBodySchema = z.object({
  responseType: z.enum(['FULL', 'ACK']).optional(),
  timestamp: z.union([z.string(), z.number()]).optional(),
  recvWindow: z.union([z.string(), z.number()]).optional(),
  orders: z
    .array(
      z.object({
        marketCode: z.string().min(1),
        orderId: idSchema.optional(),
        clientOrderId: idSchema.optional(),
      }),
    )
    .min(1),
});
export type SimRestCancelBody = z.infer<typeof restCancelBodySchema>;

export const restCancelAllBodySchema = z.object({ marketCode: z.string().min(1).optional() });
