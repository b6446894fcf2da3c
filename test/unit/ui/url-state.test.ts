// The address-bar view state: what a shared link reproduces, what a bad link loses (with
// a message), and that no token can ever be written into it.
import { describe, expect, it } from 'vitest';
import { DEFAULT_URL_STATE, formatUrlState, parseUrlState, sameSpec, type UrlState } from '../../../src/ui/core/url-state';

const full: UrlState = {
  scenario: 'noisy-neighbor',
  seed: 7,
  speed: 10,
  view: 'console',
  instns: [
    { module: 'syscall', stat: 'syscalls', decomposition: ['zonename', 'latency'], predicate: {} },
    { module: 'zfs', stat: 'throttled_ops', decomposition: ['delay'], predicate: { eq: ['zonename', 'acme-web0'] } },
  ],
  edits: [
    { kind: 'zone', zonename: 'acme-web0', cpu_shares: 200, cpu_cap: null, zfs_io_priority: 300 },
    { kind: 'workload-add', zonename: 'umbrella-files0', workload: { kind: 'fileio', threads: 24 } },
    { kind: 'workload-remove', zonename: 'umbrella-files0', index: 1 },
    { kind: 'throttle', throttle: 'off' },
  ],
  time: 1313366400,
  selection: ['acme-web0', 'globex-etl0'],
};

describe('url state', () => {
  it('round-trips every field through the address', () => {
    const { state, errors } = parseUrlState(formatUrlState(full));
    expect(errors).toEqual([]);
    expect(state).toEqual(full);
  });

  it('leaves defaults out, so the plain address is the live dashboard', () => {
    expect(formatUrlState(DEFAULT_URL_STATE)).toBe('');
    expect(parseUrlState('').state).toEqual(DEFAULT_URL_STATE);
    expect(formatUrlState({ ...DEFAULT_URL_STATE, speed: 1 })).toBe('');
  });

  it('drops what is invalid, keeps the rest and says what was dropped', () => {
    const { state, errors } = parseUrlState('?speed=500&view=nowhere&scenario=demo&instns=%5B%7B%22module%22%3A1%7D%5D&edits=notjson&sel=a,,b');
    expect(state.scenario).toBe('demo');
    expect(state.speed).toBeUndefined();
    expect(state.view).toBe('dashboard');
    expect(state.instns).toBeUndefined();
    expect(state.edits).toEqual([]);
    expect(state.selection).toEqual(['a', 'b']);
    expect(errors).toHaveLength(4);
    expect(errors.join('\n')).toMatch(/"speed=500".*1 to 60/);
    expect(errors.join('\n')).toMatch(/"view=nowhere".*dashboard, builder, console, admin/);
    expect(errors.join('\n')).toMatch(/"instns".*module/);
    expect(errors.join('\n')).toMatch(/"edits".*not JSON/);
  });

  it('never writes a token, even when one is smuggled into the state', () => {
    const withToken = { ...full, token: 'acme-7f3a91c2e4b6', authorization: 'Bearer op-1' } as unknown as UrlState;
    const text = formatUrlState(withToken);
    expect(text).not.toMatch(/acme-7f3a91c2e4b6|op-1|token|authorization/i);
    expect(parseUrlState('?token=acme-7f3a91c2e4b6').state).toEqual(DEFAULT_URL_STATE);
  });

  it('rejects unknown edit kinds and fields inside the edits list', () => {
    expect(parseUrlState(`?edits=${encodeURIComponent(JSON.stringify([{ kind: 'reboot', zonename: 'z' }]))}`).errors).toHaveLength(1);
    expect(parseUrlState(`?edits=${encodeURIComponent(JSON.stringify([{ kind: 'zone', zonename: 'z', token: 'x' }]))}`).errors).toHaveLength(1);
  });

  it('compares specs by metric, decomposition and predicate (key order does not matter)', () => {
    const a = { module: 'm', stat: 's', decomposition: ['zonename'], predicate: { and: [{ eq: ['a', 1] }, { ne: ['b', 'x'] }] } };
    const b = { module: 'm', stat: 's', decomposition: ['zonename'], predicate: JSON.parse('{"and":[{"eq":["a",1]},{"ne":["b","x"]}]}') };
    expect(sameSpec(a, b)).toBe(true);
    expect(sameSpec(a, { ...b, decomposition: ['execname'] })).toBe(false);
    expect(sameSpec(a, { ...b, predicate: {} })).toBe(false);
  });
});
