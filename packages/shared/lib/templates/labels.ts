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
  /** The last line of the e-mail, instead of the caller-chosen user agent (plain text). */
  readonly userAgentNotCopied: string;
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
  userAgentNotCopied:
    'User agent: not copied here, because the caller chooses it (untrusted, any length, may hold text meant to mislead you); read it in the CloudTrail event above.',
  vpcEndpoint: 'VPC endpoint',
  eventId: 'Event ID',
  link: (id) => `CloudTrail event (opens in the member account ${id}; sign in to it first; the event can take a few minutes to appear)`,
  whatToDo: 'What to do',
  askOwner: (owner) => `1. Ask the owner (${owner}) whether this use of the key was expected.`,
  askOwnerUnknown: "1. Find the account's owner and ask whether this use of the key was expected.",
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
  userAgentNotCopied:
    'ユーザーエージェント: 呼び出し元が自由に設定できる信頼できない値（長さの上限がなく、誤解させる文言を含み得る）のため、ここには記載していません。上記の CloudTrail イベントで確認してください。',
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

/** The words of the account lifecycle notification (templates/onboarding.ts), per locale; plain text (no placeholders). */
export interface OnboardingLabels {
  readonly headline: string;
  readonly chatTitle: string;
  readonly event: string;
  readonly account: string;
  readonly createStatus: string;
  readonly createName: string;
  readonly move: string;
  readonly invite: string;
  readonly handshake: string;
  readonly request: string;
  readonly details: string;
  readonly by: string;
  readonly managementAccount: string;
  readonly link: string;
  readonly expected: string;
  readonly sender: string;
  readonly directory: string;
}

const onboardingEn: OnboardingLabels = {
  headline: 'keywatch: an AWS account joined, moved within or left your organization (AWS Organizations).',
  chatTitle: 'AWS account lifecycle',
  event: 'Event',
  account: 'Account',
  createStatus: 'Creation status (CreateAccountResult)',
  createName: 'Name given at creation (CloudTrail usually masks it as ****)',
  move: 'Moved (MoveAccount) from → to',
  invite: 'Invited (InviteAccountToOrganization)',
  handshake: 'Handshake (AcceptHandshake)',
  request: 'Request parameters',
  details: 'Service event details',
  by: 'By',
  managementAccount: 'Management account',
  link: 'CloudTrail event (opens in the management account; sign in to it first; the event can take a few minutes to appear)',
  expected: '1. Confirm that the change was expected (ask the person above, or check your account request process).',
  sender:
    '2. StackSet auto-deployment installs the keywatch sender in a new or invited account of the targeted OUs automatically, and removes it from an account that leaves them; check with: keywatch audit',
  directory:
    '3. Alerts for a new account use the generic template (no name, OU or owner), and a moved or departed account keeps its old entry, until you run keywatch accounts sync, commit the accounts directory and deploy keywatch-central.',
};

const onboardingJa: OnboardingLabels = {
  headline: '【keywatch】AWS アカウントの組織への参加・移動・離脱を検知しました（AWS Organizations）',
  chatTitle: 'AWS アカウントのライフサイクル',
  event: 'イベント',
  account: 'アカウント',
  createStatus: '作成結果 (CreateAccountResult)',
  createName: '作成時の名前（CloudTrail では通常 **** と伏せ字になります）',
  move: '移動 (MoveAccount) 移動元 → 移動先',
  invite: '招待先 (InviteAccountToOrganization)',
  handshake: 'ハンドシェイク (AcceptHandshake)',
  request: 'リクエストパラメータ',
  details: 'サービスイベントの詳細',
  by: '実行者',
  managementAccount: '管理アカウント',
  link: 'CloudTrail のイベント（管理アカウントで開きます。先にそのアカウントにサインインしてください。表示まで数分かかることがあります）',
  expected: '1. この変更が想定どおりか確認してください（上記の実行者、またはアカウント申請の手続きを確認）。',
  sender:
    '2. 対象 OU に新規作成・招待されたアカウントには、StackSet の自動デプロイで keywatch の送信側が自動的にインストールされ、OU から外れたアカウントからは削除されます。「keywatch audit」で確認してください。',
  directory:
    '3. 「keywatch accounts sync」を実行し、アカウントディレクトリをコミットして keywatch-central をデプロイするまで、新しいアカウントのアラートは汎用テンプレート（名前・OU・担当者なし）で届き、移動・離脱したアカウントには古い情報が表示されます。',
};

/** The account lifecycle wording for `locale` (no default). */
export function onboardingLabelsFor(locale: Locale): OnboardingLabels {
  return locale === 'ja' ? onboardingJa : onboardingEn;
}
