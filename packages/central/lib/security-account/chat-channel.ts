import { Token, aws_chatbot as chatbot, aws_iam as iam, aws_sns as sns } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { KeywatchConfig } from '@keywatch/shared';

/** A Slack or Microsoft Teams channel, as configured in notify.chat. */
export type ChatDestination = NonNullable<KeywatchConfig['notify']['chat']>;

/** Properties of a ChatChannel. */
export interface ChatChannelProps {
  /** The channel. */
  readonly destination: ChatDestination;
  /** Topic whose messages are posted to the channel. */
  readonly topic: sns.ITopic;
  /**
   * Name of the Chatbot channel configuration (unique in the account).
   * @default 'keywatch-alerts'
   */
  readonly configurationName?: string;
}

/**
 * An AWS Chatbot (Amazon Q Developer in chat applications) channel subscribed to the chat topic. Notification
 * only: its role has no permissions and the channel guardrail is AWSDenyAll, so nobody can run commands
 * from the channel (default configuration name 'keywatch-alerts').
 */
export class ChatChannel extends Construct {
  /** The role the channel uses; deliberately without permissions. */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ChatChannelProps) {
    super(scope, id);
    const configurationName = props.configurationName ?? 'keywatch-alerts';
    if (!Token.isUnresolved(configurationName) && !/^[A-Za-z0-9-_]{1,128}$/.test(configurationName)) {
      throw new Error(`'configurationName' must be 1-128 letters, digits, '-' or '_'; got '${configurationName}'`);
    }
    this.role = new iam.Role(this, 'Role', {
      description: 'keywatch: AWS Chatbot channel role (notifications only, no permissions)',
      assumedBy: new iam.ServicePrincipal('chatbot.amazonaws.com'),
    });
    const common = {
      configurationName,
      iamRoleArn: this.role.roleArn,
      snsTopicArns: [props.topic.topicArn],
      guardrailPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AWSDenyAll').managedPolicyArn],
      loggingLevel: 'ERROR',
      userRoleRequired: false,
    };
    if ('slack' in props.destination) {
      new chatbot.CfnSlackChannelConfiguration(this, 'Slack', {
        ...common,
        slackWorkspaceId: props.destination.slack.workspaceId,
        slackChannelId: props.destination.slack.channelId,
      });
    } else {
      new chatbot.CfnMicrosoftTeamsChannelConfiguration(this, 'Teams', {
        ...common,
        teamsTenantId: props.destination.teams.tenantId,
        teamId: props.destination.teams.teamId,
        teamsChannelId: encodeTeamsChannelId(props.destination.teams.channelId),
      });
    }
  }
}

/**
 * The Teams channel ID in the URL-encoded form Chatbot requires ("19%3A…%40thread.tacv2"); IDs copied from the
 * Teams client ("19:…@thread.tacv2") are encoded, already-encoded IDs are kept.
 */
export function encodeTeamsChannelId(channelId: string): string {
  return channelId.includes('%') ? channelId : encodeURIComponent(channelId);
}
