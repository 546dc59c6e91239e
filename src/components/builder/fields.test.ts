import { describe, expect, it } from 'vitest';
import { LAYER_KINDS } from '../../models';
import { layerTemplate } from '../../store/builderEdits';
import { FIELDS, formatField, parseField, type FieldDef } from './fields';

const f = (type: FieldDef['type'], optional = false): FieldDef => ({ key: 'k', label: 'k', type, optional });

describe('builder fields', () => {
  it('parses sizes, pairs, padding and numbers the way users type them', () => {
    expect(parseField(f('int'), ' 64 ')).toEqual({ ok: true, value: 64 });
    expect(parseField(f('pair'), '3x5')).toEqual({ ok: true, value: [3, 5] });
    expect(parseField(f('pair'), '3 x 3')).toEqual({ ok: true, value: 3 });
    expect(parseField(f('padding'), 'same')).toEqual({ ok: true, value: 'same' });
    expect(parseField(f('padding'), '1')).toEqual({ ok: true, value: { top: 1, bottom: 1, left: 1, right: 1 } });
    expect(parseField(f('padding'), '0,1,0,1')).toEqual({ ok: true, value: { top: 0, bottom: 1, left: 0, right: 1 } });
    expect(parseField(f('number'), '0.25')).toEqual({ ok: true, value: 0.25 });
    expect(parseField(f('pair', true), '')).toEqual({ ok: true, value: undefined });
  });

  it.each(['', '-3', '1.5', '1e308', 'NaN', '<b>5</b>', '0', '99999999'])('refuses %j for a size, saying what to type', (text) => {
    const r = parseField(f('int'), text);
    expect(r).toMatchObject({ ok: false, error: 'k: type a whole number from 1 to 1,000,000' });
  });

  it('formats what it parses back to the same text', () => {
    for (const [type, text] of [['pair', '3x5'], ['pair', '7'], ['padding', 'valid'], ['padding', '2'], ['padding', '0,1,0,1'], ['pad4', '1,2']] as const) {
      const r = parseField(f(type), text);
      if (!r.ok) throw new Error(r.error);
      expect(formatField(f(type), r.value)).toBe(text);
    }
  });

  it('every field of every layer template shows its value and parses it back unchanged', () => {
    for (const kind of LAYER_KINDS) {
      const node = layerTemplate(kind, 'x', ['input']) as unknown as Record<string, unknown>;
      for (const field of FIELDS[kind]) {
        const v = node[field.key];
        if (v === undefined || field.type === 'bool') continue;
        const r = parseField(field, formatField(field, v));
        expect(r, `${kind}.${field.key}`).toEqual({ ok: true, value: field.type === 'activation' && v === 'linear' ? undefined : v });
      }
    }
  });
});
