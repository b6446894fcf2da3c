// The D string subroutines, with expectations taken from DTrace's documented behaviour
// and the Perl-verified tables of the DTrace test suite (funcs/substr, inet_ntoa6).
import { describe, expect, it } from 'vitest';
import * as S from '../../../src/d/strings';

const Z = 256;

describe('substr follows Perl (tst.substr table, strsize 32)', () => {
  const str = 'foobarbazbop';
  const cases: [number, number | undefined, string][] = [
    [3, undefined, 'barbazbop'], [300, undefined, ''], [-10, undefined, 'obarbazbop'], [0, undefined, 'foobarbazbop'],
    [1, undefined, 'oobarbazbop'], [11, undefined, 'p'], [12, undefined, ''], [13, undefined, ''],
    [8, 20, 'zbop'], [4, 4, 'arba'], [5, 8, 'rbazbop'], [5, 9, 'rbazbop'], [400, 20, ''], [400, 0, ''], [400, -1, ''],
    [3, 0, ''], [3, -1, 'barbazbo'], [3, -4, 'barba'], [3, -20, ''], [-10, -5, 'obarb'], [0, 400, 'foobarbazbop'],
    [-1, 400, 'p'], [-1, 0, ''], [-1, -1, ''], [-24, 24, 'foobarbazbop'], [-24, 12, ''], [-24, 13, 'f'],
    [-12, 12, 'foobarbazbop'], [-12, 11, 'foobarbazbo'],
  ];
  for (const [i, n, want] of cases) {
    it(`substr("${str}", ${i}${n === undefined ? '' : `, ${n}`}) = "${want}"`, () => {
      expect(S.substr(str, i, n, 32)).toBe(want);
    });
  }
  it('works past strsize on the truncated string', () => {
    const long = "CRAIG: Positioned them, I don't know... I'm fairly wide guy.";
    expect(S.substr(long, 100, 10, 32)).toBe('');
    expect(S.substr(long, 100, undefined, 32)).toBe('');
    expect(S.substr(long, 0, undefined, 32)).toBe("CRAIG: Positioned them, I don't");
  });
});

describe('index and rindex', () => {
  it('are 0-based with -1 for not found', () => {
    expect(S.index('foobarbaz', 'bar', undefined, Z)).toBe(3);
    expect(S.index('foobarbaz', 'ba', undefined, Z)).toBe(3);
    expect(S.rindex('foobarbaz', 'ba', undefined, Z)).toBe(6);
    expect(S.index('foobarbaz', 'xyz', undefined, Z)).toBe(-1);
    expect(S.rindex('foobarbaz', 'xyz', undefined, Z)).toBe(-1);
  });
  it('index starts at pos, clamping a negative pos to 0', () => {
    expect(S.index('foobarbaz', 'ba', 4, Z)).toBe(6);
    expect(S.index('foobarbaz', 'ba', -100, Z)).toBe(3);
    expect(S.index('foobarbaz', 'ba', 100, Z)).toBe(-1);
  });
  it('rindex searches back from pos, clamping pos beyond the length to the length', () => {
    expect(S.rindex('foobarbaz', 'ba', 5, Z)).toBe(3);
    expect(S.rindex('foobarbaz', 'ba', 100, Z)).toBe(6);
    expect(S.rindex('foobarbaz', 'ba', -1, Z)).toBe(-1);
  });
  it('keep Perl semantics for the empty substring', () => {
    expect(S.index('abc', '', undefined, Z)).toBe(0);
    expect(S.rindex('abc', '', undefined, Z)).toBe(3);
    expect(S.index('abc', '', 10, Z)).toBe(3);
    expect(S.rindex('abc', '', -5, Z)).toBe(0);
    expect(S.index('', '', 7, Z)).toBe(0);
    expect(S.rindex('', '', 7, Z)).toBe(0);
  });
});

describe('strlen and strjoin are bounded by strsize', () => {
  it('strlen counts at most strsize - 1 characters', () => {
    expect(S.strlen('hello', Z)).toBe(5);
    expect(S.strlen('x'.repeat(300), Z)).toBe(255);
    expect(S.strlen('ab\0cd', Z)).toBe(2);
  });
  it('strjoin concatenates, and faults (out of scratch space) past strsize', () => {
    expect(S.strjoin('foo', 'bar', Z)).toBe('foobar');
    expect(S.strjoin('abc', 'def', 7)).toBe('abcdef');
    expect(() => S.strjoin('abc', 'defg', 7)).toThrow(S.SubrFault);
    try {
      S.strjoin('abc', 'defg', 7);
    } catch (e) {
      expect((e as S.SubrFault).code).toBe(S.FAULT_NOSCRATCH);
    }
  });
});

