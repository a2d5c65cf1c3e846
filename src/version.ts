// The tool version reported in `--version` and in every result. A test keeps it equal to package.json's.
export const VERSION = '0.1.0';
