// quantize(): bucket choice and the printed distribution block (dtrace-semantics §1, §2;
// traps 1, 2, 14, 15).
import { describe, expect, it } from 'vitest';
import { QUANTIZE_ZERO, printaDefault, quantizeBucket, quantizeLabel } from '../../../../src/d/agg';
import { agg } from './helpers';

const HEADER = '\n           value  ------------- Distribution ------------- count    \n';

describe('quantize buckets', () => {
  it('puts 0 in the zero bucket and positive values under the largest power of two not above them', () => {
    expect(quantizeBucket(0)).toBe(QUANTIZE_ZERO);
    expect(quantizeLabel(quantizeBucket(1))).toBe(1);
    expect(quantizeLabel(quantizeBucket(2))).toBe(2);
    expect(quantizeLabel(quantizeBucket(3))).toBe(2);
    expect(quantizeLabel(quantizeBucket(4))).toBe(4);
    expect(quantizeLabel(quantizeBucket(7))).toBe(4);
    expect(quantizeLabel(quantizeBucket(2 ** 40 + 1))).toBe(2 ** 40);
    expect(quantizeLabel(quantizeBucket(2 ** 53 - 1))).toBe(2 ** 52);
  });

  it('mirrors negative values', () => {
    expect(quantizeLabel(quantizeBucket(-1))).toBe(-1);
    expect(quantizeLabel(quantizeBucket(-3))).toBe(-2);
    expect(quantizeLabel(quantizeBucket(-5))).toBe(-4);
  });

  it('sends values at or beyond 2^62 to the outermost buckets, INT64_MIN included', () => {
    expect(quantizeBucket(2n ** 62n)).toBe(126);
    expect(quantizeBucket(2n ** 63n - 1n)).toBe(126);
    expect(quantizeBucket(-(2n ** 63n))).toBe(0);
    expect(quantizeLabel(0)).toBe(-(2n ** 62n));
    expect(quantizeLabel(126)).toBe(2n ** 62n);
    // a uint64 above INT64_MAX is read as a negative int64
    expect(quantizeBucket(2n ** 64n - 1n)).toBe(62);
  });
});

