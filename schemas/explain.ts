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
  data: Type.Union([Type.String(), Type.Null()], {
    description: 'where its bundle and inputs are, by the content filters nodes report ("inputs at munich: 3.2 of 3.4 GB"); null: it has none',
  }),
  summary: Type.String({ description: 'in one sentence: where it would run now, or why it would wait' }),
});
