// Spreadsheet formula injection: every cell a spreadsheet would run as a formula is made text.
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../server/http/csv.ts';

describe('CSV cells', () => {
  it('neutralise everything a spreadsheet reads as a formula', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+31 6 1234')).toBe("'+31 6 1234");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
  });

  it('leave ordinary values alone, quoting only what CSV needs', () => {
    expect(csvCell('Ann')).toBe('Ann');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell(3)).toBe('3');
    expect(csvCell(null)).toBe('');
    expect(csvCell(new Date('2026-03-02T09:00:00Z'))).toBe('2026-03-02T09:00:00.000Z');
    expect(toCsv(['a', 'b'], [[1, '-x']])).toBe("\ufeffa,b\r\n1,'-x\r\n");
  });
});
