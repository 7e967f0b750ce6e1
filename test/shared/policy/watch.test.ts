import type { KeywatchConfig } from '@keywatch/shared';
import { watchedKeyClass } from '@keywatch/shared';

const watch = (w: Partial<KeywatchConfig['watch']> = {}): KeywatchConfig['watch'] => ({
  accessKeys: 'long-term',
  excludeAccessKeys: [],
  readOnlyEvents: true,
  ...w,
});

describe('watchedKeyClass', () => {
  test('follows watch.accessKeys and excludeAccessKeys', () => {
    const lt = watch({ excludeAccessKeys: ['AKIAEXAMPLEBACKUP001'] });
    expect(watchedKeyClass(lt, 'AKIAIOSFODNN7EXAMPLE')).toBe('watched');
    expect(watchedKeyClass(lt, 'AKIAEXAMPLEBACKUP001')).toBe('excluded');
    expect(watchedKeyClass(lt, 'ASIAIOSFODNN7EXAMPLE')).toBe('unwatched');
    expect(watchedKeyClass(watch({ accessKeys: 'all' }), 'ASIAIOSFODNN7EXAMPLE')).toBe('watched');
    expect(watchedKeyClass(watch({ accessKeys: 'all' }), '')).toBe('unwatched');
    expect(watchedKeyClass(watch({ accessKeys: ['AKIAONE0000000000001'] }), 'AKIATWO0000000000002')).toBe('unwatched');
  });
});