describe('strchr, strrchr, strstr return the rest of the string or NULL', () => {
  it('finds the first and last character', () => {
    expect(S.strchr('foo/bar/baz', 47, Z)).toBe('/bar/baz');
    expect(S.strrchr('foo/bar/baz', 47, Z)).toBe('/baz');
    expect(S.strchr('foo', 122, Z)).toBeUndefined();
    expect(S.strrchr('foo', 122, Z)).toBeUndefined();
    expect(S.strchr('foo', 0, Z)).toBe('');
  });
  it('strstr finds a substring; the empty one matches at once', () => {
    expect(S.strstr('foobarbaz', 'bar', Z)).toBe('barbaz');
    expect(S.strstr('foobarbaz', 'qux', Z)).toBeUndefined();
    expect(S.strstr('foo', '', Z)).toBe('foo');
  });
});

describe('strtok keeps its position between calls', () => {
  it('walks the tokens and then returns NULL', () => {
    const t = new S.Strtok();
    expect(t.next('  foo, bar,,baz ', ', ', Z)).toBe('foo');
    expect(t.next(undefined, ', ', Z)).toBe('bar');
    expect(t.next(undefined, ',', Z)).toBe('baz ');
    expect(t.next(undefined, ', ', Z)).toBeUndefined();
    expect(t.next(undefined, ', ', Z)).toBeUndefined();
  });
  it('strtok(NULL) before any string is NULL; delimiters may change between calls', () => {
    const t = new S.Strtok();
    expect(t.next(undefined, '/', Z)).toBeUndefined();
    expect(t.next('a/b:c', '/', Z)).toBe('a');
    expect(t.next(undefined, ':', Z)).toBe('/b');
    expect(t.next(undefined, ':', Z)).toBe('c');
  });
});

describe('lltostr and strtoll', () => {
  it('lltostr prints decimal with a sign, other bases as the 64-bit pattern', () => {
    expect(S.lltostr(0)).toBe('0');
    expect(S.lltostr(-12345)).toBe('-12345');
    expect(S.lltostr(-(2n ** 63n))).toBe('-9223372036854775808');
    expect(S.lltostr(255, 16)).toBe('0xff');
    expect(S.lltostr(0, 16)).toBe('0x0');
    expect(S.lltostr(8, 8)).toBe('010');
    expect(S.lltostr(0, 8)).toBe('0');
    expect(S.lltostr(5, 2)).toBe('101');
    expect(S.lltostr(-1, 16)).toBe('0xffffffffffffffff');
    expect(S.lltostr(35, 36)).toBe('z');
  });
  it('lltostr with a base outside 2..36 is an illegal operation', () => {
    expect(() => S.lltostr(1, 1)).toThrow(S.SubrFault);
    expect(() => S.lltostr(1, 37)).toThrow(S.SubrFault);
  });
  it('strtoll reads blanks, a sign, digits of the base; 0x only for base 16', () => {
    expect(S.strtoll('1234')).toBe(1234);
    expect(S.strtoll('  -42abc')).toBe(-42);
    expect(S.strtoll('\t+7')).toBe(7);
    expect(S.strtoll('0x1f', 16)).toBe(31);
    expect(S.strtoll('1f', 16)).toBe(31);
    expect(S.strtoll('0x1f')).toBe(0);
    expect(S.strtoll('777', 8)).toBe(511);
    expect(S.strtoll('zz', 36)).toBe(1295);
    expect(S.strtoll('hello')).toBe(0);
    expect(S.strtoll('9223372036854775807')).toBe(2n ** 63n - 1n);
    expect(S.strtoll('9223372036854775808')).toBe(-(2n ** 63n));
    expect(() => S.strtoll('1', 0)).toThrow(S.SubrFault);
  });
});

describe('toupper and tolower change ASCII letters only', () => {
  it('maps case', () => {
    expect(S.toupper('Hello, World 123', Z)).toBe('HELLO, WORLD 123');
    expect(S.tolower('Hello, World 123\xc9', Z)).toBe('hello, world 123\xc9');
  });
});

describe('basename, dirname, cleanpath', () => {
  const cases: [string, string, string][] = [
    ['/foo/bar/baz', 'baz', '/foo/bar'],
    ['/foo/bar///baz/', 'baz', '/foo/bar'],
    ['/foo/bar/baz/', 'baz', '/foo/bar'],
    ['/foo/bar/baz//', 'baz', '/foo/bar'],
    ['foo', 'foo', '.'],
    ['/', '/', '/'],
    ['///', '/', '/'],
    ['/foo', 'foo', '/'],
    ['', '.', '.'],
    ['.', '.', '.'],
    ['..', '..', '.'],
    ['//foo//bar', 'bar', '//foo'],
    ['foo/bar', 'bar', 'foo'],
  ];
  for (const [path, base, dir] of cases) {
    it(`"${path}" -> basename "${base}", dirname "${dir}"`, () => {
      expect(S.basename(path, Z)).toBe(base);
      expect(S.dirname(path, Z)).toBe(dir);
    });
  }
  const clean: [string, string][] = [
    ['/foo/bar/baz', '/foo/bar/baz'],
    ['/foo//bar', '/foo/bar'],
    ['/foo/./bar', '/foo/bar'],
    ['/foo/bar/../baz', '/foo/baz'],
    // A trailing "/.." keeps the slash before the dropped component (dtrace.c).
    ['/foo/bar/..', '/foo/'],
    ['/foo/..', '/'],
    ['/a/b/../../c', '/c'],
    ['/foo/..bar/.baz', '/foo/..bar/.baz'],
    ['foo/../bar', '/bar'],
    ['/foo/', '/foo/'],
  ];
  for (const [path, want] of clean) {
    it(`cleanpath("${path}") = "${want}"`, () => {
      expect(S.cleanpath(path, Z)).toBe(want);
    });
  }
});

