import { Aws } from 'aws-cdk-lib';

/** Where the central receiver bus lives. */
export interface CentralBusLocation {
  /** Security account that owns the bus. */
  readonly account: string;
  /** Region of the bus. */
  readonly region: string;
  /** Name of the bus. */
  readonly busName: string;
}

/** ARN of the central receiver bus, with the partition left to `${AWS::Partition}` so the template works in every partition. */
export function centralBusArn(bus: CentralBusLocation): string {
  return `arn:${Aws.PARTITION}:events:${bus.region}:${bus.account}:event-bus/${bus.busName}`;
}
