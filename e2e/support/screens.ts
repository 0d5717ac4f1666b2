// Screenshots of the main views, kept as test artifacts (test-results/ is git-ignored).
export const SHOTS = "test-results/screenshots";
