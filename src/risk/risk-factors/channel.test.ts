import { describe, expect, it } from 'vitest';
import type { Channel } from '../risk-policy.js';
import { context, pairs, profile } from '../test-fixtures.js';
import { channelFactors } from './channel.js';

describe('channel factors', () => {
  it.each<[Channel, Array<[string, number]>]>([
    ['non_face_to_face', [['CHANNEL_NON_FACE_TO_FACE', 10]]],
    ['introduced', [['CHANNEL_INTRODUCED', 5]]],
    ['face_to_face', []],
  ])('scores %s onboarding', (channel, expected) => {
    expect(pairs(channelFactors(profile({ channel }), context()).factors)).toEqual(expected);
  });
});
