/**
 * The turn rule chat trainers check: after an optional system message, user and
 * assistant alternate, the user speaks first and the assistant last (the last turn
 * is the one trained on).
 *
 * @module
 */

/** Whether `roles` follow the rule; `system` is allowed only as the first role. */
export function turnsAlternate(roles: readonly string[]): boolean {
  const turns = roles[0] === "system" ? roles.slice(1) : roles;
  if (turns.length < 2 || turns.length % 2 !== 0) return false;
  return turns.every((role, i) => role === (i % 2 === 0 ? "user" : "assistant"));
}