describe('quantize printing', () => {
  it('quantize(0) shows rows -1, 0, 1 (trap 1)', () => {
    const a = agg('quantize');
    a.add0(0);
    expect(printaDefault([a])).toBe(
      '\n' + HEADER +
      '              -1 |                                         0        \n' +
      '               0 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        \n' +
      '               1 |                                         0        \n' +
      '\n',
    );
  });

  it('a lone quantize(1) shows rows 0, 1, 2 (trap 1)', () => {
    const a = agg('quantize');
    a.add0(1);
    expect(printaDefault([a])).toBe(
      '\n' + HEADER +
      '               0 |                                         0        \n' +
      '               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        \n' +
      '               2 |                                         0        \n' +
      '\n',
    );
  });

  it('quantize(3) counts under 2 and quantize(-3) under -2 (trap 2)', () => {
    const a = agg('quantize');
    a.add0(3);
    expect(printaDefault([a])).toContain('               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        \n');
    const b = agg('quantize');
    b.add0(-3);
    expect(printaDefault([b])).toBe(
      '\n' + HEADER +
      '              -4 |                                         0        \n' +
      '              -2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        \n' +
      '              -1 |                                         0        \n' +
      '\n',
    );
  });

  it('prints every row between the first and last non-zero buckets (trap 14)', () => {
    const a = agg('quantize');
    a.add0(1);
    a.add0(16);
    expect(printaDefault([a])).toBe(
      '\n' + HEADER +
      '               0 |                                         0        \n' +
      '               1 |@@@@@@@@@@@@@@@@@@@@                     1        \n' +
      '               2 |                                         0        \n' +
      '               4 |                                         0        \n' +
      '               8 |                                         0        \n' +
      '              16 |@@@@@@@@@@@@@@@@@@@@                     1        \n' +
      '              32 |                                         0        \n' +
      '\n',
    );
  });

  it('rounds bar depths: 2, 6 and 19 of 27 draw 3, 9 and 28 (trap 15)', () => {
    const a = agg('quantize');
    a.add0(1, 2);
    a.add0(2, 6);
    a.add0(4, 19);
    expect(printaDefault([a])).toBe(
      '\n' + HEADER +
      '               0 |                                         0        \n' +
      '               1 |@@@                                      2        \n' +
      '               2 |@@@@@@@@@                                6        \n' +
      '               4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@             19       \n' +
      '               8 |                                         0        \n' +
      '\n',
    );
  });

  it('right-aligns bars when every count is negative (trap 15)', () => {
    const a = agg('quantize');
    a.add0(1, -1);
    a.add0(2, -3);
    expect(printaDefault([a])).toBe(
      '\n' + HEADER +
      '               0                                         | 0        \n' +
      '               1                               @@@@@@@@@@| -1       \n' +
      '               2           @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@| -3       \n' +
      '               4                                         | 0        \n' +
      '\n',
    );
  });

  it('draws 20-column halves around a centre line when signs are mixed (trap 15)', () => {
    const a = agg('quantize');
    a.add0(1, -1);
    a.add0(2, 3);
    expect(printaDefault([a])).toBe(
      '\n' + HEADER +
      '               0                     |                     0        \n' +
      '               1                @@@@@|                     -1       \n' +
      '               2                     |@@@@@@@@@@@@@@@      3        \n' +
      '               4                     |                     0        \n' +
      '\n',
    );
  });

  it('shows the three rows around zero when there is no data: after clear() or cancelling increments (trap 14)', () => {
    const a = agg('quantize');
    a.add0(100);
    a.add0(100, -1);
    const empty =
      '\n' + HEADER +
      '              -1 |                                         0        \n' +
      '               0 |                                         0        \n' +
      '               1 |                                         0        \n' +
      '\n';
    expect(printaDefault([a])).toBe(empty);
    const b = agg('quantize');
    b.add0(5);
    b.clear();
    expect(printaDefault([b])).toBe(empty);
  });

  it('never scans the last bucket for data, so a lone value >= 2^62 shows the rows around zero (dt_print_quantize)', () => {
    const a = agg('quantize');
    a.add0(2n ** 62n);
    expect(printaDefault([a])).toContain('              -1 |                                         0        \n');
    expect(printaDefault([a])).not.toContain('4611686018427387904');
  });

  it('divides shown counts by normalize()\'s value but draws bars from raw counts', () => {
    const a = agg('quantize');
    a.add0(1, 10);
    a.normalize(3);
    expect(printaDefault([a])).toContain('               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 3        \n');
  });

  it('aggzoom scales bars so that the largest count fills 95% of the width', () => {
    const a = agg('quantize');
    a.add0(1);
    a.add0(2, 2);
    expect(printaDefault([a], { aggzoom: true })).toBe(
      '\n' + HEADER +
      '               0 |                                         0        \n' +
      '               1 |@@@@@@@@@@@@@@@@@@@                      1        \n' +
      '               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@   2        \n' +
      '               4 |                                         0        \n' +
      '\n',
    );
  });

  it('encoding=utf8 draws whole and partial Unicode blocks', () => {
    const a = agg('quantize');
    a.add0(1);
    a.add0(2, 2);
    expect(printaDefault([a], { utf8: true })).toBe(
      '\n' + HEADER +
      '               0 |                                         0        \n' +
      '               1 |' + '\u2588'.repeat(13) + '\u258e' + ' '.repeat(26) + ' 1        \n' +
      '               2 |' + '\u2588'.repeat(26) + '\u258b' + ' '.repeat(13) + ' 2        \n' +
      '               4 |                                         0        \n' +
      '\n',
    );
  });
});
