/** The answer to "Test connection": pass/fail with a text cue besides the colour. */
import type { ConnectionTestResult } from '../../preload/contract.ts';

export function TestResult({ result, testId }: { result: ConnectionTestResult; testId: string }) {
  return (
    <p
      className={`test-result ${result.ok ? 'test-ok' : 'test-failed'}`}
      role="status"
      data-testid={testId}
      data-ok={result.ok}
    >
      <span className="test-mark" aria-hidden="true">
        {result.ok ? '✓' : '✗'}
      </span>{' '}
      {result.ok ? '' : result.stage === 'credentials' ? 'Check the form: ' : 'Connection failed: '}
      {result.message}
    </p>
  );
}
