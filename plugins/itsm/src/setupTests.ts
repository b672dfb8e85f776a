import '@testing-library/jest-dom';

// A test's time limit only catches a hang: no test waits on the clock (reads
// are resolved mocks and every step is settled inside act), but rendering
// MUI pages on a loaded 2-core machine can take many seconds, so the limit
// is generous and the same for every file.
jest.setTimeout(120_000);
