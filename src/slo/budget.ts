// Error budget and burn rate of a count of good events out of a total, against an objective.

export interface ErrorBudget {
  /** Bad events the objective allows for the events so far: (1 − objective) · total. */
  total: number;
  /** Bad events so far. */
  consumed: number;
  /** 1 − consumed / total: the share of the budget left; negative once overspent, 1 with no events. */
  remaining: number;
}

/**
 * 1 − objective, the share of events allowed to be bad. Objectives are decimals written by people, and
 * 1 − 0.99 is 0.010000000000000009 in binary: rounding to 10 significant digits gives back the intended 0.01,
 * so that 2% bad burns at exactly 2 (ample for objectives up to ten nines).
 */
export const budgetShare = (objective: number): number => Number((1 - objective).toPrecision(10));

/**
 * How many times faster than the objective allows the budget is spent: (bad / total) / (1 − objective).
 * 1 spends exactly the budget over the period; 0 with no events (no traffic burns no budget; Prometheus's
 * 0/0 = NaN never satisfies an alert either, so both sides agree on silence).
 */
export function burnRate(good: number, total: number, objective: number): number {
  return total > 0 ? (total - good) / total / budgetShare(objective) : 0;
}

export function errorBudget(good: number, total: number, objective: number): ErrorBudget {
  const allowed = budgetShare(objective) * total;
  const consumed = total - good;
  return { total: allowed, consumed, remaining: total > 0 ? 1 - consumed / allowed : 1 };
}
