// How many shard workers the CA back end starts beside its own shard: one per spare core,
// never more than the scenario's nodes need (zonescope serve: at most 7 more; the tab: at
// most 2, and with any the ca worker simulates nothing itself), and the marker that tells the served app to use the HTTP API lands in <head>.
import { describe, expect, it } from 'vitest';
import { tabShardWorkers } from '../../../src/mocks/tab-worker';
import { shardWorkerCount } from '../../../src/server/ca-node';
import { injectApiMeta } from '../../../src/server/static';

describe('shard workers', () => {
  it('zonescope serve: one per spare core, at most one per node beyond the first, at most 7', () => {
    expect(shardWorkerCount(4, 1)).toBe(0);
    expect(shardWorkerCount(4, 2)).toBe(1);
    expect(shardWorkerCount(2, 16)).toBe(1);
    expect(shardWorkerCount(1, 16)).toBe(0);
    expect(shardWorkerCount(40, 64)).toBe(7);
  });

  it('the tab: one per spare core, at most two, at most one per node (they simulate every node; the ca worker only answers)', () => {
    expect(tabShardWorkers(4, 1)).toBe(0);
    expect(tabShardWorkers(4, 2)).toBe(1);
    expect(tabShardWorkers(4, 8)).toBe(2);
    expect(tabShardWorkers(1, 8)).toBe(1);
  });
});

describe('injectApiMeta', () => {
  it('puts the marker first in <head>, whatever its attributes', () => {
    expect(injectApiMeta('<html><head lang="en"><title>x</title></head></html>')).toBe(
      '<html><head lang="en"><meta name="zonescope-api" content="http" /><title>x</title></head></html>',
    );
  });

  it('does not take a <header> for the <head>', () => {
    expect(injectApiMeta('<header>h</header>')).toBe('<meta name="zonescope-api" content="http" /><header>h</header>');
  });

  it('still marks a page without a <head>', () => {
    expect(injectApiMeta('<p>hi</p>')).toBe('<meta name="zonescope-api" content="http" /><p>hi</p>');
  });
});
