/** Errors and warnings of a network, each with a way to its layer; shared by the network view and the builder. */
import type { ReactNode } from 'react';
import type { AnalysisIssue } from '../models';
import { selectIssues, useAppStore } from '../store';

interface IssuePanelProps {
  issues: AnalysisIssue[];
  /** Prefix of the panel's ids ("issues", "bissues"): two panels may share a page. */
  idPrefix: string;
  testId: string;
  countTestId?: string;
  /** The control leading to the layer at fault, for issues that have one. */
  action(nodeId: string): ReactNode;
}

/** Lists every issue the engine reported, counted by severity; says so plainly when there are none. */
export function IssuePanel({ issues, idPrefix, testId, countTestId, action }: IssuePanelProps) {
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  return (
    <section className="panel issues" aria-labelledby={`${idPrefix}-title`} data-testid={testId}>
      <h2 id={`${idPrefix}-title`}>
        Issues{' '}
        <span className="counts" {...(countTestId ? { 'data-testid': countTestId, 'data-value': errors } : {})}>
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
              {issue.nodeId !== null && <> {action(issue.nodeId)}</>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The open zoo network's issues, each linking to its row in the summary table. */
export function IssueList() {
  const issues = useAppStore(selectIssues);
  return (
    <IssuePanel
      issues={issues}
      idPrefix="issues"
      testId="error-list"
      action={(id) => (
        <a href={`#layer-${id}`} className="issue-link">
          show row
        </a>
      )}
    />
  );
}
