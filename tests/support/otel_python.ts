/**
 * Python's OpenTelemetry SDK for the `[python]` tests: the interpreter (`ATLAS_OTEL_PYTHON`,
 * the venv `.ci/run` makes, else `python3`) and whether those tests run. Outside CI they
 * are skipped where the packages are missing; in CI, which installs them, they run, so
 * a missing SDK fails the run.
 *
 * @module
 */

export const python = Deno.env.get("ATLAS_OTEL_PYTHON") ?? "python3";

const hasOtel = await new Deno.Command(python, {
  args: ["-c", "import opentelemetry.sdk, opentelemetry.exporter.otlp.proto.http"],
  stdout: "null",
  stderr: "null",
}).output().then((output) => output.success, () => false);

/** True when the `[python]` tests are to be skipped. */
export const withoutPythonOtel = !hasOtel && Deno.env.get("CI") !== "true";
