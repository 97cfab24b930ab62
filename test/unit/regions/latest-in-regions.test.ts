import { olderWindows } from '../../../src/regions/latest-in-regions';

describe('the windows freshness widens to, once the recent months hold no row', () => {
  test('around the newest month the statistics count rows in, then the year before it, then everything older, each ending where the next begins', () => {
    expect(olderWindows('2016-11', '2014-05')).toEqual([
      { from: '2014-04', before: '2016-11' },
      { from: '2013-04', before: '2014-04' },
      { before: '2013-04' },
    ]);
  });

  test('without such a month, everything before the recent window at once', () => {
    expect(olderWindows('2026-11', null)).toEqual([{ before: '2026-11' }]);
  });
});
