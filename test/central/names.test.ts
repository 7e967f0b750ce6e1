import { HEARTBEAT_ALARM_PREFIX, heartbeatAlarmName, parseHeartbeatAlarmName } from '@keywatch/central';

describe('liveness alarm names', () => {
  test('heartbeatAlarmName is keywatch-heartbeat-<account>-<region>, and parseHeartbeatAlarmName reads it back', () => {
    expect(HEARTBEAT_ALARM_PREFIX).toBe('keywatch-heartbeat-');
    expect(heartbeatAlarmName('111122223333', 'ap-southeast-2')).toBe('keywatch-heartbeat-111122223333-ap-southeast-2');
    expect(parseHeartbeatAlarmName('keywatch-heartbeat-111122223333-ap-southeast-2')).toEqual({ account: '111122223333', region: 'ap-southeast-2' });
    expect(parseHeartbeatAlarmName('keywatch-heartbeat-111122223333-us-gov-west-1')).toEqual({ account: '111122223333', region: 'us-gov-west-1' });
  });

  test('names that are not liveness alarms parse to undefined', () => {
    for (const name of [
      'keywatch-sender-undelivered',
      'keywatch-heartbeat-1111-us-east-1',
      'other-keywatch-heartbeat-111122223333-us-east-1',
      'keywatch-heartbeat-111122223333-',
    ]) {
      expect(parseHeartbeatAlarmName(name)).toBeUndefined();
    }
  });
});
