// Moved to src/__testUtils__/fixtures, the one fixture module of the plugin.
// Kept for the form tests, which import it from here.
export * from '../../__testUtils__/fixtures';
