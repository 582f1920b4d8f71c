import { Type } from '@sinclair/typebox';
import { Strict } from './common.js';

export const PreviewQuery = Strict({
  hdu: Type.Optional(Type.Integer({ minimum: 0, maximum: 999, description: 'the HDU to show (0 = primary); default the first image' })),
  format: Type.Optional(Type.Union([Type.Literal('png'), Type.Literal('json')], { default: 'png' })),
});

export const FitsPreview = Type.Object({
  hdus: Type.Array(
    Type.Object({
      index: Type.Integer(),
      kind: Type.Union([Type.Literal('image'), Type.Literal('table'), Type.Literal('empty'), Type.Literal('unsupported')]),
      description: Type.String(),
      previewable: Type.Boolean(),
      columns: Type.Optional(Type.Array(Type.String())),
      rows: Type.Optional(Type.Array(Type.Array(Type.String()), { description: 'the first 20 rows, when the chosen HDU is a table' })),
    }),
  ),
  chosen: Type.Union([Type.Integer(), Type.Null()], { description: 'the HDU a PNG preview shows' }),
});
