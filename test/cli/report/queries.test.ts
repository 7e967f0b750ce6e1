import {
  byAccountQuery,
  byDayQuery,
  byEventQuery,
  byKeyQuery,
  bySourceIpQuery,
  latestAlertsQuery,
  reportQueries,
  topOffendersQuery,
  totalsQuery,
} from '../../../packages/cli/lib/report/queries';

describe('Logs Insights query builders', () => {
  test('each breakdown groups by the alert log fields, most first, limited', () => {
    expect(totalsQuery()).toBe(
      'stats count(*) as alerts, count_distinct(accessKeyId) as keys, count_distinct(account) as accounts, count_distinct(sourceIPAddress) as sourceIps',
    );
    expect(byAccountQuery()).toBe('stats count(*) as alerts, count_distinct(accessKeyId) as keys by account | sort alerts desc | limit 1000');
    expect(byKeyQuery(50)).toBe(
      'stats count(*) as alerts, count_distinct(sourceIPAddress) as sourceIps by accessKeyId, account, userName | sort alerts desc | limit 50',
    );
    expect(bySourceIpQuery()).toBe('stats count(*) as alerts, count_distinct(accessKeyId) as keys by sourceIPAddress | sort alerts desc | limit 1000');
    expect(byEventQuery()).toBe('stats count(*) as alerts by eventSource, eventName | sort alerts desc | limit 1000');
    expect(byDayQuery()).toBe('stats count(*) as alerts by bin(1d) as day | sort day asc');
    expect(topOffendersQuery(5)).toBe(
      'stats count(*) as alerts, count_distinct(eventName) as events, earliest(@timestamp) as firstSeen, latest(@timestamp) as lastSeen by accessKeyId, sourceIPAddress, account | sort alerts desc | limit 5',
    );
    expect(latestAlertsQuery()).toBe('fields @timestamp, @message | sort @timestamp desc | limit 20');
  });

  test('rejects limits Logs Insights cannot return', () => {
    expect(() => byKeyQuery(0)).toThrow("'limit' must be an integer from 1 to 10000; got '0'");
    expect(() => topOffendersQuery(10_001)).toThrow(/got '10001'/);
    expect(() => latestAlertsQuery(1.5)).toThrow(/got '1.5'/);
  });

  test('reportQueries lists every query once, in display order', () => {
    expect(reportQueries({ top: 3, latest: 7 }).map((q) => q.id)).toEqual([
      'totals',
      'topOffenders',
      'byAccount',
      'byKey',
      'bySourceIp',
      'byEvent',
      'byDay',
      'latest',
    ]);
    expect(reportQueries({ top: 3 })[1].query).toMatch(/limit 3$/);
  });
});
