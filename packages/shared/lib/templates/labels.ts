import type { Locale } from './types';

/** The words of the human-readable alerts, per locale; values are plain text (no placeholders). */
export interface AlertLabels {
  readonly headline: string;
  readonly account: string;
  readonly ou: string;
  readonly ouRoot: string;
  readonly owner: string;
  readonly notInDirectory: string;
  readonly ownerUnknown: string;
  readonly accessKey: string;
  readonly user: string;
  readonly arn: string;
  readonly sourceIp: string;
  readonly apiCall: string;
  readonly readOnly: string;
  readonly region: string;
  readonly time: string;
  readonly userAgent: string;
  readonly vpcEndpoint: string;
  readonly eventId: string;
  readonly link: (accountId: string) => string;
  readonly whatToDo: string;
  readonly askOwner: (owner: string) => string;
  readonly askOwnerUnknown: string;
  readonly chatTitle: string;
  readonly deactivate: (accountId: string) => string;
  readonly review: string;
  readonly sentBy: string;
  readonly on: string;
  readonly open: string;
  readonly close: string;
}

const en: AlertLabels = {
  headline: 'keywatch: an IAM access key was used from an IP address outside the networks allowed for this account.',
  account: 'Account',
  ou: 'OU',
  ouRoot: '(organization root)',
  owner: 'Owner',
  notInDirectory: 'not yet in the accounts directory; run: keywatch accounts sync',
  ownerUnknown: 'unknown (account not yet in the accounts directory)',
  accessKey: 'Access key',
  user: 'User',
  arn: 'ARN',
  sourceIp: 'Source IP',
  apiCall: 'API call',
  readOnly: 'read-only',
  region: 'Region',
  time: 'Time (UTC)',
  userAgent: 'User agent',
  vpcEndpoint: 'VPC endpoint',
  eventId: 'Event ID',
  link: (id) => `CloudTrail event (opens in the member account ${id}; sign in to it first; the event can take a few minutes to appear)`,
  whatToDo: 'What to do',
  askOwner: (owner) => `1. Ask the owner (${owner}) whether this use of the key was expected.`,
  askOwnerUnknown: '1. Find the account\'s owner and ask whether this use of the key was expected.',
  chatTitle: 'Access key used from an unexpected IP address',
  deactivate: (id) => `2. If it was not, deactivate the key now, in account ${id}:`,
  review: '3. Then review what else the key did in CloudTrail, and rotate or delete it.',
  sentBy: 'Sent by keywatch rule',
  on: 'on',
  open: ' (',
  close: ')',
};

const ja: AlertLabels = {
  headline: '【keywatch】通常とは異なる IP アドレスからのアクセスキー利用を検知しました',
  account: 'アカウント',
  ou: 'OU',
  ouRoot: '（組織のルート直下）',
  owner: '担当者',
  notInDirectory: 'アカウントディレクトリに未登録です。「keywatch accounts sync」を実行してください',
  ownerUnknown: '不明（アカウントディレクトリに未登録）',
  accessKey: 'アクセスキー',
  user: 'ユーザー',
  arn: 'ARN',
  sourceIp: '送信元 IP アドレス',
  apiCall: 'API 呼び出し',
  readOnly: '読み取り専用',
  region: 'リージョン',
  time: '日時 (UTC)',
  userAgent: 'ユーザーエージェント',
  vpcEndpoint: 'VPC エンドポイント',
  eventId: 'イベント ID',
  link: (id) => `CloudTrail のイベント（メンバーアカウント ${id} で開きます。先にそのアカウントにサインインしてください。表示まで数分かかることがあります）`,
  whatToDo: '対応手順',
  askOwner: (owner) => `1. 担当者（${owner}）に、このアクセスキーの利用が想定どおりか確認してください。`,
  askOwnerUnknown: '1. アカウントの担当者を確認し、このアクセスキーの利用が想定どおりか確認してください。',
  chatTitle: '通常とは異なる IP アドレスからのアクセスキー利用を検知しました',
  deactivate: (id) => `2. 想定外の場合は、アカウント ${id} でただちにアクセスキーを無効化してください:`,
  review: '3. その後、CloudTrail でこのキーによるほかの操作を確認し、キーをローテーションまたは削除してください。',
  sentBy: '送信元 keywatch ルール',
  on: '/',
  open: '（',
  close: '）',
};

/** The alert wording for `locale` (no default). */
export function labelsFor(locale: Locale): AlertLabels {
  return locale === 'ja' ? ja : en;
}
