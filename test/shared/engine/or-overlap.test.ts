import { eventRulerDroppableBranches } from '../../../packages/shared/lib/engine';
import { renderPattern } from '../../../packages/shared/lib/compiler/pattern';

/**
 * eventRulerDroppableBranches names the `$or` sub-rules aws/event-ruler 2.0.1 may skip (GenericMachine.addStep): a
 * sub-rule over the same field paths as an earlier one that shares a matcher with it on every path. Expected indexes
 * are worked out by hand from that rule; the differential test checks the rule against event-ruler itself.
 */
describe('eventRulerDroppableBranches', () => {
  test('names a later branch over the same fields that shares a value on every field', () => {
    // GIVEN the colleague's finding: branches 0 and 2 both have account, detail-type, source, with the same account
    // matcher and "aws.iam" in common; branch 1 has one more field (detail.userIdentity.accessKeyId)
    const pattern = {
      'detail-type': ['AWS API Call via CloudTrail', 'AWS Console Sign In via CloudTrail'],
      $or: [
        { account: [{ exactly: '111111111111' }], source: ['aws.iam'] },
        { account: ['111111111111'], source: ['aws.s3'], detail: { userIdentity: { accessKeyId: ['AKIAEXAMPLE'] } } },
        { account: [{ exactly: '111111111111' }], source: ['aws.iam', 'aws.s3', 'aws.sts'] },
      ],
    };
    // WHEN / THEN branch 2 may be dropped, so "aws.sts" may never match under event-ruler
    expect(eventRulerDroppableBranches(pattern)).toEqual([2]);
  });

  test('covers exists:false beside a shared value, and one path written nested and dotted', () => {
    expect(eventRulerDroppableBranches({ $or: [{ c: ['z'] }, { c: [{ exists: false }, 'z'] }] })).toEqual([1]);
    expect(eventRulerDroppableBranches({ $or: [{ a: { b: ['x'] } }, { 'a.b': ['x', 'y'] }] })).toEqual([1]);
    expect(eventRulerDroppableBranches({ $or: [{ a: ['x'] }, { a: ['x'] }, { a: ['y', 'x'] }] })).toEqual([1, 2]);
  });

  test('is empty when branches differ in fields or share no matcher on some field', () => {
    expect(
      eventRulerDroppableBranches({
        $or: [
          { a: ['1'], b: ['x'] },
          { a: ['1'], b: ['y'] },
        ],
      }),
    ).toEqual([]);
    expect(eventRulerDroppableBranches({ $or: [{ a: ['1'] }, { a: ['1'], b: ['q'] }] })).toEqual([]);
    expect(eventRulerDroppableBranches({ $or: [{ a: ['x'] }, { a: ['y', { exists: false }] }] })).toEqual([]);
    expect(eventRulerDroppableBranches({ a: ['x', 'y'] })).toEqual([]);
    expect(eventRulerDroppableBranches('not json')).toEqual([]);
  });

  test("keywatch's own $or (vpcEndpointId absent or not allowed) has no droppable branch", () => {
    const pattern = renderPattern({ awsSourceOnly: true, accessKey: [{ prefix: 'AKIA' }], allowedVpcEndpoints: ['vpce-0a1b2c3d4e5f67890'] });
    expect(eventRulerDroppableBranches(pattern)).toEqual([]);
  });
});
