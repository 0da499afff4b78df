/**
 * Dataset versions as semantic versions: a change of example shape is major (old
 * readers break), a change of filter is minor (same shape, a different selection),
 * and anything else (examples added, changed or gone) is a patch.
 *
 * @module
 */
import { AtlasError } from "../../errors.ts";

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

export type VersionChange = "major" | "minor" | "patch";

/** A dataset's first version. */
export const firstVersion = "1.0.0";

// No leading zeros and no pre-release or build suffix: versions are compared and stored as plain triples.
const pattern = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** `"1.2.3"` as numbers, or E7102 for anything else. */
export function parseVersion(text: string): Version {
  const match = pattern.exec(text);
  const parts = match?.slice(1).map(Number);
  if (!parts || !parts.every(Number.isSafeInteger)) {
    throw new AtlasError("E7102", `invalid dataset request: "${text}" is not a version like 1.2.3`, {
      details: { version: text },
    });
  }
  const [major, minor, patch] = parts as [number, number, number];
  return { major, minor, patch };
}

/** `{ major: 1, minor: 2, patch: 3 }` as `"1.2.3"`. */
export function formatVersion(version: Version): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}

/** Negative when `a` is older than `b`, zero when equal, positive when newer: a sort comparator. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  return Math.sign(x.major - y.major || x.minor - y.minor || x.patch - y.patch);
}

/** The next version after a change of the given kind; lower parts reset to zero. */
export function bump(version: string, change: VersionChange): string {
  const { major, minor, patch } = parseVersion(version);
  switch (change) {
    case "major":
      return formatVersion({ major: major + 1, minor: 0, patch: 0 });
    case "minor":
      return formatVersion({ major, minor: minor + 1, patch: 0 });
    case "patch":
      return formatVersion({ major, minor, patch: patch + 1 });
  }
}

/** What a dataset version records to decide the kind of change to the next one. */
export interface VersionBasis {
  schemaVersion: number;
  /** `configHash` of the filter configuration the members were selected with. */
  filterHash: string;
}

/** The kind of change from `parent` to `next`: the largest that applies. */
export function changeKind(parent: VersionBasis, next: VersionBasis): VersionChange {
  if (parent.schemaVersion !== next.schemaVersion) return "major";
  if (parent.filterHash !== next.filterHash) return "minor";
  return "patch";
}
