/** Errors and warnings of the open network, each linking to its row in the table. */
import { selectIssues, useAppStore } from '../store';

/** Lists every issue the engine reported; says so plainly when there are none. */
export function IssueList() {
  const issues = useAppStore(selectIssues);
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  return (
    <section className="panel issues" aria-labelledby="issues-title" data-testid="error-list">
      <h2 id="issues-title">
        Issues{' '}
        <span className="counts">
          ({errors} error{errors === 1 ? '' : 's'}, {warnings} warning{warnings === 1 ? '' : 's'})
        </span>
      </h2>
      {issues.length === 0 ? (
        <p className="ok-note">No errors or warnings: every shape fits.</p>
      ) : (
        <ul>
          {issues.map((issue, i) => (
            <li key={`${issue.nodeId ?? ''}-${i}`} className={`issue issue-${issue.severity}`} data-severity={issue.severity}>
              <span className="badge">{issue.severity}</span> {issue.message}
              {issue.nodeId !== null && (
                <>
                  {' '}
                  <a href={`#layer-${issue.nodeId}`} className="issue-link">
                    show row
                  </a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
