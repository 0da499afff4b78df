import assert from "node:assert/strict";
import { findSensitive, ibanValid, shannonEntropy } from "./sensitive.ts";

const kinds = (text: string) => findSensitive(text).map((h) => [h.kind, h.match]);

Deno.test("findSensitive() finds personal data by shape and checksum, with its place", () => {
  const text = "Mail john.smith@example.com or call (555) 123-2002 / +44 20 7946 0958.";
  assert.deepEqual(kinds(text), [
    ["email", "john.smith@example.com"],
    ["phone", "(555) 123-2002"],
    ["phone", "+44 20 7946 0958"],
  ]);
  const [first] = findSensitive(text);
  assert.equal(text.slice(first!.start, first!.end), "john.smith@example.com");
  assert.deepEqual(kinds("card 4111 1111 1111 1111, amex 3782 822463 10005, iban GB82 WEST 1234 5698 7654 32"), [
    ["credit-card", "4111 1111 1111 1111"],
    ["credit-card", "3782 822463 10005"],
    ["iban", "GB82 WEST 1234 5698 7654 32"],
  ]);
  assert.deepEqual(kinds("ssn 123-45-6789; host 173.249.33.206; v6 2001:db8:85a3::8a2e:370:7334"), [
    ["ssn", "123-45-6789"],
    ["ip-address", "173.249.33.206"],
    ["ip-address", "2001:db8:85a3::8a2e:370:7334"],
  ]);
});

Deno.test("findSensitive() leaves alone what only looks alike", () => {
  for (
    const text of [
      "order 1085086090799284516 shipped", // a Luhn-valid id outside every card range
      "on 07.07.23.19 at 12:30:45", // a date, a time
      "localhost 127.0.0.1 and 0.0.0.0 and ::1",
      "commit 3f786850e387550fdab836ed7e6dc881de23001b, id 123e4567-e89b-12d3-a456-426614174000",
      "task voyager-t2-craftIronPickaxeWithMaterials done",
      "secret = line.strip()",
      "password: at least 8 characters",
      "GB82 WEST 1234 5698 7654 33", // a wrong IBAN check
    ]
  ) assert.deepEqual(kinds(text), [], text);
});

Deno.test("findSensitive() finds keys and tokens by their shapes, and by entropy", () => {
  const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
  assert.deepEqual(
    kinds(
      `sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123 AKIAIOSFODNN7EXAMPLE ghp_${"a".repeat(36)} ` +
        `xoxb-123456789012-abcdefABCDEF AIza${"B".repeat(35)} sk_live_${"4eC39HqLyjWDarjtT1zdp7dc"} ${jwt}`,
    ).map(([kind]) => kind),
    ["api-key", "aws-access-key", "github-token", "slack-token", "google-api-key", "stripe-key", "jwt"],
  );
  assert.deepEqual(kinds('Authorization: Bearer abcdefghijklmnop1234 and password="hunter22"'), [
    ["bearer-token", "abcdefghijklmnop1234"],
    ["password", "hunter22"],
  ]);
  assert.deepEqual(kinds("token=Xy7pQ2rT9vLm4Nk8Jw3Zb6Hc"), [["high-entropy", "Xy7pQ2rT9vLm4Nk8Jw3Zb6Hc"]]);
  assert.deepEqual(kinds("aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z"), [[
    "high-entropy",
    "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z",
  ]]);
  assert.deepEqual(kinds("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----").map(([k]) => k), [
    "private-key",
  ]);
});

Deno.test("ibanValid() and shannonEntropy() do what the checks need", () => {
  assert.equal(ibanValid("DE89370400440532013000"), true);
  assert.equal(ibanValid("DE89370400440532013001"), false);
  assert.equal(shannonEntropy("aaaa"), 0);
  assert.equal(shannonEntropy("abcd"), 2);
});
