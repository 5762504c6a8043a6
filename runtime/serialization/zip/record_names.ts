// Record names that stay inside the archive: relative paths without `.` or `..` segments,
// backslashes, drive letters or NULs. Both ways: we neither write nor read any other name, so an
// archive can never name a file outside its own folder.

import { archiveError } from '../errors.js';

export function checkRecordName(name: string): string {
  const segments = name.split('/');
  const bad =
    name === '' ||
    name.startsWith('/') ||
    /[\\\0]/.test(name) ||
    /^[A-Za-z]:/.test(name) ||
    segments.some((s) => s === '..' || s === '.');
  if (bad) {
    throw archiveError(
      `zip record name ${JSON.stringify(name)} is not a relative path inside the archive`,
    );
  }
  return name;
}
