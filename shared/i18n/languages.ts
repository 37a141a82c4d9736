import { z } from 'zod';

export const Language = z.enum(['zh-CN', 'en']);
export type Language = z.infer<typeof Language>;