describe('json() selects a value by key path', () => {
  const doc = '{"a": 1, "b": {"c": [10, 20, {"d": "x\\"y"}], "e": true}, "f": null, "g": -1.5e3, "h": "str"}';
  const cases: [string, string | undefined][] = [
    ['a', '1'],
    ['h', 'str'],
    ['b.e', 'true'],
    ['f', 'null'],
    ['g', '-1.5e3'],
    ['b.c[0]', '10'],
    ['b.c[1]', '20'],
    ['b.c[2].d', 'x\\"y'],
    ['b.c', '[10, 20, {"d": "x\\"y"}]'],
    ['b', '{"c": [10, 20, {"d": "x\\"y"}], "e": true}'],
    ['nope', undefined],
    ['b.c[7]', undefined],
    ['a.b', undefined],
  ];
  for (const [sel, want] of cases) {
    it(`json(doc, "${sel}")`, () => {
      expect(S.json(doc, sel, 1024)).toBe(want);
    });
  }
  it('a top-level array takes an index selector, with or without brackets', () => {
    expect(S.json('[5, "six", [7]]', '[1]', Z)).toBe('six');
    expect(S.json('[5, "six", [7]]', '2[0]', Z)).toBe('7');
  });
  it('malformed or truncated documents give NULL', () => {
    expect(S.json('{"a": 1', 'a', Z)).toBeUndefined();
    expect(S.json('"just a string"', 'a', Z)).toBeUndefined();
    expect(S.json('{"a": 0x10}', 'a', Z)).toBeUndefined();
    expect(S.json('{"a": nil}', 'a', Z)).toBeUndefined();
  });
});

describe('byte order and addresses', () => {
  it('swaps bytes as little-endian x86 does', () => {
    expect(S.htons(0x1234)).toBe(0x3412);
    expect(S.ntohs(0x11223344)).toBe(0x4433);
    expect(S.htonl(0x12345678)).toBe(0x78563412);
    expect(S.htonl(0xff)).toBe(0xff000000);
    expect(S.htonll(0x0102030405060708n)).toBe(0x0807060504030201n);
    expect(S.ntohll(1)).toBe(0x0100000000000000n);
  });
  it('inet_ntoa prints a dotted quad in memory order', () => {
    expect(S.inetNtoa([192, 168, 1, 20])).toBe('192.168.1.20');
  });
  it('inet_ntoa6 compresses the longest zero run and shows embedded IPv4 (tst.inet_ntoa6)', () => {
    const a = (pairs: [number, number][]): number[] => {
      const b = new Array<number>(16).fill(0);
      for (const [i, v] of pairs) b[i] = v;
      return b;
    };
    expect(S.inetNtoa6(a([[0, 0xfe], [1, 0x80], [8, 0x02], [9, 0x14], [10, 0x4f], [11, 0xff], [12, 0xfe], [13, 0x0b], [14, 0x76], [15, 0xc8]]))).toBe('fe80::214:4fff:fe0b:76c8');
    expect(S.inetNtoa6(a([[0, 0x10], [1, 0x80], [10, 0x08], [11, 0x08], [13, 0x0c], [14, 0x41], [15, 0x7a]]))).toBe('1080::808:c:417a');
    expect(S.inetNtoa6(a([[15, 1]]))).toBe('::1');
    expect(S.inetNtoa6(a([]))).toBe('::');
    expect(S.inetNtoa6(a([[12, 0x7f], [15, 1]]))).toBe('127.0.0.1');
    expect(S.inetNtoa6(a([[10, 0xff], [11, 0xff], [12, 0x7f], [15, 1]]))).toBe('127.0.0.1');
    expect(S.inetNtoa6(a([[10, 0xff], [11, 0xfe], [12, 0x7f], [15, 1]]))).toBe('::fffe:7f00:1');
  });
  it('inet_ntop shows the IPv6 prefix of a mapped address, and refuses other families', () => {
    const mapped = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1];
    expect(S.inetNtop(S.AF_INET6, mapped)).toBe('::ffff:10.0.0.1');
    expect(S.inetNtop(S.AF_INET, [10, 1, 2, 3])).toBe('10.1.2.3');
    expect(() => S.inetNtop(99, mapped)).toThrow(S.SubrFault);
  });
});
