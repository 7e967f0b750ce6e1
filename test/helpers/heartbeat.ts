import type { EventBridgeEvent } from '@keywatch/shared';

/**
 * A heartbeat as EventBridge Scheduler puts it on a default bus (Source and DetailType of the schedule's
 * EventBridgeParameters, its Input as detail), for `rule` in `account` and `region` (default 444444444444 / eu-central-1).
 */
export function heartbeatEvent(rule: string, account = '444444444444', region = 'eu-central-1'): EventBridgeEvent {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'keywatch heartbeat',
    source: 'keywatch.heartbeat',
    account,
    time: '2026-12-03T18:00:00Z',
    region,
    resources: [],
    detail: { rule, intervalMinutes: 15 },
  } as unknown as EventBridgeEvent;
}
