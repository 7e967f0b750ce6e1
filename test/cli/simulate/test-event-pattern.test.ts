import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from '../../helpers/cli';
import { apiCallEvent } from '../../helpers/cloudtrail';

const EVENT = JSON.stringify(apiCallEvent({ sourceIp: '203.0.113.99' }));

describe('keywatch test-event-pattern', () => {
  test('prints {"Result": true} as the AWS CLI does when the event matches', async () => {
    const r = await cli(['test-event-pattern', '--event-pattern', '{"detail":{"sourceIPAddress":[{"cidr":"203.0.113.0/24"}]}}', '--event', EVENT]);
    expect(r).toEqual({ code: 0, stdout: '{\n    "Result": true\n}\n', stderr: '' });
  });

  test('prints {"Result": false} when it does not', async () => {
    const r = await cli(['test-event-pattern', '--event-pattern', '{"detail":{"sourceIPAddress":[{"cidr":"192.0.2.0/24"}]}}', '--event', EVENT]);
    expect(r).toEqual({ code: 0, stdout: '{\n    "Result": false\n}\n', stderr: '' });
  });

  test.each<[string, string, string]>([
    ['an IPv4 value and a short IPv6 range', '8000::/1', '{\n    "Result": true\n}\n'],
    ['an IPv4 value and an IPv4 range', '203.0.113.0/24', '{\n    "Result": true\n}\n'],
  ])('--ip-semantics event-ruler (the default): %s', async (_name, range, stdout) => {
    const r = await cli(['test-event-pattern', '--event-pattern', JSON.stringify({ detail: { sourceIPAddress: [{ cidr: range }] } }), '--event', EVENT]);
    expect(r).toEqual({ code: 0, stdout, stderr: '' });
  });

  test('--ip-semantics strict: an IPv6 range never matches an IPv4 value', async () => {
    const pattern = JSON.stringify({ detail: { sourceIPAddress: [{ cidr: '8000::/1' }] } });
    expect((await cli(['test-event-pattern', '--ip-semantics', 'strict', '--event-pattern', pattern, '--event', EVENT])).stdout).toBe(
      '{\n    "Result": false\n}\n',
    );
    const bad = await cli(['test-event-pattern', '--ip-semantics', 'loose', '--event-pattern', pattern, '--event', EVENT]);
    expect([bad.code, bad.stderr]).toEqual([2, "keywatch: '--ip-semantics' must be one of event-ruler, strict; got 'loose'\n"]);
  });

  test('reads file:// arguments', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-tep-'));
    fs.writeFileSync(path.join(dir, 'p.json'), '{"account":["444444444444"]}');
    fs.writeFileSync(path.join(dir, 'e.json'), EVENT);
    const r = await cli(['test-event-pattern', '--event-pattern', `file://${dir}/p.json`, '--event', `file://${dir}/e.json`]);
    expect(r.stdout).toBe('{\n    "Result": true\n}\n');
  });

  test('exits 2 with the engine message for an invalid pattern', async () => {
    const r = await cli(['test-event-pattern', '--event-pattern', '{"detail":{"sourceIPAddress":[{"cidr":"10.0.0.0/33"}]}}', '--event', EVENT]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^keywatch: '--event-pattern' is not a valid event pattern: /);
  });

  test('exits 2 for event text that is not JSON, and for an event without the required fields', async () => {
    const bad = await cli(['test-event-pattern', '--event-pattern', '{"account":["1"]}', '--event', '{"id": ']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^keywatch: '--event' must be JSON; /);
    const partial = await cli(['test-event-pattern', '--event-pattern', '{"account":["1"]}', '--event', '{"id":"1","account":"1"}']);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain('missing: source, time, region, resources, detail-type');
  });

  test('exits 2 for an unreadable file:// argument and for a missing option', async () => {
    const missingFile = await cli(['test-event-pattern', '--event-pattern', 'file:///nonexistent/p.json', '--event', EVENT]);
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr).toMatch(/'--event-pattern' must name a readable file; cannot read '\/nonexistent\/p.json'/);
    const missingOption = await cli(['test-event-pattern', '--event', EVENT]);
    expect(missingOption.code).toBe(2);
    expect(missingOption.stderr).toMatch(/required option '--event-pattern <json>' not specified/);
  });
});

describe('keywatch simulate (argument parsing)', () => {
  test('passes inputs and options to the library', async () => {
    const { simulateCommand } = await import('../../../packages/cli/lib/cli/commands/simulate');
    const { Command } = await import('commander');
    const action = jest.fn().mockResolvedValue(undefined);
    const program = new Command().exitOverride();
    simulateCommand(action)(program);
    await program.parseAsync(['simulate', '--json', '--since', '7d', '--cdk-out', 'out', '-c', 'k.yml', 'a.json.gz', 'logs/', '-'], { from: 'user' });
    expect(action).toHaveBeenCalledWith({
      inputs: ['a.json.gz', 'logs/', '-'],
      config: 'k.yml',
      cdkOut: 'out',
      format: 'json',
      since: '7d',
      until: undefined,
      ipSemantics: 'event-ruler',
    });
    await program.parseAsync(['simulate', '--ip-semantics', 'strict', 'a.json.gz'], { from: 'user' });
    expect(action).toHaveBeenLastCalledWith(expect.objectContaining({ inputs: ['a.json.gz'], ipSemantics: 'strict' }));
  });

  test('an unknown --ip-semantics exits 2 naming the choices', async () => {
    const r = await cli(['simulate', '--ip-semantics', 'lenient', 'a.json.gz']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("keywatch: '--ip-semantics' must be one of event-ruler, strict; got 'lenient'\n");
  });

  test('requires at least one input', async () => {
    const r = await cli(['simulate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing required argument 'inputs'/);
  });
});
