// Small cells: counts below 11 never leave as they are, and no total gives one back by subtraction.
import { describe, expect, test } from 'vitest';
import { indicatorsCsv, publishable, suppressedCells, type IndicatorTable, type TableShape } from '../../../functions/domain/small-cells.ts';

const oneWay = (values: Record<string, number>): IndicatorTable => ({
  id: 'one-way',
  columns: ['people'],
  rows: [...Object.entries(values).map(([key, value]) => ({ key, values: [value] })), { key: 'total', values: [Object.values(values).reduce((a, b) => a + b, 0)] }],
});
const withTotal: TableShape = { counts: ['people'], totalRow: true };
const shown = (table: IndicatorTable, shape: TableShape) => Object.fromEntries(publishable(table, shape).rows.map((row) => [row.key, row.values[0]]));

describe('primary suppression', () => {
  test('every count below 11 is "<11", 11 and above are shown as they are', () => {
    expect(shown(oneWay({ a: 10, b: 11, c: 0, d: 40 }), { counts: ['people'] })).toEqual({ a: '<11', b: 11, c: '<11', d: 40, total: 61 });
  });
});

describe('secondary suppression', () => {
  test('one small cell beside a published total: the next smallest goes too', () => {
    // 3 = 70 - 27 - 40 otherwise.
    expect(shown(oneWay({ likely: 3, possible: 27, unlikely: 40 }), withTotal)).toEqual({ likely: '<11', possible: '<11', unlikely: 40, total: 70 });
  });

  test('two small cells that add up to less than 11 are not enough: a third goes', () => {
    // 2 + 4 = 6 could be read off the total: the group is still known to be tiny.
    expect(shown(oneWay({ a: 2, b: 4, c: 30, d: 50 }), withTotal)).toEqual({ a: '<11', b: '<11', c: '<11', d: 50, total: 86 });
  });

  test('two small cells adding up to 11 or more hide each other', () => {
    expect(shown(oneWay({ a: 6, b: 7, c: 30 }), withTotal)).toEqual({ a: '<11', b: '<11', c: 30, total: 43 });
  });

  test('every cell small: the total goes too when it is small', () => {
    expect(shown(oneWay({ a: 3, b: 4 }), withTotal)).toEqual({ a: '<11', b: '<11', total: '<11' });
  });

  test('a two-way table: no row and no column keeps a single suppressed cell', () => {
    const table: IndicatorTable = {
      id: 'gender-age',
      columns: ['child', 'adult', 'all'],
      rows: [
        { key: 'woman', values: [4, 30, 34] },
        { key: 'man', values: [20, 25, 45] },
        { key: 'total', values: [24, 55, 79] },
      ],
    };
    const shape: TableShape = { counts: ['child', 'adult', 'all'], totalRow: true, sums: [{ column: 'all', of: ['child', 'adult'] }] };
    const published = publishable(table, shape);
    const hidden = published.rows.map((row) => row.values.map((value) => value === '<11'));
    // woman·child is small; its row and its column each need a second suppressed cell, and the
    // cells chosen for them need a partner in their own lines: the four inner cells go.
    expect(hidden).toEqual([
      [true, true, false],
      [true, true, false],
      [false, false, false],
    ]);
    // Nothing left to subtract: every line with a suppressed cell has at least two.
    const lines = [...published.rows.slice(0, 2).map((row) => row.values.slice(0, 2)), [published.rows[0].values[0], published.rows[1].values[0]], [published.rows[0].values[1], published.rows[1].values[1]]];
    for (const line of lines) expect(line.filter((value) => value === '<11').length).not.toBe(1);
  });

  test('a statistic resting on a suppressed count is withheld', () => {
    const table: IndicatorTable = { id: 'times', columns: ['people', 'median-hours'], rows: [{ key: 'placement', values: [4, 12.5] }, { key: 'asylum-answer', values: [30, 70] }] };
    const published = publishable(table, { counts: ['people'], statistics: { 'median-hours': ['people'] } });
    expect(published.rows).toEqual([
      { key: 'placement', values: ['<11', null] },
      { key: 'asylum-answer', values: [30, 70] },
    ]);
  });

  test('suppression ends: the set only grows and each line is checked again', () => {
    expect(suppressedCells(oneWay({ a: 1, b: 1, c: 1 }), withTotal).size).toBe(4);
  });
});

describe('CSV', () => {
  test('a line per cell, suppressed cells as "<11", withheld ones empty, formulas defused', () => {
    const csv = indicatorsCsv([{ id: 'x', columns: ['people', 'median-hours'], rows: [{ key: '=cmd', values: ['<11', null] }] }]);
    expect(csv).toBe("indicator,row,column,value\nx,'=cmd,people,<11\nx,'=cmd,median-hours,\n");
  });
});
