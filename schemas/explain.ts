import { Type } from '@sinclair/typebox';
import { Labels } from './common.js';

export const Explanation = Type.Object({
  recipe: Type.String(),
  rule: Type.String({ description: 'the routing rule that chose the nodes' }),
  selector: Labels,
  requestedNode: Type.Union([Type.String(), Type.Null()]),
  minMemoryMB: Type.Union([Type.Integer(), Type.Null()]),
  nodes: Type.Array(
    Type.Object({
      name: Type.String(),
      matches: Type.Boolean(),
      reason: Type.Union([Type.String({ description: 'what rules this node out' }), Type.Null()]),
      freeSlots: Type.Integer(),
    }),
  ),
  summary: Type.String({ description: 'in one sentence: where it would run now, or why it would wait' }),
});
