/** What an approval rule looks at on a new order; every condition given must hold. */
export interface ApprovalCondition {
	minTotal?: number;
	sources?: readonly string[];
}

/** The first rule (in the order given) whose conditions the new order meets, e.g. orders over 5,000 go on hold. */
export function matchApprovalRule<R extends { condition: ApprovalCondition }>(
	rules: readonly R[],
	order: { total: number; source: string }
): R | undefined {
	return rules.find(({ condition }) => {
		if (condition.minTotal !== undefined && order.total < condition.minTotal) return false;
		if (condition.sources?.length && !condition.sources.includes(order.source)) return false;
		return true;
	});
}
