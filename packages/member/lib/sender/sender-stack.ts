import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { FileAssetPackaging, ISynthesisSession, Stack, Tags } from 'aws-cdk-lib';
import { StackSetStack } from 'cdk-stacksets';
import { Construct } from 'constructs';
import { COMPONENT_TAG, Sender, SenderProps } from './sender';

/** Properties of a SenderStack: those of the Sender it holds. */
export type SenderStackProps = SenderProps;

/**
 * The member-account sender template deployed by the `keywatch-sender` StackSet to every account and region
 * of the targeted OUs (default: one Sender). Environment-agnostic: account and region come from the stack instance.
 */
export class SenderStack extends StackSetStack {
  /** The sender. */
  public readonly sender: Sender;

  private readonly compact: boolean;

  constructor(scope: Construct, id: string, props: SenderStackProps) {
    super(scope, id);
    this.compact = (props.shards ?? []).length > 0;
    this.templateOptions.description = 'keywatch sender: forwards IAM access-key use from unlisted networks to the central security bus';
    this.sender = new Sender(this, 'Sender', props);
    Tags.of(this).add(COMPONENT_TAG, 'sender');
  }

  /**
   * With shard routing, writes the template as compact JSON: its conditions name every account placed on a shard bus
   * (~5,000 at the largest organizations), and cdk-stacksets 0.0.153 (pinned) always indents by 2, which doubles them
   * past CloudFormation's 1,000,000 bytes. The same steps as StackSetStack's own (hash, file asset of the parent stack,
   * file in the assembly); without routing the template is left to it, unchanged.
   * @internal
   */
  public _synthesizeTemplate(session: ISynthesisSession): void {
    const internals = this as unknown as { _toCloudFormation(): object; _templateUrl?: string };
    if (!this.compact) {
      (StackSetStack.prototype as unknown as { _synthesizeTemplate(s: ISynthesisSession): void })._synthesizeTemplate.call(this, session);
      return;
    }
    const cfn = JSON.stringify(internals._toCloudFormation());
    const parent = Stack.of(this.node.scope as Construct);
    internals._templateUrl = parent.synthesizer.addFileAsset({
      packaging: FileAssetPackaging.FILE,
      sourceHash: createHash('sha256').update(cfn).digest('hex'),
      fileName: this.templateFile,
    }).httpUrl;
    fs.writeFileSync(path.join(session.assembly.outdir, this.templateFile), cfn);
  }
}
